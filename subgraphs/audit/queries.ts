import type { Alert } from '../../audit/alert.ts';
import type { AuditEvent } from '../../audit/event.ts';
import type { AuditQuery, AuditStore } from '../../audit/store.ts';
import type { StatementCounter } from '../shared/subgraph.ts';

/** Criteria for reading alerts (AuditStore.alerts). */
export type AlertQuery = Parameters<AuditStore['alerts']>[0];

/**
 * What the audit subgraph reads of the audit store: three reads, each one statement whatever its size, and
 * nothing that writes. Counts its reads like the sources' Store counts statements, so tests can prove that
 * lists are batched (an alert page's evidence is one read whatever the page size).
 */
export class AuditReader implements StatementCounter {
  /** Reads of the audit store since the subgraph started. */
  statementCount = 0;

  constructor(private readonly store: AuditStore) {}

  /** Events matching `query`, newest first (seq below `beforeSeq`, at most `limit`). */
  events(query: AuditQuery): Promise<AuditEvent[]> {
    this.statementCount++;
    return this.store.query(query);
  }

  /** The events with these seqs, in any order; unknown or purged seqs are absent. */
  eventsBySeq(seqs: readonly number[]): Promise<AuditEvent[]> {
    this.statementCount++;
    return this.store.events(seqs);
  }

  /** Alerts matching `query`, newest first (id below `beforeId`, at most `limit`). */
  alerts(query: AlertQuery): Promise<Alert[]> {
    this.statementCount++;
    return this.store.alerts(query);
  }
}
