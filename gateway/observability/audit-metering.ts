import type { AuditEventInput } from '../../audit/event.ts';
import type { AuditStore } from '../../audit/store.ts';
import type { GatewayMetrics } from './metrics.ts';
import { inSpan } from './tracing.ts';

/** The audit store as the recorder sees it, with each append measured, traced and counted. */
export interface MeteredAuditStore extends AuditStore {
  /** Appends started and not yet durable or failed: this process's group-commit queue. */
  readonly queueDepth: number;
}

/**
 * Wraps the store the recorder appends to. Every /graphql response leaves exactly one audit record, so
 * the record is where requests are counted: by outcome, denied coordinates and refusing limit.
 */
export function meteredAuditStore(store: AuditStore, metrics: GatewayMetrics): MeteredAuditStore {
  let queued = 0;
  const append = (input: AuditEventInput) =>
    inSpan('clets.audit.write', { 'clets.audit.outcome': input.outcome }, async () => {
      const started = performance.now();
      queued += 1;
      try {
        const event = await store.append(input);
        metrics.auditWritten((performance.now() - started) / 1000, 'ok');
        metrics.recorded(input, true);
        return event;
      } catch (error) {
        metrics.auditWritten((performance.now() - started) / 1000, 'failed');
        metrics.recorded(input, false);
        throw error;
      } finally {
        queued -= 1;
      }
    });
  return {
    kind: store.kind,
    get queueDepth() {
      return queued;
    },
    append,
    query: (query) => store.query(query),
    events: (seqs) => store.events(seqs),
    after: (afterSeq, limit) => store.after(afterSeq, limit),
    verify: () => store.verify(),
    purge: (before) => store.purge(before),
    addAlerts: (alerts) => store.addAlerts(alerts),
    alerts: (query) => store.alerts(query),
    cases: store.cases,
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
