import type { AuditEvent } from '../event.ts';
import { byTime, isUserEvent, type UserEvent } from './support.ts';

/** Shared by the detectors that count a user's requests over a period (unexplainedVolume, offShiftBrowsing). */

/** Batch events per user, oldest first. */
export function eventsByUser(events: readonly AuditEvent[]): Map<string, UserEvent[]> {
  const users = new Map<string, UserEvent[]>();
  for (const event of events) {
    if (!isUserEvent(event)) continue;
    const own = users.get(event.userId);
    if (own) own.push(event);
    else users.set(event.userId, [event]);
  }
  for (const own of users.values()) own.sort(byTime);
  return users;
}

/** History and batch merged, oldest first, once each (the batch's own included even if the history lacks them). */
export function merge(history: readonly AuditEvent[], own: readonly AuditEvent[]): UserEvent[] {
  const bySeq = new Map<number, AuditEvent>();
  for (const e of [...history, ...own]) bySeq.set(e.seq, e);
  return [...bySeq.values()].filter(isUserEvent).sort(byTime);
}

/** Nearest-rank percentile of the values (0 when there are none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
