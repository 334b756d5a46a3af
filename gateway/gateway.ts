import './telemetry.ts'; // FIRST: must run before @apollo/gateway is constructed (no calls out).
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GatewayConfig,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { REQUEST_ID_HEADER, type GatewayContext } from './context.ts';
import type { SubgraphEndpoint } from './endpoints.ts';
import type { Logger } from './logger.ts';
import { sourceUnavailable } from './subgraph-errors.ts';

export interface GatewayOptions {
  /** The composed supergraph SDL (static: the gateway never polls or asks subgraphs for `_service`). */
  supergraphSdl: string;
  /** Where each subgraph is reached (see `subgraphEndpoints`). */
  endpoints: readonly SubgraphEndpoint[];
  logger: Logger;
  /** Extra headers on every fetch made for a client operation (e.g. a signed caller context). */
  subgraphHeaders?: SubgraphHeaders;
}

/**
 * Headers the gateway adds to what it sends a subgraph: called with the request's context for a
 * client operation, or with `undefined` for the gateway's own requests (readiness probes).
 */
export type SubgraphHeaders = (context: GatewayContext | undefined) => Promise<Record<string, string>> | Record<string, string>;

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
  constructor(
    readonly name: string,
    url: string,
    private readonly logger: Logger,
    private readonly subgraphHeaders?: SubgraphHeaders,
  ) {
    super({ url });
  }

  override didEncounterError(...[error, , , context]: DidEncounterError): void {
    this.logger.error({ err: error, subgraph: this.name, url: this.url, requestId: context?.requestId }, 'subgraph request failed');
    throw sourceUnavailable(this.name);
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Only fetches made for a client's operation carry its context (not health checks or schema loads).
    if (!('incomingRequestContext' in options)) return;
    const headers = options.request.http?.headers;
    if (!headers) return;
    headers.set(REQUEST_ID_HEADER, options.context.requestId);
    options.context.sources?.add(this.name);
    for (const [name, value] of Object.entries((await this.subgraphHeaders?.(options.context)) ?? {})) {
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
    buildService: ({ name, url }) => new SubgraphDataSource(name, urls.get(name) ?? url ?? '', options.logger, options.subgraphHeaders),
  });
}
