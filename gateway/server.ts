import './telemetry.ts'; // FIRST: before anything that loads @apollo/gateway.
import './observability/tracing-start.ts'; // before express and http load (OTEL_EXPORTER_OTLP_ENDPOINT only)
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import { REPO_ROOT } from '../common/config.ts';
import { authenticate, requirePurpose } from './access.ts';
import { ACCESS_SUBGRAPH, accessDataSource } from './access-api/subgraph.ts';
import { withVisibility } from './access-api/visibility.ts';
import { auditEveryResponse } from './audit/every-response.ts';
import { openAuditStore } from '../audit/open-store.ts';
import { auditPlugin } from './audit/plugin.ts';
import { AuditRecorder } from './audit/recorder.ts';
import type { AuditStore } from '../audit/store.ts';
import { AuthorizingGateway, type AuthorizationMutant } from './authz/authorizing-gateway.ts';
import { DEFAULT_GATEWAY_PORT, type GatewayConfig } from './config.ts';
import { createContext, REQUEST_ID_HEADER, type GatewayContext } from './context.ts';
import { subgraphEndpoints, type SubgraphEndpoint } from './endpoints.ts';
import { errorLoggingPlugin } from './error-logging.ts';
import { createGateway, type SubgraphHeaders } from './gateway.ts';
import { httpErrorBody, httpErrorHandler, notFound } from './http-errors.ts';
import { ideRouter, type IdeOptions } from './ide.ts';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS, defaultLimitsConfig, publicLimits } from './limits/config.ts';
import { limitsRoute } from './limits/limits-route.ts';
import { enforceOperationLimits, ServedSchema } from './limits/operation-limits-middleware.ts';
import { enforceRateLimits, throttleInvalidTokens } from './limits/rate-limit-middleware.ts';
import { RateLimits } from './limits/rate-limiter.ts';
import { defaultIdeQuery } from './ide-query.ts';
import { operationResolutionPlugin } from './operation-resolution.ts';
import { auditConsoleRouter } from './pages/audit/router.ts';
import { policyExplorerRouter } from './pages/policies/router.ts';
import { apiSchemaOfSupergraph } from './policy/api-schema.ts';
import { createTokenVerifier } from './identity/verify.ts';
import { createLogger, type Logger } from './logger.ts';
import { LivePolicy, type ReloadOutcome } from './policy/live-policy.ts';
import { readinessRoute } from './readiness.ts';
import { meteredAuditStore } from './observability/audit-metering.ts';
import { fetchObserver } from './observability/fetch-observer.ts';
import { GatewayMetrics } from './observability/metrics.ts';
import { metricsRoute } from './observability/metrics-route.ts';
import { enterRequestScope, metricsPlugin, resumeRequestScope } from './observability/request-scope.ts';
import { flushTracing } from './observability/tracing.ts';
import type { BreakerState } from './sources/breaker.ts';
import { SourceGuard } from './sources/source-guard.ts';
import { createGatewayContextSigner } from '../common/context-signer.ts';
import { signedSubgraphContext } from './subgraph-context.ts';
import { RMS_SUBGRAPH, rmsNeedToKnowLookup } from './need-to-know/rms-lookup.ts';
import { cachingConfirmations, confirmationTtlFromEnv } from './need-to-know/confirmed-cache.ts';
import { formatGatewayError, withoutSuggestions } from './subgraph-errors.ts';
import { trustedDocuments, trustedDocumentsFromEnv, type TrustedDocumentsConfig } from './trusted-documents.ts';

