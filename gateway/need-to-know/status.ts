import { NEED_TO_KNOW_STATUSES, type NeedToKnowStatus } from '../../common/vocabulary.ts';
import type { DecisionContext } from '../policy/types.ts';
/**
 * What the agency's records (rms, docs/contracts C2) say about a stated case or incident number, and how
 * the gateway tells the caller why a number did not count. The notes name no number and say nothing
 * about another agency: "not an open case of your agency" is the same answer whether the number belongs to
 * another agency or to nobody (no existence oracle), and the same for every number (the shapes the
 * gateway caches decisions by stay few).
 */

/** The records system could not be asked or gave no usable answer: nothing stated counts (fail closed). */
export const UNREACHABLE = 'UNREACHABLE';
export type CheckedStatus = NeedToKnowStatus | typeof UNREACHABLE;

export function isNeedToKnowStatus(value: unknown): value is NeedToKnowStatus {
  return typeof value === 'string' && (NEED_TO_KNOW_STATUSES as readonly string[]).includes(value);
}

const CASE_NOTES: Record<Exclude<CheckedStatus, 'VALID'>, string> = {
  UNKNOWN: 'the case number you stated is not an open case of your agency',
  CLOSED: 'the case you stated is closed',
  SUSPENDED: 'the case you stated is suspended',
  NOT_ASSIGNED: 'the case you stated is not assigned to you',
  NOT_DISPATCHED: 'the case you stated is not assigned to you',
  EXPIRED: 'the case you stated is closed',
  UNREACHABLE: "your case number could not be confirmed: the agency's records system could not be reached",
};

const INCIDENT_NOTES: Record<Exclude<CheckedStatus, 'VALID'>, string> = {
  UNKNOWN: 'the incident number you stated is not an incident of your agency',
  CLOSED: 'the incident you stated is no longer current',
  SUSPENDED: 'the incident you stated is no longer current',
  NOT_ASSIGNED: 'you are not a unit on the incident you stated',
  NOT_DISPATCHED: 'you are not a unit on the incident you stated',
  EXPIRED: 'the incident you stated is no longer current (started over 12 hours ago, or cleared past the grace period)',
  UNREACHABLE: "your incident number could not be confirmed: the agency's records system could not be reached",
};

/** Why a stated case number did not count; undefined when it did. */
export function caseNote(status: CheckedStatus): string | undefined {
  return status === 'VALID' ? undefined : CASE_NOTES[status];
}

/** Why a stated incident number did not count; undefined when it did. */
export function incidentNote(status: CheckedStatus): string | undefined {
  return status === 'VALID' ? undefined : INCIDENT_NOTES[status];
}

/** Need to know as established for one request: what goes into the decision context and the audit record. */
export interface NeedToKnow {
  /** The stated numbers that rms confirmed (VALID); only these satisfy `caseNumber: required`. */
  decided: Pick<DecisionContext, 'caseNumber' | 'incidentNumber' | 'needToKnowNote'>;
  /** rms's status of each stated number (UNREACHABLE when it could not be asked); absent when none stated. */
  caseStatus?: CheckedStatus;
  incidentStatus?: CheckedStatus;
}
