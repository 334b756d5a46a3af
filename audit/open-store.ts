/**
 * Which audit store a process uses, and how long the trail is kept, from the environment:
 * - `DATABASE_URL` set → PostgreSQL (tables in `AUDIT_DB_SCHEMA`, default `public`);
 * - otherwise SQLite at `AUDIT_DB` (default `<DATA_DIR>/audit.sqlite`);
 * - `AUDIT_RETENTION_DAYS` (default 1095, three years, CLETS practice; at least 365: CJIS AU-11).
 */
import path from 'node:path';
import { dataDirFromEnv } from '../common/config.ts';
import type { ManagedAuditStore } from './store-common.ts';
import { openPostgresAuditStore } from './store-postgres.ts';
import { openSqliteAuditStore } from './store-sqlite.ts';

export const DEFAULT_RETENTION_DAYS = 1095;
/** CJIS Security Policy AU-11: audit records are retained for at least one year. */
export const MIN_RETENTION_DAYS = 365;

const DAY_MS = 86_400_000;

export type AuditStoreLocation = { kind: 'postgres'; url: string; schema: string } | { kind: 'sqlite'; file: string };

/** Where `openAuditStore(env)` will store the trail. */
export function auditStoreLocation(env: NodeJS.ProcessEnv = process.env): AuditStoreLocation {
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== '') return { kind: 'postgres', url, schema: nonEmpty(env.AUDIT_DB_SCHEMA) ?? 'public' };
  return { kind: 'sqlite', file: path.resolve(nonEmpty(env.AUDIT_DB) ?? path.join(dataDirFromEnv(env), 'audit.sqlite')) };
}

/**
 * Opens the configured audit store (creating its tables if missing). A retention setting that breaks the
 * CJIS minimum is refused here too, so that a misconfigured gateway does not start.
 */
export async function openAuditStore(env: NodeJS.ProcessEnv = process.env): Promise<ManagedAuditStore> {
  retentionDaysFromEnv(env);
  const location = auditStoreLocation(env);
  return location.kind === 'postgres'
    ? openPostgresAuditStore(location.url, { schema: location.schema })
    : openSqliteAuditStore(location.file);
}

/** `AUDIT_RETENTION_DAYS`, checked: a whole number of days, at least 365. */
export function retentionDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = nonEmpty(env.AUDIT_RETENTION_DAYS);
  if (raw === undefined) return DEFAULT_RETENTION_DAYS;
  const days = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(days)) {
    throw new RangeError(`AUDIT_RETENTION_DAYS must be a whole number of days, got "${raw}"`);
  }
  if (days < MIN_RETENTION_DAYS) {
    throw new RangeError(
      `AUDIT_RETENTION_DAYS=${days} is too short: the CJIS Security Policy (AU-11) requires audit records to be kept at least ${MIN_RETENTION_DAYS} days (default ${DEFAULT_RETENTION_DAYS}, three years)`,
    );
  }
  return days;
}

/**
 * The cutoff of a purge: `before` when given (refused if it would delete events younger than the minimum
 * retention), else now minus the configured retention.
 */
export function purgeCutoff(options: { before?: string; env?: NodeJS.ProcessEnv; now?: Date }): string {
  const now = options.now ?? new Date();
  const latestAllowed = now.getTime() - MIN_RETENTION_DAYS * DAY_MS;
  if (options.before === undefined) return new Date(now.getTime() - retentionDaysFromEnv(options.env) * DAY_MS).toISOString();
  const before = Date.parse(options.before);
  if (Number.isNaN(before)) throw new RangeError(`--before must be an ISO-8601 date or time, got "${options.before}"`);
  if (before > latestAllowed) {
    throw new RangeError(
      `--before ${options.before} would delete audit records younger than ${MIN_RETENTION_DAYS} days (CJIS AU-11); the latest allowed cutoff is ${new Date(latestAllowed).toISOString()}`,
    );
  }
  return new Date(before).toISOString();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
