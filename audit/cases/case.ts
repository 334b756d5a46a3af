import type { AlertSeverity } from '../alert.ts';

/**
 * Misuse cases: "cases, not alerts". Detector alerts about one user and one subject within a time window
 * (audit/cases/group.ts) make one case, which an auditor triages: OPEN → ASSIGNED → FOUNDED, UNFOUNDED or
 * TRAINING (CJIS Security Policy 5.4 audit review; 11 CCR 703(d) misuse of CORI). Every change is kept in
 * the case's history: who, when, from which status to which, and the note.
 *
 * A resolved case is final: it cannot be reopened or reassigned (the finding may already have been acted
 * upon: discipline, training). Notes can still be added to it, e.g. to record a correction; new alerts
 * about the same user and subject open a new case.
 */

export const CASE_STATUSES = ['OPEN', 'ASSIGNED', 'FOUNDED', 'UNFOUNDED', 'TRAINING'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const RESOLUTIONS = ['FOUNDED', 'UNFOUNDED', 'TRAINING'] as const;
export type CaseResolution = (typeof RESOLUTIONS)[number];

export const SEVERITIES: readonly AlertSeverity[] = ['LOW', 'MEDIUM', 'HIGH'];

/** What a detector raised about the case: one alert, with its evidence events. */
export interface CaseAlert {
  key: string;
  detector: string;
  severity: AlertSeverity;
  summary: string;
  signals: string[];
  eventSeqs: number[];
  /** Time of the alert's last evidence event. */
  time: string;
}

export type CaseAction = 'OPENED' | 'EVIDENCE_ADDED' | 'ASSIGNED' | 'RESOLVED' | 'NOTE';

/** One change of a case, as it happened. */
export interface CaseHistoryEntry {
  at: string;
  /** The user who made the change (token `sub`), or `detection` for what the detectors did. */
  by: string;
  action: CaseAction;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  /** The assignee after an ASSIGNED change. */
  assignee: string | null;
  note: string | null;
}

export interface MisuseCase {
  id: number;
  key: string;
  userId: string;
  ori: string;
  subjectId: string | null;
  severity: AlertSeverity;
  status: CaseStatus;
  assignee: string | null;
  detectors: string[];
  signals: string[];
  /** Time of the first and the last alert. */
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
  updatedAt: string;
  /** The alerts grouped into the case, oldest first. */
  alerts: CaseAlert[];
  /** Every change, oldest first. */
  history: CaseHistoryEntry[];
}

/** Filters for cases (all optional; combined with AND). */
export interface CaseCriteria {
  detector?: string;
  severity?: AlertSeverity;
  status?: CaseStatus;
  userId?: string;
  ori?: string;
  subjectId?: string;
  /** Cases whose alerts overlap [from, to): last alert at or after `from`, first alert before `to`. */
  from?: string;
  to?: string;
}

export interface CaseQuery extends CaseCriteria {
  /** Cursor: cases with id strictly below this one (newest first). */
  beforeId?: number;
  limit: number;
}

export interface CaseTotals {
  total: number;
  byStatus: Record<string, number>;
  bySeverity: Record<string, number>;
  /** Cases with at least one alert of the detector (a case with two detectors counts under both). */
  byDetector: Record<string, number>;
}

/** A triage change asked for by a user. */
export type CaseChangeInput = {
  caseId: number;
  /** Who asks (token `sub`). */
  by: string;
  /** Client-chosen key: the same caller and key never changes a case twice. */
  idempotencyKey: string;
} & (
  | { action: 'ASSIGN'; assignee: string; note: string | null }
  | { action: 'RESOLVE'; status: CaseResolution; note: string }
  | { action: 'NOTE'; note: string }
);

export interface CaseChangeResult {
  case: MisuseCase;
  /** True when the key had been used by this caller for this operation: nothing was written again. */
  replayed: boolean;
}

/** The store's answer to a change it cannot make; `argument` names what was wrong. */
export class CaseChangeError extends Error {
  constructor(
    readonly kind: 'NOT_FOUND' | 'TRANSITION' | 'IDEMPOTENCY_KEY',
    message: string,
  ) {
    super(message);
    this.name = 'CaseChangeError';
  }
}

/** The mutation name an idempotency key is bound to. */
export function operationOf(change: CaseChangeInput): string {
  return { ASSIGN: 'assignMisuseCase', RESOLVE: 'resolveMisuseCase', NOTE: 'addMisuseCaseNote' }[change.action];
}

/** What a change does to a case: its new status and assignee and the history entry, or why it is refused. */
export function applyChange(
  current: { id: number; status: CaseStatus; assignee: string | null },
  change: CaseChangeInput,
  at: string,
): { status: CaseStatus; assignee: string | null; entry: CaseHistoryEntry } {
  const resolved = (RESOLUTIONS as readonly string[]).includes(current.status);
  const entry = (action: CaseAction, toStatus: CaseStatus, assignee: string | null, note: string | null): CaseHistoryEntry => ({
    at,
    by: change.by,
    action,
    fromStatus: current.status,
    toStatus,
    assignee,
    note,
  });
  switch (change.action) {
    case 'ASSIGN':
      if (resolved) {
        throw new CaseChangeError('TRANSITION', `misuse case ${current.id} was resolved ${current.status}: a resolved case is final.`);
      }
      return { status: 'ASSIGNED', assignee: change.assignee, entry: entry('ASSIGNED', 'ASSIGNED', change.assignee, change.note) };
    case 'RESOLVE':
      if (resolved) {
        throw new CaseChangeError(
          'TRANSITION',
          `misuse case ${current.id} was already resolved ${current.status}: a resolved case is final.`,
        );
      }
      if (current.status !== 'ASSIGNED') {
        throw new CaseChangeError('TRANSITION', `misuse case ${current.id} is ${current.status}: assign it before resolving it.`);
      }
      return { status: change.status, assignee: current.assignee, entry: entry('RESOLVED', change.status, current.assignee, change.note) };
    case 'NOTE':
      return { status: current.status, assignee: current.assignee, entry: entry('NOTE', current.status, null, change.note) };
  }
}

const RANK: Record<AlertSeverity, number> = { LOW: 0, MEDIUM: 1, HIGH: 2 };

export function maxSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return RANK[b] > RANK[a] ? b : a;
}

/** Sorted union of two lists. */
export function union<T extends string | number>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])].sort(compare);
}

/** Ascending order of strings (by UTF-16 code unit, not locale) or numbers. */
export function compare<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
