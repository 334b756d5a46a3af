import './telemetry.ts'; // FIRST: must run before @apollo/gateway is constructed (no calls out).
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GatewayConfig,
  type GraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import type { GraphQLRequestBody } from '../common/gateway-context.ts';
import { REQUEST_ID_HEADER, type GatewayContext } from './context.ts';
import type { SubgraphEndpoint } from './endpoints.ts';
import type { Logger } from './logger.ts';
import { CircuitOpenError } from './sources/breaker.ts';
import { InFlightFetches } from './sources/in-flight.ts';
import type { SourceGuard } from './sources/source-guard.ts';
import { sourceUnavailable } from './subgraph-errors.ts';

export interface GatewayOptions {
  /** The composed supergraph SDL (static: the gateway never polls or asks subgraphs for `_service`). */
  supergraphSdl: string;
  /** Where each subgraph is reached (see `subgraphEndpoints`). */
  endpoints: readonly SubgraphEndpoint[];
  logger: Logger;
  /** Extra headers on every fetch made for a client operation (e.g. a signed caller context). */
  subgraphHeaders?: SubgraphHeaders;
  /** Deadlines and circuit breakers for the fetches; without one a fetch waits as long as its source. */
  sources?: SourceGuard;
  /** Subgraphs served inside the gateway's process (routing_url `in-process:<name>`), by name. */
  inProcess?: Readonly<Record<string, GraphQLDataSource<GatewayContext>>>;
}

/** One request the gateway is about to send a subgraph. */
export interface SubgraphRequest {
  /** The subgraph's name in the supergraph. */
  subgraph: string;
  /** Exactly what is serialized as the HTTP body (headers may bind it, e.g. by a hash). */
  body: GraphQLRequestBody;
  /** The client request it serves; `undefined` for the gateway's own requests (readiness probes). */
  context?: GatewayContext;
}

/** Headers the gateway adds to one request to a subgraph (called once per fetch, just before it is sent). */
export type SubgraphHeaders = (request: SubgraphRequest) => Promise<Record<string, string>> | Record<string, string>;

/** The logger interface Apollo's gateway accepts (debug/info/warn/error); a pino logger fits. */
type GatewayLogger = NonNullable<GatewayConfig['logger']>;

type DidEncounterError = Parameters<RemoteGraphQLDataSource<GatewayContext>['didEncounterError']>;

/**
 * Sends the gateway's fetches to one subgraph, carrying the caller's request id (so that gateway and
 * subgraph work on one request can be correlated) and any configured `subgraphHeaders`. A failed
 * fetch (refused connection, HTTP error) reaches the client as SOURCE_UNAVAILABLE naming the source;
 * the details (URL, status, body) are logged, not returned.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new InFlightFetches((error) => {
    const cause = this.causes.get(error as object);
    if (cause !== undefined) this.sources?.sharedFetchFailed(this.name, cause);
  });
  /** The fetch failure behind each error handed to the client, for the breaker's count of merged waiters. */
  private readonly causes = new WeakMap<object, unknown>();

  constructor(
    readonly name: string,
    url: string,
    private readonly logger: Logger,
    private readonly subgraphHeaders?: SubgraphHeaders,
    private readonly sources?: SourceGuard,
  ) {
    // No automatic persisted queries: with APQ one fetch sends two different bodies, and the signed
    // context binds exactly one. (The fetcher does not retry either: a resent context would be refused.)
    super({ url, apq: false, ...(sources ? { fetcher: sources.fetcherFor(name) } : {}) });
  }

  /**
   * Every fetch runs under the deadline of the client request it serves; an identical query fetch of the
   * same caller already in flight is waited for instead (sources/in-flight.ts).
   */
  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    return this.inFlight.run(this.name, options, () => {
      if (!this.sources) return super.process(options);
      const startedAt = 'incomingRequestContext' in options ? options.context.startedAt : undefined;
      return this.sources.withinRequest(startedAt, () => super.process(options));
    });
  }

  override didEncounterError(...[error, , , context]: DidEncounterError): void {
    // An open breaker was logged once when it opened; its fast failures are not logged one by one.
    const level = error instanceof CircuitOpenError ? 'debug' : 'error';
    this.logger[level]({ err: error, subgraph: this.name, url: this.url, requestId: context?.requestId }, 'subgraph request failed');
    const clientError = this.sources?.clientError(this.name, error) ?? sourceUnavailable(this.name);
    this.causes.set(clientError, error);
    throw clientError;
  }

  /**
   * Called once per fetch, after the request is final and just before `process` serializes it (as
   * JSON of the request without `http`), so the body handed to `subgraphHeaders` is the one sent.
   */
  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Only fetches made for a client's operation carry its context (not health checks or schema loads).
    if (!('incomingRequestContext' in options)) return;
    const { request, context } = options;
    const headers = request.http?.headers;
    if (!headers) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    context.sources?.add(this.name);
    const body: GraphQLRequestBody = {
      query: request.query,
      operationName: request.operationName,
      variables: request.variables,
      extensions: request.extensions,
    };
    for (const [name, value] of Object.entries((await this.subgraphHeaders?.({ subgraph: this.name, body, context })) ?? {})) {
      headers.set(name, value);
    }
  }
}

/**
 * Builds the federation gateway: query planning over the static supergraph, one data source per
 * subgraph. The one place the gateway is constructed, so that a wrapper (e.g. field-level
 * authorization, as a custom GatewayInterface) can take it as its inner gateway.
 */
export function createGateway(options: GatewayOptions): ApolloGateway {
  const urls = new Map(options.endpoints.map((e) => [e.name, e.url]));
  const logger: GatewayLogger = options.logger;
  return new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger,
    buildService: ({ name, url }) =>
      options.inProcess?.[name] ??
      new SubgraphDataSource(name, urls.get(name) ?? url ?? '', options.logger, options.subgraphHeaders, options.sources),
  });
}
