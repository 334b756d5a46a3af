/**
 * The audit record: one typed, versioned event per request, allowed or not (CJIS AU-3 content; III
 * entries name operator, receiving agency and requester). Written before any data leaves the gateway.
 */
export const AUDIT_EVENT_VERSION = 2;

/** Versions a stored event may carry; version 1 events (before need to know and policy versions) still verify. */
export type AuditEventVersion = 1 | typeof AUDIT_EVENT_VERSION;

export type AuditOutcome =
  /** Data was returned (possibly with some fields denied). */
  | 'ALLOWED'
  /** The operation ran but every requested field was denied. */
  | 'DENIED'
  /** Refused before execution: bad/missing token. */
  | 'UNAUTHENTICATED'
  /** Refused before execution: purpose missing, invalid or not permitted. */
  | 'PURPOSE_REFUSED'
  /** Refused before planning: the operation exceeds an operation limit (depth, aliases, tokens, directives, cost). */
  | 'QUERY_TOO_COMPLEX'
  /** Refused before execution: a rate limit (user, agency, or invalid tokens from one address) is spent. */
  | 'RATE_LIMITED'
  /** The operation failed (invalid document, bad input, source error) and returned no data. */
  | 'ERROR';

/** What the gateway knows about one request when it decides to let data out (or not). */
export interface AuditEventInput {
  version: AuditEventVersion;
  /** ISO-8601 UTC with milliseconds (CJIS AU-8 asks for 1/100 s). */
  time: string;
  requestId: string;
  /** Token `sub`; null when the token was missing or invalid. */
  userId: string | null;
  userName: string | null;
  /** Operator's agency ORI (receiving agency). */
  ori: string | null;
  roles: string[];
  /** Canonical purpose code (C, D, …, RECORD_REVIEW); null when not stated or refused before parsing. */
  purpose: string | null;
  /** `X-Case-Number` as stated. */
  caseNumber: string | null;
  /**
   * Need to know, as checked against the agency's records (rms): VALID, UNKNOWN, CLOSED, SUSPENDED,
   * NOT_ASSIGNED, NOT_DISPATCHED, EXPIRED, or UNAVAILABLE when the records system could not answer; null when
   * no number was stated.
   */
  caseStatus: string | null;
  /** `X-Incident-Number` (a CAD incident) as stated. */
  incidentNumber: string | null;
  incidentStatus: string | null;
  clientAddress: string;
  operationName: string | null;
  /** sha256 of the operation text. */
  operationHash: string | null;
  operationText: string | null;
  /** Master person ids with at least one field disclosed. */
  subjects: string[];
  /**
   * Record ids disclosed, as `Type:id` (e.g. `WantedPersonRecord:W123456789`, `Vehicle:1HG…`); and, as
   * `AskedAbout:Type:id`, records the caller asked for that were withheld as if they did not exist (e.g. a
   * subject's lookup of someone else's record: `AskedAbout:Person:P0001234`), so auditors see who was
   * looked up although nothing of it was disclosed.
   */
  records: string[];
  /** Field coordinates disclosed (`Person.name`) and denied (`CriminalHistory.ssn`). */
  fieldsDisclosed: string[];
  fieldsDenied: string[];
  /** Sensitive things seen, by person: the raw material of the misuse detectors. */
  views: AuditView[];
  /** Subgraphs the request fetched from. */
  sources: string[];
  outcome: AuditOutcome;
  /** Refusal or error reason, for the auditor (never sent to the caller beyond its error). */
  reason: string | null;
  latencyMs: number;
  /** Content hash (sha256 hex) of the policy in force for the request; null when refused before a policy applied. */
  policyVersion: string | null;
  /** The rule that released each disclosed field: `Person.name=person-identity (policies/grants.yaml:13)`. */
  releasedBy: string[];
  /** Shadow mode: where a candidate policy would have decided differently on this request. */
  shadow: ShadowRecord | null;
}

export interface ShadowRecord {
  /** Content hash of the candidate policy. */
  policyVersion: string;
  differences: ShadowDifference[];
}

export interface ShadowDifference {
  coordinate: string;
  live: 'ALLOW' | 'DENY';
  candidate: 'ALLOW' | 'DENY';
}

/**
 * A sensitive view of a person: a home address (DMV residence), a vehicle registration (a vehicle and its
 * registered owner), or a protection order (restrained and protected persons alike). Recorded only when
 * the data that makes it was returned: at least one line of the residence address (street, city, zip),
 * at least one field of a vehicle registered to the person, at least one field of an order naming them.
 */
export interface AuditView {
  kind: 'HOME_ADDRESS' | 'VEHICLE_REGISTRATION' | 'PROTECTION_ORDER';
  personId: string;
}

/** A stored event: the input plus its place in the tamper-evident chain. */
export interface AuditEvent extends AuditEventInput {
  /** Position in the chain, from 1, no gaps. */
  seq: number;
  /** sha256 of the previous event's `hash` (or of the purge anchor / genesis for the first). */
  prevHash: string;
  /** sha256(prevHash + canonical JSON of the input). */
  hash: string;
}
