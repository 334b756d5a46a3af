import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDetectionFacts } from '../facts.ts';
import { unexplainedVolume } from './unexplained-volume.ts';
import { at, car, FIXTURE_CASE, fixedFacts, HONEST, MISUSER, Trail } from './test-support.ts';

let facts: OpenDetectionFacts;
let remove: () => void;

beforeAll(async () => {
  ({ facts, remove } = await fixedFacts());
});
afterAll(() => remove());

/** `count` lookups of different persons (P8000001…), one every `minutes`, from `start`. */
function strangers(
  trail: Trail,
  user: typeof MISUSER,
  start: number,
  count: number,
  extra: Parameters<Trail['add']>[1] | object = {},
  minutes = 4,
) {
  return Array.from({ length: count }, (_, i) =>
    trail.add(user, { at: start + i * minutes * 60_000, views: [car(`P8${String(i + 1).padStart(6, '0')}`)], ...extra }),
  );
}

describe('unexplainedVolume', () => {
  it('flags the lookup that takes a day past 20 unexplained persons (peers at 0-3): once, with the burst as evidence', async () => {
    const trail = new Trail();
    // The peer's ordinary days: a few plate checks without an incident.
    for (let d = 1; d <= 10; d++) strangers(trail, HONEST, at(-d * 24 * 60), d % 4);
    const burst = strangers(trail, MISUSER, at(0), 30);
    const alerts = await unexplainedVolume.detect(trail.events, facts, trail.history);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'unexplainedVolume',
        severity: 'MEDIUM',
        userId: 'u-misuse-1',
        signals: ['UNEXPLAINED', 'VOLUME'],
        eventSeqs: burst.slice(0, 21).map((e) => e.seq),
        facts: expect.objectContaining({ count: 21, threshold: 20, day: '2026-11-20' }),
      }),
    ]);
    expect(alerts[0].subjectId).toBeUndefined();
    // In other batches, the same single alert.
    const split = [
      ...(await unexplainedVolume.detect(trail.events.slice(0, 40), facts, trail.history)),
      ...(await unexplainedVolume.detect(trail.events.slice(40), facts, trail.history)),
    ];
    expect(split.map((a) => a.key)).toEqual(alerts.map((a) => a.key));
  });

  it('does not count lookups under a valid case, and never alerts on 20 or fewer unexplained persons', async () => {
    const trail = new Trail();
    strangers(trail, HONEST, at(0), 60, { caseNumber: FIXTURE_CASE, caseStatus: 'VALID' });
    strangers(trail, MISUSER, at(0), 20);
    expect(await unexplainedVolume.detect(trail.events, facts, trail.history)).toEqual([]);
  });

  it("raises the line with a busy peer group: 3 x the peers' 95th percentile", async () => {
    const trail = new Trail();
    // The peer looks up 13 different persons a day with no case (records work of another kind, say).
    for (let d = 1; d <= 10; d++) strangers(trail, HONEST, at(-d * 24 * 60), 13, {}, 1);
    strangers(trail, MISUSER, at(0), 45);
    const alerts = await unexplainedVolume.detect(trail.events, facts, trail.history);
    expect(alerts.map((a) => [a.facts.count, a.facts.threshold])).toEqual([[40, 39]]);
  });
});
