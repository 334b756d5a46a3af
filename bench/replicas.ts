/**
 * `npx tsx bench/replicas.ts`: what a second gateway replica buys, and how fast two writers fill one
 * PostgreSQL audit chain. Not a test: numbers for the report, on loopback, bounded in time.
 *
 * 1. Throughput: `scripts/cluster.ts` with 1 replica, then with 2 (same run, same dataset, same load:
 *    autocannon through the round-robin proxy, a plate lookup by one investigator, rate limits off), and
 *    the ratio. On a machine with fewer cores than processes the ratio says more about the cores.
 * 2. Audit writes: two stores (two connection pools, as two replicas have) appending concurrently to one
 *    PostgreSQL chain, each with its own group commit, against one store alone; the chain is verified.
 *
 * Needs DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test) and REDIS_URL
 * (else redis://127.0.0.1:6379); DATA_DIR must hold generated data (npm run generate). Every run works in
 * temporary schemas, dropped at the end.
 *
 *   npx tsx bench/replicas.ts [--seconds 10] [--connections 16] [--events 5000] [--writers 100]
 */
import autocannon, { type AutocannonResult } from 'autocannon';
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { AUDIT_EVENT_VERSION, type AuditEventInput } from '../audit/event.ts';
import type { ManagedAuditStore } from '../audit/store-common.ts';
import { openPostgresAuditStore } from '../audit/store-postgres.ts';
import { mintDevToken } from '../gateway/identity/dev-issuer.ts';
import { dataDirFromEnv, SUBGRAPH_NAMES } from '../common/config.ts';
import { startRunner } from '../test/support/runner-process.ts';

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};
const options = new Command('bench:replicas')
  .option('--seconds <n>', 'autocannon duration per configuration', positive, 10)
  .option('--connections <n>', 'autocannon connections', positive, 16)
  .option('--events <n>', 'audit events appended per measured run', positive, 5000)
  .option('--writers <n>', 'concurrent appends per store', positive, 100)
  .parse()
  .opts<{ seconds: number; connections: number; events: number; writers: number }>();

const PG_URL = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const RUN = `bench_replicas_${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];

async function throughput(replicas: number, token: string): Promise<AutocannonResult> {
  const schema = `${RUN}_r${replicas}`;
  schemas.push(schema);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDirFromEnv(),
    DATABASE_URL: PG_URL,
    AUDIT_DB_SCHEMA: schema,
    REDIS_URL,
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
  };
  for (const name of SUBGRAPH_NAMES) env[`${name.toUpperCase()}_PORT`] = '0';
  const replicaPort = 20_000 + Math.floor(Math.random() * 20_000);
  const cluster = startRunner(
    'scripts/cluster.ts',
    ['--replicas', String(replicas), '--port', '0', '--replica-port', String(replicaPort)],
    env,
  );
  try {
    await cluster.waitFor(/Ctrl-C stops everything/, 300_000);
    const url = cluster.output().match(/Cluster endpoint\s+(\S+)/)![1];
    const request = {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'C', 'x-case-number': '24-000187' },
      body: JSON.stringify({
        query: '{ vehicle(plate: "7WNT123", state: "CA") { make model registeredOwner { name { full } wants { nic } } } }',
      }),
      connections: options.connections,
      timeout: 30,
    };
    await firstAnswer(url, request.headers, request.body);
    await autocannon({ ...request, duration: 2 }); // warm-up: plans cached, connections open
    return await autocannon({ ...request, duration: options.seconds });
  } finally {
    cluster.child.kill('SIGTERM');
    await cluster.exited;
  }
}

/** Asks until the cluster answers 200 (each replica plans the query once), at most two minutes. */
async function firstAnswer(url: string, headers: Record<string, string>, body: string): Promise<void> {
  const until = Date.now() + 120_000;
  let ok = 0;
  while (ok < 4) {
    if (Date.now() > until) throw new Error(`${url} did not answer 200 within two minutes`);
    const response = await fetch(url, { method: 'POST', headers, body }).catch(() => undefined);
    await response?.arrayBuffer();
    if (response?.status === 200) ok++;
  }
}

function event(writer: number, i: number): AuditEventInput {
  return {
    version: AUDIT_EVENT_VERSION,
    time: new Date().toISOString(),
    requestId: `bench-${writer}-${i}`,
    userId: `U-${writer % 50}`,
    userName: `Officer ${writer % 50}`,
    ori: 'CA0190100',
    roles: ['INVESTIGATOR'],
    purpose: 'C',
    caseNumber: '24-000187',
    caseStatus: null,
    incidentNumber: null,
    incidentStatus: null,
    clientAddress: '127.0.0.1',
    operationName: 'PlateLookup',
    operationHash: 'f'.repeat(64),
    operationText: 'query PlateLookup { vehicle(plate: "7WNT123", state: "CA") { make model } }',
    subjects: [`P${String(9000000 + (i % 100)).padStart(7, '0')}`],
    records: ['Vehicle:1HGCM82633A004352'],
    fieldsDisclosed: ['Query.vehicle', 'Vehicle.make', 'Vehicle.model'],
    fieldsDenied: [],
    views: [],
    sources: ['dmv'],
    outcome: 'ALLOWED',
    reason: null,
    latencyMs: 3.2,
    policyVersion: null,
    releasedBy: [],
    shadow: null,
  };
}

/** `events` appends spread over `stores`, `options.writers` at a time per store; durable events per second. */
async function appendRate(stores: ManagedAuditStore[], events: number): Promise<number> {
  const perStore = Math.ceil(events / stores.length);
  const started = performance.now();
  await Promise.all(
    stores.map(async (store, s) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: options.writers }, async (_, w) => {
          while (next < perStore) await store.append(event(s * 1000 + w, next++));
        }),
      );
    }),
  );
  return (stores.length * perStore) / ((performance.now() - started) / 1000);
}

async function auditWrites(writers: number): Promise<{ rate: number; verified: boolean; events: number }> {
  const schema = `${RUN}_w${writers}`;
  schemas.push(schema);
  const stores = await Promise.all(Array.from({ length: writers }, () => openPostgresAuditStore(PG_URL, { schema, poolSize: 4 })));
  try {
    await appendRate(stores, 200); // warm-up
    const rate = await appendRate(stores, options.events);
    const verified = await stores[0].verify();
    return { rate, verified: verified.ok, events: verified.checked };
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

try {
  const token = await mintDevToken({ sub: 'u-inv-1', name: 'Bench Investigator', ori: 'CA0190100', roles: ['INVESTIGATOR'] });
  console.log(`Throughput through the proxy: ${options.connections} connections, ${options.seconds} s each, rate limits off`);
  const results: AutocannonResult[] = [];
  for (const replicas of [1, 2]) {
    const result = await throughput(replicas, token);
    results.push(result);
    console.log(
      `  ${replicas} replica${replicas > 1 ? 's' : ' '}: ${fmt(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
  }
  console.log(`  ratio 2/1: ${(results[1].requests.average / results[0].requests.average).toFixed(2)}`);

  console.log(`PostgreSQL audit appends: ${fmt(options.events)} events, ${options.writers} concurrent appends per writer`);
  for (const writers of [1, 2]) {
    const { rate, verified, events } = await auditWrites(writers);
    console.log(
      `  ${writers} writer${writers > 1 ? 's' : ' '}: ${fmt(rate)} durable events/s; chain of ${fmt(events)} events ${verified ? 'verifies' : 'BROKEN'}`,
    );
  }
} finally {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
