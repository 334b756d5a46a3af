import type { AlertInput } from './alert.ts';
import type { AuditEvent } from './event.ts';

/**
 * What detectors know beyond the audit trail: who each agency user is in the population (the generator
 * places every simulated user: address history, relatives, past relationships), who is high-profile, who
 * is protected by an order, and which cases and incidents explain a lookup. Backed by the generator's
 * `personnel.sqlite`, the NCIC store and the agencies' records `rms.sqlite` (contract C1).
 */
export interface Relation {
  personId: string;
  /** PARENT, CHILD, SIBLING, SPOUSE, EX_SPOUSE, EX_PARTNER, HOUSEHOLD, NEIGHBOUR, PROTECTIVE_ORDER_PARTY … */
  relation: string;
}

export interface DetectionFacts {
  /** The master person id of an agency user (token `sub`), when the user is known. */
  personOfUser(userId: string): string | undefined;
  /** Everyone related to a person: relatives, household members, ex-spouses/partners, order co-parties. */
  relationsOf(personId: string): Relation[];
  /** Flagged public officials and celebrities. */
  highProfile(personId: string): { reason: string } | undefined;
  /** True if the person is protected by an active protection order. */
  isProtectedPerson(personId: string): boolean;
  /** The user's scheduled shift as UTC hours [start, end) (may wrap midnight), when known. */
  shiftOf(userId: string): { startHour: number; endHour: number } | undefined;
  /** The agency user from the roster (personnel `agency_users`), when known. */
  userOf(userId: string): RosterUser | undefined;
  /** Agency users who are this person (a co-worker looked up: same ORI). */
  usersOfPerson(personId: string): RosterUser[];
  /** The user's peer group: other users of the same agency with the same roles. */
  peersOf(userId: string): string[];
  /**
   * What in the agency's records explains the user looking at a person or vehicle at this time: a case
   * the user is assigned to that links them (CASE), or an incident the user was a unit on that names them,
   * around its time (INCIDENT). Undefined when nothing does.
   */
  explains(userId: string, link: { personId: string } | { vin: string }, time: number): 'CASE' | 'INCIDENT' | undefined;
}

export interface RosterUser {
  userId: string;
  personId: string;
  ori: string;
  roles: string[];
  shift: { startHour: number; endHour: number };
}

/** Read access to the trail for detectors that compare with history. */
export interface DetectionHistory {
  /** Events by this user in [from, to), oldest first. */
  byUser(userId: string, from: string, to: string): Promise<AuditEvent[]>;
}

/** One misuse pattern. Pure apart from reading facts and history; returns alerts with their evidence. */
export interface Detector {
  name: string;
  /** One sentence for auditors. */
  description: string;
  detect(events: readonly AuditEvent[], facts: DetectionFacts, history: DetectionHistory): Promise<AlertInput[]>;
}
