import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDetectionFacts } from '../facts.ts';
import { offShiftBrowsing } from './off-shift-browsing.ts';
import { at, car, FIXTURE_INCIDENT, FIXTURE_INCIDENT_TIME, fixedFacts, HONEST, home, MISUSER, Trail } from './test-support.ts';

let facts: OpenDetectionFacts;
let remove: () => void;

beforeAll(async () => {
  ({ facts, remove } = await fixedFacts());
});
afterAll(() => remove());

/** 03:00 UTC: outside the 14:00-00:00 UTC day shift of both patrol officers. */
const NIGHT = Date.parse('2026-11-21T03:00:00.000Z');

describe('offShiftBrowsing', () => {
  it('flags 5 different persons looked up within an hour off shift with nothing explaining them: once', async () => {
    const trail = new Trail();
    const events = Array.from({ length: 8 }, (_, i) =>
      trail.add(MISUSER, { at: NIGHT + i * 5 * 60_000, views: [home(`P800000${i + 1}`)] }),
    );
    const alerts = await offShiftBrowsing.detect(trail.events, facts, trail.history);
    expect(alerts).toEqual([
      expect.objectContaining({
        detector: 'offShiftBrowsing',
        severity: 'MEDIUM',
        signals: ['UNEXPLAINED', 'OFF_SHIFT'],
        eventSeqs: events.slice(0, 5).map((e) => e.seq),
        facts: expect.objectContaining({ count: 5, windowMinutes: 60 }),
      }),
    ]);
    expect(alerts[0].summary).toContain('outside their shift (14:00-00:00 UTC)');
  });

  it('does not flag the same lookups on shift, four off shift, or overtime on an incident', async () => {
    const trail = new Trail();
    for (let i = 0; i < 8; i++) trail.add(MISUSER, { at: at(60 + i * 5), views: [car(`P800000${i + 1}`)] });
    for (let i = 0; i < 4; i++) trail.add(MISUSER, { at: NIGHT + i * 5 * 60_000, views: [car(`P700000${i + 1}`)] });
    // The honest officer's incident runs on, and she with it, explained by the incident (P9000006 is on it).
    const overtime = Date.parse(FIXTURE_INCIDENT_TIME);
    for (let i = 0; i < 6; i++)
      trail.add(
        { ...HONEST },
        { at: overtime + i * 60_000, incidentNumber: FIXTURE_INCIDENT, incidentStatus: 'VALID', views: [car('P9000006')] },
      );
    expect(await offShiftBrowsing.detect(trail.events, facts, trail.history)).toEqual([]);
  });
});
