import type { AuditEvent, AuditView } from '../event.ts';

/** What the detectors share: time arithmetic, who acted, and the alert key. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function timeOf(event: AuditEvent): number {
  return Date.parse(event.time);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** An event made by an identified agency user (token with `sub` and `ori`). */
export type UserEvent = AuditEvent & { userId: string; ori: string };

export function isUserEvent(event: AuditEvent): event is UserEvent {
  return event.userId !== null && event.ori !== null;
}

/** A subject exercising record review looks at their own record: never misuse. */
export function isRecordReview(event: AuditEvent): boolean {
  return event.purpose === 'RECORD_REVIEW';
}

/**
 * The alert key: detector, optional discriminator (a person, a rule) and the sorted evidence seqs. The same
 * detector never alerts twice on the same evidence, however often detection runs over the same events.
 */
export function alertKey(detector: string, evidence: readonly number[], discriminator?: string): string {
  const seqs = [...new Set(evidence)].sort((a, b) => a - b).join(',');
  return discriminator ? `${detector}|${discriminator}|${seqs}` : `${detector}|${seqs}`;
}

/** Sorted, de-duplicated seqs. */
export function seqsOf(events: readonly AuditEvent[]): number[] {
  return [...new Set(events.map((e) => e.seq))].sort((a, b) => a - b);
}

/** Persons seen in views of these kinds, in order of first appearance, once each. */
export function viewedPersons(event: AuditEvent, kinds: readonly AuditView['kind'][]): string[] {
  return [...new Set(event.views.filter((v) => kinds.includes(v.kind)).map((v) => v.personId))];
}

export function hasView(event: AuditEvent, kind: AuditView['kind'], personId: string): boolean {
  return event.views.some((v) => v.kind === kind && v.personId === personId);
}

/** `HARLAN, DEREK WADE (u-misuse-1, CA0190100)`, for summaries. */
export function who(event: UserEvent): string {
  return event.userName ? `${event.userName} (${event.userId}, ${event.ori})` : `${event.userId} (${event.ori})`;
}

/** `purpose C, case 26-000123` or `purpose C, no case number`. */
export function statedReason(event: AuditEvent): string {
  const purpose = event.purpose ? `purpose ${event.purpose}` : 'no purpose';
  return event.caseNumber ? `${purpose}, case ${event.caseNumber}` : `${purpose}, no case number`;
}

/** Orders events oldest first: by time, then seq. */
export function byTime(a: AuditEvent, b: AuditEvent): number {
  return timeOf(a) - timeOf(b) || a.seq - b.seq;
}

/** Number of sorted values strictly below `value`. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
