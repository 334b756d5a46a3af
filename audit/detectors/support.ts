import type { DetectionFacts } from '../detection.ts';
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

// ---------------------------------------------------------------------------------------------------------
// Need to know: what explains a lookup.

/**
 * Why the user may have looked at a person: CASE (linked to a case the user is assigned to), INCIDENT
 * (named on an incident the user was a unit on, around its time), STATED (not linked, but the request
 * stated a case or incident the records system found VALID for the user: an associate found during the
 * case, a passenger at a stop), NONE (nothing). Only NONE and STATED are ever evidence, and only together
 * with another fact: a relationship, a protection order, a public figure, a burst, the hour.
 */
export type Need = 'CASE' | 'INCIDENT' | 'STATED' | 'NONE';

/** Whether the request stated a number the records system found VALID (contract C2; null on version 1 events). */
export function statedValidNeed(event: AuditEvent): boolean {
  return (event.caseStatus ?? null) === 'VALID' || (event.incidentStatus ?? null) === 'VALID';
}

/** The VINs of the vehicles the event disclosed (`Vehicle:<vin>` records). */
export function vinsOf(event: AuditEvent): string[] {
  return event.records.filter((r) => r.startsWith('Vehicle:')).map((r) => r.slice('Vehicle:'.length));
}

/** What was decided per facts, event and person (every detector asks about the same events; events are immutable). */
const needs = new WeakMap<DetectionFacts, WeakMap<AuditEvent, Map<string, Need>>>();

export function needFor(event: UserEvent, personId: string, facts: DetectionFacts): Need {
  let byEvent = needs.get(facts);
  if (!byEvent) needs.set(facts, (byEvent = new WeakMap()));
  let known = byEvent.get(event);
  if (!known) byEvent.set(event, (known = new Map<string, Need>()));
  let need = known.get(personId);
  if (need === undefined) {
    need = decideNeed(event, personId, facts);
    known.set(personId, need);
  }
  return need;
}

function decideNeed(event: UserEvent, personId: string, facts: DetectionFacts): Need {
  const time = timeOf(event);
  const linked = facts.explains(event.userId, { personId }, time);
  if (linked) return linked;
  // A registered owner seen through a vehicle the user's case or incident names.
  if (hasView(event, 'VEHICLE_REGISTRATION', personId)) {
    for (const vin of vinsOf(event)) {
      const byVehicle = facts.explains(event.userId, { vin }, time);
      if (byVehicle) return byVehicle;
    }
  }
  return statedValidNeed(event) ? 'STATED' : 'NONE';
}

/** Persons the event disclosed something about (subjects and sensitive views), once each. */
export function personsSeen(event: AuditEvent): string[] {
  return [...new Set([...event.subjects, ...event.views.map((v) => v.personId)])];
}

/**
 * Whether the person was seen only as the registered owner of a vehicle the request was about (a plate
 * check), not looked up themselves: no view of them but the registration, and a vehicle disclosed.
 */
export function throughVehicleOnly(event: AuditEvent, personId: string): boolean {
  const kinds = new Set(event.views.filter((v) => v.personId === personId).map((v) => v.kind));
  return kinds.size === 1 && kinds.has('VEHICLE_REGISTRATION') && vinsOf(event).length > 0;
}

/** Persons the event disclosed with nothing explaining it (need NONE). */
export function unexplainedPersons(event: UserEvent, facts: DetectionFacts): string[] {
  if (isRecordReview(event)) return [];
  return personsSeen(event).filter((p) => needFor(event, p, facts) === 'NONE');
}

/** Whether a time falls in a shift of UTC hours [start, end), which wraps midnight when start > end. */
export function onShift(time: number, shift: { startHour: number; endHour: number }): boolean {
  const hour = new Date(time).getUTCHours();
  const { startHour: start, endHour: end } = shift;
  if (start === end) return true;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/** Whether the event happened outside the user's scheduled shift (false when the shift is unknown). */
export function offShift(event: UserEvent, facts: DetectionFacts): boolean {
  const shift = facts.shiftOf(event.userId);
  return shift !== undefined && !onShift(timeOf(event), shift);
}

/** `no case or incident`, `case 24-000187 (VALID) but not linked to them`, for summaries. */
export function needWords(event: AuditEvent, need: Need): string {
  switch (need) {
    case 'CASE':
      return 'linked to a case they are assigned to';
    case 'INCIDENT':
      return 'named on an incident they were on';
    case 'STATED':
      return `under ${event.caseNumber ? `case ${event.caseNumber}` : `incident ${event.incidentNumber}`}, which does not name them`;
    case 'NONE':
      return event.caseNumber || event.incidentNumber
        ? `under ${[event.caseNumber && `case ${event.caseNumber} (${event.caseStatus ?? 'unchecked'})`, event.incidentNumber && `incident ${event.incidentNumber} (${event.incidentStatus ?? 'unchecked'})`].filter(Boolean).join(' and ')}, which does not explain it`
        : 'with no case or incident that explains it';
  }
}