export interface StartGatewayOptions extends Partial<GatewayConfig> {
  /** The supergraph SDL itself; when absent it is read from `supergraphPath`. */
  supergraphSdl?: string;
  /** Logger to use; when absent one is created at `logLevel`. */
  logger?: Logger;
  /** Bearer token for `GET /metrics`; default METRICS_TOKEN; without one only the loopback may read it. */
  metricsToken?: string;
  /** IDE settings; the default opens on a unified profile of the showcase wanted driver. */
  ide?: Partial<IdeOptions>;
  /** Headers on the gateway's requests to subgraphs; default: the signed caller context they require. */
  subgraphHeaders?: SubgraphHeaders;
  /**
   * The audit store; default `openAuditStore(process.env)`: PostgreSQL with DATABASE_URL, else SQLite
   * at AUDIT_DB (default <DATA_DIR>/audit.sqlite). A store passed in is not closed by `stop()`.
   */
  auditStore?: AuditStore;
  /** Tests only (never read from configuration): a deliberately broken authorization the fuzz oracle must catch. */
  authorizationMutant?: AuthorizationMutant;
  /**
   * How long (ms, 0 to 2000) a case or incident number rms confirmed VALID is reused for the same caller;
   * default NEED_TO_KNOW_CACHE_MS or 2000. 0: every request that states a number asks rms.
   */
  needToKnowCacheMs?: number;
  /** Trusted documents (gateway/trusted-documents.ts); default from TRUSTED_DOCUMENTS_ORIS / TRUSTED_DOCUMENTS_FILE: off. */
  trustedDocuments?: TrustedDocumentsConfig;
}

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Scheme, host and port, e.g. `http://127.0.0.1:4000` (IDE at `/`, `/health`, `/ready`). */
  origin: string;
  /** Where the gateway sends each subgraph's fetches. */
  endpoints: readonly SubgraphEndpoint[];
  /**
   * Reads the policy folder (and the candidate's) again: a valid, changed policy is swapped in for the
   * requests that start after it; an invalid one is refused (logged, reported by /ready), the old one
   * stays. `npm run gateway` and `npm start` call it on SIGHUP.
   */
  reloadPolicy(): ReloadOutcome;
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
  const development = options.development ?? false;
  const supergraphSdl = options.supergraphSdl ?? readSupergraph(options.supergraphPath);
  const endpoints = subgraphEndpoints(supergraphSdl, options.subgraphUrls ?? {});

  const policyDir = options.policyDir ?? path.join(REPO_ROOT, 'policies');
  const auditStore = options.auditStore ?? (await openAuditStore(process.env));
  const metrics = new GatewayMetrics({
    subgraphs: endpoints.map((e) => e.name),
    breakerState: (subgraph): BreakerState => sources.breakerState(subgraph),
    auditQueueDepth: () => meteredStore.queueDepth,
  });
  const meteredStore = meteredAuditStore(auditStore, metrics);
  const recorder = new AuditRecorder(meteredStore, logger.child({ component: 'audit' }));
  const identity = options.identity ?? { mode: 'development' };
  const verifyToken = await createTokenVerifier(identity);
  const subgraphHeaders = options.subgraphHeaders ?? signedSubgraphContext(await createGatewayContextSigner());
  const limits = options.limits ?? defaultLimitsConfig();
  const trusted = options.trustedDocuments ?? trustedDocumentsFromEnv(process.env);
  const sources = new SourceGuard(limits.sources, logger.child({ component: 'sources' }), fetchObserver(metrics));
  const servedSchema = new ServedSchema();
  const needToKnowLookup = cachingConfirmations(
    rmsNeedToKnowLookup({
      url: endpoints.find((e) => e.name === RMS_SUBGRAPH)?.url,
      subgraphHeaders,
      timeoutMs: limits.sources.timeoutMs[RMS_SUBGRAPH] ?? DEFAULT_SUBGRAPH_TIMEOUT_MS,
      logger: logger.child({ component: 'need-to-know' }),
    }),
    options.needToKnowCacheMs ?? confirmationTtlFromEnv(process.env),
  );
  const livePolicy = new LivePolicy({
    dir: policyDir,
    candidateDir: options.policyCandidateDir,
    watch: options.policyWatch ?? true,
    logger: logger.child({ component: 'policy' }),
  });
  livePolicy.onReload((outcome) => metrics.policyReloaded(outcome));
  const apiSchema = apiSchemaOfSupergraph(supergraphSdl);
  // Compiled once, before Apollo starts: an invalid policy or a field without a reviewed rule stops the start
  // here with its own error (PolicyError names each problem at file:line), and the descriptions below use it.
  const startPolicy = livePolicy.load(apiSchema);
  const gateway = new AuthorizingGateway(
    createGateway({
      // Each field's description ends with who may see it (the policy at start), as introspection shows it.
      supergraphSdl: withVisibility(supergraphSdl, startPolicy.live),
      endpoints,
      logger: logger.child({ component: 'apollo-gateway' }),
      subgraphHeaders,
      sources,
      // myAccess: answered from the policy pinned to the request, in this process.
      inProcess: { [ACCESS_SUBGRAPH]: accessDataSource((context) => context.policy?.live) },
    }),
    {
      // The API schema Apollo derives is the one the policy was compiled for above (descriptions aside).
      load: () => livePolicy.current ?? startPolicy,
      get current() {
        return livePolicy.current;
      },
    },
    options.authorizationMutant,
  );
  const app = express();
  const httpServer = http.createServer(app);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    logger: logger.child({ component: 'apollo-server' }),
    introspection: options.allowIntrospection ?? false,
    // No automatic persisted queries: a hash-only request would skip the operation limits, which read the text.
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    // Outside development, no "Did you mean ...?": suggestions let a caller map the schema field by field.
    hideSchemaDetailsFromClientErrors: !development,
    validationOptions: { hideSuggestions: !development },
    formatError: development ? formatGatewayError : (formatted) => withoutSuggestions(formatGatewayError(formatted)),
    stopOnTerminationSignals: false, // the run scripts own SIGINT/SIGTERM (scripts/shutdown.ts)
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      errorLoggingPlugin(logger),
      operationResolutionPlugin(),
      auditPlugin(recorder),
      metricsPlugin(metrics),
      servedSchema.plugin(),
    ],
  });
  await server.start().catch((error: unknown) => {
    livePolicy.close();
    throw error;
  });
  let schemaLoaded = true;
  const rateLimits = RateLimits.create(limits.rate, logger.child({ component: 'rate-limits' }));

  app.disable('x-powered-by');
  app.use(attachContext);
  app.use(enterRequestScope); // log lines and spans of the request carry it
  app.get('/health', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get(
    '/ready',
    readinessRoute({
      endpoints,
      subgraphHeaders,
      auditStore,
      policyLoaded: () => schemaLoaded && gateway.ready,
      policyStatus: () => livePolicy.status(),
      openCircuits: () => sources.openCircuits(),
      timeoutMs: readyTimeoutMs,
      logger,
    }),
  );
  app.get('/limits', limitsRoute(limits));
  app.get('/metrics', metricsRoute(metrics.registry, options.metricsToken ?? process.env.METRICS_TOKEN));
  app.use(
    ideRouter({
      defaultQuery: options.ide?.defaultQuery ?? defaultIdeQuery(),
      ...options.ide,
    }),
  );
  app.use(
    '/graphql',
    auditEveryResponse(recorder, logger), // first: every response of this route is recorded once
    throttleInvalidTokens(rateLimits, recorder, logger),
    authenticate(verifyToken, recorder, logger),
    enforceRateLimits(rateLimits, recorder, logger),
    pinPolicy(livePolicy),
    requirePurpose((context) => context.policy?.live, needToKnowLookup, recorder, logger),
    requireJsonAnswer,
    express.json({ limit: bodyLimitBytes }),
    ensureBody,
    resumeRequestScope, // body parsing ran outside the request's scope
    trustedDocuments(trusted, recorder, logger), // resolves trusted hashes to their text, so the limits read it
    enforceOperationLimits({ limits: limits.operation, served: servedSchema, recorder, logger }), // before Apollo parses, validates or plans
    expressMiddleware(server, { context: async ({ res }) => contextOf(res.locals) }),
  );
  app.use(
    policyExplorerRouter({
      verifyToken,
      recorder,
      logger: logger.child({ component: 'policy-explorer' }),
      policies: () => livePolicy.current ?? {},
      apiSchema: () => apiSchema,
      auditStore: meteredStore,
    }),
  );
  app.use(auditConsoleRouter()); // reads and triages through /graphql only, so the policy and the audit apply
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
    livePolicy.close();
    await server.stop(); // e.g. EADDRINUSE: do not leave the gateway running without a listener
    await rateLimits.close();
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `${origin}/graphql`;
  logger.info(
    {
      url,
      ide: `${origin}/`,
      health: `${origin}/health`,
      ready: `${origin}/ready`,
      metrics: `${origin}/metrics`,
      subgraphs: Object.fromEntries(endpoints.map((e) => [e.name, e.url])),
      identity: identity.mode,
      development,
      limits: publicLimits(limits),
    },
    'gateway listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    url,
    origin,
    endpoints,
    reloadPolicy: () => livePolicy.reload(),
    stop() {
      stopping ??= (async () => {
        schemaLoaded = false;
        livePolicy.close();
        await server.stop(); // drains the HTTP server, then stops the gateway
        await rateLimits.close();
        if (!options.auditStore) await auditStore.close();
        await flushTracing();
        logger.info({ url }, 'gateway stopped');
      })();
      return stopping;
    },
  };
}

