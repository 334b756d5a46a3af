/**
 * `npm run bench`: the cost of field-level authorization, measured side by side in one run.
 *
 * Gateways over the same subgraphs and the same data:
 *  - "authorized": the product gateway (token check, purpose check, pruning, shield pass);
 *  - "bare": Apollo Server + the same Apollo Gateway and data sources (signed subgraph context
 *    included, since subgraphs require it), served by express like the product, without identity,
 *    purpose or authorization;
 *  - "+ audit": the product gateway with its durable SQLite audit trail, for the audit's own cost.
 * Requests alternate between the two (A, B, A, B …) so that machine noise hits both alike; the report
 * gives p50/p90/mean latency for each and the ratios. Loopback only, bounded request counts.
 *
 *   npm run bench -- [--requests 300] [--warmup 50]
 */
import '../gateway/telemetry.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { Command } from 'commander';
import { createGateway } from '../gateway/gateway.ts';
import { subgraphEndpoints } from '../gateway/endpoints.ts';
import { createLogger } from '../gateway/logger.ts';
import { defaultLimitsConfig } from '../gateway/limits/config.ts';
import { startGateway } from '../gateway/server.ts';
import { createGatewayContextSigner, prepareGatewayContextKeys } from '../common/context-signer.ts';
import { signedSubgraphContext } from '../gateway/subgraph-context.ts';
import { mintDevToken } from '../gateway/identity/dev-issuer.ts';
import type { GatewayContext } from '../gateway/context.ts';
import type { AuditEvent } from '../audit/event.ts';
import type { AuditStore } from '../audit/store.ts';
import { openSqliteAuditStore } from '../audit/store-sqlite.ts';
import { ensureData } from '../generator/index.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { REPO_ROOT, SUBGRAPH_NAMES } from '../common/config.ts';
import type { RunningSubgraph } from '../subgraphs/common/subgraph.ts';
import { SUBGRAPH_STARTERS } from '../scripts/definitions.ts';

/** Bench only: keeps events in memory (no durability), so audit I/O does not enter the ratio. */
function inMemoryAuditStore(): AuditStore {
  const events: AuditEvent[] = [];
  const refuse = () => Promise.reject(new Error('not available in the benchmark store'));
  return {
    kind: 'sqlite',
    async append(input) {
      const event = { ...input, seq: events.length + 1, prevHash: '', hash: '' };
      events.push(event);
      return event;
    },
    query: refuse,
    events: refuse,
    after: refuse,
    verify: refuse,
    purge: refuse,
    addAlerts: refuse,
    alerts: refuse,
    cases: { list: refuse, totals: refuse, byIds: refuse, change: refuse },
    async ping() {},
    async close() {},
  };
}

const options = new Command('bench')
  .option('--requests <n>', 'measured requests per gateway', (v) => Number(v), 300)
  .option('--warmup <n>', 'unmeasured requests per gateway first', (v) => Number(v), 50)
  .option('--persons <n>', 'dataset size', (v) => Number(v), 10_000)
  .parse()
  .opts<{ requests: number; warmup: number; persons: number }>();

const PROFILE = `query Profiles($ids: [ID!]!) {
  persons(ids: $ids) {
    id name { full } dob sex identifiers { fbi cii oln }
    driverLicense { number status classes } vehicles { plate make model stolenVehicleReports { nic } }
    residenceAddress { street city zip } mailingAddress { city }
    cautions { code meaning } wants { nic offenseCode offenseDescription }
    protectionOrders { nic orderType active conditions { code } protectedPersons { name } }
    iii { fbi statesOfRecord { state } } outOfStateLicenses { state status }
    criminalHistory { cii ssn summary { arrestCount convictionCount } arrests { arrestDate charges { statute disposition sealed } } }
  }
}`;

