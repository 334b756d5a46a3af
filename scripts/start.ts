/**
 * `npm start`: everything in one process. Generates the simulated data on first start (10,000 persons
 * into DATA_DIR, default ./data, with a progress bar), starts the five subgraphs (ports 4001-4005 or
 * <NAME>_PORT) and the gateway (GATEWAY_PORT/PORT, default 4000), prints the URLs, and shuts everything
 * down cleanly on SIGINT/SIGTERM.
 */
import cliProgress from 'cli-progress';
import { ConfigError, gatewayConfigFromEnv } from '../gateway/config.ts';
import { formatAlert, startContinuousDetection, type ContinuousDetection } from '../audit/detect.ts';
import { openDetectionFacts, type OpenDetectionFacts } from '../audit/facts.ts';
import { openAuditStore } from '../audit/open-store.ts';
import type { AuditStore } from '../audit/store.ts';
import { mintDevToken } from '../gateway/identity/dev-issuer.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import { prepareGatewayContextKeys } from '../shared/context-signer.ts';
import { ensureData } from '../generator/index.ts';
import { dataDirFromEnv, hostFromEnv, portFromEnv, SUBGRAPH_NAMES } from '../shared/config.ts';
import type { RunningSubgraph, StatementCounter } from '../subgraphs/shared/subgraph.ts';
import { SUBGRAPH_STARTERS } from './definitions.ts';
import { onShutdown } from './shutdown.ts';

const PERSONS = 10_000;

const subgraphs: RunningSubgraph<StatementCounter>[] = [];
let gateway: RunningGateway | undefined;

let auditStore: AuditStore | undefined;
let detection: ContinuousDetection | undefined;
let facts: OpenDetectionFacts | undefined;

async function stopAll(): Promise<void> {
  await detection?.stop();
  await gateway?.stop();
  await Promise.all(subgraphs.map((s) => s.stop()));
  await auditStore?.close();
  facts?.close();
}

try {
  // The developer's all-in-one command: development identity (the local key) unless AUTH_MODE or
  // AUTH_JWKS_URL says otherwise, even under NODE_ENV=production (which still hides error details).
  const config = gatewayConfigFromEnv(process.env, { authMode: 'development' });
  const dataDir = dataDirFromEnv();
  const host = hostFromEnv();

  const manifest = await ensureData({ persons: PERSONS, outDir: dataDir, onProgress: progressBar() });
  console.log(`Data: ${dataDir} (${manifest.persons.toLocaleString('en-US')} simulated persons)`);

  // One audit store for the gateway (appends), the audit subgraph (reads) and misuse detection.
  auditStore = await openAuditStore(process.env);
  // The subgraphs verify with the gateway's public key only: make it available before they start.
  await prepareGatewayContextKeys(process.env);
  for (const name of SUBGRAPH_NAMES) {
    subgraphs.push(await SUBGRAPH_STARTERS[name]({ dataDir, port: portFromEnv(name), host, auditStore }));
  }
  const subgraphUrls = { ...Object.fromEntries(subgraphs.map((s) => [s.name, s.url])), ...config.subgraphUrls };
  // The development runner: introspection on (the IDE documents the schema) unless ALLOW_INTROSPECTION=false,
  // and, with development keys only, an IDE that opens with a ready token for an investigator on a case.
  const ideHeaders = config.identity.mode === 'development' ? await developmentIdeHeaders() : undefined;
  gateway = await startGateway({
    ...config,
    host,
    subgraphUrls,
    allowIntrospection: config.allowIntrospection ?? true,
    ide: ideHeaders ? { defaultHeaders: JSON.stringify(ideHeaders, null, 2) } : undefined,
    auditStore,
  });
  // Misuse detection runs beside the gateway here; in production run `npm run audit -- detect --follow`.
  facts = openDetectionFacts(dataDir);
  detection = startContinuousDetection(auditStore, facts, {
    onAlerts: (alerts) => alerts.forEach((alert) => console.log(`MISUSE ALERT ${formatAlert(alert)}`)),
    onError: (error) => console.error(`misuse detection run failed: ${(error as Error).message}`),
  });

  console.log('');
  console.log(`  GraphiQL IDE      ${gateway.origin}/`);
  console.log(`  GraphQL endpoint  ${gateway.url}`);
  console.log(`  Health / ready    ${gateway.origin}/health   ${gateway.origin}/ready`);
  console.log(`  Audit trail       ${auditStore.kind}, misuse detection every 10 s`);
  for (const subgraph of subgraphs) console.log(`  ${subgraph.name.padEnd(16)}  ${subgraph.url}`);
  if (ideHeaders) {
    console.log('\n  The IDE opens as a development INVESTIGATOR with a case number (headers editor).');
    console.log('  Other callers: npm run token -- --role PATROL_OFFICER --ori CA0190100 --sub u1001');
  }
  console.log('\nCtrl-C stops everything.');
  onShutdown(stopAll);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Cannot start: ${(error as Error).stack ?? String(error)}`);
  await stopAll().catch(() => undefined);
  process.exit(1);
}

/** Headers for the IDE: a development token (8 h) for an investigator, purpose C, with a case number. */
async function developmentIdeHeaders(): Promise<Record<string, string>> {
  const token = await mintDevToken({ sub: 'dev-investigator', name: 'Development Investigator', ori: 'CA0190100', roles: ['INVESTIGATOR'] });
  return { Authorization: `Bearer ${token}`, 'X-Purpose': 'C', 'X-Case-Number': '24-000187' };
}

/** A terminal progress bar for the first-start data generation (nothing is drawn when data exists). */
function progressBar(): (done: number, total: number) => void {
  let bar: cliProgress.SingleBar | undefined;
  return (done, total) => {
    if (!bar) {
      console.log(`Generating ${PERSONS.toLocaleString('en-US')} simulated persons into the data directory (first start only)...`);
      bar = new cliProgress.SingleBar(
        { format: '  {bar} {percentage}% | {value}/{total} persons | {duration}s', hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, done);
    }
    bar.update(done);
    if (done >= total) bar.stop();
  };
}
