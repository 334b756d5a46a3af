/**
 * What the SQLite and PostgreSQL audit stores share: checking an event before it is queued, the stored
 * row and its decoding, query filters, and the errors a caller can tell apart.
 */
import {
  AUDIT_EVENT_VERSION,
  type AuditEvent,
  type AuditEventInput,
  type AuditEventVersion,
  type AuditOutcome,
  type AuditView,
  type ShadowDifference,
  type ShadowRecord,
} from './event.ts';
import type { Alert, AlertInput, AlertSeverity } from './alert.ts';
import type { AuditQuery, AuditStore } from './store.ts';
import type { ChainProblem, StoredLink } from './chain.ts';
import type { GroupCommitStats } from './group-commit.ts';
import { integer, isoTime } from './sql-arguments.ts';

export { checkLimit, checkSeq, isoTime, seqList, where } from './sql-arguments.ts';

/** Appends committed together at most (a longer queue is written in several consecutive transactions). */
export const MAX_BATCH = 1000;

/** An append that could not be made durable. The gateway must fail closed (503) on it. */
export class AuditWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditWriteError';
  }
}

/** A purge refused because the part of the chain it would delete (or its link to the rest) is broken. */
export class AuditPurgeRefusedError extends Error {
  constructor(readonly problem: ChainProblem) {
    super(`refusing to purge: the chain is broken at seq ${problem.seq} (${problem.kind}: ${problem.detail}); investigate before purging`);
    this.name = 'AuditPurgeRefusedError';
  }
}

/** Operator-facing figures (`npm run audit -- stats`). */
export interface AuditStoreStats {
  kind: AuditStore['kind'];
  /** File path (SQLite) or `schema @ host/database` (PostgreSQL). */
  location: string;
  events: number;
  firstSeq: number | null;
  lastSeq: number | null;
  firstTime: string | null;
  lastTime: string | null;
  byOutcome: Record<string, number>;
  /** Events up to this seq were removed by retention purges (0: none). */
  purgedThrough: number;
  purges: number;
  lastPurge: { purgedAt: string; before: string; count: number } | null;
  alerts: number;
}

/** The store plus what operators and the benchmark need beyond the gateway's contract. */
export interface ManagedAuditStore extends AuditStore {
  readonly location: string;
  /** Group-commit figures of this process's writer. */
  readonly writes: GroupCommitStats;
  stats(): Promise<AuditStoreStats>;
}

