import type { AuditEvent, AuditEventInput } from './event.ts';
import type { Alert, AlertInput } from './alert.ts';
import type { MisuseCaseStore } from './cases/repository.ts';

/** Filters for reading events (all optional; combined with AND). */
export interface AuditQuery {
  userId?: string;
  ori?: string;
  /** Events that disclosed this person id. */
  subject?: string;
  purpose?: string;
  /** Events stating this case number (with `ori`: one agency's case). */
  caseNumber?: string;
  outcome?: string;
  /** ISO time bounds, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  /** Cursor: return events with seq strictly below this one (newest first). */
  beforeSeq?: number;
  limit: number;
}

export interface VerifyResult {
  ok: boolean;
  /** Events checked. */
  checked: number;
  /** The first problem found, with the seq where the chain breaks. */
  problem?: { seq: number; kind: 'ALTERED' | 'INSERTED' | 'DELETED' | 'ANCHOR_MISMATCH'; detail: string };
}

/**
 * The append-only, hash-chained audit store. SQLite (embedded, default) or PostgreSQL (DATABASE_URL).
 * `append` resolves only once the event is durable (group commit: concurrent appends share one commit);
 * it rejects if the event could not be written, and the caller must then fail closed.
 */
export interface AuditStore {
  readonly kind: 'sqlite' | 'postgres';
  append(event: AuditEventInput): Promise<AuditEvent>;
  query(query: AuditQuery): Promise<AuditEvent[]>;
  /**
   * The events with these seq numbers, in one statement whatever their number (the audit subgraph loads
   * an alert's evidence with it, batched per request); seqs that do not exist or were purged are absent.
   */
  events(seqs: readonly number[]): Promise<AuditEvent[]>;
  /** Events with seq > afterSeq, oldest first (detectors read the stream with this). */
  after(afterSeq: number, limit: number): Promise<AuditEvent[]>;
  verify(): Promise<VerifyResult>;
  /** Deletes events older than `before` (ISO), keeping the remaining chain verifiable; returns how many. */
  purge(before: string): Promise<number>;
  /**
   * Stores alerts, ignoring any whose `key` (same detector, same evidence) is already stored, and in the
   * same transaction files the new ones into misuse cases (audit/cases/).
   */
  addAlerts(alerts: AlertInput[]): Promise<Alert[]>;
  alerts(query: { ori?: string; userId?: string; from?: string; to?: string; beforeId?: number; limit: number }): Promise<Alert[]>;
  /** Misuse cases: alerts grouped by user × subject × time window, and their triage. */
  readonly cases: MisuseCaseStore;
  /** A cheap check that the store is open and answers (readiness); rejects when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
