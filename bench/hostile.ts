/**
 * `npm run bench:hostile`: does the gateway stay up under hostile operations and a stopped source?
 *
 *  1. Time to refuse the reported attacks: the 14-level `vehicles { registeredOwner { ... } }` fan-out and
 *     the 95 KB bomb of 3,000 aliases (each must be 400 QUERY_TOO_COMPLEX).
 *  2. `/health` and a unified profile's p99 latency, first alone, then while 4 clients send those attacks
 *     back to back (ratio; target at most 2×).
 *  3. One source (nlets, in a child process) stopped with SIGSTOP under 8 connections asking the profile:
 *     every answer within the deadline + 100 ms, and every other source's data in each answer.
 *
 * Loopback only; every phase is bounded in time (`--duration` seconds). The product as configured by default
 * (SQLite audit trail, operation limits, deadlines), except rate limits, which are off: the point is what the
 * operation limits hold back on their own (with rate limits on, the attackers would soon get 429s instead).
 *
 *   npm run bench:hostile -- [--duration 8] [--persons 10000]
 */
import '../gateway/telemetry.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon, { type AutocannonResult } from 'autocannon';
import { Command } from 'commander';
import { openSqliteAuditStore } from '../audit/store-sqlite.ts';
import { mintDevToken } from '../gateway/identity/dev-issuer.ts';
import { defaultLimitsConfig } from '../gateway/limits/config.ts';
import { startGateway } from '../gateway/server.ts';
import { prepareGatewayContextKeys } from '../common/context-signer.ts';
import { ensureData } from '../generator/index.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { SUBGRAPH_STARTERS } from '../scripts/definitions.ts';
import { REPO_ROOT, SUBGRAPH_NAMES } from '../common/config.ts';

const options = new Command('bench:hostile')
  .option('--duration <s>', 'seconds per measured phase', (v) => Number(v), 8)
  .option('--persons <n>', 'dataset size', (v) => Number(v), 10_000)
  .parse()
  .opts<{ duration: number; persons: number }>();

const PERSON = SHOWCASE.wantedDriver.personId;
const PROFILE = `{ person(id: "${PERSON}") { name { full } identifiers { fbi cii } driverLicense { status } vehicles { plate }
  residenceAddress { street city } wants { offenseDescription } iii { statesOfRecord { state } }
  outOfStateLicenses { state status } criminalHistory { convictions { statute description } supervision { kind status } } } }`;
