/**
 * The audit store on PostgreSQL (`DATABASE_URL`), with the SQLite store's semantics: group commit (one
 * transaction per batch), seq and hash chain assigned by the writer, append-only triggers that allow a
 * DELETE only of events covered by the purge anchor. Several gateway replicas may share one database:
 * every batch takes a transaction-scoped advisory lock and reads the chain head under it, so the chain
 * stays linear whoever writes.
 *
 * All tables live in one schema (default `public`); connections set `search_path` to it.
 */
import pg from 'pg';
import type { Alert, AlertInput } from './alert.ts';
import { PostgresCaseDb } from './cases/postgres.ts';
import { inTransaction } from './postgres-transaction.ts';
import { SqlCaseStore } from './cases/repository.ts';
import { casesPostgresSchema } from './cases/schema.ts';
import { type ChainAnchor, chainEvents, type ChainSource, GENESIS_ANCHOR, sha256Hex, type StoredLink, verifyChain } from './chain.ts';
import type { AuditEvent, AuditEventInput } from './event.ts';
import { GroupCommit, type GroupCommitStats } from './group-commit.ts';
import type { AuditQuery, VerifyResult } from './store.ts';
import {
  alertConditions,
  type AlertRow,
  AuditPurgeRefusedError,
  type AuditStoreStats,
  AuditWriteError,
  checkAlertInput,
  checkLimit,
  checkSeq,
  EVENT_COLUMNS,
  eventConditions,
  type EventRow,
  eventToRow,
  isoTime,
  JSON_COLUMNS,
  type ManagedAuditStore,
  MAX_BATCH,
  normalizeEventInput,
  rowToAlert,
  rowToEvent,
  rowToLink,
  where,
} from './store-common.ts';

export interface PostgresAuditStoreOptions {
  /** Schema holding the tables (created if missing). @default 'public' */
  schema?: string;
  /** Most events committed in one transaction. @default 1000 */
  maxBatch?: number;
  /**
   * Longest any statement may run, lock waits included, so that an append fails (and the gateway fails
   * closed) instead of hanging. @default 10000
   */
  statementTimeoutMs?: number;
  /** Connections in the pool (one writes at a time; the rest read). @default 10 */
  poolSize?: number;
}

const VERIFY_PAGE = 2000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** pg types of `EVENT_COLUMNS`, for `unnest` of one array per column. */
const COLUMN_TYPES: Record<(typeof EVENT_COLUMNS)[number], string> = {
  seq: 'bigint',
  version: 'smallint',
  time: 'text',
  request_id: 'text',
  user_id: 'text',
  user_name: 'text',
  ori: 'text',
  roles: 'jsonb',
  purpose: 'text',
  case_number: 'text',
  case_status: 'text',
  incident_number: 'text',
  incident_status: 'text',
  client_address: 'text',
  operation_name: 'text',
  operation_hash: 'text',
  operation_text: 'text',
  subjects: 'jsonb',
  records: 'jsonb',
  fields_disclosed: 'jsonb',
  fields_denied: 'jsonb',
  views: 'jsonb',
  sources: 'jsonb',
  outcome: 'text',
  reason: 'text',
  latency_ms: 'double precision',
  policy_version: 'text',
  released_by: 'jsonb',
  shadow: 'jsonb',
  prev_hash: 'text',
  hash: 'text',
};

/** Columns as read back: jsonb as its JSON text, like SQLite's. */
const SELECT_EVENT = `SELECT ${EVENT_COLUMNS.map((c) => (JSON_COLUMNS.has(c) ? `${c}::text AS ${c}` : c)).join(', ')} FROM audit_events`;
const SELECT_ALERT =
  'SELECT id, key, detector, severity, user_id, ori, summary, event_seqs::text AS event_seqs, facts::text AS facts, time, created_at FROM alerts';
const INSERT_EVENTS = `INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')})
  SELECT * FROM unnest(${EVENT_COLUMNS.map((c, i) => `$${i + 1}::${COLUMN_TYPES[c]}[]`).join(', ')})`;
const HEAD = `SELECT seq, hash FROM (
    (SELECT seq, hash, 1 AS rank FROM audit_events ORDER BY seq DESC LIMIT 1)
    UNION ALL (SELECT through_seq, hash, 2 FROM audit_anchor ORDER BY through_seq DESC LIMIT 1)
  ) head ORDER BY rank LIMIT 1`;
const ANCHOR = 'SELECT through_seq AS seq, hash FROM audit_anchor ORDER BY through_seq DESC LIMIT 1';

