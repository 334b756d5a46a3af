import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditEventInput } from '../../audit/event.ts';
import type { ReloadOutcome } from '../policy/live-policy.ts';
import type { BreakerState } from '../sources/breaker.ts';

/** Where a subgraph fetch ended: answered, out of time, or failed / refused by an open breaker. */
export type FetchOutcome = 'ok' | 'SOURCE_TIMEOUT' | 'SOURCE_UNAVAILABLE';

/** What the metrics read on each scrape rather than count as they happen. */
export interface MetricsSources {
  /** Subgraph names (labels of the breaker gauge: one series each, from the supergraph). */
  subgraphs: readonly string[];
  breakerState(subgraph: string): BreakerState;
  /** Audit events submitted and not yet durable or failed (the group-commit queue). */
  auditQueueDepth(): number;
}

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
/** Error codes are labels only when they look like codes; anything else counts as OTHER. */
const CODE = /^[A-Z][A-Z0-9_]{0,47}$/;
/** `limit=<name>` at the start of a refusal's audit reason (operation and rate limits write it). */
const LIMIT = /^limit=([a-zA-Z][\w-]{0,47})/;

/**
 * The gateway's Prometheus metrics, on a registry of its own (several gateways in one test process do not
 * share series). Label values come from bounded sets: audit outcomes, error codes, schema coordinates,
 * limit names, subgraph names — never a caller, a person or a record.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'outcome'>;
  private readonly errors: Counter<'code'>;
  private readonly deniedFields: Counter<'coordinate'>;
  private readonly limitRefusals: Counter<'outcome' | 'limit'>;
  private readonly subgraphFetch: Histogram<'subgraph' | 'outcome'>;
  private readonly auditWrite: Histogram<'outcome'>;
  private readonly policyReloads: Counter<'policy' | 'result'>;
  private readonly shadowDifferences: Counter<'coordinate' | 'live' | 'candidate'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'clets_gateway_requests_total',
      help: 'GraphQL requests by audit outcome (PARTIAL: data returned with some fields denied; AUDIT_UNAVAILABLE: the record failed, 503).',
      labelNames: ['outcome'],
      registers,
    });
    this.errors = new Counter({
      name: 'clets_gateway_response_errors_total',
      help: 'Errors in executed GraphQL responses by extensions.code (FORBIDDEN, SOURCE_TIMEOUT, ...).',
      labelNames: ['code'],
      registers,
    });
    this.deniedFields = new Counter({
      name: 'clets_gateway_denied_fields_total',
      help: 'Requests in which a field was denied, by schema coordinate (Type.field).',
      labelNames: ['coordinate'],
      registers,
    });
    this.limitRefusals = new Counter({
      name: 'clets_gateway_limit_refusals_total',
      help: 'Requests refused by an operation limit (QUERY_TOO_COMPLEX) or a rate limit (RATE_LIMITED), by limit.',
      labelNames: ['outcome', 'limit'],
      registers,
    });
    this.subgraphFetch = new Histogram({
      name: 'clets_gateway_subgraph_fetch_seconds',
      help: 'Fetches from the gateway to a subgraph, by subgraph and outcome (ok, SOURCE_TIMEOUT, SOURCE_UNAVAILABLE).',
      labelNames: ['subgraph', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.auditWrite = new Histogram({
      name: 'clets_gateway_audit_write_seconds',
      help: 'Time to make one audit event durable (group commit included), by outcome (ok, failed).',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.policyReloads = new Counter({
      name: 'clets_gateway_policy_reloads_total',
      help: 'Policy reloads (SIGHUP or a changed file), by policy (live, candidate) and result (reloaded, unchanged, refused).',
      labelNames: ['policy', 'result'],
      registers,
    });
    this.shadowDifferences = new Counter({
      name: 'clets_gateway_policy_shadow_differences_total',
      help: 'Shadow mode: requests in which the candidate policy would have decided a field differently, by coordinate and both decisions.',
      labelNames: ['coordinate', 'live', 'candidate'],
      registers,
    });
    new Gauge({
      name: 'clets_gateway_audit_queue_depth',
      help: 'Audit events waiting for or inside a group commit.',
      registers,
      collect() {
        this.set(sources.auditQueueDepth());
      },
    });
    new Gauge({
      name: 'clets_gateway_source_breaker_state',
      help: 'Circuit breaker toward each subgraph: 0 closed, 1 half-open, 2 open.',
      labelNames: ['subgraph'],
      registers,
      collect() {
        for (const subgraph of sources.subgraphs) this.set({ subgraph }, BREAKER_VALUE[sources.breakerState(subgraph)]);
      },
    });
  }

  /** One request's audit record was written (or failed: `written` false). */
  recorded(event: AuditEventInput, written: boolean): void {
    if (!written) {
      this.requests.inc({ outcome: 'AUDIT_UNAVAILABLE' });
      return;
    }
    this.requests.inc({ outcome: event.outcome === 'ALLOWED' && event.fieldsDenied.length > 0 ? 'PARTIAL' : event.outcome });
    for (const coordinate of event.fieldsDenied) this.deniedFields.inc({ coordinate });
    for (const { coordinate, live, candidate } of event.shadow?.differences ?? [])
      this.shadowDifferences.inc({ coordinate, live, candidate });
    if (event.outcome === 'QUERY_TOO_COMPLEX' || event.outcome === 'RATE_LIMITED') {
      this.limitRefusals.inc({ outcome: event.outcome, limit: LIMIT.exec(event.reason ?? '')?.[1] ?? 'unknown' });
    }
  }

  policyReloaded(outcome: ReloadOutcome): void {
    this.policyReloads.inc({ policy: 'live', result: outcome.live.result });
    if (outcome.candidate) this.policyReloads.inc({ policy: 'candidate', result: outcome.candidate.result });
  }

  responseErrors(codes: readonly unknown[]): void {
    for (const code of codes) this.errors.inc({ code: typeof code === 'string' && CODE.test(code) ? code : 'OTHER' });
  }

  auditWritten(seconds: number, outcome: 'ok' | 'failed'): void {
    this.auditWrite.observe({ outcome }, seconds);
  }

  fetched(subgraph: string, outcome: FetchOutcome, seconds: number): void {
    this.subgraphFetch.observe({ subgraph, outcome }, seconds);
  }
}
