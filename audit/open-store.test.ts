import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../common/config.ts';
import { auditStoreLocation, openAuditStore, purgeCutoff, retentionDaysFromEnv } from './open-store.ts';
import { auditEvent, postgresReachable, TEST_DATABASE_URL } from './store-test-support.ts';

const pgReachable = await postgresReachable();

describe('auditStoreLocation', () => {
  it('is SQLite at <DATA_DIR>/audit.sqlite by default, or at AUDIT_DB', () => {
    expect(auditStoreLocation({})).toEqual({ kind: 'sqlite', file: path.join(REPO_ROOT, 'data', 'audit.sqlite') });
    expect(auditStoreLocation({ DATA_DIR: '/srv/clets' })).toEqual({ kind: 'sqlite', file: '/srv/clets/audit.sqlite' });
    expect(auditStoreLocation({ DATA_DIR: '/srv/clets', AUDIT_DB: '/var/audit/trail.sqlite' })).toEqual({
      kind: 'sqlite',
      file: '/var/audit/trail.sqlite',
    });
  });

  it('is PostgreSQL when DATABASE_URL is set (schema AUDIT_DB_SCHEMA, default public)', () => {
    expect(auditStoreLocation({ DATABASE_URL: 'postgres://db/clets', AUDIT_DB: '/ignored' })).toEqual({
      kind: 'postgres',
      url: 'postgres://db/clets',
      schema: 'public',
    });
    expect(auditStoreLocation({ DATABASE_URL: 'postgres://db/clets', AUDIT_DB_SCHEMA: 'audit' })).toMatchObject({ schema: 'audit' });
  });
});

describe('openAuditStore', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('opens SQLite at AUDIT_DB', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-open-'));
    const file = path.join(dir, 'trail.sqlite');
    const store = await openAuditStore({ AUDIT_DB: file });
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    expect(store.kind).toBe('sqlite');
    expect((await store.append(auditEvent(0))).seq).toBe(1);
    expect(existsSync(file)).toBe(true);
  });

  it.skipIf(!pgReachable)('opens PostgreSQL with DATABASE_URL, creating the schema', async () => {
    const schema = `audit_open_${process.pid}_${Date.now().toString(36)}`;
    const store = await openAuditStore({ DATABASE_URL: TEST_DATABASE_URL, AUDIT_DB_SCHEMA: schema });
    cleanups.push(async () => {
      await store.close();
      const client = new pg.Client(TEST_DATABASE_URL);
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    });
    expect(store.kind).toBe('postgres');
    expect((await store.append(auditEvent(0))).seq).toBe(1);
    expect(await store.stats()).toMatchObject({ events: 1, location: expect.stringContaining(schema) });
  });

  it('refuses to open with a retention below the CJIS minimum', async () => {
    await expect(openAuditStore({ AUDIT_DB: path.join(tmpdir(), 'never-created.sqlite'), AUDIT_RETENTION_DAYS: '180' })).rejects.toThrow(
      /AUDIT_RETENTION_DAYS=180 is too short/,
    );
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openAuditStore({ DATABASE_URL: TEST_DATABASE_URL, AUDIT_DB_SCHEMA: 'audit; DROP TABLE x' })).rejects.toThrow(
      /plain lower-case SQL identifier/,
    );
  });
});

describe('retention', () => {
  it('AUDIT_RETENTION_DAYS defaults to 1095 (three years) and must be at least 365 (CJIS AU-11)', () => {
    expect(retentionDaysFromEnv({})).toBe(1095);
    expect(retentionDaysFromEnv({ AUDIT_RETENTION_DAYS: '365' })).toBe(365);
    expect(retentionDaysFromEnv({ AUDIT_RETENTION_DAYS: '2555' })).toBe(2555);
    expect(() => retentionDaysFromEnv({ AUDIT_RETENTION_DAYS: '364' })).toThrow(
      'AUDIT_RETENTION_DAYS=364 is too short: the CJIS Security Policy (AU-11) requires audit records to be kept at least 365 days (default 1095, three years)',
    );
    expect(() => retentionDaysFromEnv({ AUDIT_RETENTION_DAYS: '3 years' })).toThrow(/whole number of days/);
    expect(() => retentionDaysFromEnv({ AUDIT_RETENTION_DAYS: '-400' })).toThrow(/whole number of days/);
  });

  it('the purge cutoff is now minus the retention, or --before if it is at least 365 days ago', () => {
    const now = new Date('2026-06-01T00:00:00.000Z');
    expect(purgeCutoff({ now, env: {} })).toBe('2023-06-02T00:00:00.000Z');
    expect(purgeCutoff({ now, env: { AUDIT_RETENTION_DAYS: '730' } })).toBe('2024-06-01T00:00:00.000Z');
    expect(() => purgeCutoff({ now, env: { AUDIT_RETENTION_DAYS: '30' } })).toThrow(/AU-11/);
    expect(purgeCutoff({ now, before: '2024-01-01' })).toBe('2024-01-01T00:00:00.000Z');
    expect(() => purgeCutoff({ now, before: '2026-01-01' })).toThrow(
      '--before 2026-01-01 would delete audit records younger than 365 days (CJIS AU-11); the latest allowed cutoff is 2025-06-01T00:00:00.000Z',
    );
    expect(() => purgeCutoff({ now, before: 'last year' })).toThrow(/ISO-8601/);
  });
});
