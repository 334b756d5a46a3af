import type { RequestHandler } from 'express';
import { PROBE_QUERY, type GraphQLRequestBody } from '../common/gateway-context.ts';
import type { AuditStore } from '../audit/store.ts';
import type { SubgraphEndpoint } from './endpoints.ts';
import type { SubgraphHeaders } from './gateway.ts';
import type { Logger } from './logger.ts';
import type { PolicyStatus } from './policy/live-policy.ts';

/** One component's answer to the readiness check (logged; the public answer only names what is down). */
export interface ComponentCheck {
  /** A subgraph's name, `audit` (the audit store) or `policy` (schema loaded and policy compiled). */
  name: string;
  ok: boolean;
  latencyMs: number;
  /** Why it is not ready (timeout, refused connection, HTTP status, unexpected answer, store error). */
  error?: string;
  /** Where a subgraph was probed (logged only). */
  url?: string;
}

export interface Readiness {
  ready: boolean;
  checks: ComponentCheck[];
}

/** What the anonymous `/ready` answers: no URLs, no error text. */
export interface PublicReadiness {
  status: 'ready' | 'unavailable';
  /** Names of the components that are not ready, e.g. `["cori", "audit"]`. */
  down: string[];
  /**
   * The policy in force: its version (a content hash, no secret: it names files anyone with the repository
   * has) and, when the latest reload was refused, when (the problems are in the log only).
   */
  policy?: PolicyStatus;
}

export interface ReadinessOptions {
  endpoints: readonly SubgraphEndpoint[];
  /** Signs each probe (a probe-only context that can run nothing but `PROBE_QUERY`). */
  subgraphHeaders: SubgraphHeaders;
  auditStore: Pick<AuditStore, 'ping'>;
  /** True once the schema is loaded and its policy compiled. */
  policyLoaded(): boolean;
  /** Versions of the live and candidate policies and refused reloads (gateway/policy/live-policy.ts). */
  policyStatus?(): PolicyStatus;
  /** Sources whose circuit breaker is open: reported down, whatever their probe says. */
  openCircuits?(): string[];
  /** How long each subgraph and the audit store may take. */
  timeoutMs: number;
  logger: Logger;
}

const PROBE: GraphQLRequestBody = { query: PROBE_QUERY };

/**
 * `GET /ready`: 200 `{status: "ready", down: []}` when every subgraph answers the probe, the audit store
 * answers its ping and the policy is loaded; else 503 naming what is down. Details go to the log.
 */
export function readinessRoute(options: ReadinessOptions): RequestHandler {
  // Concurrent anonymous calls share one check: /ready cannot be used to multiply subgraph requests.
  let inFlight: Promise<Readiness> | undefined;
  return async (_req, res) => {
    inFlight ??= checkReadiness(options)
      .then((readiness) => {
        const down = readiness.checks.filter((c) => !c.ok);
        if (down.length > 0) options.logger.warn({ down }, 'not ready');
        return readiness;
      })
      .finally(() => {
        inFlight = undefined;
      });
    const readiness = await inFlight;
    const down = [...new Set(readiness.checks.filter((c) => !c.ok).map((c) => c.name))];
    const policy = options.policyStatus?.();
    const answer: PublicReadiness = { status: readiness.ready ? 'ready' : 'unavailable', down, ...(policy ? { policy } : {}) };
    res.status(readiness.ready ? 200 : 503).json(answer);
  };
}

/** Checks every subgraph and the audit store in parallel, each with its own timeout. */
export async function checkReadiness(options: ReadinessOptions): Promise<Readiness> {
  const policy: ComponentCheck = { name: 'policy', ok: options.policyLoaded(), latencyMs: 0 };
  const checks = await Promise.all([
    ...options.endpoints.map((endpoint) => probeSubgraph(endpoint, options)),
    timed('audit', options.timeoutMs, () => options.auditStore.ping()),
  ]);
  const breakers = (options.openCircuits?.() ?? []).map((name): ComponentCheck => ({
    name,
    ok: false,
    latencyMs: 0,
    error: 'circuit breaker open: its fetches fail fast until a probe succeeds',
  }));
  const all = [...checks, ...breakers, ...(policy.ok ? [] : [{ ...policy, error: 'the schema or its policy is not loaded' }])];
  return { ready: all.every((c) => c.ok), checks: all };
}

/** Asks one subgraph the probe query; ready when it answers `{ data: { __typename: "Query" } }`. */
function probeSubgraph({ name, url }: SubgraphEndpoint, options: ReadinessOptions): Promise<ComponentCheck> {
  return timed(name, options.timeoutMs, async (signal) => {
    const headers = await options.subgraphHeaders({ subgraph: name, body: PROBE });
    const response = await fetch(url, {
      method: 'POST',
      // A content type that is not a "simple" one satisfies the subgraphs' CSRF prevention.
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(PROBE),
      signal,
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as { data?: { __typename?: unknown } };
    if (body.data?.__typename !== 'Query') throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 200)}`);
  }).then((check) => ({ ...check, url }));
}

/** Runs one check with a timeout; a rejection or timeout makes it not ok, with the reason. */
async function timed(name: string, timeoutMs: number, check: (signal: AbortSignal) => Promise<void>): Promise<ComponentCheck> {
  const started = performance.now();
  const signal = AbortSignal.timeout(timeoutMs);
  const result = (ok: boolean, error?: string): ComponentCheck => ({
    name,
    ok,
    latencyMs: Math.round(performance.now() - started),
    ...(error === undefined ? {} : { error }),
  });
  const timeout = new Promise<never>((_resolve, reject) => {
    // AbortSignal.timeout aborts with a TimeoutError DOMException.
    signal.addEventListener('abort', () => reject(signal.reason as DOMException), { once: true });
  });
  try {
    await Promise.race([check(signal), timeout]);
    return result(true);
  } catch (error) {
    return result(false, describe(error, timeoutMs));
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) {
    const cause = error.cause;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
