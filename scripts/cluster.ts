/**
 * `npm run cluster -- --replicas 2`: several stateless gateway replicas behind one port. Starts the
 * subgraphs and misuse detection once (supervised child processes, as `npm start` does), N gateway
 * replicas (`scripts/gateway.ts`, supervised) on consecutive ports from `--replica-port` (default: the
 * public port + 10), and a round-robin proxy on the public port (`--port`, else GATEWAY_PORT/PORT, else
 * 4000) bound to HOST (default 127.0.0.1). The replicas share the PostgreSQL audit trail (DATABASE_URL:
 * one hash chain, appends serialised by an advisory lock) and the rate limits (REDIS_URL); the cluster
 * refuses to start without either, since replicas without a shared store would fork the chain or
 * multiply every budget. Identity as `npm start`: the development key unless AUTH_MODE or AUTH_JWKS_URL
 * says otherwise.
 */
import { Command, InvalidArgumentError } from 'commander';
import { openAuditStore } from '../audit/open-store.ts';
import { prepareGatewayContextKeys } from '../common/context-signer.ts';
import { dataDirFromEnv, hostFromEnv, SUBGRAPH_NAMES } from '../common/config.ts';
import { detectionChild, startSubgraphChildren, type SubgraphChild } from './process/children.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from './process/round-robin-proxy.ts';
import { Supervisor } from './process/supervisor.ts';
import { onShutdown } from './shutdown.ts';

const GATEWAY_SCRIPT = new URL('./gateway.ts', import.meta.url).pathname;

const whole =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };

const options = new Command('cluster')
  .description('gateway replicas behind a round-robin proxy, sharing PostgreSQL (audit) and Redis (rate limits)')
  .option('--replicas <n>', 'gateway replicas', whole(1, 64), 2)
  .option('--port <port>', 'public port of the proxy (0: any free port)', whole(0, 65535))
  .option('--replica-port <port>', 'port of the first replica; the others follow it', whole(1, 65535))
  .parse()
  .opts<{ replicas: number; port?: number; replicaPort?: number }>();

const missing = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]?.trim());
if (missing.length > 0) {
  console.error(
    `npm run cluster needs ${missing.join(' and ')}: replicas must share the PostgreSQL audit trail (DATABASE_URL) and the Redis rate limits (REDIS_URL), or they would fork the hash chain and multiply every budget.`,
  );
  process.exit(2);
}

const host = hostFromEnv();
const publicPort = options.port ?? Number(process.env.GATEWAY_PORT || process.env.PORT || 4000);
const firstReplicaPort = options.replicaPort ?? (publicPort === 0 ? 4010 : publicPort + 10);
const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDirFromEnv(), HOST: host };
// `npm run gateway` is production (no stack traces, no suggestions); identity as for npm start.
const gatewayEnv: NodeJS.ProcessEnv = {
  ...childEnv,
  NODE_ENV: 'production',
  ...(!process.env.AUTH_MODE && !process.env.AUTH_JWKS_URL ? { AUTH_MODE: 'development' } : {}),
};

let subgraphs: SubgraphChild[] = [];
const replicas: Supervisor[] = [];
let detection: Supervisor | undefined;
let proxy: RoundRobinProxy | undefined;

async function stopAll(): Promise<void> {
  await proxy?.stop();
  await Promise.all(replicas.map((replica) => replica.stop()));
  await Promise.all([detection?.stop(), ...subgraphs.map((s) => s.supervisor.stop())]);
}

try {
  // Create the audit tables once, before several processes race to.
  await (await openAuditStore(process.env)).close();
  await prepareGatewayContextKeys(process.env);
  subgraphs = await startSubgraphChildren(childEnv);
  const urls = Object.fromEntries(subgraphs.map((s) => [`${s.name.toUpperCase()}_URL`, s.url]));
  for (let i = 0; i < options.replicas; i++) {
    const port = firstReplicaPort + i;
    const origin = `http://${host}:${port}`;
    replicas.push(
      new Supervisor({
        name: `gateway replica ${i + 1}`,
        script: GATEWAY_SCRIPT,
        env: () => ({ ...gatewayEnv, ...urls, GATEWAY_PORT: String(port), PORT: String(port) }),
        readiness: { kind: 'http', url: `${origin}/health` },
        // Loading Apollo and compiling the policy takes a few seconds, far more on a crowded machine.
        readyTimeoutMs: 180_000,
      }),
    );
  }
  await Promise.all(replicas.map((replica) => replica.start()));
  detection = detectionChild(childEnv);
  await detection.start();
  proxy = await startRoundRobinProxy({
    upstreams: replicas.map((_, i) => `http://${host}:${firstReplicaPort + i}`),
    port: publicPort,
    host,
  });

  console.log('');
  console.log(`  Cluster endpoint  ${proxy.url}/graphql  (round robin over ${replicas.length} replicas)`);
  replicas.forEach((replica, i) =>
    console.log(`  replica ${i + 1}         http://${host}:${firstReplicaPort + i}/graphql  (pid ${replica.pid})`),
  );
  for (const name of SUBGRAPH_NAMES) {
    const child = subgraphs.find((s) => s.name === name);
    console.log(`  ${name.padEnd(16)}  ${child?.url}  (pid ${child?.supervisor.pid})`);
  }
  console.log(`  misuse detection  pid ${detection.pid}`);
  console.log('\nCtrl-C stops everything.');
  onShutdown(stopAll, 20_000);
} catch (error) {
  console.error(`Cannot start the cluster: ${(error as Error).message}`);
  await stopAll().catch(() => undefined);
  process.exit(1);
}
