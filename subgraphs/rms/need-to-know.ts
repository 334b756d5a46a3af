import type { GatewayContextClaims } from '../../common/gateway-context.ts';
import type { NeedToKnowStatus } from '../../common/vocabulary.ts';
import { now } from '../common/clock.ts';
import type { Store } from '../common/store.ts';
import { asNumber } from './parse.ts';
import { needToKnowFacts, type NeedToKnowFacts } from './queries.ts';

/**
 * The rms side of the need-to-know check (contract C2): whether the case and incident numbers a request
 * states establish the caller's need to know (11 CCR 703(d), CJIS Security Policy 5.4 "need to know"),
 * decided from the signed caller context and the agency's own records, in one SQL statement.
 */

export interface NumberCheck {
  number: string;
  status: NeedToKnowStatus;
}

/** An incident establishes need to know for at most this long after it started. */
const INCIDENT_WINDOW_HOURS = 12;
const DEFAULT_GRACE_MINUTES = 60;

/** Minutes after clearing during which an incident still counts: `RMS_INCIDENT_GRACE_MINUTES`, default 60. */
export function graceMinutesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RMS_INCIDENT_GRACE_MINUTES;
  if (raw === undefined || raw === '') return DEFAULT_GRACE_MINUTES;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 24 * 60) {
    throw new Error(`RMS_INCIDENT_GRACE_MINUTES must be a whole number of minutes from 0 to 1440, got "${raw}"`);
  }
  return minutes;
}

export function checkNeedToKnow(
  store: Store,
  caller: GatewayContextClaims,
  stated: { caseNumber?: string | null; incidentNumber?: string | null },
  graceMinutes: number,
): { case: NumberCheck | null; incident: NumberCheck | null } {
  const caseNumber = stated.caseNumber?.trim();
  const incidentNumber = stated.incidentNumber?.trim();
  // A number that cannot exist is unknown without asking the store.
  const caseKey = caseNumber === undefined ? undefined : asNumber(caseNumber);
  const incidentKey = incidentNumber === undefined ? undefined : asNumber(incidentNumber);
  const facts: NeedToKnowFacts | undefined =
    caseKey || incidentKey ? needToKnowFacts(store, caller.ori, caller.sub, caseKey ?? '', incidentKey ?? '') : undefined;
  return {
    case: caseNumber === undefined ? null : { number: caseNumber, status: caseKey && facts ? caseStatus(facts) : 'UNKNOWN' },
    incident:
      incidentNumber === undefined
        ? null
        : { number: incidentNumber, status: incidentKey && facts ? incidentStatus(facts, now(), graceMinutes) : 'UNKNOWN' },
  };
}

function caseStatus(facts: NeedToKnowFacts): NeedToKnowStatus {
  if (facts.caseStatus === null) return 'UNKNOWN';
  if (facts.caseStatus === 'CLOSED') return 'CLOSED';
  if (facts.caseStatus === 'SUSPENDED') return 'SUSPENDED';
  return facts.assigned ? 'VALID' : 'NOT_ASSIGNED';
}

function incidentStatus(facts: NeedToKnowFacts, at: Date, graceMinutes: number): NeedToKnowStatus {
  if (facts.startedAt === null) return 'UNKNOWN';
  if (!facts.dispatched) return 'NOT_DISPATCHED';
  const startedLongAgo = at.getTime() - Date.parse(facts.startedAt) > INCIDENT_WINDOW_HOURS * 3_600_000;
  const clearedLongAgo = facts.clearedAt !== null && at.getTime() - Date.parse(facts.clearedAt) > graceMinutes * 60_000;
  return startedLongAgo || clearedLongAgo ? 'EXPIRED' : 'VALID';
}
