/**
 * `npm run bench:load`: throughput of the product as deployed (authorization, need to know and the durable
 * SQLite audit trail on) against an out-of-the-box Apollo Gateway (bench/bare-gateway.ts), side by side
 * in one run. Each gateway runs in its own process over ONE shared set of source processes; autocannon
 * drives each at 16 connections. Every workload runs in rounds whose order is rotated (product first, then
 * bare first, …) so that machine noise falls on both alike; the report gives requests/s, p50, p99 and the
 * gateway process's CPU per request, per round, and the medians with the ratios product / bare.
 *
 * Workloads: a 20-person unified profile and a plate → registered owner chain (every connection sends the
 * same request: the case in which merging identical in-flight fetches pays most); and a mixed workload of
 * 60 varied persons, plates and callers, each connection starting at a different place in the list so that
 * concurrent requests differ. In the mixed workload a patrol officer or dispatcher without a case is denied
 * the residence address, which the product does not fetch and the bare gateway does: the two do not do the
 * same work there. Loopback only, bounded.
 *
 *   npm run bench:load -- [--persons 10000] [--connections 16] [--duration 10] [--rounds 3] [--warmup 2]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type AutocannonRequest } from 'autocannon';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { REPO_ROOT } from '../common/config.ts';
import { mintDevToken } from '../gateway/identity/dev-issuer.ts';
import { ensureData } from '../generator/index.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { startSubgraphChildren } from '../scripts/process/children.ts';
import { Supervisor } from '../scripts/process/supervisor.ts';

const options = new Command('bench:load')
  .option('--persons <n>', 'dataset size', (v) => Number(v), 10_000)
  .option('--connections <n>', 'concurrent connections per run', (v) => Number(v), 16)
  .option('--duration <s>', 'seconds measured per gateway per round', (v) => Number(v), 10)
  .option('--rounds <n>', 'rounds per workload (order rotated)', (v) => Number(v), 3)
  .option('--warmup <s>', 'seconds of unmeasured load before each measured run', (v) => Number(v), 2)
  .option('--workloads <names>', 'comma-separated: profile,plate,mixed', 'profile,plate,mixed')
  .parse()
  .opts<{ persons: number; connections: number; duration: number; rounds: number; warmup: number; workloads: string }>();

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

const PROFILE = `query Profiles($ids: [ID!]!) {
  persons(ids: $ids) {
    id name { full } dob sex identifiers { fbi cii oln }
    driverLicense { number status classes } vehicles { plate make model stolenVehicleReports { nic } }
    residenceAddress { street city zip } mailingAddress { city }
    cautions { code meaning } wants { nic offenseCode offenseDescription }
    protectionOrders { nic orderType active conditions { code } protectedPersons { name } }
    iii { fbi statesOfRecord { state } } outOfStateLicenses { state status }
    criminalHistory { cii summary { arrestCount convictionCount } arrests { arrestDate charges { statute disposition } } }
  }
}`;
const PLATE = `query Plate($plate: String!) {
  vehicle(plate: $plate, state: "CA") {
    vin plate make model year stolenVehicleReports { nic }
    registeredOwner { id name { full } dob driverLicense { number status } residenceAddress { street city zip } wants { nic offenseCode } cautions { code } }
  }
}`;

const dataDir = path.join(REPO_ROOT, 'data-bench');
console.log(`dataset: ${options.persons.toLocaleString('en-US')} persons in ${dataDir}`);
await ensureData({ persons: options.persons, outDir: dataDir });

// Inputs: persons with records in every source, and plates of registered vehicles.
const cori = new Database(path.join(dataDir, 'cori.sqlite'), { readonly: true });
const recordIds = (
  cori.prepare("SELECT person_id FROM subjects WHERE person_id NOT LIKE 'P9%' ORDER BY cii LIMIT 200").all() as { person_id: string }[]
).map((r) => r.person_id);
cori.close();
const dmv = new Database(path.join(dataDir, 'dmv.sqlite'), { readonly: true });
const plates = (dmv.prepare('SELECT plate FROM vehicles WHERE plate IS NOT NULL ORDER BY vin LIMIT 200').all() as { plate: string }[]).map(
  (r) => r.plate,
);
dmv.close();
const showcaseIds = [SHOWCASE.wantedDriver, SHOWCASE.protectedPerson, SHOWCASE.recordSubject, SHOWCASE.expiredOrder, SHOWCASE.judge].map(
  (p) => p.personId,
);
const profileIds = [...showcaseIds, ...recordIds.slice(0, 15)];

const tmp = mkdtempSync(path.join(tmpdir(), 'bench-load-'));
const log = (line: string) => {
  if (!line.includes('[supervisor]')) return;
  console.log(line);
};
const baseEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', AUDIT_DB: path.join(tmp, 'audit.sqlite') };
delete baseEnv.DATABASE_URL;
const subgraphs = await startSubgraphChildren(baseEnv, { log });
const urls = Object.fromEntries(subgraphs.map((s) => [`${s.name.toUpperCase()}_URL`, `${s.url}`]));

const productPort = await freePort();
const product = new Supervisor(
  {
    name: 'product gateway',
    script: path.join(REPO_ROOT, 'scripts', 'gateway.ts'),
    env: () => ({
      ...baseEnv,
      ...urls,
      NODE_ENV: 'production',
      AUTH_MODE: 'development',
      GATEWAY_PORT: String(productPort),
      // One benchmark user sends far more than a person would: rate limits off (operation limits stay on).
      RATE_LIMITS: 'off',
      POLICY_WATCH: 'false',
    }),
    readiness: { kind: 'http', url: `http://127.0.0.1:${productPort}/health` },
    readyTimeoutMs: 120_000,
  },
  { log },
);
const bare = new Supervisor(
  {
    name: 'bare gateway',
    script: path.join(HERE, 'bare-gateway.ts'),
    env: () => ({ ...baseEnv, ...urls, NODE_ENV: 'production' }),
    readiness: { kind: 'message' },
    readyTimeoutMs: 120_000,
  },
  { log },
);
const targets = { product: { url: `http://127.0.0.1:${productPort}/graphql`, pid: -1 }, bare: { url: '', pid: -1 } };

const token = (sub: string, ori: string, roles: string[]) => mintDevToken({ sub, name: sub, ori, roles: roles as never, expiresIn: '2h' });
const investigator = {
  authorization: `Bearer ${await token('u-inv-1', 'CA0190100', ['INVESTIGATOR'])}`,
  'x-purpose': 'C',
  'x-case-number': '24-000187',
};
const patrol = { authorization: `Bearer ${await token('u-patrol-1', 'CA0190100', ['PATROL_OFFICER'])}`, 'x-purpose': 'C' };
const dispatcher = { authorization: `Bearer ${await token('u-disp-1', 'CA0190100', ['DISPATCHER'])}`, 'x-purpose': 'C' };

const request = (query: string, variables: Record<string, unknown>, headers: Record<string, string>): AutocannonRequest => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ query, variables }),
});
const WORKLOADS: Record<string, AutocannonRequest[]> = {
  profile: [request(PROFILE, { ids: profileIds }, investigator)],
  plate: [request(PLATE, { plate: SHOWCASE.wantedDriver.plates[0] }, investigator)],
  mixed: Array.from({ length: 60 }, (_, i) => {
    const callers = [investigator, patrol, dispatcher];
    if (i % 3 === 0) return request(PROFILE, { ids: recordIds.slice((i * 5) % 190, ((i * 5) % 190) + 5) }, investigator);
    return request(PLATE, { plate: plates[(i * 7) % plates.length] }, callers[i % callers.length]);
  }),
};

interface Run {
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** CPU time (user + system) of a process so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at indexes 11 and 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

async function load(target: { url: string; pid: number }, requests: AutocannonRequest[], seconds: number): Promise<Run> {
  const cpuBefore = cpuMs(target.pid);
  let connection = 0;
  const result = await autocannon({
    url: target.url,
    connections: options.connections,
    duration: seconds,
    requests,
    timeout: 30,
    // Each connection starts at its own place in the list (autocannon otherwise walks them all in step).
    setupClient: (client) => {
      const start = (connection++ * 7) % requests.length;
      client.setRequests([...requests.slice(start), ...requests.slice(0, start)]);
    },
  });
  const cpu = cpuMs(target.pid) - cpuBefore;
  const requestsDone = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: requestsDone > 0 ? cpu / requestsDone : NaN,
    requests: requestsDone,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Checks once that both gateways answer the workload's requests with data and no errors. */
