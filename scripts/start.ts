/**
 * `npm start`: the whole product in one command. Generates the simulated data on first start (10,000
 * persons, or PERSONS, into DATA_DIR, default ./data, with a progress bar), then runs each subgraph (ports 4001-4006 or
 * <NAME>_PORT) and misuse detection as supervised child processes (restarted with backoff if they die),
 * so that a heavy source query never stalls the gateway; the gateway (GATEWAY_PORT/PORT, default 4000)
 * runs in this process and listens once every subgraph is ready. SIGINT/SIGTERM stops everything; the
 * children also stop by themselves if this process is killed (scripts/process/child-guard.ts).
 */
import cliProgress from 'cli-progress';
import { ConfigError, gatewayConfigFromEnv } from '../gateway/config.ts';
import { openAuditStore } from '../audit/open-store.ts';
import type { ManagedAuditStore } from '../audit/store-common.ts';
import { mintDevToken } from '../gateway/identity/dev-issuer.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import { prepareGatewayContextKeys } from '../common/context-signer.ts';
import { ensureData } from '../generator/index.ts';
import { dataDirFromEnv, hostFromEnv } from '../common/config.ts';
import { detectionChild, startSubgraphChildren, type SubgraphChild } from './process/children.ts';
import type { Supervisor } from './process/supervisor.ts';
import { onShutdown } from './shutdown.ts';

/** How many persons the first start generates: `PERSONS`, default 10,000. */
const PERSONS = personsFromEnv(process.env.PERSONS);

let subgraphs: SubgraphChild[] = [];
let gateway: RunningGateway | undefined;
let auditStore: ManagedAuditStore | undefined;
let detection: Supervisor | undefined;

async function stopAll(): Promise<void> {
  await gateway?.stop();
  await Promise.all([detection?.stop(), ...subgraphs.map((s) => s.supervisor.stop())]);
  await auditStore?.close();
}

try {
  // The developer's all-in-one command: development identity (the local key) unless AUTH_MODE or
  // AUTH_JWKS_URL says otherwise, even under NODE_ENV=production (which still hides error details).
  const config = gatewayConfigFromEnv(process.env, { authMode: 'development' });
  const dataDir = dataDirFromEnv();
  const host = hostFromEnv();

  const manifest = await ensureData({ persons: PERSONS, outDir: dataDir, onProgress: progressBar() });
  console.log(`Data: ${dataDir} (${manifest.persons.toLocaleString('en-US')} simulated persons)`);

  // One audit store (the environment's) for the gateway (appends), the audit subgraph and cori (read) and
  // misuse detection (alerts); opened here first so that its tables exist before the children open it.
  auditStore = await openAuditStore(process.env);
  // The subgraphs verify with the gateway's public key only: make it available before they start.
  await prepareGatewayContextKeys(process.env);
  const childEnv = { ...process.env, DATA_DIR: dataDir, HOST: host };
  subgraphs = await startSubgraphChildren(childEnv);
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
  // Misuse detection: `npm run audit -- detect --follow`, supervised like the subgraphs.
  detection = detectionChild(childEnv);
  await detection.start();

  console.log('');
  console.log(`  GraphiQL IDE      ${gateway.origin}/`);
  console.log(`  GraphQL endpoint  ${gateway.url}`);
  console.log(`  Health / ready    ${gateway.origin}/health   ${gateway.origin}/ready`);
  console.log(`  Audit trail       ${auditStore.kind}, misuse detection every 10 s`);
  for (const subgraph of subgraphs) console.log(`  ${subgraph.name.padEnd(16)}  ${subgraph.url}  (pid ${subgraph.supervisor.pid})`);
  console.log(`  misuse detection  pid ${detection.pid}`);
  if (ideHeaders) {
    console.log('\n  The IDE opens as a development INVESTIGATOR with a case number (headers editor).');
    console.log('  Other callers: npm run token -- --role PATROL_OFFICER --ori CA0190100 --sub u1001');
  }
  console.log('\nCtrl-C stops everything; SIGHUP reloads the policy (also reloaded when a file of it changes).');
  const running = gateway;
  process.on('SIGHUP', () => running.reloadPolicy());
  onShutdown(stopAll);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Cannot start: ${(error as Error).stack ?? String(error)}`);
  await stopAll().catch(() => undefined);
  process.exit(1);
}

/** Headers for the IDE: a development token (8 h) for an investigator, purpose C, with a case number. */
async function developmentIdeHeaders(): Promise<Record<string, string>> {
  const token = await mintDevToken({
    // u-inv-1 is the planted LEAD of case 24-000187 (rms.sqlite), so the case shows need to know.
    sub: 'u-inv-1',
    name: 'Development Investigator',
    ori: 'CA0190100',
    roles: ['INVESTIGATOR'],
  });
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

function personsFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 10_000;
  const persons = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || persons < 1) {
    console.error(`PERSONS must be a whole number of persons to generate, got "${raw}"`);
    process.exit(2);
  }
  return persons;
}
