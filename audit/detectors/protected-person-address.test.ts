import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE } from '../../generator/showcase.ts';
import type { OpenDetectionFacts } from '../facts.ts';
import { protectedPersonAddress } from './protected-person-address.ts';
import { agencyCaseActivity, at, fixedFacts, HONEST, home, MISUSER, order, routineSession, Trail } from './test-support.ts';

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

describe('protectedPersonAddress', () => {
  it('knows who is protected by an order in force', () => {
    expect(facts.isProtectedPerson(protectedPerson)).toBe(true);
    expect(facts.isProtectedPerson(restrained)).toBe(false);
  });

  it("flags the protected person's address looked up 12 minutes after the order: one HIGH alert with both events", async () => {
    const trail = new Trail();
    const cases = agencyCaseActivity(trail);
    routineSession(trail, MISUSER, cases, at(0), 8);
    const sawOrder = trail.add(MISUSER, { at: at(60), caseNumber: cases[0], views: theOrder });
    const address = trail.add(MISUSER, { at: at(72), caseNumber: cases[0], views: [home(protectedPerson)] });
    const alerts = await detect(trail);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'protectedPersonAddress',
        severity: 'HIGH',
        userId: 'u-misuse-1',
        eventSeqs: [sawOrder.seq, address.seq],
        key: `protectedPersonAddress|${protectedPerson}|${sawOrder.seq},${address.seq}`,
        facts: expect.objectContaining({ personId: protectedPerson, rules: ['ADDRESS_AFTER_ORDER'], orderViews: 1, addressViews: 1 }),
      }),
    ]);
    expect(alerts[0].summary).toBe(
      `HARLAN, DEREK WADE (u-misuse-1, CA0190100) saw the home address of ${protectedPerson}, who is protected by a protection order, 12 minutes after viewing the order.`,
    );
  });

  it("flags the same protected person's address seen again three days later", async () => {
    const trail = new Trail();
    const first = trail.add(MISUSER, { at: at(0), caseNumber: '26-000101', views: [home(protectedPerson)] });
    expect(await detect(trail)).toEqual([]);
    const again = trail.add(MISUSER, { at: at(3 * DAY), caseNumber: '26-000101', views: [home(protectedPerson)] });
    const alerts = await detect(trail, first.seq);
    expect(alerts.map((a) => [a.eventSeqs, a.facts.rules, a.facts.addressViews])).toEqual([
      [[first.seq, again.seq], ['REPEATED_ADDRESS_VIEWS'], 2],
    ]);
    expect(alerts[0].summary).toMatch(
      /saw the home address of P9000002, who is protected by a protection order, for the 2nd time within 7 days\.$/,
    );
  });

  it("gives no alert for an equally busy honest session: serving the order at the restrained person's address", async () => {
    const trail = new Trail();
    const cases = agencyCaseActivity(trail);
    routineSession(trail, HONEST, cases, at(0), 8);
    trail.add(HONEST, { at: at(60), caseNumber: cases[0], views: theOrder });
    trail.add(HONEST, { at: at(72), caseNumber: cases[0], views: [home(restrained)] });
    expect(trail.events.filter((e) => e.userId === HONEST.userId)).toHaveLength(10);
    expect(await detect(trail)).toEqual([]);
  });

  it("does not flag a single view, a repeat after 7 days, an order seen over 30 minutes before, or another user's views", async () => {
    const trail = new Trail();
    trail.add(MISUSER, { at: at(0), views: theOrder });
    trail.add(MISUSER, { at: at(45), views: [home(protectedPerson)] });
    trail.add(MISUSER, { at: at(8 * DAY), views: [home(protectedPerson)] });
    trail.add(HONEST, { at: at(8 * DAY + 5), views: [home(protectedPerson)] });
    expect(await detect(trail)).toEqual([]);
  });
});
