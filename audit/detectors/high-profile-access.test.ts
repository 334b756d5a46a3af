import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONNEL_PEOPLE } from '../../generator/personnel.ts';
import { SHOWCASE } from '../../generator/showcase.ts';
import type { OpenDetectionFacts } from '../facts.ts';
import { highProfileAccess } from './high-profile-access.ts';
import { agencyCaseActivity, at, car, FIXTURE_CASE, fixedFacts, HONEST, home, MISUSER, routineSession, Trail } from './test-support.ts';

const { celebrity } = PERSONNEL_PEOPLE;
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

const celebrityPlate = { views: [car(celebrity.personId)], records: [`Vehicle:${celebrity.vehicle.vin}`] };
const valid = { caseNumber: FIXTURE_CASE, caseStatus: 'VALID' };

describe('highProfileAccess', () => {
  it('flags a celebrity looked up by name with nothing explaining it: one HIGH alert about her', async () => {
    const { trail, last } = session(MISUSER, { at: at(60), subjects: [celebrity.personId] });
    const alerts = await detect(trail);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'highProfileAccess',
        severity: 'HIGH',
        userId: 'u-misuse-1',
        subjectId: celebrity.personId,
        signals: ['HIGH_PROFILE', 'UNEXPLAINED'],
        eventSeqs: [last],
        key: `highProfileAccess|${celebrity.personId}|${last}`,
        facts: { personId: celebrity.personId, reason: 'CELEBRITY', need: 'NONE', purpose: 'C', caseNumber: null },
      }),
    ]);
    expect(alerts[0].summary).toBe(
      `HARLAN, DEREK WADE (u-misuse-1, CA0190100) looked up ${celebrity.personId}, flagged CELEBRITY, with no case or incident that explains it.`,
    );
  });

  it("does not flag a plate run on shift that turns out to be a celebrity's car; flags the same run off shift", async () => {
    expect(await detect(session(MISUSER, { at: at(60), ...celebrityPlate }).trail)).toEqual([]);
    const night = session(MISUSER, { at: Date.parse('2026-11-21T03:00:00.000Z'), ...celebrityPlate });
    expect((await detect(night.trail)).map((a) => [a.severity, a.signals])).toEqual([
      ['HIGH', ['HIGH_PROFILE', 'UNEXPLAINED', 'OFF_SHIFT']],
    ]);
  });

  it("under a valid case that does not name them: a judge's name passes, a judge's home address is MEDIUM", async () => {
    const named = session(HONEST, { at: at(60), ...valid, subjects: [SHOWCASE.judge.personId] });
    expect(await detect(named.trail)).toEqual([]);
    const address = session(HONEST, { at: at(60), ...valid, views: [home(SHOWCASE.judge.personId)] });
    expect((await detect(address.trail)).map((a) => [a.severity, a.eventSeqs, a.facts.reason, a.signals])).toEqual([
      ['MEDIUM', [address.last], 'JUDGE', ['HIGH_PROFILE', 'NOT_LINKED', 'HOME_ADDRESS']],
    ]);
  });

  it('gives no alert for an equally busy session about ordinary people', async () => {
    const { trail } = session(HONEST, { at: at(60), views: [home('P9000003')] });
    expect(trail.events.filter((e) => e.userId === HONEST.userId)).toHaveLength(10);
    expect(await detect(trail)).toEqual([]);
  });

  it('never flags a subject reviewing their own record', async () => {
    const trail = new Trail();
    trail.add(
      { userId: celebrity.personId, userName: 'STERLING, JADE', ori: 'CA0000000', roles: ['SUBJECT'] },
      { at: at(0), purpose: 'RECORD_REVIEW', subjects: [celebrity.personId] },
    );
    expect(await detect(trail)).toEqual([]);
  });
});
