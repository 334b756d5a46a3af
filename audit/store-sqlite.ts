/**
 * The embedded audit store: one SQLite file (WAL, synchronous=FULL). Appends go to a dedicated writer
 * thread with group commit (`sqlite-writer.ts`), so request handling never waits on an fsync; reads, and
 * the rare other writes (alerts, purges), run on the calling thread's own connection. Tables and the
 * append-only triggers are in `sqlite-schema.ts`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Alert, AlertInput } from './alert.ts';
import { SqlCaseStore } from './cases/repository.ts';
import { SqliteCaseDb } from './cases/sqlite.ts';
import { type ChainAnchor, type ChainSource, type StoredLink, verifyChain } from './chain.ts';
import type { AuditEvent, AuditEventInput } from './event.ts';
import { GroupCommit, type GroupCommitStats } from './group-commit.ts';
import { createSqliteSchema, sqliteAnchor } from './sqlite-schema.ts';
import { type ChainPlace, SqliteWriterThread } from './sqlite-writer.ts';
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
  eventConditions,
  type EventRow,
  isoTime,
  type ManagedAuditStore,
  MAX_BATCH,
  normalizeEventInput,
  rowToAlert,
  rowToEvent,
  rowToLink,
  seqList,
  where,
} from './store-common.ts';

export interface SqliteAuditStoreOptions {
  /** How long a write waits for another connection's lock before failing. @default 5000 */
  busyTimeoutMs?: number;
  /** Most events committed in one transaction. @default 1000 */
  maxBatch?: number;
}

/** Rows read per step while verifying (the event loop gets a turn between pages). */
const VERIFY_PAGE = 2000;

type State = 'open' | 'closing' | 'closed';

class SqliteAuditStore implements ManagedAuditStore {
  readonly kind = 'sqlite';
  private state: State = 'open';
  private readonly committer: GroupCommit<AuditEventInput, ChainPlace>;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly caseDb: SqliteCaseDb;
  readonly cases: SqlCaseStore;

  constructor(
    readonly location: string,
    private readonly db: Database.Database,
    private readonly writer: SqliteWriterThread,
    maxBatch: number,
  ) {
    this.caseDb = new SqliteCaseDb(db);
    this.cases = new SqlCaseStore(this.caseDb);
    this.committer = new GroupCommit(async (inputs) => {
      try {
        return await writer.append(inputs);
      } catch (error) {
        throw new AuditWriteError(`audit events could not be written to ${location}: ${(error as Error).message}`, { cause: error });
      }
    }, maxBatch);
  }

  get writes(): GroupCommitStats {
    return { ...this.committer.stats };
  }

  /** Prepared statements of the main connection, kept (a query's filters make at most a few hundred shapes). */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async append(event: AuditEventInput): Promise<AuditEvent> {
    if (this.state !== 'open') throw new AuditWriteError('the audit store is closed');
    const input = normalizeEventInput(event);
    const place = await this.committer.submit(input);
    return { ...input, ...place };
  }

  async query(query: AuditQuery): Promise<AuditEvent[]> {
    const params: (string | number)[] = [];
    const conditions = eventConditions(query, (value) => (params.push(value), '?'));
    params.push(checkLimit(query.limit));
    const rows = this.sql(`SELECT * FROM audit_events ${where(conditions)} ORDER BY seq DESC LIMIT ?`).all(...params) as EventRow[];
    return rows.map(rowToEvent);
  }

  async events(seqs: readonly number[]): Promise<AuditEvent[]> {
    if (seqs.length === 0) return [];
    const rows = this.sql('SELECT * FROM audit_events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq').all(
      seqList(seqs),
    ) as EventRow[];
    return rows.map(rowToEvent);
  }

  async after(afterSeq: number, limit: number): Promise<AuditEvent[]> {
    const rows = this.sql('SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?').all(
      checkSeq(afterSeq, 'afterSeq'),
      checkLimit(limit),
    ) as EventRow[];
    return rows.map(rowToEvent);
  }

  async verify(): Promise<VerifyResult> {
    // Its own read connection and transaction: one consistent snapshot, whatever is appended meanwhile.
    const reader = new Database(this.location, { readonly: true, fileMustExist: true });
    try {
      reader.exec('BEGIN');
      const result = await verifyChain(chainSource(reader, sqliteAnchor(reader)));
      reader.exec('COMMIT');
      return result;
    } finally {
      reader.close();
    }
  }

  /**
   * Removes the oldest events, a prefix of the chain: everything before the first event at or after
   * `before` (an older event appended after a newer one stays, so the chain keeps no holes). The prefix is
   * verified first — a purge never erases evidence of tampering — then, in one transaction, the anchor is
   * recorded (time, cutoff, count, and the last purged event's hash) and the events it covers deleted.
   */
  async purge(before: string): Promise<number> {
    const cutoff = isoTime(before, 'before');
    const anchor = sqliteAnchor(this.db);
    const firstKept = this.sql('SELECT seq FROM audit_events WHERE seq > ? AND time >= ? ORDER BY seq LIMIT 1').get(anchor.seq, cutoff) as
      { seq: number } | undefined;
    const last = this.sql('SELECT seq, hash FROM audit_events WHERE seq > ? AND seq < ? ORDER BY seq DESC LIMIT 1').get(
      anchor.seq,
      firstKept?.seq ?? Number.MAX_SAFE_INTEGER,
    ) as ChainAnchor | undefined;
    if (!last) return 0;
    const checked = await verifyChain(chainSource(this.db, anchor, firstKept?.seq ?? last.seq));
    if (!checked.ok && checked.problem) throw new AuditPurgeRefusedError(checked.problem);
    return this.db
      .transaction(() => {
        if (sqliteAnchor(this.db).seq !== anchor.seq) throw new Error('another purge ran meanwhile; run the purge again');
        const { count } = this.sql('SELECT count(*) AS count FROM audit_events WHERE seq <= ?').get(last.seq) as { count: number };
        this.sql('INSERT INTO audit_anchor (through_seq, hash, purged_at, before, purged_count) VALUES (?, ?, ?, ?, ?)').run(
          last.seq,
          last.hash,
          new Date().toISOString(),
          cutoff,
          count,
        );
        this.sql('DELETE FROM audit_subjects WHERE seq <= ?').run(last.seq);
        this.sql('DELETE FROM audit_events WHERE seq <= ?').run(last.seq);
        return count;
      })
      .immediate();
  }

