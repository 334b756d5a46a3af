/**
 * `npm run bench:need-to-know`: what checking a stated case number against the agency's records costs.
 *
 * Two product gateways over the same real subgraphs (rms included): one with the default reuse of a VALID
 * confirmation (at most 2 s, same caller and number), one with none (every request with a number asks
 * rms). The same profile query, whose fields need no case number (identity, DMV licence and vehicles, hot
 * files), is sent by the same investigator to each:
 *  - "with X-Case-Number" 24-000187 (OPEN, assigned to u-inv-1): the gateway confirms it with rms (one
 *    signed POST to its `needToKnow` field) before planning, or reuses a confirmation;
 *  - "without": no number, no lookup.
 * Both answers must be identical (checked before measuring). Every request is audited (SQLite, temporary).
 * Requests are interleaved so that machine noise hits every series alike; the report gives p50/p95 of
 * each, the difference, and the median of the per-pair differences. Loopback only, bounded counts.
 *
 *   npm run bench:need-to-know -- [--requests 400] [--warmup 50] [--persons 3000]
 */
import '../gateway/telemetry.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Command } from 'commander';
import { prepareGatewayContextKeys } from '../common/context-signer.ts';
import { REPO_ROOT, SUBGRAPH_NAMES } from '../common/config.ts';
import { openSqliteAuditStore } from '../audit/store-sqlite.ts';
import { ensureData } from '../generator/index.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { mintDevToken } from '../gateway/identity/dev-issuer.ts';
import { defaultLimitsConfig } from '../gateway/limits/config.ts';
import { startGateway } from '../gateway/server.ts';
import { SUBGRAPH_STARTERS } from '../scripts/definitions.ts';

const options = new Command('bench:need-to-know')
  .option('--requests <n>', 'measured requests per variant', (v) => Number(v), 400)
  .option('--warmup <n>', 'unmeasured requests per variant first', (v) => Number(v), 50)
  .option('--persons <n>', 'dataset size', (v) => Number(v), 3000)
  .parse()
  .opts<{ requests: number; warmup: number; persons: number }>();

/** Fields whose grants need no case number: the answer is the same with or without one. */
const PROFILE = `query Profile($id: ID!) {
  person(id: $id) {
    id name { full } dob sex identifiers { fbi cii oln }
    driverLicense { number status classes } vehicles { plate make model }
    cautions { code meaning } wants { nic offenseCode offenseDescription }
  }
}`;

const dataDir = path.join(REPO_ROOT, 'data-bench-ntk');
console.log(`dataset: ${options.persons.toLocaleString('en-US')} persons in ${dataDir}`);
await ensureData({ persons: options.persons, outDir: dataDir });
await prepareGatewayContextKeys();
const subgraphs = await Promise.all(SUBGRAPH_NAMES.map((name) => SUBGRAPH_STARTERS[name]({ dataDir, port: 0 })));
const subgraphUrls = Object.fromEntries(subgraphs.map((s) => [s.name, s.url]));
const supergraphSdl = readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8');
const limits = { ...defaultLimitsConfig(), rate: { ...defaultLimitsConfig().rate, enabled: false } };
// A real (SQLite) audit trail in a temporary folder, one per gateway: every variant pays for it alike.
const auditDirs: string[] = [];
async function gatewayWith(needToKnowCacheMs: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-ntk-audit-'));
  auditDirs.push(dir);
  const auditStore = await openSqliteAuditStore(path.join(dir, 'audit.sqlite'));
  const gateway = await startGateway({ port: 0, logLevel: 'silent', supergraphSdl, subgraphUrls, auditStore, limits, needToKnowCacheMs });
  return { gateway, auditStore };
}
// The product's default (a VALID confirmation reused for at most 2 s), and no reuse at all (every request
// with a number asks rms): the cost of the lookup itself.
const gateways = { cached: await gatewayWith(2000), uncached: await gatewayWith(0) };

