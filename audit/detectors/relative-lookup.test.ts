import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONNEL_PEOPLE } from '../../generator/personnel.ts';
import type { OpenDetectionFacts } from '../facts.ts';
import { relativeLookup } from './relative-lookup.ts';
import {
  agencyCaseActivity,
  at,
  car,
  FIXTURE_CASE,
  FIXTURE_INCIDENT,
  fixedFacts,
  HONEST,
  home,
  MISUSER,
  routineSession,
  Trail,
} from './test-support.ts';

const { exSpouse, sibling, neighbour, misuseOfficer, honestOfficer } = PERSONNEL_PEOPLE;
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

const neighbourPlate = { views: [car(neighbour.personId)], records: [`Vehicle:${neighbour.vehicle.vin}`] };

describe('relativeLookup', () => {
  it("flags an officer looking up his ex-spouse's home address under a made-up case: one HIGH alert about her", async () => {
    const { trail, last } = session(MISUSER, {
      at: at(60),
      caseNumber: '26-999999',
      caseStatus: 'UNKNOWN',
      views: [home(exSpouse.personId)],
    });
    const alerts = await detect(trail);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'relativeLookup',
        severity: 'HIGH',
        userId: 'u-misuse-1',
        ori: 'CA0190100',
        subjectId: exSpouse.personId,
        signals: ['EX_SPOUSE', 'UNEXPLAINED'],
        eventSeqs: [last],
        facts: expect.objectContaining({
          personId: exSpouse.personId,
          relation: 'EX_SPOUSE',
          views: ['HOME_ADDRESS'],
          need: 'NONE',
          operatorPersonId: misuseOfficer.personId,
        }),
        key: `relativeLookup|${exSpouse.personId}|${last}`,
      }),
    ]);
    expect(alerts[0].summary).toBe(
      `HARLAN, DEREK WADE (u-misuse-1, CA0190100) looked up ${exSpouse.personId}, their ex-spouse, under case 26-999999 (UNKNOWN), which does not explain it.`,
    );
    expect(alerts[0].time).toBe(trail.events[last - 1].time);
  });

  it('gives no alert for an equally busy honest officer making the same lookups (the person is nothing to her)', async () => {
    const { trail } = session(HONEST, { at: at(60), caseNumber: '26-999999', views: [home(exSpouse.personId)] });
    expect(trail.events.filter((e) => e.userId === HONEST.userId)).toHaveLength(10);
    expect(await detect(trail)).toEqual([]);
  });

  it('flags a relative whatever was disclosed and whatever case was stated (a brother under a valid case): HIGH', async () => {
    const { trail, last } = session(MISUSER, { at: at(60), caseNumber: FIXTURE_CASE, caseStatus: 'VALID', subjects: [sibling.personId] });
    const alerts = await detect(trail);
    expect(alerts.map((a) => [a.severity, a.eventSeqs, a.facts.relation, a.facts.need])).toEqual([['HIGH', [last], 'SIBLING', 'STATED']]);
  });

  it('flags looking oneself up as MEDIUM', async () => {
    const { trail, last } = session(MISUSER, { at: at(60), views: [car(misuseOfficer.personId)] });
    const alerts = await detect(trail);
    expect(alerts.map((a) => [a.severity, a.eventSeqs, a.facts.relation])).toEqual([['MEDIUM', [last], 'SELF']]);
    expect(alerts[0].summary).toContain('looked up their own record');
  });

  it("does not flag a neighbour's plate run once on shift with nothing else: an officer may meet a neighbour on patrol", async () => {
    const { trail } = session(MISUSER, { at: at(60), ...neighbourPlate });
    expect(await detect(trail)).toEqual([]);
  });

  it("does not flag the neighbour's car stopped on an incident the officer was on", async () => {
    const { trail } = session(MISUSER, { at: at(10), incidentNumber: FIXTURE_INCIDENT, incidentStatus: 'VALID', ...neighbourPlate });
    expect(await detect(trail)).toEqual([]);
  });

  it("flags a neighbour's address with nothing explaining it, a second plate run within 14 days, or a run off shift (MEDIUM)", async () => {
    // The day after the incident that named her: nothing explains it any more.
    const address = session(MISUSER, { at: at(24 * 60), views: [home(neighbour.personId)] });
    expect((await detect(address.trail)).map((a) => [a.severity, a.eventSeqs, a.signals])).toEqual([
      ['MEDIUM', [address.last], ['NEIGHBOUR', 'UNEXPLAINED', 'HOME_ADDRESS']],
    ]);

    const again = session(MISUSER, { at: at(24 * 60), ...neighbourPlate });
    const second = again.trail.add(MISUSER, { at: at(3 * 24 * 60 + 60), ...neighbourPlate });
    expect((await detect(again.trail)).map((a) => [a.eventSeqs, a.signals])).toEqual([
      [
        [again.last, second.seq],
        ['NEIGHBOUR', 'UNEXPLAINED', 'REPEATED'],
      ],
    ]);

    // 03:00 UTC is outside his 14:00-00:00 UTC shift.
    const night = session(MISUSER, { at: Date.parse('2026-11-21T03:00:00.000Z'), ...neighbourPlate });
    expect((await detect(night.trail)).map((a) => a.signals)).toEqual([['NEIGHBOUR', 'UNEXPLAINED', 'OFF_SHIFT']]);
  });

  it("flags a co-worker's home address looked up with nothing explaining it (MEDIUM), not their name under a valid case", async () => {
    const address = session(MISUSER, { at: at(60), views: [home(honestOfficer.personId)] });
    expect((await detect(address.trail)).map((a) => [a.severity, a.subjectId, a.facts.relation])).toEqual([
      ['MEDIUM', honestOfficer.personId, 'CO_WORKER'],
    ]);
    const named = session(MISUSER, { at: at(60), caseNumber: FIXTURE_CASE, caseStatus: 'VALID', subjects: [honestOfficer.personId] });
    expect(await detect(named.trail)).toEqual([]);
  });

  it('raises one alert per related person when one query discloses several', async () => {
    const { trail, last } = session(MISUSER, { at: at(60), subjects: [exSpouse.personId, sibling.personId, 'P9000003'] });
    const alerts = await detect(trail);
    expect(alerts.map((a) => a.subjectId)).toEqual([exSpouse.personId, sibling.personId]);
    expect(new Set(alerts.map((a) => a.key)).size).toBe(2);
    expect(alerts.every((a) => a.eventSeqs[0] === last)).toBe(true);
  });

  it('raises the same alerts, with the same keys, when the events are examined again or in other batches', async () => {
    const { trail } = session(MISUSER, { at: at(60), views: [home(exSpouse.personId)] });
    trail.add(MISUSER, { at: at(3 * 24 * 60), ...neighbourPlate });
    trail.add(MISUSER, { at: at(4 * 24 * 60), ...neighbourPlate });
    const once = await detect(trail);
    expect(once).toHaveLength(2);
    const split = [...(await relativeLookup.detect(trail.events.slice(0, 30), facts, trail.history)), ...(await detect(trail, 30))];
    expect(split.map((a) => a.key)).toEqual(once.map((a) => a.key));
  });

  it('ignores requests that disclosed nobody, record review, and users unknown to personnel', async () => {
    const trail = new Trail();
    trail.add({ ...MISUSER, userId: 'u-nobody' }, { at: at(0), views: [home(exSpouse.personId)] });
    trail.add(MISUSER, { at: at(0), purpose: 'RECORD_REVIEW', subjects: [misuseOfficer.personId] });
    const nothing = trail.add(MISUSER, { at: at(1) });
    expect(nothing.subjects).toEqual([]);
    expect(await detect(trail)).toEqual([]);
  });
});