const OUTCOMES: Record<AuditOutcome, true> = {
  ALLOWED: true,
  DENIED: true,
  UNAUTHENTICATED: true,
  PURPOSE_REFUSED: true,
  QUERY_TOO_COMPLEX: true,
  RATE_LIMITED: true,
  ERROR: true,
};
const VIEW_KINDS: Record<AuditView['kind'], true> = { HOME_ADDRESS: true, VEHICLE_REGISTRATION: true, PROTECTION_ORDER: true };
const SEVERITIES: Record<AlertSeverity, true> = { LOW: true, MEDIUM: true, HIGH: true };
const ISO_MILLIS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Checks an event and returns exactly what will be stored and hashed: the `AuditEventInput` fields and no
 * others, `undefined` as null, and text made storable in both databases (NUL and lone UTF-16 surrogates,
 * which neither SQLite's UTF-8 nor PostgreSQL text can keep, become U+FFFD). An event that cannot be
 * stored is refused here, before it joins a batch, so it never fails the appends committed with it.
 */
export function normalizeEventInput(input: AuditEventInput): AuditEventInput {
  if (input === null || typeof input !== 'object') throw new TypeError('audit event must be an object');
  // Callers may be untyped (JSON from a file, another process): compare as unknown so the check stays meaningful.
  const version: unknown = input.version;
  if (version !== AUDIT_EVENT_VERSION) throw new TypeError(`audit event version must be ${AUDIT_EVENT_VERSION}, got ${String(version)}`);
  if (typeof input.time !== 'string' || !ISO_MILLIS_UTC.test(input.time) || Number.isNaN(Date.parse(input.time))) {
    throw new TypeError(`audit event time must be ISO-8601 UTC with milliseconds (Date#toISOString), got ${JSON.stringify(input.time)}`);
  }
  if (!Object.hasOwn(OUTCOMES, input.outcome))
    throw new TypeError(`audit event outcome must be one of ${Object.keys(OUTCOMES).join(', ')}`);
  if (typeof input.latencyMs !== 'number' || !Number.isFinite(input.latencyMs) || input.latencyMs < 0) {
    throw new TypeError('audit event latencyMs must be a finite number >= 0');
  }
  if (!Array.isArray(input.views)) throw new TypeError('audit event views must be an array');
  const views = input.views.map((view, i): AuditView => {
    if (view === null || typeof view !== 'object' || !Object.hasOwn(VIEW_KINDS, view.kind)) {
      throw new TypeError(`audit event views[${i}].kind must be one of ${Object.keys(VIEW_KINDS).join(', ')}`);
    }
    return { kind: view.kind, personId: text(view.personId, `views[${i}].personId`) };
  });
  const requestId = text(input.requestId, 'requestId');
  if (requestId === '') throw new TypeError('audit event requestId must not be empty');
  return {
    version: AUDIT_EVENT_VERSION,
    time: input.time,
    requestId,
    userId: optionalText(input.userId, 'userId'),
    userName: optionalText(input.userName, 'userName'),
    ori: optionalText(input.ori, 'ori'),
    roles: texts(input.roles, 'roles'),
    purpose: optionalText(input.purpose, 'purpose'),
    caseNumber: optionalText(input.caseNumber, 'caseNumber'),
    caseStatus: optionalText(input.caseStatus, 'caseStatus'),
    incidentNumber: optionalText(input.incidentNumber, 'incidentNumber'),
    incidentStatus: optionalText(input.incidentStatus, 'incidentStatus'),
    clientAddress: text(input.clientAddress, 'clientAddress'),
    operationName: optionalText(input.operationName, 'operationName'),
    operationHash: optionalText(input.operationHash, 'operationHash'),
    operationText: optionalText(input.operationText, 'operationText'),
    subjects: texts(input.subjects, 'subjects'),
    records: texts(input.records, 'records'),
    fieldsDisclosed: texts(input.fieldsDisclosed, 'fieldsDisclosed'),
    fieldsDenied: texts(input.fieldsDenied, 'fieldsDenied'),
    views,
    sources: texts(input.sources, 'sources'),
    outcome: input.outcome,
    reason: optionalText(input.reason, 'reason'),
    latencyMs: input.latencyMs,
    policyVersion: optionalText(input.policyVersion, 'policyVersion'),
    releasedBy: texts(input.releasedBy, 'releasedBy'),
    shadow: shadowRecord(input.shadow),
  };
}

const DECISIONS: Record<ShadowDifference['live'], true> = { ALLOW: true, DENY: true };

function shadowRecord(value: unknown): ShadowRecord | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') throw new TypeError('audit event shadow must be an object or null');
  const shadow = value as Partial<ShadowRecord>;
  if (!Array.isArray(shadow.differences)) throw new TypeError('audit event shadow.differences must be an array');
  return {
    policyVersion: text(shadow.policyVersion, 'shadow.policyVersion'),
    differences: shadow.differences.map((d: Partial<ShadowDifference>, i) => {
      if (!Object.hasOwn(DECISIONS, d.live ?? '') || !Object.hasOwn(DECISIONS, d.candidate ?? '')) {
        throw new TypeError(`audit event shadow.differences[${i}] live and candidate must be ALLOW or DENY`);
      }
      return { coordinate: text(d.coordinate, `shadow.differences[${i}].coordinate`), live: d.live!, candidate: d.candidate! };
    }),
  };
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new TypeError(`audit event ${field} must be a string`);
  return value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

function optionalText(value: unknown, field: string): string | null {
  return value === null || value === undefined ? null : text(value, field);
}

function texts(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw new TypeError(`audit event ${field} must be an array of strings`);
  return value.map((item, i) => text(item, `${field}[${i}]`));
}

/** A stored event row; list columns hold JSON text (PostgreSQL jsonb is read back `::text`). */
export interface EventRow {
  seq: number;
  version: number;
  time: string;
  request_id: string;
  user_id: string | null;
  user_name: string | null;
  ori: string | null;
  roles: string;
  purpose: string | null;
  case_number: string | null;
  case_status: string | null;
  incident_number: string | null;
  incident_status: string | null;
  client_address: string;
  operation_name: string | null;
  operation_hash: string | null;
  operation_text: string | null;
  subjects: string;
  records: string;
  fields_disclosed: string;
  fields_denied: string;
  views: string;
  sources: string;
  outcome: string;
  reason: string | null;
  latency_ms: number;
  policy_version: string | null;
  /** JSON list; null on version 1 rows. */
  released_by: string | null;
  /** JSON object or null. */
  shadow: string | null;
  prev_hash: string;
  hash: string;
}

/** Columns in insert order; the JSON ones are lists. */
export const EVENT_COLUMNS = [
  'seq',
  'version',
  'time',
  'request_id',
  'user_id',
  'user_name',
  'ori',
  'roles',
  'purpose',
  'case_number',
  'case_status',
  'incident_number',
  'incident_status',
  'client_address',
  'operation_name',
  'operation_hash',
  'operation_text',
  'subjects',
  'records',
  'fields_disclosed',
  'fields_denied',
  'views',
  'sources',
  'outcome',
  'reason',
  'latency_ms',
  'policy_version',
  'released_by',
  'shadow',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof EventRow)[];
export const JSON_COLUMNS: ReadonlySet<string> = new Set([
  'roles',
  'subjects',
  'records',
  'fields_disclosed',
  'fields_denied',
  'views',
  'sources',
  'released_by',
  'shadow',
]);

export function eventToRow(event: AuditEvent): EventRow {
  return {
    seq: event.seq,
    version: event.version,
    time: event.time,
    request_id: event.requestId,
    user_id: event.userId,
    user_name: event.userName,
    ori: event.ori,
    roles: JSON.stringify(event.roles),
    purpose: event.purpose,
    case_number: event.caseNumber,
    case_status: event.caseStatus,
    incident_number: event.incidentNumber,
    incident_status: event.incidentStatus,
    client_address: event.clientAddress,
    operation_name: event.operationName,
    operation_hash: event.operationHash,
    operation_text: event.operationText,
    subjects: JSON.stringify(event.subjects),
    records: JSON.stringify(event.records),
    fields_disclosed: JSON.stringify(event.fieldsDisclosed),
    fields_denied: JSON.stringify(event.fieldsDenied),
    views: JSON.stringify(event.views),
    sources: JSON.stringify(event.sources),
    outcome: event.outcome,
    reason: event.reason,
    latency_ms: event.latencyMs,
    policy_version: event.policyVersion,
    released_by: event.version === 1 ? null : JSON.stringify(event.releasedBy),
    shadow: event.shadow ? JSON.stringify(event.shadow) : null,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

/** The row's values in `EVENT_COLUMNS` order. */
export function rowValues(row: EventRow): (string | number | null)[] {
  return EVENT_COLUMNS.map((column) => row[column]);
}

/** Decodes a stored row; throws if a list column is not valid JSON. */
export function rowToEvent(row: EventRow): AuditEvent {
  return {
    version: row.version as AuditEventVersion,
    time: row.time,
    requestId: row.request_id,
    userId: row.user_id,
    userName: row.user_name,
    ori: row.ori,
    roles: JSON.parse(row.roles) as string[],
    purpose: row.purpose,
    caseNumber: row.case_number,
    caseStatus: row.case_status,
    incidentNumber: row.incident_number,
    incidentStatus: row.incident_status,
    clientAddress: row.client_address,
    operationName: row.operation_name,
    operationHash: row.operation_hash,
    operationText: row.operation_text,
    subjects: JSON.parse(row.subjects) as string[],
    records: JSON.parse(row.records) as string[],
    fieldsDisclosed: JSON.parse(row.fields_disclosed) as string[],
    fieldsDenied: JSON.parse(row.fields_denied) as string[],
    views: JSON.parse(row.views) as AuditView[],
    sources: JSON.parse(row.sources) as string[],
    outcome: row.outcome as AuditOutcome,
    reason: row.reason,
    latencyMs: row.latency_ms,
    policyVersion: row.policy_version,
    releasedBy: row.released_by === null ? [] : (JSON.parse(row.released_by) as string[]),
    shadow: row.shadow === null ? null : (JSON.parse(row.shadow) as ShadowRecord),
    seq: row.seq,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** A row as the chain verifier reads it (a row that no longer decodes is reported, not thrown). */
export function rowToLink(row: EventRow): StoredLink {
  try {
    return { seq: row.seq, prevHash: row.prev_hash, hash: row.hash, input: rowToEvent(row) };
  } catch (error) {
    return { seq: row.seq, prevHash: row.prev_hash, hash: row.hash, decodeError: (error as Error).message };
  }
}

/**
 * WHERE conditions for an `AuditQuery` (newest first, keyset pagination on seq). `bind` turns a value
 * into the dialect's placeholder (`?` or `$n`).
 */
export function eventConditions(query: Omit<AuditQuery, 'limit'>, bind: (value: string | number) => string): string[] {
  const conditions: string[] = [];
  if (query.userId !== undefined) conditions.push(`user_id = ${bind(query.userId)}`);
  if (query.ori !== undefined) conditions.push(`ori = ${bind(query.ori)}`);
  if (query.purpose !== undefined) conditions.push(`purpose = ${bind(query.purpose)}`);
  if (query.caseNumber !== undefined) conditions.push(`case_number = ${bind(query.caseNumber)}`);
  if (query.outcome !== undefined) conditions.push(`outcome = ${bind(query.outcome)}`);
  if (query.subject !== undefined) conditions.push(`seq IN (SELECT seq FROM audit_subjects WHERE person_id = ${bind(query.subject)})`);
  if (query.from !== undefined) conditions.push(`time >= ${bind(isoTime(query.from, 'from'))}`);
  if (query.to !== undefined) conditions.push(`time < ${bind(isoTime(query.to, 'to'))}`);
  if (query.beforeSeq !== undefined) conditions.push(`seq < ${bind(integer(query.beforeSeq, 'beforeSeq'))}`);
  return conditions;
}

/** Alert filters (newest first, keyset pagination on id). */
export function alertConditions(
  query: { ori?: string; userId?: string; from?: string; to?: string; beforeId?: number },
  bind: (value: string | number) => string,
): string[] {
  const conditions: string[] = [];
  if (query.ori !== undefined) conditions.push(`ori = ${bind(query.ori)}`);
  if (query.userId !== undefined) conditions.push(`user_id = ${bind(query.userId)}`);
  if (query.from !== undefined) conditions.push(`time >= ${bind(isoTime(query.from, 'from'))}`);
  if (query.to !== undefined) conditions.push(`time < ${bind(isoTime(query.to, 'to'))}`);
  if (query.beforeId !== undefined) conditions.push(`id < ${bind(integer(query.beforeId, 'beforeId'))}`);
  return conditions;
}

export function checkAlertInput(alert: AlertInput): AlertInput {
  if (typeof alert.key !== 'string' || alert.key === '') throw new TypeError('alert key must be a non-empty string');
  if (!Object.hasOwn(SEVERITIES, alert.severity))
    throw new TypeError(`alert severity must be one of ${Object.keys(SEVERITIES).join(', ')}`);
  if (!Array.isArray(alert.eventSeqs) || !alert.eventSeqs.every((seq) => Number.isInteger(seq))) {
    throw new TypeError('alert eventSeqs must be an array of integers');
  }
  return { ...alert, time: isoTime(alert.time, 'alert time') };
}

/** A stored alert row; `event_seqs` and `facts` hold JSON text. */
export interface AlertRow {
  id: number;
  key: string;
  detector: string;
  severity: string;
  user_id: string;
  ori: string;
  summary: string;
  event_seqs: string;
  facts: string;
  time: string;
  created_at: string;
}

export function rowToAlert(row: AlertRow): Alert {
  return {
    id: Number(row.id),
    key: row.key,
    detector: row.detector,
    severity: row.severity as AlertSeverity,
    userId: row.user_id,
    ori: row.ori,
    summary: row.summary,
    eventSeqs: JSON.parse(row.event_seqs) as number[],
    facts: JSON.parse(row.facts) as Record<string, unknown>,
    time: row.time,
    createdAt: row.created_at,
  };
}
