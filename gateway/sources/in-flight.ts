import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../context.ts';

type Response = Awaited<ReturnType<import('@apollo/gateway').GraphQLDataSource<GatewayContext>['process']>>;

/**
 * Merges identical in-flight query fetches of ONE caller: a fetch with the same subgraph, the same body and
 * the same decided caller (sub, ori, roles, purpose, validated case / incident: exactly what the signed
 * context carries apart from the request id) as one already on its way waits for that one's response
 * instead of asking the source again. Never mutations (each must run), never across callers (what a
 * source returns depends on who asks), never a fetch outside a client operation. Each waiter gets its own
 * copy of the response, since the executor merges fetched objects into its result tree in place; each
 * client request still runs its own shield pass and writes its own audit record.
 */
export class InFlightFetches {
  private readonly pending = new Map<string, Promise<Response>>();

  /** `onSharedFailure`: told when a waiter (not the one that fetched) gets the shared fetch's failure. */
  constructor(private readonly onSharedFailure: (error: unknown) => void = () => undefined) {}

  run(subgraph: string, options: GraphQLDataSourceProcessOptions<GatewayContext>, fetch: () => Promise<Response>): Promise<Response> {
    const key = mergeKey(subgraph, options);
    if (key === undefined) return fetch();
    const inFlight = this.pending.get(key);
    if (inFlight) {
      if ('incomingRequestContext' in options) options.context.sources.add(subgraph);
      return inFlight.then(copyOf, (error: unknown) => {
        this.onSharedFailure(error);
        throw error;
      });
    }
    const started = fetch();
    this.pending.set(key, started);
    const done = () => this.pending.delete(key);
    started.then(done, done);
    return started.then(copyOf);
  }
}

function mergeKey(subgraph: string, options: GraphQLDataSourceProcessOptions<GatewayContext>): string | undefined {
  if (!('incomingRequestContext' in options)) return undefined;
  const caller = options.context.authorization?.decisionContext;
  const { query, operationName, variables, extensions } = options.request;
  if (!caller || query === undefined || !isQuery(query)) return undefined;
  const { sub, ori, roles, purpose, caseNumber, incidentNumber } = caller;
  return JSON.stringify([
    subgraph,
    sub,
    ori,
    roles,
    purpose,
    caseNumber ?? null,
    incidentNumber ?? null,
    query,
    operationName ?? null,
    variables ?? null,
    extensions ?? null,
  ]);
}

/** The planner's fetch documents hold one operation; only one that is plainly a query is merged. */
function isQuery(document: string): boolean {
  const start = document.trimStart();
  return start.startsWith('{') || /^query\b/.test(start);
}

function copyOf(response: Response): Response {
  const { http, ...body } = response;
  return { ...structuredClone(body), ...(http ? { http } : {}) };
}
