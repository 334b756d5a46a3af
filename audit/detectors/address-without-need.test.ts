import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDetectionFacts } from '../facts.ts';
import { addressWithoutNeed } from './address-without-need.ts';
import { agencyCaseActivity, at, car, DETECTIVE, fixedFacts, HONEST, home, MISUSER, routineSession, Trail } from './test-support.ts';

let facts: OpenDetectionFacts;
let remove: () => void;

beforeAll(async () => {
  ({ facts, remove } = await fixedFacts());
});
afterAll(() => remove());

async function detect(trail: Trail, afterSeq = 0) {
  return addressWithoutNeed.detect(trail.after(afterSeq), facts, trail.history);
}

/** The agency's week of cases, then nine routine plate checks under them, then one more lookup. */
function session(user: typeof MISUSER, last: Parameters<Trail['add']>[1]): { trail: Trail; last: number; cases: string[] } {
  const trail = new Trail();
  const cases = agencyCaseActivity(trail);
  routineSession(trail, user, cases, at(0));
  return { trail, last: trail.add(user, last).seq, cases };
}

describe('addressWithoutNeed', () => {
  it('flags a home address seen under a case number nobody at the agency has used: one MEDIUM alert', async () => {
    const { trail, last } = session(MISUSER, { at: at(60), caseNumber: '26-999999', views: [home('P9000003')] });
    const alerts = await detect(trail);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'addressWithoutNeed',
        severity: 'MEDIUM',
        userId: 'u-misuse-1',
        eventSeqs: [last],
        key: `addressWithoutNeed|${last}`,
        facts: expect.objectContaining({
          reason: 'CASE_WITHOUT_ACTIVITY',
          caseNumber: '26-999999',
          personIds: ['P9000003'],
          views: ['HOME_ADDRESS'],
        }),
      }),
    ]);
    expect(alerts[0].summary).toBe(
      'HARLAN, DEREK WADE (u-misuse-1, CA0190100) saw the home address of P9000003 under case 26-999999, which nobody at CA0190100 used in the previous 30 days.',
    );
  });

  it('flags a plate run with no case number at all', async () => {
    const { trail, last } = session(MISUSER, { at: at(60), views: [car('P9000004')] });
    const alerts = await detect(trail);
    expect(alerts.map((a) => [a.eventSeqs, a.facts.reason, a.facts.views])).toEqual([[[last], 'NO_CASE_NUMBER', ['VEHICLE_REGISTRATION']]]);
    expect(alerts[0].summary).toContain('saw the vehicle registration of P9000004 with no case number');
  });

  it("gives no alert for an equally busy honest session under the agency's active cases", async () => {
    const { trail, cases } = session(HONEST, { at: at(60), caseNumber: '26-000101', views: [home('P9000003')] });
    expect(trail.events.filter((e) => e.userId === HONEST.userId)).toHaveLength(10);
    expect(cases).toContain('26-000101');
    expect(await detect(trail)).toEqual([]);
  });

  it('accepts a new case once the user has worked it before the address lookup, not a case used only later', async () => {
    const trail = new Trail();
    trail.add(MISUSER, { at: at(0), caseNumber: '26-004242', subjects: ['P9000003'] });
    trail.add(MISUSER, { at: at(5), caseNumber: '26-004242', views: [home('P9000003')] });
    expect(await detect(trail)).toEqual([]);

    const later = new Trail();
    const first = later.add(MISUSER, { at: at(0), caseNumber: '26-004243', views: [home('P9000003')] });
    later.add(MISUSER, { at: at(5), caseNumber: '26-004243', subjects: ['P9000003'] });
    expect((await detect(later)).map((a) => a.eventSeqs)).toEqual([[first.seq]]);
  });

  it("counts only the same agency's activity within the previous 30 days", async () => {
    const trail = new Trail();
    trail.add({ ...DETECTIVE, ori: 'CA0190000' }, { at: at(-60), caseNumber: '26-000777', subjects: ['P9000003'] });
    trail.add(DETECTIVE, { at: at(-31 * 24 * 60), caseNumber: '26-000778', subjects: ['P9000003'] });
    trail.add(MISUSER, { at: at(0), caseNumber: '26-000777', views: [home('P9000003')] });
    trail.add(MISUSER, { at: at(1), caseNumber: '26-000778', views: [home('P9000003')] });
    expect((await detect(trail)).map((a) => a.facts.reason)).toEqual(['CASE_WITHOUT_ACTIVITY', 'CASE_WITHOUT_ACTIVITY']);
  });

  it('names every person whose address or plate one request disclosed, in one alert', async () => {
    const trail = new Trail();
    trail.add(MISUSER, { at: at(0), views: [home('P9000003'), car('P9000003'), car('P9000004')] });
    const alerts = await detect(trail);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].facts).toMatchObject({ personIds: ['P9000003', 'P9000004'], views: ['HOME_ADDRESS', 'VEHICLE_REGISTRATION'] });
  });
});