const FAN_OUT = (() => {
  let inner = 'vehicles { plate }';
  for (let i = 0; i < 7; i++) inner = `vehicles { plate year make registeredOwner { name { full } ${inner} } }`;
  return `{ person(id: "${PERSON}") { ${inner} } }`;
})();
const ALIAS_BOMB = `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}:person(id:"${PERSON}"){id}`).join(' ')} }`;

// --- the system under test ---------------------------------------------------------------------------
const dataDir = path.join(REPO_ROOT, 'data-bench');
console.log(`dataset: ${options.persons.toLocaleString('en-US')} persons in ${dataDir}`);
await ensureData({ persons: options.persons, outDir: dataDir });
await prepareGatewayContextKeys();
const inProcess = await Promise.all(
  SUBGRAPH_NAMES.filter((n) => n !== 'nlets').map((name) => SUBGRAPH_STARTERS[name]({ dataDir, port: 0 })),
);
const nlets = await startChildSubgraph('nlets');
const auditDir = mkdtempSync(path.join(tmpdir(), 'bench-hostile-audit-'));
const auditStore = await openSqliteAuditStore(path.join(auditDir, 'audit.sqlite'));
const limits = { ...defaultLimitsConfig(), rate: { ...defaultLimitsConfig().rate, enabled: false } };
const gateway = await startGateway({
  port: 0,
  logLevel: 'silent',
  supergraphSdl: readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8'),
  subgraphUrls: { ...Object.fromEntries(inProcess.map((s) => [s.name, s.url])), nlets: nlets.url },
  auditStore,
  limits,
});
const officer = await headers('bench-officer');
const attacker = await headers('bench-attacker');

// --- 1. time to refuse --------------------------------------------------------------------------------
const refusals: Record<string, { p50: number; p99: number; max: number; limit: string }> = {};
for (const [name, query] of [
  ['fan-out (14 levels)', FAN_OUT],
  ['3,000 aliases (95 KB)', ALIAS_BOMB],
] as const) {
  const times: number[] = [];
  let limit = '';
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { ...attacker, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string; limit?: string } }[] };
    times.push(performance.now() - started);
    if (response.status !== 400 || body.errors?.[0]?.extensions?.code !== 'QUERY_TOO_COMPLEX')
      throw new Error(`${name} was not refused: HTTP ${response.status}`);
    limit = body.errors[0].extensions.limit ?? '';
  }
  refusals[name] = { ...percentiles(times.slice(5)), limit };
}

// --- 2. /health and the profile, alone and under attack -----------------------------------------------
const profileBody = JSON.stringify({ query: PROFILE });
const measure = () =>
  Promise.all([
    run({ url: `${gateway.origin}/health`, connections: 1, duration: options.duration }),
    run({
      url: gateway.url,
      connections: 2,
      duration: options.duration,
      method: 'POST',
      headers: { ...officer, 'content-type': 'application/json' },
      body: profileBody,
    }),
  ]);
await run({
  url: gateway.url,
  connections: 2,
  duration: 2,
  method: 'POST',
  headers: { ...officer, 'content-type': 'application/json' },
  body: profileBody,
}); // warm-up
const [healthAlone, profileAlone] = await measure();
const attack = run({
  url: gateway.url,
  connections: 4,
  duration: options.duration + 1,
  requests: [FAN_OUT, ALIAS_BOMB].map((query) => ({
    method: 'POST',
    headers: { ...attacker, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  })),
});
await sleep(500); // the attackers are at full speed before measuring
const [healthAttacked, profileAttacked] = await measure();
const attackResult = await attack;

// --- 3. a stopped source under 8 connections ----------------------------------------------------------
const deadlineMs = Math.max(...Object.values(limits.sources.timeoutMs));
const stopped = { answers: 0, inTime: 0, maxMs: 0, othersIntact: 0, nletsErrors: new Map<string, number>() };
nlets.child.kill('SIGSTOP');
try {
  const instance = autocannon({
    url: gateway.url,
    connections: 8,
    duration: options.duration,
    method: 'POST',
    headers: { ...officer, 'content-type': 'application/json' },
    body: profileBody,
    timeout: 30,
    setupClient: (client) => client.on('body', (body) => judgeStopped(body)),
  });
  instance.on('response', (_client, _status, _bytes, ms) => {
    stopped.answers++;
    stopped.maxMs = Math.max(stopped.maxMs, ms);
    if (ms <= deadlineMs + 100) stopped.inTime++;
  });
  await instance;
} finally {
  nlets.child.kill('SIGCONT');
}

// --- report -------------------------------------------------------------------------------------------
const ratio = (attacked: AutocannonResult, alone: AutocannonResult) => attacked.latency.p99 / Math.max(alone.latency.p99, 0.001);
const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
console.log('\n1. Time to refuse (sequential, 35 measured each)');
console.log('   attack                    limit        p50         p99         max');
for (const [name, r] of Object.entries(refusals))
  console.log(`   ${name.padEnd(24)}  ${r.limit.padEnd(9)} ${ms(r.p50)}  ${ms(r.p99)}  ${ms(r.max)}`);
console.log(
  `\n2. p99 latency, ${options.duration} s each: alone vs. while 4 clients send the attacks (${attackResult.requests.total} sent, ${count(attackResult, '400')} refused with 400)`,
);
console.log('   what                          alone    attacked     ratio  (target <= 2x)');
console.log(
  `   GET /health (1 conn)     ${ms(healthAlone.latency.p99)}  ${ms(healthAttacked.latency.p99)}  ${ratio(healthAttacked, healthAlone).toFixed(2).padStart(7)}x`,
);
console.log(
  `   profile (2 conns)        ${ms(profileAlone.latency.p99)}  ${ms(profileAttacked.latency.p99)}  ${ratio(profileAttacked, profileAlone).toFixed(2).padStart(7)}x`,
);
console.log(
  `   profile requests/s       ${profileAlone.requests.average.toFixed(0).padStart(10)}  ${profileAttacked.requests.average.toFixed(0).padStart(10)}`,
);
console.log(`\n3. nlets stopped (SIGSTOP), 8 connections, ${options.duration} s; source deadline ${deadlineMs} ms`);
console.log(`   answers ${stopped.answers}; within deadline + 100 ms: ${stopped.inTime}; slowest ${stopped.maxMs.toFixed(0)} ms`);
console.log(`   answers with cjis, ncic, dmv and cori data intact: ${stopped.othersIntact}`);
console.log(`   nlets errors: ${[...stopped.nletsErrors].map(([code, n]) => `${code} ${n}`).join(', ')}`);

mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  path.join(REPO_ROOT, 'bench', 'results', `hostile-${Date.now()}.json`),
  JSON.stringify(
    {
      when: new Date().toISOString(),
      duration: options.duration,
      refusals,
      latency: {
        healthAlone: healthAlone.latency,
        healthAttacked: healthAttacked.latency,
        profileAlone: profileAlone.latency,
        profileAttacked: profileAttacked.latency,
      },
      stopped: { ...stopped, nletsErrors: Object.fromEntries(stopped.nletsErrors), deadlineMs },
    },
    null,
    2,
  ),
);

await gateway.stop();
await auditStore.close();
rmSync(auditDir, { recursive: true, force: true });
await Promise.all(inProcess.map((s) => s.stop()));
nlets.child.kill('SIGTERM');

// --- helpers ------------------------------------------------------------------------------------------
async function headers(sub: string): Promise<Record<string, string>> {
  const token = await mintDevToken({ sub, name: sub, ori: 'CA0190100', roles: ['INVESTIGATOR'] });
  return { authorization: `Bearer ${token}`, 'x-purpose': 'C', 'x-case-number': '24-000187', accept: 'application/json' };
}

function run(opts: Parameters<typeof autocannon>[0]): Promise<AutocannonResult> {
  return Promise.resolve(autocannon({ timeout: 30, ...opts }));
}

function count(result: AutocannonResult, status: string): number {
  return result.statusCodeStats[status]?.count ?? 0;
}

function percentiles(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface ProfileAnswer {
  data?: { person?: { name?: unknown; wants?: unknown; driverLicense?: unknown; criminalHistory?: unknown; iii?: unknown } | null };
  errors?: { extensions?: { code?: string; serviceName?: string } }[];
}

/** Counts answers whose non-nlets parts are all there, and what nlets's part became. */
function judgeStopped(raw: Buffer): void {
  let body: ProfileAnswer;
  try {
    body = JSON.parse(raw.toString('utf8')) as ProfileAnswer;
  } catch {
    return;
  }
  const person = body.data?.person;
  const othersOk = (body.errors ?? []).every((e) => e.extensions?.serviceName === 'nlets');
  if (person && person.name && person.wants && person.driverLicense && person.criminalHistory && person.iii && othersOk)
    stopped.othersIntact++;
  for (const error of body.errors ?? []) {
    const code = `${error.extensions?.code ?? '?'}(${error.extensions?.serviceName ?? '?'})`;
    stopped.nletsErrors.set(code, (stopped.nletsErrors.get(code) ?? 0) + 1);
  }
}

/** One subgraph in a child process, so that it can be stopped (SIGSTOP) on its own. */
async function startChildSubgraph(name: 'nlets'): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/subgraph.ts'), name], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, [`${name.toUpperCase()}_PORT`]: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${name} subgraph exited (${code})`)));
  });
  return { child, url };
}
