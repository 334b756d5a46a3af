/**
 * Test support for the audit store suites: an event builder, and one harness per backend giving the tests
 * raw SQL access underneath the store (to tamper with it as an attacker with database access would).
 * PostgreSQL tests use the server that `test/support/postgres-global-setup.ts` found or started for this
 * run (TEST_DATABASE_URL, 127.0.0.1:5432 or an embedded one); each harness works in its own schema,
 * dropped at cleanup, so parallel runs never collide.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import { DEFAULT_TEST_DATABASE_URL, type TestPostgres } from '../test/support/postgres-global-setup.ts';
import { AUDIT_EVENT_VERSION, type AuditEventInput } from './event.ts';
import { SQLITE_SCHEMA } from './sqlite-schema.ts';
import type { ManagedAuditStore } from './store-common.ts';
import { openPostgresAuditStore } from './store-postgres.ts';
import { openSqliteAuditStore } from './store-sqlite.ts';

const provided = providedPostgres();
const configuredUrl = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;

/** The PostgreSQL of this test run (or, when there is none, the one that was tried). */
export const TEST_DATABASE_URL = provided ? (provided.url ?? configuredUrl) : configuredUrl;

/** Why there is no PostgreSQL for this run, in one line ('' when there is one). */
export const POSTGRES_UNAVAILABLE = provided && !provided.url ? provided.description : '';

const BASE_TIME = Date.UTC(2025, 0, 6, 8, 0, 0);

/** An event `minutes` after 2025-01-06T08:00Z; fields overridable. */
export function auditEvent(minutes: number, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    version: AUDIT_EVENT_VERSION,
    time: new Date(BASE_TIME + minutes * 60_000).toISOString(),
    requestId: `req-${minutes}-${Math.random().toString(36).slice(2, 8)}`,
    userId: 'U-PATROL-1',
    userName: 'Officer Dana Reyes',
    ori: 'CA0194200',
    roles: ['PATROL_OFFICER'],
    purpose: 'C',
    caseNumber: null,
    caseStatus: null,
    incidentNumber: null,
    incidentStatus: null,
    clientAddress: '10.20.30.40',
    operationName: 'PlateLookup',
    operationHash: 'a'.repeat(64),
    operationText: 'query PlateLookup { vehicle(plate: "7ABC123") { vin } }',
    subjects: ['P0000001'],
    records: ['Vehicle:1HGCM82633A004352'],
    fieldsDisclosed: ['Query.vehicle', 'Vehicle.vin'],
    fieldsDenied: [],
    views: [{ kind: 'VEHICLE_REGISTRATION', personId: 'P0000001' }],
    sources: ['dmv'],
    outcome: 'ALLOWED',
    reason: null,
    latencyMs: 12.5,
    policyVersion: null,
    releasedBy: [],
    shadow: null,
    ...overrides,
  };
}

/** Raw SQL under the store, `?` placeholders in both dialects. */
export interface RawSql {
  all<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  run(sql: string, ...params: unknown[]): Promise<void>;
  /** Runs `sql` with the append-only triggers out of the way (an attacker with DDL rights). */
  runWithoutTriggers(sql: string, ...params: unknown[]): Promise<void>;
  /** Takes the database's write lock (and keeps it) until the returned function is called. */
  holdWriteLock(): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface StoreHarness {
  kind: 'sqlite' | 'postgres';
  /** The store under test (default options). */
  store: ManagedAuditStore;
  /** Another store over the same storage (a reopened store, or a second gateway replica). */
  open(options?: { lockTimeoutMs?: number }): Promise<ManagedAuditStore>;
  raw: RawSql;
  cleanup: () => Promise<void>;
}

export async function sqliteHarness(): Promise<StoreHarness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-store-'));
  const file = path.join(dir, 'audit.sqlite');
  const opened: ManagedAuditStore[] = [];
  const open = async (options: { lockTimeoutMs?: number } = {}): Promise<ManagedAuditStore> => {
    const store = await openSqliteAuditStore(file, { busyTimeoutMs: options.lockTimeoutMs });
    opened.push(store);
    return store;
  };
  const store = await open(); // creates the schema
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const raw: RawSql = {
    all: async <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    run: async (sql, ...params) => {
      db.prepare(sql).run(...params);
    },
    runWithoutTriggers: async (sql, ...params) => {
      db.transaction(() => {
        const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[];
        for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
        db.prepare(sql).run(...params);
        db.exec(SQLITE_SCHEMA);
      })();
    },
    holdWriteLock: async () => {
      const locker = new Database(file);
      locker.exec('BEGIN EXCLUSIVE');
      return async () => {
        locker.exec('COMMIT');
        locker.close();
      };
    },
    close: async () => {
      db.close();
    },
  };
  return {
    kind: 'sqlite',
    store,
    open,
    raw,
    cleanup: async () => {
      for (const store of opened) await store.close();
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let schemaCounter = 0;

export async function postgresHarness(): Promise<StoreHarness> {
  const schema = `audit_test_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
  const opened: ManagedAuditStore[] = [];
  const open = async (options: { lockTimeoutMs?: number } = {}): Promise<ManagedAuditStore> => {
    const store = await openPostgresAuditStore(TEST_DATABASE_URL, { schema, statementTimeoutMs: options.lockTimeoutMs, poolSize: 4 });
    opened.push(store);
    return store;
  };
  const store = await open();
  const client = await connect(schema);
  const numbered = (sql: string): string => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const raw: RawSql = {
    all: async <T>(sql: string, ...params: unknown[]) => (await client.query(numbered(sql), params)).rows as T[],
    run: async (sql, ...params) => {
      await client.query(numbered(sql), params);
    },
    runWithoutTriggers: async (sql, ...params) => {
      // As superuser: replica mode skips ordinary triggers for this session only.
      await client.query('SET session_replication_role = replica');
      try {
        await client.query(numbered(sql), params);
      } finally {
        await client.query('SET session_replication_role = DEFAULT');
      }
    },
    holdWriteLock: async () => {
      const locker = await connect(schema);
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE');
      return async () => {
        await locker.query('COMMIT');
        await locker.end();
      };
    },
    close: async () => client.end(),
  };
  return {
    kind: 'postgres',
    store,
    open,
    raw,
    cleanup: async () => {
      for (const store of opened) await store.close();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

async function connect(schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  return client;
}

/** What the run's globalSetup found; undefined outside vitest (e.g. `npm run fuzz`). */
function providedPostgres(): TestPostgres | undefined {
  try {
    return inject('postgres');
  } catch {
    return undefined;
  }
}

/** Whether TEST_DATABASE_URL answers (the PostgreSQL suites are skipped, visibly, when it does not). */
export async function postgresReachable(): Promise<boolean> {
  if (POSTGRES_UNAVAILABLE) return false;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
