/**
 * `npm run bench:audit`: durable audit appends per second with group commit.
 *
 * N writers (concurrent requests) each append their share of the events one after another, awaiting
 * each append as the gateway does before letting data out. Every append resolves only once committed
 * (SQLite synchronous=FULL; PostgreSQL synchronous_commit), so the figure is durable events per second.
 * A single sequential writer (one commit per event) is measured too, to show what group commit buys.
 * The chain is verified afterwards. SQLite runs in a temp dir; PostgreSQL (DATABASE_URL, else
 * TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test) in a temporary schema, dropped after.
 *
 *   npm run bench:audit -- [--events 20000] [--writers 200] [--store sqlite|postgres|both]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { AUDIT_EVENT_VERSION, type AuditEventInput } from '../audit/event.ts';
import type { ManagedAuditStore } from '../audit/store-common.ts';
import { openPostgresAuditStore } from '../audit/store-postgres.ts';
import { openSqliteAuditStore } from '../audit/store-sqlite.ts';

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};
const options = new Command('bench:audit')
  .option('--events <n>', 'events appended in the measured run', positive, 20_000)
  .option('--writers <n>', 'concurrent writers', positive, 200)
  .option('--sequential <n>', 'events appended by one sequential writer (baseline)', positive, 500)
  .option('--store <which>', 'sqlite, postgres or both', 'both')
  .parse()
  .opts<{ events: number; writers: number; sequential: number; store: 'sqlite' | 'postgres' | 'both' }>();

const PG_URL = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const OPERATION = `query Profile($id: ID!) {
  person(id: $id) { id name { full } dob sex identifiers { fbi cii oln }
    driverLicense { number status classes } vehicles { plate make model stolenVehicleReports { nic } }
    residenceAddress { street city zip } cautions { code meaning } wants { nic offenseCode offenseDescription }
    protectionOrders { nic orderType active } }
}`;

/** A realistic event: a person profile with a few subjects, records, and some denied fields. */
function event(writer: number, i: number): AuditEventInput {
  const person = `P${String((writer * 7919 + i) % 1_000_000).padStart(7, '0')}`;
  return {
    version: AUDIT_EVENT_VERSION,
    time: new Date().toISOString(),
    requestId: `bench-${writer}-${i}`,
    userId: `U-${writer}`,
    userName: `Officer ${writer}`,
    ori: `CA0${String(writer % 100).padStart(3, '0')}00`,
    roles: ['INVESTIGATOR'],
    purpose: 'C',
    caseNumber: `24-${String(i).padStart(6, '0')}`,
    caseStatus: null,
    incidentNumber: null,
    incidentStatus: null,
    clientAddress: '10.1.2.3',
    operationName: 'Profile',
    operationHash: 'f'.repeat(64),
    operationText: OPERATION,
    subjects: [person, 'P0000001', 'P0000002'],
    records: [`DriverLicense:D${i}`, `Vehicle:1HGCM82633A${String(i).padStart(6, '0')}`, `WantedPersonRecord:W${i}`],
    fieldsDisclosed: [
      'Query.person',
      'Person.id',
      'Person.name',
      'Person.dob',
      'Person.sex',
      'Person.vehicles',
      'Vehicle.plate',
      'Person.residenceAddress',
    ],
    fieldsDenied: ['Person.criminalHistory'],
    views: [
      { kind: 'HOME_ADDRESS', personId: person },
      { kind: 'VEHICLE_REGISTRATION', personId: person },
    ],
    sources: ['cjis', 'dmv', 'ncic'],
    outcome: 'ALLOWED',
    reason: null,
    latencyMs: 23.4,
    policyVersion: null,
    releasedBy: [],
    shadow: null,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name: string, store: ManagedAuditStore): Promise<void> {
  // Warm-up: connections, statements, the writer thread.
  await Promise.all(Array.from({ length: 200 }, (_, i) => store.append(event(0, i))));

  let started = performance.now();
  for (let i = 0; i < options.sequential; i++) await store.append(event(1, i));
  const sequentialRate = options.sequential / ((performance.now() - started) / 1000);

  const before = { ...store.writes };
  const latencies: number[] = [];
  const perWriter = Math.ceil(options.events / options.writers);
  started = performance.now();
  await Promise.all(
    Array.from({ length: options.writers }, async (_, writer) => {
      for (let i = 0; i < perWriter && writer * perWriter + i < options.events; i++) {
        const t = performance.now();
        await store.append(event(writer, i));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const commits = store.writes.commits - before.commits;
  latencies.sort((a, b) => a - b);

  started = performance.now();
  const verified = await store.verify();
  const verifySeconds = (performance.now() - started) / 1000;

  const rate = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`\n${name} (${store.location})`);
  console.log(
    `  group commit: ${rate(latencies.length / seconds)} durable events/s — ${latencies.length.toLocaleString('en-US')} events from ${options.writers} writers in ${seconds.toFixed(2)} s`,
  );
  console.log(
    `                ${commits} commits, ${(latencies.length / commits).toFixed(1)} events per commit on average (largest ${store.writes.largestBatch})`,
  );
  console.log(
    `                append latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
  console.log(`  one writer:   ${rate(sequentialRate)} durable events/s (one commit per event, ${options.sequential} events)`);
  console.log(
    `  verify:       ${verified.ok ? 'OK' : `BROKEN at ${verified.problem?.seq}`}, ${verified.checked.toLocaleString('en-US')} events in ${verifySeconds.toFixed(2)} s (${rate(verified.checked / verifySeconds)} events/s)`,
  );
}

async function benchSqlite(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-bench-'));
  const store = await openSqliteAuditStore(path.join(dir, 'audit.sqlite'));
  try {
    await measure('SQLite (WAL, synchronous=FULL, writer thread)', store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(): Promise<void> {
  const schema = `audit_bench_${process.pid}`;
  let store: ManagedAuditStore;
  try {
    store = await openPostgresAuditStore(PG_URL, { schema });
  } catch (error) {
    console.log(`\nPostgreSQL: skipped, ${PG_URL.replace(/\/\/[^@]*@/, '//…@')} is unreachable (${(error as Error).message})`);
    return;
  }
  try {
    await measure('PostgreSQL (one transaction per batch, advisory lock)', store);
  } finally {
    await store.close();
    const client = new pg.Client(PG_URL);
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

console.log(`audit append throughput: ${options.events.toLocaleString('en-US')} events, ${options.writers} concurrent writers`);
if (options.store !== 'postgres') await benchSqlite();
if (options.store !== 'sqlite') await benchPostgres();
