import './telemetry.ts'; // FIRST: before anything that loads @apollo/gateway.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import { REPO_ROOT } from '../subgraphs/shared/config.ts';
import { createGatewayContextSigner } from '../subgraphs/shared/gateway-context.ts';
import { authenticate, requirePurpose } from './access.ts';
import { openAuditStore } from './audit/open-store.ts';
import { auditPlugin } from './audit/plugin.ts';
import { AuditRecorder } from './audit/recorder.ts';
import type { AuditStore } from './audit/store.ts';
import { AuthorizingGateway } from './authz/authorizing-gateway.ts';
import { DEFAULT_GATEWAY_PORT, type GatewayConfig } from './config.ts';
import { createContext, REQUEST_ID_HEADER, type GatewayContext } from './context.ts';
import { subgraphEndpoints, type SubgraphEndpoint } from './endpoints.ts';
import { errorLoggingPlugin } from './error-logging.ts';
import { createGateway, type SubgraphHeaders } from './gateway.ts';
import { httpErrorHandler, notFound } from './http-errors.ts';
import { ideRouter, type IdeOptions } from './ide.ts';
import { defaultIdeQuery } from './ide-query.ts';
import { createTokenVerifier } from './identity/verify.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadPolicy, PolicyError, uncoveredFields } from './policy/load.ts';
import { checkReadiness } from './readiness.ts';
import { signedSubgraphContext } from './subgraph-context.ts';
import { formatGatewayError } from './subgraph-errors.ts';

export interface StartGatewayOptions extends Partial<GatewayConfig> {
  /** The supergraph SDL itself; when absent it is read from `supergraphPath`. */
  supergraphSdl?: string;
  /** Logger to use; when absent one is created at `logLevel`. */
  logger?: Logger;
  /** IDE settings; the default opens on a unified profile of the showcase wanted driver. */
  ide?: Partial<IdeOptions>;
  /** Headers on the gateway's requests to subgraphs; default: the signed caller context they require. */
  subgraphHeaders?: SubgraphHeaders;
  /**
   * The audit store; default `openAuditStore(process.env)`: PostgreSQL with DATABASE_URL, else SQLite
   * at AUDIT_DB (default <DATA_DIR>/audit.sqlite). A store passed in is not closed by `stop()`.
   */
  auditStore?: AuditStore;
}

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Scheme, host and port, e.g. `http://127.0.0.1:4000` (IDE at `/`, `/health`, `/ready`). */
  origin: string;
  /** Where the gateway sends each subgraph's fetches. */
  endpoints: readonly SubgraphEndpoint[];
  /** Stops accepting connections, lets in-flight requests finish, stops the gateway. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the gateway: Apollo Server 5 with the federation gateway at `/graphql` (POST and GET), health
 * and readiness probes, and the offline IDE at `/`. The wiring of the gateway's concerns lives here:
 * request context → identity → stated purpose → AuthorizingGateway (prune, plan, execute, shield) →
 * audit record → response.
 */
export async function startGateway(options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const bodyLimitBytes = options.bodyLimitBytes ?? 100 * 1024;
  const readyTimeoutMs = options.readyTimeoutMs ?? 1000;
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const supergraphSdl = options.supergraphSdl ?? readSupergraph(options.supergraphPath);
  const endpoints = subgraphEndpoints(supergraphSdl, options.subgraphUrls ?? {});

  const policyDir = options.policyDir ?? path.join(REPO_ROOT, 'policies');
  const auditStore = options.auditStore ?? (await openAuditStore(process.env));
  const recorder = new AuditRecorder(auditStore, logger.child({ component: 'audit' }));
  const verifyToken = await createTokenVerifier(options.identity ?? { mode: 'development' });
  const subgraphHeaders = options.subgraphHeaders ?? signedSubgraphContext(await createGatewayContextSigner());
  const gateway = new AuthorizingGateway(
    createGateway({ supergraphSdl, endpoints, logger: logger.child({ component: 'apollo-gateway' }), subgraphHeaders }),
    (apiSchema) => completePolicy(policyDir, apiSchema),
  );
  const app = express();
  const httpServer = http.createServer(app);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    logger: logger.child({ component: 'apollo-server' }),
    introspection: options.allowIntrospection ?? false,
    includeStacktraceInErrorResponses: false,
    formatError: formatGatewayError,
    stopOnTerminationSignals: false, // the run scripts own SIGINT/SIGTERM (scripts/shutdown.ts)
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      errorLoggingPlugin(logger),
      auditPlugin(recorder),
    ],
  });
  await server.start();
  let schemaLoaded = true;

  app.disable('x-powered-by');
  app.use(attachContext);
  app.get('/health', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const probeHeaders = await subgraphHeaders(undefined);
    const readiness = await checkReadiness(endpoints, schemaLoaded && gateway.ready, readyTimeoutMs, probeHeaders);
    const down = readiness.subgraphs.filter((s) => !s.ok).map((s) => s.name);
    res.status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'unavailable', down, ...readiness });
  });
  app.use(
    ideRouter({
      defaultQuery: options.ide?.defaultQuery ?? defaultIdeQuery(),
      ...options.ide,
    }),
  );
  app.use(
    '/graphql',
    authenticate(verifyToken, recorder, logger),
    requirePurpose(() => gateway.policy, recorder, logger),
    express.json({ limit: bodyLimitBytes }),
    ensureBody,
    expressMiddleware(server, { context: async ({ res }) => contextOf(res.locals) }),
  );
  app.use(notFound);
  app.use(httpErrorHandler(logger));

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? DEFAULT_GATEWAY_PORT, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await server.stop(); // e.g. EADDRINUSE: do not leave the gateway running without a listener
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `${origin}/graphql`;
  logger.info(
    { url, ide: `${origin}/`, health: `${origin}/health`, ready: `${origin}/ready`, subgraphs: Object.fromEntries(endpoints.map((e) => [e.name, e.url])) },
    'gateway listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    url,
    origin,
    endpoints,
    stop() {
      stopping ??= (async () => {
        schemaLoaded = false;
        await server.stop(); // drains the HTTP server, then stops the gateway
        if (!options.auditStore) await auditStore.close();
        logger.info({ url }, 'gateway stopped');
      })();
      return stopping;
    },
  };
}

/** The policy for this API schema, refusing to start when it is invalid or leaves a field uncovered. */
function completePolicy(policyDir: string, apiSchema: GraphQLSchema) {
  const policy = loadPolicy(policyDir, apiSchema);
  const missing = uncoveredFields(policy, apiSchema);
  if (missing.length > 0) {
    throw new PolicyError(missing.map((field) => ({ file: policyDir, line: 1, message: `no rule covers ${field}` })));
  }
  return policy;
}

function readSupergraph(file: string | undefined): string {
  if (file === undefined) throw new Error('startGateway needs supergraphSdl or supergraphPath');
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the supergraph at ${file} (${(error as Error).message}); run \`npm run compose\``);
  }
}

/** Builds the request's context once, before any route, and echoes the request id to the caller. */
const attachContext: RequestHandler = (req, res, next) => {
  const context = createContext(req);
  res.locals.gatewayContext = context;
  res.setHeader(REQUEST_ID_HEADER, context.requestId);
  next();
};

function contextOf(locals: Record<string, unknown>): GatewayContext {
  return locals.gatewayContext as GatewayContext;
}

/** Express 5 leaves `req.body` unset when nothing was parsed (GET); Apollo's middleware wants it present. */
const ensureBody: RequestHandler = (req, _res, next) => {
  if (!('body' in req)) (req as { body?: unknown }).body = undefined;
  next();
};
