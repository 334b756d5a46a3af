import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openSqliteAuditStore } from '../../audit/store-sqlite.ts';
import type { AuditStore } from '../../audit/store.ts';
import path from 'node:path';
import type { AuthorizationMutant } from '../../gateway/authz/authorizing-gateway.ts';
import type { SubgraphHeaders } from '../../gateway/gateway.ts';
import { startGateway, type RunningGateway, type StartGatewayOptions } from '../../gateway/server.ts';
import { CALLERS, headersFor, type TestCaller } from './callers.ts';

const DEFAULT_CALLER: TestCaller = CALLERS.investigator;
import { REPO_ROOT, SUBGRAPH_NAMES, type SubgraphName } from '../../common/config.ts';
import type { RunningSubgraph, StatementCounter } from '../../subgraphs/common/subgraph.ts';
import { SUBGRAPH_STARTERS } from '../../scripts/definitions.ts';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';

/** A GraphQL response body as the gateway sends it. */
export interface GraphQLBody<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface QueryResult<T> {
  status: number;
  body: GraphQLBody<T>;
  headers: Headers;
}

export interface Stack {
  /** The gateway's GraphQL endpoint. */
  gatewayUrl: string;
  /** The gateway's origin (IDE at `/`, `/health`, `/ready`). */
  origin: string;
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** Authorization and purpose headers of the stack's default caller, for hand-made requests. */
  authHeaders(): Promise<Record<string, string>>;
  /** POSTs one operation to the gateway, as the given headers or else as the stack's default caller. */
  query<T = Record<string, unknown>>(
    document: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<QueryResult<T>>;
  /** With `recordSubgraphRequests`: what the gateway sent each subgraph (a pass-through proxy per subgraph). */
  recorded?: Record<SubgraphName, RecordingProxy>;
  /** SQL statements run by the subgraphs so far (optionally leaving some subgraphs out). */
  sqlStatements(except?: readonly string[]): number;
  /** The gateway's audit store (SQLite in a temporary folder of this stack). */
  audit: AuditStore;
  /** This stack's own copy of the generated stores (workflows write to it; e.g. rms.sqlite for the misuse detectors). */
  dataDir: string;
  /** Stops the gateway and every subgraph (each at most once, so a test may stop one early). */
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Folder with the generated `<subgraph>.sqlite` stores (in tests: `inject('dataDir')`). */
  dataDir: string;
  /** Supergraph SDL; default the committed `supergraph.graphql` (what the product ships). */
  supergraphSdl?: string;
  /** Headers for the gateway's subgraph requests; default: the gateway's own signed caller context. */
  subgraphHeaders?: SubgraphHeaders;
  /**
   * Who `query` asks as when a test passes no headers. @default an investigator with a case number
   * (sees every source; not the court-only CLETS-001 data)
   */
  defaultCaller?: TestCaller;
  /** IDE settings (e.g. preloaded headers), as `startGateway` takes them. */
  ide?: StartGatewayOptions['ide'];
  /** Where the audit trail is kept. @default 'sqlite' */
  auditStore?: 'sqlite' | 'postgres';
  /** Let clients introspect the schema. @default false (as in production) */
  allowIntrospection?: boolean;
  /** Route the gateway to each subgraph through a recording proxy (see `Stack.recorded`). @default false */
  recordSubgraphRequests?: boolean;
  /** A deliberately broken authorization, to show the fuzz oracle catches it (test/authz-fuzz.test.ts). */
  authorizationMutant?: AuthorizationMutant;
  /** Operation limits, rate limits, source deadlines and breakers. @default the product's defaults */
  limits?: StartGatewayOptions['limits'];
  /** Trusted documents (gateway/trusted-documents.ts). @default from the environment: off */
  trustedDocuments?: StartGatewayOptions['trustedDocuments'];
  /** Policy folder, watching and shadow candidate (gateway/policy/live-policy.ts). @default the repository's policies/ */
  policy?: Pick<StartGatewayOptions, 'policyDir' | 'policyWatch' | 'policyCandidateDir'>;
}

/** Starts every real subgraph and the real gateway, each on a free port, talking HTTP. */
export async function startStack(options: StackOptions): Promise<Stack> {
  // Each stack works on its own copy of the generated stores: workflows write to them, and no test may
  // see another test's (or an earlier run's) writes.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stack-data-'));
  cpSync(options.dataDir, dataDir, { recursive: true });
  // One audit store for the gateway (which appends) and the audit subgraph (which reads).
  const { store: audit, cleanup: cleanupAudit } = await openStackAuditStore(options.auditStore ?? 'sqlite');
  const started = await Promise.allSettled(SUBGRAPH_NAMES.map((name) => SUBGRAPH_STARTERS[name]({ dataDir, port: 0, auditStore: audit })));
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [onceStopping(s.value)] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(running.map((s) => s.stop()));
    await cleanupAudit();
    rmSync(dataDir, { recursive: true, force: true });
    throw failed.reason;
  }
  const subgraphs = Object.fromEntries(running.map((s) => [s.name, s])) as Record<SubgraphName, RunningSubgraph>;

