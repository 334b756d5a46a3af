import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import type { SubgraphName } from '../../common/config.ts';
import { Store } from './store.ts';
import { observabilityPlugin, subgraphLogger, withRequestId } from './observability.ts';
import { createGatewayContextVerifier, GATEWAY_CONTEXT_HEADER, type GatewayContextClaims } from '../../common/gateway-context.ts';

/**
 * What every resolver receives: the source's store, this request's DataLoaders, its request id and the
 * caller as the gateway vouched for them (signed context).
 */
export interface SubgraphContext<Loaders, S = Store> {
  store: S;
  loaders: Loaders;
  requestId: string;
  caller: GatewayContextClaims;
}

/** Everything that makes one subgraph: its SDL, its resolvers, its store file and its loaders. */
export interface SubgraphDefinition<Loaders> {
  name: SubgraphName;
  /** Absolute path of the subgraph's Federation 2 SDL file. */
  schemaFile: string;
  /** File name of the subgraph's SQLite store inside the data directory. */
  storeFile: string;
  resolvers: GraphQLResolverMap<SubgraphContext<Loaders>>;
  /** Fresh DataLoaders for one request (batching and caching are per request). */
  createLoaders(store: Store): Loaders;
  /** Absolute paths of SQL files (idempotent DDL) run in order on the store when the subgraph starts. */
  migrations?: string[];
}

/** A store that counts the statements it runs, so tests can prove that resolvers batch. */
export interface StatementCounter {
  readonly statementCount: number;
}

/**
 * A subgraph serving over HTTP. `store` is the source's SQLite store; a subgraph that brings its own kind
 * of store (audit reads the audit trail) says which with `S`.
 */
export interface RunningSubgraph<S extends StatementCounter = Store> {
  name: SubgraphName;
  url: string;
  store: S;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  port: number;
  host?: string;
}

export function readSchema(schemaFile: string) {
  return parse(readFileSync(schemaFile, 'utf8'));
}

/** Starts one subgraph over HTTP on its own store. Port 0 picks a free port. */
export async function startSubgraph<L>(def: SubgraphDefinition<L>, options: StartOptions): Promise<RunningSubgraph> {
  const store = new Store(path.join(options.dataDir, def.storeFile), { readonly: false });
  try {
    for (const migration of def.migrations ?? []) store.db.exec(readFileSync(migration, 'utf8'));
    const served = await serveSubgraph<SubgraphContext<L>>({
      name: def.name,
      schemaFile: def.schemaFile,
      resolvers: def.resolvers,
      port: options.port,
      host: options.host,
      context: (caller, requestId) => ({ store, loaders: def.createLoaders(store), requestId, caller }),
    });
    return {
      name: def.name,
      url: served.url,
      store,
      async stop() {
        await served.stop();
        store.close();
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

export interface ServeOptions<C> {
  /** The subgraph's name in the supergraph: the audience a gateway context must be signed for. */
  name: SubgraphName;
  /** Absolute path of the subgraph's Federation 2 SDL file. */
  schemaFile: string;
  resolvers: GraphQLResolverMap<C>;
  port: number;
  /** @default 127.0.0.1 */
  host?: string;
  /** One request's context, built once the gateway's signed context has been verified. */
  context(caller: GatewayContextClaims, requestId: string): C;
}

/**
 * Serves a subgraph schema over HTTP behind the gateway's signed context: every request without a valid
 * one is refused with 401 (`_entities` and `_service` included). `startSubgraph` serves the five sources
 * with it; a subgraph with another kind of store (audit) calls it directly.
 */
export async function serveSubgraph<C extends object>(options: ServeOptions<C>): Promise<{ url: string; stop(): Promise<void> }> {
  // First: without the gateway's public key a subgraph must not start.
  const verifyGatewayContext = await createGatewayContextVerifier(options.name);
  const logger = subgraphLogger(options.name);
  const schema = buildSubgraphSchema({
    typeDefs: readSchema(options.schemaFile),
    // The resolver map is typed by our context; buildSubgraphSchema only knows `unknown`.
    resolvers: options.resolvers as GraphQLResolverMap<unknown>,
  });
  // The process that starts subgraphs (npm start runs five and the gateway) owns SIGINT/SIGTERM and
  // stops them in order; Apollo's own handlers would stop each server and re-raise the signal.
  const server = new ApolloServer<C>({
    schema,
    stopOnTerminationSignals: false,
    // Stack traces name our files and lines: only when NODE_ENV=development is stated (Apollo's own default
    // is any NODE_ENV but production and test), and never to a caller refused for its context.
    includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
    formatError: withoutStackOnRefusal,
    // No usage traces to the gateway and no landing page (it would load a sandbox from a CDN).
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      observabilityPlugin<C>(options.name, logger),
    ],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port, host: options.host ?? '127.0.0.1' },
    context: async ({ req }) => {
      // Subgraphs trust only the gateway: no valid signed context for this subgraph and this very body,
      // used once, no answer (_entities and _service too). The body was parsed by the JSON body parser.
      let caller: GatewayContextClaims;
      try {
        const body = (req as { body?: unknown }).body;
        caller = await verifyGatewayContext(headerValue(req.headers[GATEWAY_CONTEXT_HEADER]), { method: req.method ?? '', body });
      } catch (error) {
        logger.warn({ requestId: headerValue(req.headers['x-request-id']), reason: (error as Error).message }, 'gateway context refused');
        throw new GraphQLError(`Unauthenticated: ${(error as Error).message}`, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      // The signed request id first: the header is not covered by the signature.
      const requestId = caller.requestId || headerValue(req.headers['x-request-id']) || randomUUID();
      return withRequestId(options.context(caller, requestId), requestId);
    },
  });
  return { url: new URL('/graphql', url).toString(), stop: () => server.stop() };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A caller refused for its gateway context (401) learns nothing about the subgraph's code, in any mode. */
function withoutStackOnRefusal(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (extensions?.code !== 'UNAUTHENTICATED' || !('stacktrace' in extensions)) return formatted;
  return { ...formatted, extensions: Object.fromEntries(Object.entries(extensions).filter(([key]) => key !== 'stacktrace')) };
}