function schemaSql(schema: string): string {
  const s = `"${schema}"`;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.audit_events (
  seq              bigint PRIMARY KEY,
  version          smallint NOT NULL,
  time             text COLLATE "C" NOT NULL,
  request_id       text NOT NULL,
  user_id          text,
  user_name        text,
  ori              text,
  roles            jsonb NOT NULL,
  purpose          text,
  case_number      text,
  case_status      text,
  incident_number  text,
  incident_status  text,
  client_address   text NOT NULL,
  operation_name   text,
  operation_hash   text,
  operation_text   text,
  subjects         jsonb NOT NULL,
  records          jsonb NOT NULL,
  fields_disclosed jsonb NOT NULL,
  fields_denied    jsonb NOT NULL,
  views            jsonb NOT NULL,
  sources          jsonb NOT NULL,
  outcome          text NOT NULL,
  reason           text,
  latency_ms       double precision NOT NULL,
  policy_version   text,
  released_by      jsonb,
  shadow           jsonb,
  prev_hash        text NOT NULL,
  hash             text NOT NULL
);
-- Event version 2 columns, for stores created before them.
ALTER TABLE ${s}.audit_events ADD COLUMN IF NOT EXISTS case_status text;
ALTER TABLE ${s}.audit_events ADD COLUMN IF NOT EXISTS incident_number text;
ALTER TABLE ${s}.audit_events ADD COLUMN IF NOT EXISTS incident_status text;
ALTER TABLE ${s}.audit_events ADD COLUMN IF NOT EXISTS policy_version text;
ALTER TABLE ${s}.audit_events ADD COLUMN IF NOT EXISTS released_by jsonb;
ALTER TABLE ${s}.audit_events ADD COLUMN IF NOT EXISTS shadow jsonb;
CREATE INDEX IF NOT EXISTS audit_events_user ON ${s}.audit_events (user_id, seq);
CREATE INDEX IF NOT EXISTS audit_events_ori ON ${s}.audit_events (ori, seq);
CREATE INDEX IF NOT EXISTS audit_events_purpose ON ${s}.audit_events (purpose, seq);
CREATE INDEX IF NOT EXISTS audit_events_outcome ON ${s}.audit_events (outcome, seq);
CREATE INDEX IF NOT EXISTS audit_events_time ON ${s}.audit_events (time);
-- Detectors read a user's, an agency's and a case's recent history by time.
CREATE INDEX IF NOT EXISTS audit_events_user_time ON ${s}.audit_events (user_id, time);
CREATE INDEX IF NOT EXISTS audit_events_ori_time ON ${s}.audit_events (ori, time);
CREATE INDEX IF NOT EXISTS audit_events_case_time ON ${s}.audit_events (ori, case_number, time);

CREATE TABLE IF NOT EXISTS ${s}.audit_subjects (
  person_id text NOT NULL,
  seq       bigint NOT NULL,
  PRIMARY KEY (person_id, seq)
);
CREATE INDEX IF NOT EXISTS audit_subjects_seq ON ${s}.audit_subjects (seq);

CREATE TABLE IF NOT EXISTS ${s}.audit_anchor (
  through_seq  bigint PRIMARY KEY,
  hash         text NOT NULL,
  purged_at    text NOT NULL,
  before       text NOT NULL,
  purged_count bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS ${s}.alerts (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key        text NOT NULL UNIQUE,
  detector   text NOT NULL,
  severity   text NOT NULL,
  user_id    text NOT NULL,
  ori        text NOT NULL,
  summary    text NOT NULL,
  event_seqs jsonb NOT NULL,
  facts      jsonb NOT NULL,
  time       text COLLATE "C" NOT NULL,
  created_at text NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_ori ON ${s}.alerts (ori, id);
CREATE INDEX IF NOT EXISTS alerts_user ON ${s}.alerts (user_id, id);
CREATE INDEX IF NOT EXISTS alerts_time ON ${s}.alerts (time);

-- Events and their subject rows: no UPDATE; DELETE only at or below the latest purge anchor.
CREATE OR REPLACE FUNCTION ${s}.audit_trail_guard() RETURNS trigger LANGUAGE plpgsql SET search_path = ${s} AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.seq <= (SELECT coalesce(max(through_seq), 0) FROM audit_anchor) THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: DELETE refused (only a retention purge removes rows, up to its anchor)', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE FUNCTION ${s}.audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON ${s}.audit_events
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_trail_guard();
CREATE OR REPLACE TRIGGER audit_subjects_append_only BEFORE UPDATE OR DELETE ON ${s}.audit_subjects
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_trail_guard();
CREATE OR REPLACE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON ${s}.audit_anchor
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_refuse();
CREATE OR REPLACE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON ${s}.audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_refuse();
CREATE OR REPLACE TRIGGER audit_subjects_no_truncate BEFORE TRUNCATE ON ${s}.audit_subjects
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_refuse();
CREATE OR REPLACE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON ${s}.audit_anchor
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_refuse();
`;
}

/** A 64-bit advisory lock key derived from a name (the same name gives the same lock in every process). */
function lockKey(name: string): string {
  return BigInt.asIntN(64, BigInt(`0x${sha256Hex(name).slice(0, 16)}`)).toString();
}

/** pg returns bigint as text; everything else in the event row comes back as the row type says. */
type PgEventRow = Omit<EventRow, 'seq'> & { seq: string };
function fromPg(row: PgEventRow): EventRow {
  return { ...row, seq: Number(row.seq) };
}

type State = 'open' | 'closing' | 'closed';

class PostgresAuditStore implements ManagedAuditStore {
  readonly kind = 'postgres';
  private state: State = 'open';
  private readonly committer: GroupCommit<AuditEventInput, AuditEvent>;
  private readonly writeLock: string;
  private readonly purgeLock: string;
  private readonly caseDb: PostgresCaseDb;
  readonly cases: SqlCaseStore;

  constructor(
    readonly location: string,
    private readonly pool: pg.Pool,
    schema: string,
    maxBatch: number,
  ) {
    this.writeLock = lockKey(`clets-audit-write:${schema}`);
    this.purgeLock = lockKey(`clets-audit-purge:${schema}`);
    this.caseDb = new PostgresCaseDb(pool, lockKey(`clets-audit-cases:${schema}`));
    this.cases = new SqlCaseStore(this.caseDb);
    this.committer = new GroupCommit(async (inputs) => {
      try {
        return await this.writeBatch(inputs);
      } catch (error) {
        throw new AuditWriteError(`audit events could not be written to ${location}: ${(error as Error).message}`, { cause: error });
      }
    }, maxBatch);
  }

  get writes(): GroupCommitStats {
    return { ...this.committer.stats };
  }

  async append(event: AuditEventInput): Promise<AuditEvent> {
    if (this.state !== 'open') throw new AuditWriteError('the audit store is closed');
    return this.committer.submit(normalizeEventInput(event));
  }

  /** One batch, one transaction: lock, read the head, chain, insert, commit. */
  private async writeBatch(inputs: AuditEventInput[]): Promise<AuditEvent[]> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [this.writeLock]);
      const head = await client.query<{ seq: string; hash: string }>(HEAD);
      const events = chainEvents(head.rows[0] ? { seq: Number(head.rows[0].seq), hash: head.rows[0].hash } : GENESIS_ANCHOR, inputs);
      const rows = events.map(eventToRow);
      await client.query(
        INSERT_EVENTS,
        EVENT_COLUMNS.map((column) => rows.map((row) => row[column])),
      );
      const subjects = events.flatMap((event) => [...new Set(event.subjects)].map((personId) => [personId, event.seq] as const));
      if (subjects.length > 0) {
        await client.query(
          'INSERT INTO audit_subjects (person_id, seq) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING',
          [subjects.map(([personId]) => personId), subjects.map(([, seq]) => seq)],
        );
      }
      return events;
    });
  }

  async query(query: AuditQuery): Promise<AuditEvent[]> {
    const params: (string | number)[] = [];
    const bind = (value: string | number): string => `$${params.push(value)}`;
    const conditions = eventConditions(query, bind);
    const limit = bind(checkLimit(query.limit));
    const result = await this.pool.query<PgEventRow>(`${SELECT_EVENT} ${where(conditions)} ORDER BY seq DESC LIMIT ${limit}`, params);
    return result.rows.map((row) => rowToEvent(fromPg(row)));
  }

  async events(seqs: readonly number[]): Promise<AuditEvent[]> {
    if (seqs.length === 0) return [];
    seqs.forEach((seq) => checkSeq(seq, 'seq'));
    const result = await this.pool.query<PgEventRow>(`${SELECT_EVENT} WHERE seq = ANY($1::bigint[]) ORDER BY seq`, [seqs]);
    return result.rows.map((row) => rowToEvent(fromPg(row)));
  }

  async after(afterSeq: number, limit: number): Promise<AuditEvent[]> {
    const result = await this.pool.query<PgEventRow>(`${SELECT_EVENT} WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      checkSeq(afterSeq, 'afterSeq'),
      checkLimit(limit),
    ]);
    return result.rows.map((row) => rowToEvent(fromPg(row)));
  }

  async verify(): Promise<VerifyResult> {
    // One snapshot for the whole walk, whatever is appended meanwhile.
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await verifyChain(chainSource(client, await anchorOf(client)));
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }

  /**
   * Removes a prefix of the chain (everything before the first event at or after `before`), after
   * verifying it, in one transaction: the anchor is recorded first, then the events it covers deleted.
   * Appends carry on meanwhile (they only add above the prefix); purges are serialised by their own lock.
   */
  async purge(before: string): Promise<number> {
    const cutoff = isoTime(before, 'before');
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [this.purgeLock]);
      const anchor = await anchorOf(client);
      const firstKept = await client.query<{ seq: string }>(
        'SELECT seq FROM audit_events WHERE seq > $1 AND time >= $2 ORDER BY seq LIMIT 1',
        [anchor.seq, cutoff],
      );
      const keptSeq = firstKept.rows[0] ? Number(firstKept.rows[0].seq) : undefined;
      const last = await client.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM audit_events WHERE seq > $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT 1',
        [anchor.seq, keptSeq ?? null],
      );
      if (!last.rows[0]) return 0;
      const lastSeq = Number(last.rows[0].seq);
      const checked = await verifyChain(chainSource(client, anchor, keptSeq ?? lastSeq));
      if (!checked.ok && checked.problem) throw new AuditPurgeRefusedError(checked.problem);
      const count = await client.query<{ count: string }>('SELECT count(*) AS count FROM audit_events WHERE seq <= $1', [lastSeq]);
      const purged = Number(count.rows[0].count);
      await client.query('INSERT INTO audit_anchor (through_seq, hash, purged_at, before, purged_count) VALUES ($1, $2, $3, $4, $5)', [
        lastSeq,
        last.rows[0].hash,
        new Date().toISOString(),
        cutoff,
        purged,
      ]);
      await client.query('DELETE FROM audit_subjects WHERE seq <= $1', [lastSeq]);
      await client.query('DELETE FROM audit_events WHERE seq <= $1', [lastSeq]);
      return purged;
    });
  }

  async addAlerts(alerts: AlertInput[]): Promise<Alert[]> {
    const checked = alerts.map(checkAlertInput);
    if (checked.length === 0) return [];
    const createdAt = new Date().toISOString();
    const column = <T>(pick: (alert: AlertInput) => T): T[] => checked.map(pick);
    // The alerts and the cases they are filed into are written together, or not at all.
    return this.caseDb.transaction(async (client) => {
      const result = await client.query<AlertRow>(
        `INSERT INTO alerts (key, detector, severity, user_id, ori, summary, event_seqs, facts, time, created_at)
       SELECT *, $10::text FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[])
       ON CONFLICT (key) DO NOTHING
       RETURNING id, key, detector, severity, user_id, ori, summary, event_seqs::text AS event_seqs, facts::text AS facts, time, created_at`,
        [
          column((a) => a.key),
          column((a) => a.detector),
          column((a) => a.severity),
          column((a) => a.userId),
          column((a) => a.ori),
          column((a) => a.summary),
          column((a) => JSON.stringify(a.eventSeqs)),
          column((a) => JSON.stringify(a.facts)),
          column((a) => a.time),
          createdAt,
        ],
      );
      const stored = result.rows.map(rowToAlert).sort((a, b) => a.id - b.id);
      const added = new Set(stored.map((alert) => alert.key));
      await this.caseDb.run(client, this.cases.fileProgram(checked.filter((alert) => added.has(alert.key))));
      return stored;
    });
  }

  async alerts(query: { ori?: string; userId?: string; from?: string; to?: string; beforeId?: number; limit: number }): Promise<Alert[]> {
    const params: (string | number)[] = [];
    const bind = (value: string | number): string => `$${params.push(value)}`;
    const conditions = alertConditions(query, bind);
    const limit = bind(checkLimit(query.limit));
    const result = await this.pool.query<AlertRow>(`${SELECT_ALERT} ${where(conditions)} ORDER BY id DESC LIMIT ${limit}`, params);
    return result.rows.map(rowToAlert);
  }

  async stats(): Promise<AuditStoreStats> {
    const events = await this.pool.query<{
      events: string;
      first_seq: string | null;
      last_seq: string | null;
      first_time: string | null;
      last_time: string | null;
    }>(
      'SELECT count(*) AS events, min(seq) AS first_seq, max(seq) AS last_seq, min(time) AS first_time, max(time) AS last_time FROM audit_events',
    );
    const outcomes = await this.pool.query<{ outcome: string; n: string }>(
      'SELECT outcome, count(*) AS n FROM audit_events GROUP BY outcome ORDER BY outcome',
    );
    const purges = await this.pool.query<{ n: string; through: string | null }>(
      'SELECT count(*) AS n, max(through_seq) AS through FROM audit_anchor',
    );
    const lastPurge = await this.pool.query<{ purged_at: string; before: string; purged_count: string }>(
      'SELECT purged_at, before, purged_count FROM audit_anchor ORDER BY through_seq DESC LIMIT 1',
    );
    const alerts = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM alerts');
    const e = events.rows[0];
    const p = lastPurge.rows[0];
    return {
      kind: this.kind,
      location: this.location,
      events: Number(e.events),
      firstSeq: e.first_seq === null ? null : Number(e.first_seq),
      lastSeq: e.last_seq === null ? null : Number(e.last_seq),
      firstTime: e.first_time,
      lastTime: e.last_time,
      byOutcome: Object.fromEntries(outcomes.rows.map((o) => [o.outcome, Number(o.n)])),
      purgedThrough: Number(purges.rows[0].through ?? 0),
      purges: Number(purges.rows[0].n),
      lastPurge: p ? { purgedAt: p.purged_at, before: p.before, count: Number(p.purged_count) } : null,
      alerts: Number(alerts.rows[0].n),
    };
  }

  async ping(): Promise<void> {
    if (this.state !== 'open') throw new Error('the audit store is closed');
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    await this.committer.idle();
    await this.pool.end();
    this.state = 'closed';
  }

  /** Runs `fn` in a transaction on one pooled connection; a connection left in doubt is discarded. */
  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }
}