  async addAlerts(alerts: AlertInput[]): Promise<Alert[]> {
    const checked = alerts.map(checkAlertInput);
    const insert = this.sql(
      `INSERT INTO alerts (key, detector, severity, user_id, ori, summary, event_seqs, facts, time, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING *`,
    );
    const createdAt = new Date().toISOString();
    // The alerts and the cases they are filed into are written together, or not at all.
    return this.db
      .transaction(() => {
        const stored = checked.flatMap((a) => {
          const row = insert.get(
            a.key,
            a.detector,
            a.severity,
            a.userId,
            a.ori,
            a.summary,
            JSON.stringify(a.eventSeqs),
            JSON.stringify(a.facts),
            a.time,
            createdAt,
          ) as AlertRow | undefined;
          return row ? [rowToAlert(row)] : [];
        });
        const added = new Set(stored.map((alert) => alert.key));
        this.caseDb.run(this.cases.fileProgram(checked.filter((alert) => added.has(alert.key))));
        return stored;
      })
      .immediate();
  }

  async alerts(query: { ori?: string; userId?: string; from?: string; to?: string; beforeId?: number; limit: number }): Promise<Alert[]> {
    const params: (string | number)[] = [];
    const conditions = alertConditions(query, (value) => (params.push(value), '?'));
    params.push(checkLimit(query.limit));
    const rows = this.sql(`SELECT * FROM alerts ${where(conditions)} ORDER BY id DESC LIMIT ?`).all(...params) as AlertRow[];
    return rows.map(rowToAlert);
  }

  async stats(): Promise<AuditStoreStats> {
    const events = this.sql(
      'SELECT count(*) AS events, min(seq) AS firstSeq, max(seq) AS lastSeq, min(time) AS firstTime, max(time) AS lastTime FROM audit_events',
    ).get() as Pick<AuditStoreStats, 'events' | 'firstSeq' | 'lastSeq' | 'firstTime' | 'lastTime'>;
    const outcomes = this.sql('SELECT outcome, count(*) AS n FROM audit_events GROUP BY outcome ORDER BY outcome').all() as {
      outcome: string;
      n: number;
    }[];
    const purges = this.sql('SELECT count(*) AS n FROM audit_anchor').get() as { n: number };
    const lastPurge = this.sql(
      'SELECT purged_at AS purgedAt, before, purged_count AS count FROM audit_anchor ORDER BY through_seq DESC LIMIT 1',
    ).get() as AuditStoreStats['lastPurge'] | undefined;
    const alerts = this.sql('SELECT count(*) AS n FROM alerts').get() as { n: number };
    return {
      kind: this.kind,
      location: this.location,
      ...events,
      byOutcome: Object.fromEntries(outcomes.map((o) => [o.outcome, o.n])),
      purgedThrough: sqliteAnchor(this.db).seq,
      purges: purges.n,
      lastPurge: lastPurge ?? null,
      alerts: alerts.n,
    };
  }

  async ping(): Promise<void> {
    if (this.state !== 'open') throw new Error('the audit store is closed');
    this.sql('SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1').get();
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    await this.committer.idle();
    await this.writer.close();
    this.db.close();
    this.state = 'closed';
  }
}

/** The chain after `anchor` (up to `throughSeq` inclusive, when given), read in pages from `db`. */
function chainSource(db: Database.Database, anchor: ChainAnchor, throughSeq = Number.MAX_SAFE_INTEGER): ChainSource {
  const page = db.prepare('SELECT * FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?');
  const byHash = db.prepare('SELECT seq FROM audit_events WHERE hash = ? AND seq < ? ORDER BY seq LIMIT 1');
  return {
    anchor,
    pages: (async function* (): AsyncGenerator<StoredLink[]> {
      let after = anchor.seq;
      for (;;) {
        const rows = page.all(after, throughSeq, VERIFY_PAGE) as EventRow[];
        if (rows.length === 0) return;
        yield rows.map(rowToLink);
        after = rows[rows.length - 1].seq;
        await nextTurn();
      }
    })(),
    seqOfHash: async (hash, belowSeq) => (byHash.get(hash, belowSeq) as { seq: number } | undefined)?.seq,
  };
}

/**
 * Opens (creating if needed) the audit store in `file` and starts its writer thread. Appends resolve
 * once committed with synchronous=FULL, i.e. durable.
 */
export async function openSqliteAuditStore(file: string, options: SqliteAuditStoreOptions = {}): Promise<ManagedAuditStore> {
  const location = path.resolve(file);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  mkdirSync(path.dirname(location), { recursive: true });
  const db = new Database(location);
  try {
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    createSqliteSchema(db);
    const writer = await SqliteWriterThread.start({ file: location, busyTimeoutMs });
    return new SqliteAuditStore(location, db, writer, options.maxBatch ?? MAX_BATCH);
  } catch (error) {
    db.close();
    throw error;
  }
}
