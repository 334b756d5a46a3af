import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDetectionFacts } from '../facts.ts';
import { repeatedAddress } from './repeated-address.ts';
import { at, FIXTURE_CASE, fixedFacts, HONEST, home, MISUSER, Trail } from './test-support.ts';

const DAY = 24 * 60;
let facts: OpenDetectionFacts;
let remove: () => void;

beforeAll(async () => {
  ({ facts, remove } = await fixedFacts());
});
afterAll(() => remove());

async function detect(trail: Trail, afterSeq = 0) {
  return repeatedAddress.detect(trail.after(afterSeq), facts, trail.history);
}

describe('repeatedAddress', () => {
  it("flags the third unexplained view of one person's address within 7 days, with all three as evidence", async () => {
    const trail = new Trail();
    const first = trail.add(MISUSER, { at: at(DAY), views: [home('P9000010')] });
    const second = trail.add(MISUSER, { at: at(2 * DAY), views: [home('P9000010')] });
    expect(await detect(trail)).toEqual([]);
    const third = trail.add(MISUSER, { at: at(4 * DAY), views: [home('P9000010')] });
    const alerts = await detect(trail, second.seq);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'repeatedAddress',
        severity: 'MEDIUM',
        subjectId: 'P9000010',
        signals: ['UNEXPLAINED', 'REPEATED', 'HOME_ADDRESS'],
        eventSeqs: [first.seq, second.seq, third.seq],
      }),
    ]);
  });

  it('does not count views a case of the user explains (an investigator returning to a linked person), nor views over a week apart', async () => {
    const trail = new Trail();
    for (const day of [1, 2, 3, 4])
      trail.add(HONEST, { at: at(day * DAY), caseNumber: FIXTURE_CASE, caseStatus: 'VALID', views: [home('P9000003')] });
    for (const day of [1, 9, 17]) trail.add(MISUSER, { at: at(day * DAY), views: [home('P9000011')] });
    expect(await detect(trail)).toEqual([]);
  });
});