const dataDir = path.join(REPO_ROOT, 'data-bench');
console.log(`dataset: ${options.persons.toLocaleString('en-US')} persons in ${dataDir}`);
await ensureData({ persons: options.persons, outDir: dataDir });
await prepareGatewayContextKeys();
const subgraphs = await Promise.all(SUBGRAPH_NAMES.map((name) => SUBGRAPH_STARTERS[name]({ dataDir, port: 0 })));
const subgraphUrls = Object.fromEntries(subgraphs.map((s) => [s.name, s.url]));
const supergraphSdl = readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8');

// The audit trail is measured on its own (npm run bench:audit): here both gateways skip durable writes,
// so that the ratio is the cost of identity, purpose and authorization alone.
// One benchmark user sends far more than a person would: rate limits off (operation limits stay on).
const limits = { ...defaultLimitsConfig(), rate: { ...defaultLimitsConfig().rate, enabled: false } };
const authorized = await startGateway({
  port: 0,
  logLevel: 'silent',
  supergraphSdl,
  subgraphUrls,
  auditStore: inMemoryAuditStore(),
  limits,
});
// The product as deployed by default: authorization and a durable SQLite audit trail (one fsynced
// group commit per batch), to show what the audit adds on top of authorization.
const auditDir = mkdtempSync(path.join(tmpdir(), 'bench-audit-'));
const auditStore = await openSqliteAuditStore(path.join(auditDir, 'audit.sqlite'));
const audited = await startGateway({ port: 0, logLevel: 'silent', supergraphSdl, subgraphUrls, auditStore, limits });

