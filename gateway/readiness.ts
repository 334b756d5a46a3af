import type { SubgraphEndpoint } from './endpoints.ts';

/** One subgraph's answer to the readiness probe. */
export interface SubgraphProbe {
  name: string;
  url: string;
  ok: boolean;
  /** Round trip in milliseconds. */
  latencyMs: number;
  /** Why it is not ready (timeout, refused connection, HTTP status, GraphQL errors). */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  schemaLoaded: boolean;
  subgraphs: SubgraphProbe[];
}

const PROBE = JSON.stringify({ query: 'query __GatewayReadinessProbe__ { __typename }' });

/**
 * Asks every subgraph a trivial query in parallel, each with its own timeout. Ready when the schema is
 * loaded and every subgraph answered `{ data: { __typename: "Query" } }`.
 */
export async function checkReadiness(
  endpoints: readonly SubgraphEndpoint[],
  schemaLoaded: boolean,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<Readiness> {
  const subgraphs = await Promise.all(endpoints.map((endpoint) => probe(endpoint, timeoutMs, headers)));
  return { ready: schemaLoaded && subgraphs.every((s) => s.ok), schemaLoaded, subgraphs };
}

async function probe({ name, url }: SubgraphEndpoint, timeoutMs: number, headers: Record<string, string>): Promise<SubgraphProbe> {
  const started = performance.now();
  const result = (ok: boolean, error?: string): SubgraphProbe => ({
    name,
    url,
    ok,
    latencyMs: Math.round(performance.now() - started),
    ...(error === undefined ? {} : { error }),
  });
  try {
    const response = await fetch(url, {
      method: 'POST',
      // A content type that is not a "simple" one satisfies the subgraphs' CSRF prevention.
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: PROBE,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return result(false, `HTTP ${response.status}`);
    const body = (await response.json()) as { data?: { __typename?: unknown }; errors?: unknown[] };
    if (body.data?.__typename !== 'Query') return result(false, `unexpected answer: ${JSON.stringify(body).slice(0, 200)}`);
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
