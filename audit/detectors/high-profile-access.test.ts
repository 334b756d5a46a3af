import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONNEL_PEOPLE } from '../../generator/personnel.ts';
import { SHOWCASE } from '../../generator/showcase.ts';
import type { OpenDetectionFacts } from '../facts.ts';
import { highProfileAccess } from './high-profile-access.ts';
import { agencyCaseActivity, at, car, fixedFacts, HONEST, MISUSER, routineSession, Trail } from './test-support.ts';

const celebrity = PERSONNEL_PEOPLE.celebrity.personId;
let facts: OpenDetectionFacts;
let remove: () => void;

beforeAll(async () => {
  ({ facts, remove } = await fixedFacts());
});
afterAll(() => remove());

function session(user: typeof MISUSER, last: Parameters<Trail['add']>[1]): { trail: Trail; last: number } {
  const trail = new Trail();
  const cases = agencyCaseActivity(trail);
  routineSession(trail, user, cases, at(0));
  return { trail, last: trail.add(user, last).seq };
}

async function detect(trail: Trail) {
  return highProfileAccess.detect(trail.events, facts, trail.history);
}

describe('highProfileAccess', () => {
  it("flags a celebrity's plate run without a case number: one HIGH alert", async () => {
    const { trail, last } = session(MISUSER, { at: at(60), views: [car(celebrity)] });
    const alerts = await detect(trail);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'highProfileAccess',
        severity: 'HIGH',
        userId: 'u-misuse-1',
        eventSeqs: [last],
        key: `highProfileAccess|${celebrity}|${last}`,
        facts: { personId: celebrity, reason: 'CELEBRITY', purpose: 'C', caseNumber: null },
      }),
    ]);
    expect(alerts[0].summary).toBe(
      `HARLAN, DEREK WADE (u-misuse-1, CA0190100) looked up ${celebrity}, flagged CELEBRITY (purpose C, no case number).`,
    );
  });

  it('still reviews a look-up under a case number, as MEDIUM (a judge here)', async () => {
    const { trail, last } = session(HONEST, { at: at(60), caseNumber: '26-000101', subjects: [SHOWCASE.judge.personId] });
    expect((await detect(trail)).map((a) => [a.severity, a.eventSeqs, a.facts.reason, a.userId])).toEqual([
      ['MEDIUM', [last], 'JUDGE', 'u-honest-1'],
    ]);
  });

  it('gives no alert for an equally busy session about ordinary people', async () => {
    const { trail } = session(HONEST, { at: at(60), caseNumber: '26-000101', views: [car('P9000003')] });
    expect(trail.events.filter((e) => e.userId === HONEST.userId)).toHaveLength(10);
    expect(await detect(trail)).toEqual([]);
  });

  it('never flags a subject reviewing their own record', async () => {
    const trail = new Trail();
    trail.add(
      { userId: celebrity, userName: 'STERLING, JADE', ori: 'CA0000000', roles: ['SUBJECT'] },
      {
        at: at(0),
        purpose: 'RECORD_REVIEW',
        subjects: [celebrity],
      },
    );
    expect(await detect(trail)).toEqual([]);
  });
});