async function check(name: string, requests: AutocannonRequest[]): Promise<void> {
  for (const [target, { url }] of Object.entries(targets)) {
    for (const r of requests.slice(0, 6)) {
      const response = await fetch(url, { method: 'POST', headers: r.headers, body: r.body });
      const json = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
      const unexpected = (json.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
      if (response.status !== 200 || !json.data || unexpected.length > 0) {
        throw new Error(`${name} on ${target}: ${response.status} ${JSON.stringify(json).slice(0, 400)}`);
      }
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const f = (n: number, width = 8, digits = 1) => n.toFixed(digits).padStart(width);
const report: Record<string, unknown> = {};
try {
  targets.product.pid = (await product.start()).pid;
  const bareReady = await bare.start();
  targets.bare = { url: bareReady.url!, pid: bareReady.pid };
  for (const workload of options.workloads.split(',')) {
    const requests = WORKLOADS[workload];
    if (!requests) throw new Error(`unknown workload ${workload}`);
    await check(workload, requests);
    const runs: Record<'product' | 'bare', Run[]> = { product: [], bare: [] };
    console.log(`\n${workload}: ${options.connections} connections, ${options.rounds} rounds × ${options.duration} s per gateway`);
    console.log('round gateway        req/s   p50 ms   p99 ms  CPU ms/req  non-2xx  errors');
    for (let round = 0; round < options.rounds; round++) {
      const order: ('product' | 'bare')[] = round % 2 === 0 ? ['product', 'bare'] : ['bare', 'product'];
      for (const name of order) {
        if (options.warmup > 0) await load(targets[name], requests, options.warmup);
        const run = await load(targets[name], requests, options.duration);
        runs[name].push(run);
        console.log(
          `${String(round + 1).padStart(5)} ${name.padEnd(9)} ${f(run.rps)} ${f(run.p50)} ${f(run.p99)} ${f(run.cpuMsPerRequest, 11, 2)} ${String(run.non2xx).padStart(8)} ${String(run.errors).padStart(7)}`,
        );
      }
      const p = runs.product[round];
      const b = runs.bare[round];
      console.log(
        `      ratio     ${f(p.rps / b.rps, 8, 2)} ${f(p.p50 / b.p50, 8, 2)} ${f(p.p99 / b.p99, 8, 2)} ${f(p.cpuMsPerRequest / b.cpuMsPerRequest, 11, 2)}`,
      );
    }
    const summary = Object.fromEntries(
      (['product', 'bare'] as const).map((name) => [
        name,
        {
          rps: median(runs[name].map((r) => r.rps)),
          p50: median(runs[name].map((r) => r.p50)),
          p99: median(runs[name].map((r) => r.p99)),
          cpuMsPerRequest: median(runs[name].map((r) => r.cpuMsPerRequest)),
        },
      ]),
    ) as Record<'product' | 'bare', Omit<Run, 'requests' | 'non2xx' | 'errors'>>;
    const ratio = {
      rps: summary.product.rps / summary.bare.rps,
      p50: summary.product.p50 / summary.bare.p50,
      p99: summary.product.p99 / summary.bare.p99,
      cpuMsPerRequest: summary.product.cpuMsPerRequest / summary.bare.cpuMsPerRequest,
    };
    console.log(
      `median    product ${f(summary.product.rps)} ${f(summary.product.p50)} ${f(summary.product.p99)} ${f(summary.product.cpuMsPerRequest, 11, 2)}`,
    );
    console.log(
      `          bare    ${f(summary.bare.rps)} ${f(summary.bare.p50)} ${f(summary.bare.p99)} ${f(summary.bare.cpuMsPerRequest, 11, 2)}`,
    );
    console.log(
      `          ratio   ${f(ratio.rps, 8, 2)} ${f(ratio.p50, 8, 2)} ${f(ratio.p99, 8, 2)} ${f(ratio.cpuMsPerRequest, 11, 2)}   (product / bare)`,
    );
    report[workload] = { runs, summary, ratio };
  }
  mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
  const file = path.join(REPO_ROOT, 'bench', 'results', `load-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ when: new Date().toISOString(), options, report }, null, 2));
  console.log(`\nresults: ${path.relative(REPO_ROOT, file)}`);
} finally {
  await product.stop();
  await bare.stop();
  await Promise.all(subgraphs.map((s) => s.supervisor.stop()));
  rmSync(tmp, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