async function anchorOf(client: pg.PoolClient): Promise<ChainAnchor> {
  const result = await client.query<{ seq: string; hash: string }>(ANCHOR);
  return result.rows[0] ? { seq: Number(result.rows[0].seq), hash: result.rows[0].hash } : GENESIS_ANCHOR;
}

function chainSource(client: pg.PoolClient, anchor: ChainAnchor, throughSeq?: number): ChainSource {
  return {
    anchor,
    pages: (async function* (): AsyncGenerator<StoredLink[]> {
      let after = anchor.seq;
      for (;;) {
        const result = await client.query<PgEventRow>(
          `${SELECT_EVENT} WHERE seq > $1 AND ($2::bigint IS NULL OR seq <= $2) ORDER BY seq LIMIT ${VERIFY_PAGE}`,
          [after, throughSeq ?? null],
        );
        if (result.rows.length === 0) return;
        const links = result.rows.map((row) => rowToLink(fromPg(row)));
        yield links;
        after = links[links.length - 1].seq;
      }
    })(),
    seqOfHash: async (hash, belowSeq) => {
      const result = await client.query<{ seq: string }>('SELECT seq FROM audit_events WHERE hash = $1 AND seq < $2 ORDER BY seq LIMIT 1', [
        hash,
        belowSeq,
      ]);
      return result.rows[0] ? Number(result.rows[0].seq) : undefined;
    },
  };
}

/** Opens the store at `url` (creating the schema, tables and triggers if missing). */
export async function openPostgresAuditStore(url: string, options: PostgresAuditStoreOptions = {}): Promise<ManagedAuditStore> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema))
    throw new RangeError(`audit schema must be a plain lower-case SQL identifier (a-z, 0-9, _), got "${schema}"`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    options: `-c search_path=${schema}`,
    application_name: 'clets-audit',
  });
  // A pooled connection that dies while idle (server restart, terminated backend) must not crash the
  // process; the next query simply gets a new connection, and a failed append is reported to its caller.
  pool.on('error', () => undefined);
  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(`clets-audit-schema:${schema}`)]);
      await client.query(schemaSql(schema));
      await client.query(casesPostgresSchema(schema));
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  const { host, pathname } = new URL(url);
  return new PostgresAuditStore(`${schema} @ ${host}${pathname}`, pool, schema, options.maxBatch ?? MAX_BATCH);
}
