import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../generator/showcase.ts';
import type { OpenDetectionFacts } from '../facts.ts';
import { protectedPersonAddress } from './protected-person-address.ts';
import {
  agencyCaseActivity,
  at,
  FIXTURE_CASE,
  FIXTURE_INCIDENT,
  fixedFacts,
  HONEST,
  home,
  MISUSER,
  order,
  routineSession,
  Trail,
} from './test-support.ts';

/** P9000001 is restrained by an active DVRO (to 2029) protecting P9000002. */
const restrained = SHOWCASE.wantedDriver.personId;
const protectedPerson = SHOWCASE.protectedPerson.personId;
const DAY = 24 * 60;
let facts: OpenDetectionFacts;
let remove: () => void;

beforeAll(async () => {
  ({ facts, remove } = await fixedFacts());
});
afterAll(() => remove());

async function detect(trail: Trail, afterSeq = 0) {
  return protectedPersonAddress.detect(trail.after(afterSeq), facts, trail.history);
}

/** The order of P9000001 (both parties seen), as a query about the restrained person returns it. */
const theOrder = [order(restrained), order(protectedPerson)];
const valid = { caseNumber: FIXTURE_CASE, caseStatus: 'VALID' };

describe('protectedPersonAddress', () => {
  it('knows who is protected by an order in force', () => {
    expect(facts.isProtectedPerson(protectedPerson)).toBe(true);
    expect(facts.isProtectedPerson(restrained)).toBe(false);
  });

  it("flags the protected person's address seen with nothing explaining it, at once: HIGH, about her", async () => {
    const trail = new Trail();
    const address = trail.add(MISUSER, { at: at(DAY), views: [home(protectedPerson)] });
    const alerts = await detect(trail);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'protectedPersonAddress',
        severity: 'HIGH',
        userId: 'u-misuse-1',
        subjectId: protectedPerson,
        signals: ['PROTECTED', 'UNEXPLAINED'],
        eventSeqs: [address.seq],
        key: `protectedPersonAddress|${protectedPerson}|${address.seq}`,
      }),
    ]);
    expect(alerts[0].summary).toBe(
      `HARLAN, DEREK WADE (u-misuse-1, CA0190100) saw the home address of ${protectedPerson}, who is protected by a protection order, with no case or incident that explains it.`,
    );
  });

  it('under a valid case that does not name her, flags the address 12 minutes after the order, with both events', async () => {
    const trail = new Trail();
    const cases = agencyCaseActivity(trail);
    routineSession(trail, MISUSER, cases, at(DAY), 8);
    const sawOrder = trail.add(MISUSER, { at: at(DAY + 60), ...valid, views: theOrder });
    const address = trail.add(MISUSER, { at: at(DAY + 72), ...valid, views: [home(protectedPerson)] });
    const alerts = await detect(trail);
    expect(alerts.map((a) => [a.eventSeqs, a.signals, a.facts.need])).toEqual([
      [[sawOrder.seq, address.seq], ['PROTECTED', 'NOT_LINKED', 'AFTER_ORDER'], 'STATED'],
    ]);
    expect(alerts[0].summary).toBe(
      `HARLAN, DEREK WADE (u-misuse-1, CA0190100) saw the home address of ${protectedPerson}, who is protected by a protection order, under case ${FIXTURE_CASE}, which does not name them, 12 minutes after viewing the order.`,
    );
  });

  it('under a valid case that does not name her, flags the second view within 7 days, not the first', async () => {
    const trail = new Trail();
    const first = trail.add(MISUSER, { at: at(DAY), ...valid, views: [home(protectedPerson)] });
    expect(await detect(trail)).toEqual([]);
    const again = trail.add(MISUSER, { at: at(4 * DAY), ...valid, views: [home(protectedPerson)] });
    const alerts = await detect(trail, first.seq);
    expect(alerts.map((a) => [a.eventSeqs, a.signals, a.facts.addressViews])).toEqual([
      [[first.seq, again.seq], ['PROTECTED', 'NOT_LINKED', 'REPEATED'], 2],
    ]);
  });

  it('gives no alert for honest work: her address on the incident that names her, the restrained party served at his', async () => {
    const trail = new Trail();
    const cases = agencyCaseActivity(trail);
    routineSession(trail, HONEST, cases, at(0), 8);
    trail.add(HONEST, { at: at(5), incidentNumber: FIXTURE_INCIDENT, incidentStatus: 'VALID', views: theOrder });
    trail.add(HONEST, { at: at(12), incidentNumber: FIXTURE_INCIDENT, incidentStatus: 'VALID', views: [home(protectedPerson)] });
    trail.add(HONEST, { at: at(20), incidentNumber: FIXTURE_INCIDENT, incidentStatus: 'VALID', views: [home(protectedPerson)] });
    trail.add(HONEST, { at: at(72), ...valid, views: [home(restrained)] });
    expect(await detect(trail)).toEqual([]);
  });

  it('under a valid case does not flag a single view, a repeat after 7 days, or an order seen over 30 minutes before', async () => {
    const trail = new Trail();
    trail.add(MISUSER, { at: at(DAY), ...valid, views: theOrder });
    trail.add(MISUSER, { at: at(DAY + 45), ...valid, views: [home(protectedPerson)] });
    trail.add(MISUSER, { at: at(9 * DAY), ...valid, views: [home(protectedPerson)] });
    trail.add(HONEST, { at: at(9 * DAY + 5), ...valid, views: [home(protectedPerson)] });
    expect(await detect(trail)).toEqual([]);
  });
});
