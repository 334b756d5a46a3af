import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../event.ts';
import type { OpenDetectionFacts } from '../facts.ts';
import { onShift, unusualVolume } from './unusual-volume.ts';
import { at, car, fixedFacts, HONEST, MISUSER, type TestUser, Trail } from './test-support.ts';

const HOUR = 60;
const DAY = 24 * HOUR;
let facts: OpenDetectionFacts;
let remove: () => void;

beforeAll(async () => {
  ({ facts, remove } = await fixedFacts());
});
afterAll(() => remove());

/** 14 days of `perHour` requests an hour for 10 hours a day (15:00-01:00 UTC), the 14 days before at(0) - 1 hour. */
function baseline(trail: Trail, user: TestUser, perHour: number): void {
  for (let day = 14; day >= 1; day--) {
    for (let hour = 0; hour < 10; hour++) {
      for (let k = 0; k < perHour; k++) {
        trail.add(user, {
          at: at(-day * DAY + hour * HOUR + k * Math.floor(60 / perHour)),
          caseNumber: '26-000101',
          views: [car('P9000003')],
        });
      }
    }
  }
}

/** `count` requests, one every `everySeconds`, from `start`. */
function burst(trail: Trail, user: TestUser, start: number, count: number, everySeconds: number): AuditEvent[] {
  return Array.from({ length: count }, (_, i) =>
    trail.add(user, { at: start + i * everySeconds * 1000, caseNumber: '26-000101', views: [car('P9000004')] }),
  );
}

async function detect(trail: Trail, events: readonly AuditEvent[]) {
  return unusualVolume.detect(events, facts, trail.history);
}

describe("unusualVolume: an hour far above the user's usual rate", () => {
  it('flags 25 plate runs in 40 minutes by an officer who averages under one an hour: one MEDIUM alert on the first 21', async () => {
    const trail = new Trail();
    baseline(trail, MISUSER, 2);
    const session = burst(trail, MISUSER, at(0), 25, 100);
    const alerts = await detect(trail, session);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      detector: 'unusualVolume',
      severity: 'MEDIUM',
      userId: 'u-misuse-1',
      eventSeqs: session.slice(0, 21).map((e) => e.seq),
      facts: { rule: 'VOLUME', count: 21, threshold: 20, hourlyAverage: 0.83, baselineDays: 14 },
      time: session[20].time,
    });
    expect(alerts[0].summary).toBe(
      'HARLAN, DEREK WADE (u-misuse-1, CA0190100) made 21 requests within an hour; their usual rate is 0.83 an hour (threshold 20).',
    );
  });

  it('gives no alert for the same 25 requests spread over two and a half hours', async () => {
    const trail = new Trail();
    baseline(trail, HONEST, 2);
    const session = burst(trail, HONEST, at(0), 25, 360);
    expect(await detect(trail, session)).toEqual([]);
  });

  it('gives no alert for 25 requests in 40 minutes by a user who averages 5 an hour (threshold 25)', async () => {
    const trail = new Trail();
    baseline(trail, HONEST, 12);
    const session = burst(trail, HONEST, at(0), 25, 100);
    expect(await detect(trail, session)).toEqual([]);
    trail.add(HONEST, { at: at(41), caseNumber: '26-000101' });
    expect((await detect(trail, trail.after(session[24].seq))).map((a) => a.facts.count)).toEqual([26]);
  });

  it('alerts once for a sustained burst, whatever the batches, and again for a new burst after a quiet spell', async () => {
    const trail = new Trail();
    baseline(trail, MISUSER, 2);
    const first = burst(trail, MISUSER, at(0), 80, 60);
    const second = burst(trail, MISUSER, at(4 * HOUR), 25, 60);
    const all = [...first, ...second];
    const once = await detect(trail, all);
    const batched: string[] = [];
    for (let i = 0; i < all.length; i += 7) batched.push(...(await detect(trail, all.slice(i, i + 7))).map((a) => a.key));
    expect(once.map((a) => a.eventSeqs[a.eventSeqs.length - 1])).toEqual([first[20].seq, second[20].seq]);
    expect(batched).toEqual(once.map((a) => a.key));
  });
});

describe("unusualVolume: a burst outside the user's shift", () => {
  it('flags 5 requests within 10 minutes at 03:00 UTC by a day-shift officer: one LOW alert', async () => {
    const trail = new Trail();
    const night = burst(trail, MISUSER, Date.parse('2026-11-21T03:00:00.000Z'), 5, 150);
    const alerts = await detect(trail, night);
    expect(alerts).toEqual([
      expect.objectContaining({
        severity: 'LOW',
        eventSeqs: night.map((e) => e.seq),
        facts: expect.objectContaining({ rule: 'OFF_SHIFT_BURST', count: 5, shift: { startHour: 14, endHour: 0 } }),
      }),
    ]);
    expect(alerts[0].summary).toBe(
      'HARLAN, DEREK WADE (u-misuse-1, CA0190100) made 5 requests within 15 minutes outside their shift (14:00-00:00 UTC).',
    );
  });

  it('gives no alert for the same 5 requests in shift, for 4 off shift, or for a user with no known shift', async () => {
    const trail = new Trail();
    const day = burst(trail, HONEST, at(0), 5, 150);
    const four = burst(trail, HONEST, Date.parse('2026-11-21T03:00:00.000Z'), 4, 150);
    const unknown = burst(trail, { ...HONEST, userId: 'u-unknown' }, Date.parse('2026-11-21T03:00:00.000Z'), 5, 150);
    expect(await detect(trail, [...day, ...four, ...unknown])).toEqual([]);
  });

  it('reads shifts as UTC hours [start, end), wrapping midnight', () => {
    const shift = { startHour: 22, endHour: 8 };
    expect(onShift(Date.parse('2026-11-21T23:59:00Z'), shift)).toBe(true);
    expect(onShift(Date.parse('2026-11-21T07:59:00Z'), shift)).toBe(true);
    expect(onShift(Date.parse('2026-11-21T08:00:00Z'), shift)).toBe(false);
    expect(onShift(Date.parse('2026-11-21T12:00:00Z'), { startHour: 8, endHour: 17 })).toBe(true);
    expect(onShift(Date.parse('2026-11-21T17:00:00Z'), { startHour: 8, endHour: 17 })).toBe(false);
  });
});