function readSupergraph(file: string | undefined): string {
  if (file === undefined) throw new Error('startGateway needs supergraphSdl or supergraphPath');
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the supergraph at ${file} (${(error as Error).message}); run \`npm run compose\``, { cause: error });
  }
}

/** Builds the request's context once, before any route, and echoes the request id to the caller. */
const attachContext: RequestHandler = (req, res, next) => {
  const context = createContext(req);
  res.locals.gatewayContext = context;
  res.setHeader(REQUEST_ID_HEADER, context.requestId);
  next();
};

/**
 * Pins the policies in force to the request, just before its purpose is checked: prune, shield and audit
 * use this object to the end, so a reload never changes the rules halfway through a response.
 */
function pinPolicy(livePolicy: LivePolicy): RequestHandler {
  return (_req, res, next) => {
    const context = res.locals.gatewayContext as GatewayContext;
    context.policy = livePolicy.current;
    next();
  };
}

function contextOf(locals: Record<string, unknown>): GatewayContext {
  return locals.gatewayContext as GatewayContext;
}

/**
 * Apollo Server checks the Accept header only after running the operation (and so after its audit
 * record): refuse an Accept that takes no JSON before any GraphQL work, as Apollo would (406).
 */
const ACCEPTED_ANSWERS = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
];
const requireJsonAnswer: RequestHandler = (req, res, next) => {
  if (req.get('accept') === undefined || req.accepts(ACCEPTED_ANSWERS) !== false) {
    next();
    return;
  }
  res.status(406).json(httpErrorBody('The Accept header must allow application/json or application/graphql-response+json.', 'BAD_REQUEST'));
};

/** Express 5 leaves `req.body` unset when nothing was parsed (GET); Apollo's middleware wants it present. */
const ensureBody: RequestHandler = (req, _res, next) => {
  if (!('body' in req)) (req as { body?: unknown }).body = undefined;
  next();
};
