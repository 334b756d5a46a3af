import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONNEL_PEOPLE } from '../../generator/personnel.ts';
import type { OpenDetectionFacts } from '../facts.ts';
import { relativeLookup } from './relative-lookup.ts';
import { agencyCaseActivity, at, car, fixedFacts, HONEST, home, MISUSER, routineSession, Trail } from './test-support.ts';

const { exSpouse, sibling, neighbour, misuseOfficer } = PERSONNEL_PEOPLE;
let facts: OpenDetectionFacts;
let remove: () => void;

beforeAll(async () => {
  ({ facts, remove } = await fixedFacts());
});
afterAll(() => remove());

/** Nine routine plate checks, then one more lookup by the same user. */
function session(user: typeof MISUSER, last: Parameters<Trail['add']>[1]): { trail: Trail; last: number } {
  const trail = new Trail();
  const cases = agencyCaseActivity(trail);
  routineSession(trail, user, cases, at(0));
  const event = trail.add(user, last);
  return { trail, last: event.seq };
}

async function detect(trail: Trail, afterSeq = 0) {
  return relativeLookup.detect(trail.after(afterSeq), facts, trail.history);
}

describe('relativeLookup', () => {
  it("flags an officer looking up his ex-spouse's home address: one HIGH alert on that event", async () => {
    const { trail, last } = session(MISUSER, { at: at(60), caseNumber: '26-000101', views: [home(exSpouse.personId)] });
    const alerts = await detect(trail);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'relativeLookup',
        severity: 'HIGH',
        userId: 'u-misuse-1',
        ori: 'CA0190100',
        eventSeqs: [last],
        facts: expect.objectContaining({
          personId: exSpouse.personId,
          relation: 'EX_SPOUSE',
          views: ['HOME_ADDRESS'],
          operatorPersonId: misuseOfficer.personId,
        }),
        key: `relativeLookup|${exSpouse.personId}|${last}`,
      }),
    ]);
    expect(alerts[0].summary).toBe(
      `HARLAN, DEREK WADE (u-misuse-1, CA0190100) looked up ${exSpouse.personId}, their ex-spouse (purpose C, case 26-000101).`,
    );
    expect(alerts[0].time).toBe(trail.events[last - 1].time);
  });

  it('gives no alert for an equally busy honest officer making the same lookups (the person is nothing to her)', async () => {
    const { trail } = session(HONEST, { at: at(60), caseNumber: '26-000101', views: [home(exSpouse.personId)] });
    expect(trail.events.filter((e) => e.userId === HONEST.userId)).toHaveLength(10);
    expect(await detect(trail)).toEqual([]);
  });

  it("flags a relative whatever was disclosed about them (a brother's name alone)", async () => {
    const { trail, last } = session(MISUSER, { at: at(60), caseNumber: '26-000102', subjects: [sibling.personId] });
    const alerts = await detect(trail);
    expect(alerts.map((a) => [a.severity, a.eventSeqs, a.facts.relation])).toEqual([['HIGH', [last], 'SIBLING']]);
  });

  it('flags looking oneself up as MEDIUM', async () => {
    const { trail, last } = session(MISUSER, { at: at(60), views: [car(misuseOfficer.personId)] });
    const alerts = await detect(trail);
    expect(alerts.map((a) => [a.severity, a.eventSeqs, a.facts.relation])).toEqual([['MEDIUM', [last], 'SELF']]);
    expect(alerts[0].summary).toContain('looked up their own record');
  });

  it("flags a neighbour's plate or address (MEDIUM), not the neighbour merely appearing in a result", async () => {
    const plate = session(MISUSER, { at: at(60), caseNumber: '26-000103', views: [car(neighbour.personId)] });
    expect((await detect(plate.trail)).map((a) => [a.severity, a.eventSeqs, a.facts.relation])).toEqual([
      ['MEDIUM', [plate.last], 'NEIGHBOUR'],
    ]);
    const named = session(MISUSER, { at: at(60), caseNumber: '26-000103', subjects: [neighbour.personId] });
    expect(await detect(named.trail)).toEqual([]);
  });

  it('raises one alert per related person when one query discloses several', async () => {
    const { trail, last } = session(MISUSER, { at: at(60), subjects: [exSpouse.personId, sibling.personId, 'P9000003'] });
    const alerts = await detect(trail);
    expect(alerts.map((a) => a.facts.personId)).toEqual([exSpouse.personId, sibling.personId]);
    expect(new Set(alerts.map((a) => a.key)).size).toBe(2);
    expect(alerts.every((a) => a.eventSeqs[0] === last)).toBe(true);
  });

  it('raises the same alerts, with the same keys, when the events are examined again or in other batches', async () => {
    const { trail } = session(MISUSER, { at: at(60), views: [home(exSpouse.personId)] });
    const once = await detect(trail);
    const split = [...(await relativeLookup.detect(trail.events.slice(0, 25), facts, trail.history)), ...(await detect(trail, 25))];
    expect(split.map((a) => a.key)).toEqual(once.map((a) => a.key));
  });

  it('ignores requests that disclosed nobody, and users unknown to personnel', async () => {
    const trail = new Trail();
    trail.add({ ...MISUSER, userId: 'u-nobody' }, { at: at(0), views: [home(exSpouse.personId)] });
    const nothing = trail.add(MISUSER, { at: at(1) });
    expect(nothing.subjects).toEqual([]);
    expect(await detect(trail)).toEqual([]);
  });
});