const token = await mintDevToken({ sub: 'u-inv-1', name: 'u-inv-1', ori: 'CA0190100', roles: ['INVESTIGATOR'], expiresIn: '1h' });
const base = { authorization: `Bearer ${token}`, 'x-purpose': 'C', 'content-type': 'application/json' };
const withCase = { ...base, 'x-case-number': '24-000187' };
const body = JSON.stringify({ query: PROFILE, variables: { id: SHOWCASE.wantedDriver.personId } });

async function send(gateway: keyof typeof gateways, headers: Record<string, string>): Promise<{ ms: number; answer: unknown }> {
  const started = performance.now();
  const response = await fetch(gateways[gateway].gateway.url, { method: 'POST', headers, body });
  const answer: unknown = await response.json();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${gateway}: HTTP ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
  return { ms, answer };
}

const stats = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95) };
};
const row = (name: string, s: { p50: number; p95: number }) =>
  `${name.padEnd(46)} ${s.p50.toFixed(2).padStart(8)} ${s.p95.toFixed(2).padStart(8)}`;

try {
  for (const name of ['cached', 'uncached'] as const) {
    const a = await send(name, withCase);
    const b = await send(name, base);
    if (!isDeepStrictEqual(a.answer, b.answer)) {
      throw new Error(`the answers differ:\n with case: ${JSON.stringify(a.answer)}\n without:   ${JSON.stringify(b.answer)}`);
    }
    if (JSON.stringify(a.answer).includes('"errors"')) throw new Error(`unexpected errors: ${JSON.stringify(a.answer)}`);
  }
  console.log('same answer with and without the case number: yes');

  for (let i = 0; i < options.warmup; i++) {
    for (const name of ['cached', 'uncached'] as const) {
      await send(name, withCase);
      await send(name, base);
    }
  }
  const times = { cached: { with: [] as number[], without: [] as number[] }, uncached: { with: [] as number[], without: [] as number[] } };
  /** Per pair (the two requests sent back to back): with minus without, less sensitive to drifting load. */
  const pairs = { cached: [] as number[], uncached: [] as number[] };
  for (let i = 0; i < options.requests; i++) {
    for (const name of ['cached', 'uncached'] as const) {
      // Alternate which goes first, so that neither always follows the other.
      const first = i % 2 === 0;
      const a = first ? await send(name, withCase) : undefined;
      const b = await send(name, base);
      const c = a ?? (await send(name, withCase));
      times[name].with.push(c.ms);
      times[name].without.push(b.ms);
      pairs[name].push(c.ms - b.ms);
    }
  }
  console.log(`\n${options.requests} requests per series, interleaved; latency in ms (client side, loopback)\n`);
  console.log(`${''.padEnd(46)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}`);
  for (const name of ['cached', 'uncached'] as const) {
    const a = stats(times[name].with);
    const b = stats(times[name].without);
    const label = name === 'cached' ? 'confirmation reused <= 2 s (default)' : 'no reuse (NEED_TO_KNOW_CACHE_MS=0)';
    console.log(`${label}:`);
    console.log(row('  with X-Case-Number', a));
    console.log(row('  without (no lookup)', b));
    console.log(row('  difference of the percentiles', { p50: a.p50 - b.p50, p95: a.p95 - b.p95 }));
    console.log(row('  median of the paired differences', { p50: stats(pairs[name]).p50, p95: stats(pairs[name]).p95 }));
  }
  // One caller repeating one case: with the default every request after the first reuses the confirmation,
  // so the first figure is a cache hit; the second is what a request pays when it must ask rms.
  const added = (name: keyof typeof times) => stats(times[name].with).p50 - stats(times[name].without).p50;
  console.log(`\nadded at p50 (target <= 1 ms): ${added('cached').toFixed(2)} ms for a caller repeating a case within 2 s (cache hit);`);
  console.log(`${added('uncached').toFixed(2)} ms when the request must ask rms (a new case, or more than 2 s since it last did)`);
} finally {
  for (const { gateway, auditStore } of Object.values(gateways)) {
    await gateway.stop();
    await auditStore.close();
  }
  for (const dir of auditDirs) rmSync(dir, { recursive: true, force: true });
  await Promise.all(subgraphs.map((s) => s.stop()));
}
