import type { Alert } from '../../audit/alert.ts';
import type { AuditEvent } from '../../audit/event.ts';
import type { CaseChangeInput, CaseChangeResult, CaseCriteria, CaseQuery, CaseTotals, MisuseCase } from '../../audit/cases/case.ts';
import { buildAuditReport, type AuditReportData, type AuditReportRequest } from '../../audit/cases/report.ts';
import type { AuditQuery, AuditStore } from '../../audit/store.ts';
import type { StatementCounter } from '../common/subgraph.ts';

/** Criteria for reading alerts (AuditStore.alerts). */
export type AlertQuery = Parameters<AuditStore['alerts']>[0];

/**
 * What the audit subgraph reads of the audit store: reads that are each one statement (or, for cases, one
 * statement plus two for their alerts and history) whatever their size; the only writes are the triage
 * changes of misuse cases. Counts its reads like the sources' Store counts statements, so tests can prove that
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

  /** Misuse cases matching `query`, newest first, with their alerts and history. */
  cases(query: CaseQuery): Promise<MisuseCase[]> {
    this.statementCount++;
    return this.store.cases.list(query);
  }

  caseTotals(criteria: CaseCriteria): Promise<CaseTotals> {
    this.statementCount++;
    return this.store.cases.totals(criteria);
  }

  /** The cases with these ids, in any order; unknown ids are absent. */
  casesById(ids: readonly number[]): Promise<MisuseCase[]> {
    this.statementCount++;
    return this.store.cases.byIds(ids);
  }

  changeCase(change: CaseChangeInput): Promise<CaseChangeResult> {
    this.statementCount++;
    return this.store.cases.change(change);
  }

  /** An audit report (several reads, and a verification of the whole chain). */
  report(request: AuditReportRequest): Promise<AuditReportData> {
    this.statementCount++;
    return buildAuditReport(this.store, request);
  }
}