// The bare gateway: same inner gateway and data sources, a fixed signed context, nothing else.
const benchCaller = { sub: 'u-inv-1', ori: 'CA0190100', roles: ['INVESTIGATOR' as const], purpose: 'C' as const, caseNumber: '24-000187' };
const bare = new ApolloServer<GatewayContext>({
  gateway: createGateway({
    supergraphSdl,
    endpoints: subgraphEndpoints(supergraphSdl, subgraphUrls),
    logger: createLogger('silent'),
    subgraphHeaders: signedSubgraphContext(await createGatewayContextSigner()),
  }),
});
await bare.start();
// Served like the product gateway (express 5, JSON body limit, Apollo's express middleware), minus
// identity, purpose and authorization.
const bareApp = express();
bareApp.use(
  '/graphql',
  express.json({ limit: 100 * 1024 }),
  expressMiddleware(bare, {
    context: async () => ({
      requestId: 'bench',
      clientAddress: '127.0.0.1',
      startedAt: performance.now(),
      sources: new Set<string>(),
      audit: { state: 'none' as const },
      authorization: { decisionContext: benchCaller },
    }),
  }),
);
const bareServer = http.createServer(bareApp);
await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/graphql`;

// Twenty persons with records in every source: showcase people first, then people with a CORI record.
const cori = subgraphs.find((s): s is RunningSubgraph => s.name === 'cori')!;
const extra = cori.store.all<{ person_id: string }>("SELECT person_id FROM subjects WHERE person_id NOT LIKE 'P9%' ORDER BY cii LIMIT 15");
const ids: string[] = [
  ...[SHOWCASE.wantedDriver, SHOWCASE.protectedPerson, SHOWCASE.recordSubject, SHOWCASE.expiredOrder, SHOWCASE.judge].map(
    (p) => p.personId,
  ),
  ...extra.map((r) => r.person_id),
];

const token = await mintDevToken({ sub: 'u-inv-1', name: 'Bench', ori: 'CA0190100', roles: ['INVESTIGATOR'] });
const authorizedHeaders = { authorization: `Bearer ${token}`, 'x-purpose': 'C', 'x-case-number': '24-000187' };

/**
 * Two operations: the full profile, where rap-sheet entries (sealed or not) and address lines are decided
 * on the data, field by field; and an officer-safety profile (identity, DMV, hot files) where every field
 * is decided before planning.
 */
const SCENARIOS = [
  { name: 'full profile (data-dependent rules on CORI entries and addresses)', query: PROFILE },
  {
    name: 'officer-safety profile (every decision made before planning)',
    query: `query Safety($ids: [ID!]!) { persons(ids: $ids) { id name { full } dob sex identifiers { fbi cii oln }
      driverLicense { number status classes } vehicles { plate make model } cautions { code meaning }
      wants { nic offenseCode offenseDescription } protectionOrders { nic orderType active conditions { code } } } }`,
  },
];

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p90: at(0.9), mean: values.reduce((a, b) => a + b, 0) / values.length };
};
const f = (n: number) => n.toFixed(2).padStart(7);
const reports = [];

for (const scenario of SCENARIOS) {
  const body = JSON.stringify({ query: scenario.query, variables: { ids } });
  const targets = {
    authorized: { url: authorized.url, headers: authorizedHeaders as Record<string, string> },
    audited: { url: audited.url, headers: authorizedHeaders as Record<string, string> },
    bare: { url: bareUrl, headers: {} as Record<string, string> },
  };
  const once = async (target: { url: string; headers: Record<string, string> }): Promise<number> => {
    const started = performance.now();
    const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body });
    const json = (await response.json()) as { data?: { persons?: unknown[] } };
    if (response.status !== 200 || json.data?.persons?.length !== 20)
      throw new Error(`unexpected answer: ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
    return performance.now() - started;
  };
  const samples: Record<keyof typeof targets, number[]> = { authorized: [], audited: [], bare: [] };
  const names = Object.keys(targets) as (keyof typeof targets)[];
  for (let i = 0; i < options.warmup; i++) for (const name of names) await once(targets[name]);
  for (let i = 0; i < options.requests; i++) {
    // Rotate which goes first so none always follows another.
    const order = names.map((_, k) => names[(i + k) % names.length]);
    for (const name of order) samples[name].push(await once(targets[name]));
  }
  const a = stats(samples.authorized);
  const d = stats(samples.audited);
  const b = stats(samples.bare);
  const report = {
    scenario: scenario.name,
    requests: options.requests,
    authorizedMs: a,
    auditedMs: d,
    bareMs: b,
    ratio: { p50: a.p50 / b.p50, p90: a.p90 / b.p90, mean: a.mean / b.mean },
    auditedRatio: { p50: d.p50 / b.p50, p90: d.p90 / b.p90, mean: d.mean / b.mean },
  };
  reports.push(report);
  console.log(`\n20 persons, ${scenario.name}; investigator with a case number; ${options.requests} requests each, interleaved`);
  console.log('               p50 ms   p90 ms  mean ms');
  console.log(`authorized    ${f(a.p50)}  ${f(a.p90)}  ${f(a.mean)}`);
  console.log(`+ audit      ${f(d.p50)}  ${f(d.p90)}  ${f(d.mean)}   (authorized, durable SQLite audit trail)`);
  console.log(`bare          ${f(b.p50)}  ${f(b.p90)}  ${f(b.mean)}`);
  console.log(`ratio         ${f(report.ratio.p50)}  ${f(report.ratio.p90)}  ${f(report.ratio.mean)}   (authorized / bare)`);
  console.log(
    `ratio + audit ${f(report.auditedRatio.p50)}  ${f(report.auditedRatio.p90)}  ${f(report.auditedRatio.mean)}   (authorized with audit / bare)`,
  );
}
mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  path.join(REPO_ROOT, 'bench', 'results', `authz-${Date.now()}.json`),
  JSON.stringify({ when: new Date().toISOString(), reports }, null, 2),
);

await authorized.stop();
await audited.stop();
await auditStore.close();
rmSync(auditDir, { recursive: true, force: true });
await bare.stop();
bareServer.closeAllConnections();
await new Promise((resolve) => bareServer.close(resolve));
await Promise.all(subgraphs.map((s) => s.stop()));