  let gateway: RunningGateway;
  let recorded: Record<SubgraphName, RecordingProxy> | undefined;
  try {
    if (options.recordSubgraphRequests) {
      const proxies = await Promise.all(running.map(async (s) => [s.name, await startRecordingProxy(s.url)] as const));
      recorded = Object.fromEntries(proxies) as Record<SubgraphName, RecordingProxy>;
    }
    gateway = await startGateway({
      port: 0,
      logLevel: 'silent',
      supergraphSdl: options.supergraphSdl ?? readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8'),
      subgraphUrls: Object.fromEntries(running.map((s) => [s.name, recorded?.[s.name].url ?? s.url])),
      subgraphHeaders: options.subgraphHeaders,
      auditStore: audit,
      allowIntrospection: options.allowIntrospection,
      authorizationMutant: options.authorizationMutant,
      limits: options.limits,
      trustedDocuments: options.trustedDocuments,
      ide: options.ide,
      ...options.policy,
      // A busy test machine can take more than the production second to answer a probe; a stopped
      // subgraph or a closed store still fails at once.
      readyTimeoutMs: 10_000,
    });
  } catch (error) {
    await Promise.all([...running.map((s) => s.stop()), ...Object.values(recorded ?? {}).map((p) => p.stop())]);
    await cleanupAudit();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    gatewayUrl: gateway.url,
    origin: gateway.origin,
    gateway,
    subgraphs,
    recorded,
    authHeaders: () => headersFor(options.defaultCaller ?? DEFAULT_CALLER),
    async query<T>(document: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(headers ?? (await headersFor(options.defaultCaller ?? DEFAULT_CALLER))),
        },
        body: JSON.stringify({ query: document, variables }),
      });
      const text = await response.text();
      let body: GraphQLBody<T>;
      try {
        body = JSON.parse(text) as GraphQLBody<T>;
      } catch {
        throw new Error(`gateway answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`);
      }
      return { status: response.status, body, headers: response.headers };
    },
    sqlStatements: (except: readonly string[] = []) =>
      running.filter((s) => !except.includes(s.name)).reduce((sum, s) => sum + s.store.statementCount, 0),
    audit,
    dataDir,
    async stop() {
      await gateway.stop();
      await cleanupAudit();
      await Promise.all([...running.map((s) => s.stop()), ...Object.values(recorded ?? {}).map((p) => p.stop())]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh audit store for one stack: SQLite in a temporary folder, or a PostgreSQL schema of its own. */
async function openStackAuditStore(kind: 'sqlite' | 'postgres'): Promise<{ store: AuditStore; cleanup: () => Promise<void> }> {
  if (kind === 'postgres') {
    // Imported on use: the harness reads vitest's provided context, and scripts (npm run fuzz) run without vitest.
    const { postgresHarness } = await import('../../audit/store-test-support.ts');
    const harness = await postgresHarness();
    return { store: harness.store, cleanup: harness.cleanup };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-audit-'));
  const store = await openSqliteAuditStore(path.join(dir, 'audit.sqlite'));
  return {
    store,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function onceStopping<S extends StatementCounter>(subgraph: RunningSubgraph<S>): RunningSubgraph<S> {
  let stopping: Promise<void> | undefined;
  return { ...subgraph, stop: () => (stopping ??= subgraph.stop()) };
}
