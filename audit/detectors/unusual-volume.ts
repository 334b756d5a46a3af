import type { AlertInput } from '../alert.ts';
import type { Detector, DetectionFacts } from '../detection.ts';
import type { AuditEvent } from '../event.ts';
import { alertKey, byTime, DAY, HOUR, iso, isUserEvent, lowerBound, MINUTE, seqsOf, timeOf, type UserEvent, who } from './support.ts';

/**
 * unusualVolume: bulk harvesting and after-hours browsing. A user's requests in the last hour exceed
 * max(20, 5 x their hourly average over the 14 days before) (MEDIUM), or the user makes 5 or more requests
 * within 15 minutes outside their scheduled shift (LOW). A sustained burst alerts once: at the request that
 * first crosses the line, unless another request of the same burst already crossed it within the window.
 */

const VOLUME_WINDOW = HOUR;
const VOLUME_FLOOR = 20;
const VOLUME_FACTOR = 5;
const BASELINE = 14 * DAY;
const BASELINE_HOURS = BASELINE / HOUR;
const BURST_WINDOW = 15 * MINUTE;
const BURST_SIZE = 5;

export const unusualVolume: Detector = {
  name: 'unusualVolume',
  description:
    "More requests in an hour than max(20, 5 x the user's 14-day hourly average) (MEDIUM), or 5+ requests within 15 minutes outside the user's shift (LOW).",

  async detect(events, facts, history) {
    const users = new Map<string, UserEvent[]>();
    for (const event of events) if (isUserEvent(event)) users.set(event.userId, [...(users.get(event.userId) ?? []), event]);
    const alerts: AlertInput[] = [];
    for (const [userId, own] of users) {
      const first = Math.min(...own.map(timeOf));
      const last = Math.max(...own.map(timeOf));
      // Two windows back: the crossing check looks at requests up to one window before the first new one.
      const recent = merge(await history.byUser(userId, iso(first - 2 * VOLUME_WINDOW), iso(last + 1)), own);
      const batch = new Set(own.map((e) => e.seq));
      const volume = await volumeAlert(recent, batch, () =>
        history.byUser(userId, iso(first - 2 * VOLUME_WINDOW - BASELINE), iso(first - 2 * VOLUME_WINDOW)),
      );
      alerts.push(...volume, ...offShiftAlerts(recent, batch, facts, userId));
    }
    return alerts;
  },
};

/** Requests oldest first, the batch's own included even if the history does not have them yet. */
function merge(history: readonly AuditEvent[], own: readonly AuditEvent[]): AuditEvent[] {
  const bySeq = new Map<number, AuditEvent>();
  for (const e of [...history, ...own]) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort(byTime);
}

/** For each request (sorted), the index of the oldest request within `span` before it. */
function windowStarts(times: readonly number[], span: number): number[] {
  const starts: number[] = [];
  let lo = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[lo] <= times[i] - span) lo++;
    starts.push(lo);
  }
  return starts;
}

/** Index of the first request crossing `crosses` in a window with no earlier crossing within `span`. */
function firstCrossings(times: readonly number[], crosses: readonly boolean[], span: number): number[] {
  const result: number[] = [];
  let lastCrossing = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    if (!crosses[i]) continue;
    if (times[i] - lastCrossing >= span) result.push(i);
    lastCrossing = times[i];
  }
  return result;
}

async function volumeAlert(
  recent: readonly AuditEvent[],
  batch: ReadonlySet<number>,
  baseline: () => Promise<AuditEvent[]>,
): Promise<AlertInput[]> {
  const times = recent.map(timeOf);
  const starts = windowStarts(times, VOLUME_WINDOW);
  const counts = starts.map((lo, i) => i - lo + 1);
  if (!counts.some((n, i) => n > VOLUME_FLOOR && batch.has(recent[i].seq))) return [];

  const all = [...(await baseline()).map(timeOf), ...times].sort((a, b) => a - b);
  const before = (t: number): number => lowerBound(all, t);
  const average = (t: number): number => (before(t - VOLUME_WINDOW) - before(t - VOLUME_WINDOW - BASELINE)) / BASELINE_HOURS;
  const thresholds = times.map((t) => Math.max(VOLUME_FLOOR, VOLUME_FACTOR * average(t)));
  const crosses = counts.map((n, i) => n > thresholds[i]);
  return firstCrossings(times, crosses, VOLUME_WINDOW)
    .filter((i) => batch.has(recent[i].seq))
    .map((i) => {
      const event = recent[i] as UserEvent;
      const evidence = seqsOf(recent.slice(starts[i], i + 1));
      const hourlyAverage = Math.round(average(times[i]) * 100) / 100;
      return {
        detector: unusualVolume.name,
        severity: 'MEDIUM' as const,
        userId: event.userId,
        ori: event.ori,
        summary: `${who(event)} made ${counts[i]} requests within an hour; their usual rate is ${hourlyAverage} an hour (threshold ${Math.round(thresholds[i] * 100) / 100}).`,
        eventSeqs: evidence,
        facts: {
          rule: 'VOLUME',
          count: counts[i],
          threshold: thresholds[i],
          hourlyAverage,
          baselineDays: 14,
          window: { from: iso(times[starts[i]]), to: event.time },
        },
        key: alertKey(unusualVolume.name, evidence, 'VOLUME'),
        time: event.time,
      };
    });
}

function offShiftAlerts(recent: readonly AuditEvent[], batch: ReadonlySet<number>, facts: DetectionFacts, userId: string): AlertInput[] {
  const shift = facts.shiftOf(userId);
  if (!shift) return [];
  const off = recent.filter((e) => !onShift(timeOf(e), shift));
  const times = off.map(timeOf);
  const starts = windowStarts(times, BURST_WINDOW);
  const crosses = starts.map((lo, i) => i - lo + 1 >= BURST_SIZE);
  return firstCrossings(times, crosses, BURST_WINDOW)
    .filter((i) => batch.has(off[i].seq))
    .map((i) => {
      const event = off[i] as UserEvent;
      const evidence = seqsOf(off.slice(starts[i], i + 1));
      const hours = `${pad(shift.startHour)}:00-${pad(shift.endHour)}:00 UTC`;
      return {
        detector: unusualVolume.name,
        severity: 'LOW' as const,
        userId: event.userId,
        ori: event.ori,
        summary: `${who(event)} made ${evidence.length} requests within 15 minutes outside their shift (${hours}).`,
        eventSeqs: evidence,
        facts: {
          rule: 'OFF_SHIFT_BURST',
          count: evidence.length,
          shift,
          windowMinutes: 15,
          window: { from: iso(times[starts[i]]), to: event.time },
        },
        key: alertKey(unusualVolume.name, evidence, 'OFF_SHIFT'),
        time: event.time,
      };
    });
}

/** Whether a time falls in a shift of UTC hours [start, end), which wraps midnight when start > end. */
export function onShift(time: number, shift: { startHour: number; endHour: number }): boolean {
  const hour = new Date(time).getUTCHours();
  const { startHour: start, endHour: end } = shift;
  if (start === end) return true;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

function pad(hour: number): string {
  return String(hour).padStart(2, '0');
}
