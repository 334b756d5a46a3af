import type { AlertInput, AlertSeverity } from '../alert.ts';
import {
  applyChange,
  CASE_STATUSES,
  type CaseAlert,
  CaseChangeError,
  type CaseChangeInput,
  type CaseChangeResult,
  type CaseCriteria,
  type CaseHistoryEntry,
  type CaseQuery,
  type CaseStatus,
  type CaseTotals,
  maxSeverity,
  type MisuseCase,
  operationOf,
  SEVERITIES,
  union,
} from './case.ts';
import { checkLimit, checkSeq, isoTime, seqList, where } from '../sql-arguments.ts';
import { DEFAULT_CASE_WINDOW_MS, groupAlerts } from './group.ts';

/**
 * The misuse case store's SQL, written once for both audit stores: statements use `?` placeholders and
 * only SQL that SQLite and PostgreSQL read alike. The logic is written as programs — generators that yield
 * each statement and receive its rows — so that SQLite runs them synchronously inside one `BEGIN IMMEDIATE`
 * (no other code runs while its write lock is held) and PostgreSQL asynchronously on one connection of
 * a transaction (audit/cases/sqlite.ts, audit/cases/postgres.ts).
 */
export interface Step {
  kind: 'all' | 'run';
  sql: string;
  params: readonly unknown[];
}

export type Program<T> = Generator<Step, T, unknown>;

/** The rows of a statement. */
export function* all<T>(sql: string, params: readonly unknown[]): Generator<Step, T[], unknown> {
  return (yield { kind: 'all', sql, params }) as T[];
}

/** Runs a statement that returns nothing. */
export function* run(sql: string, params: readonly unknown[]): Generator<Step, void, unknown> {
  yield { kind: 'run', sql, params };
}

/** Runs a program, each statement answered at once (SQLite). */
export function runSync<T>(program: Program<T>, exec: (step: Step) => unknown): T {
  let next = program.next();
  while (!next.done) next = program.next(exec(next.value));
  return next.value;
}

/** Runs a program, each statement answered by a promise (PostgreSQL). */
export async function runAsync<T>(program: Program<T>, exec: (step: Step) => Promise<unknown>): Promise<T> {
  let next = program.next();
  while (!next.done) next = program.next(await exec(next.value));
  return next.value;
}

export interface CaseDb {
  /** `column IN (…)` for a list of integers given as one JSON parameter. */
  inIds(column: string): string;
  /** Runs a program of reads. */
  read<T>(program: Program<T>): Promise<T>;
  /** Runs a program in one write transaction, serialised with every other case write. */
  write<T>(program: Program<T>): Promise<T>;
}

/** Reading and triaging misuse cases (AuditStore.cases). */
export interface MisuseCaseStore {
  /** Cases matching `query`, newest first (id below `beforeId`, at most `limit`), with alerts and history. */
  list(query: CaseQuery): Promise<MisuseCase[]>;
  /** How many cases match, by status, severity and detector. */
  totals(criteria: CaseCriteria): Promise<CaseTotals>;
  /** The cases with these ids (absent when unknown), in id order. */
  byIds(ids: readonly number[]): Promise<MisuseCase[]>;
  /** Assigns, resolves or annotates a case, once per (caller, idempotency key); refused with CaseChangeError. */
  change(change: CaseChangeInput): Promise<CaseChangeResult>;
}

export class SqlCaseStore implements MisuseCaseStore {
  constructor(private readonly db: CaseDb) {}

  list(query: CaseQuery): Promise<MisuseCase[]> {
    const params: unknown[] = [];
    const conditions = caseConditions(query, (v) => (params.push(v), '?'));
    if (query.beforeId !== undefined) conditions.push(`id < ${(params.push(checkSeq(query.beforeId, 'beforeId')), '?')}`);
    params.push(checkLimit(query.limit));
    const inIds = this.db.inIds.bind(this.db);
    return this.db.read(
      (function* () {
        const rows = yield* all<CaseRow>(`SELECT * FROM misuse_cases ${where(conditions)} ORDER BY id DESC LIMIT ?`, params);
        return yield* withDetails(inIds, rows);
      })(),
    );
  }

  totals(criteria: CaseCriteria): Promise<CaseTotals> {
    const params: unknown[] = [];
    const cases = `SELECT id FROM misuse_cases ${where(caseConditions(criteria, (v) => (params.push(v), '?')))}`;
    type Count = { k: string; n: number | string };
    const count = (column: string) =>
      all<Count>(`SELECT ${column} AS k, count(*) AS n FROM misuse_cases WHERE id IN (${cases}) GROUP BY ${column}`, params);
    const record = (rows: Count[], keys: readonly string[] = []) => {
      const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
      for (const row of rows) out[row.k] = Number(row.n);
      return out;
    };
    return this.db.read(
      (function* () {
        const statuses = record(yield* count('status'), CASE_STATUSES);
        const bySeverity = record(yield* count('severity'), SEVERITIES);
        const byDetector = record(
          yield* all<Count>(
            `SELECT detector AS k, count(DISTINCT case_id) AS n FROM misuse_case_alerts WHERE case_id IN (${cases}) GROUP BY detector`,
            params,
          ),
        );
        return { total: Object.values(statuses).reduce((a, b) => a + b, 0), byStatus: statuses, bySeverity, byDetector };
      })(),
    );
  }

  byIds(ids: readonly number[]): Promise<MisuseCase[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const inIds = this.db.inIds.bind(this.db);
    return this.db.read(
      (function* () {
        const rows = yield* all<CaseRow>(`SELECT * FROM misuse_cases WHERE ${inIds('id')} ORDER BY id`, [seqList(ids)]);
        return yield* withDetails(inIds, rows);
      })(),
    );
  }

  async change(change: CaseChangeInput): Promise<CaseChangeResult> {
    const result = await this.db.write(changeProgram(change));
    const [found] = await this.byIds([result.id]);
    return { case: found, replayed: result.replayed };
  }

  /**
   * Files newly stored alerts into cases, inside the transaction that stores them: grouped by user ×
   * subject × window (groupAlerts), each group joins the OPEN or ASSIGNED case of the same user and subject
   * whose first alert lies within the window, or opens a new case. An alert already filed is ignored.
   */
  *fileProgram(alerts: readonly AlertInput[]): Program<void> {
    if (alerts.length === 0) return;
    const byKey = new Map(alerts.map((a) => [a.key, a]));
    const at = new Date().toISOString();
    for (const draft of groupAlerts(alerts, { windowMs: DEFAULT_CASE_WINDOW_MS })) {
      const from = Date.parse(draft.from);
      const [open] = yield* all<CaseRow>(
        `SELECT * FROM misuse_cases WHERE user_id = ? AND coalesce(subject_id, '') = ? AND status IN ('OPEN', 'ASSIGNED')
           AND first_seen > ? AND first_seen < ? ORDER BY id DESC LIMIT 1`,
        [
          draft.userId,
          draft.subjectId ?? '',
          new Date(from - DEFAULT_CASE_WINDOW_MS).toISOString(),
          new Date(from + DEFAULT_CASE_WINDOW_MS).toISOString(),
        ],
      );
      const fresh: CaseAlert[] = [];
      let caseId: number;
      if (open) {
        caseId = Number(open.id);
        const filed = new Set(
          (yield* all<{ alert_key: string }>('SELECT alert_key FROM misuse_case_alerts WHERE case_id = ?', [caseId])).map(
            (r) => r.alert_key,
          ),
        );
        for (const key of draft.alertKeys) if (!filed.has(key)) fresh.push(caseAlert(byKey.get(key)!));
        if (fresh.length === 0) continue;
        yield* run(
          `UPDATE misuse_cases SET severity = ?, detectors = ?, signals = ?, first_seen = ?, last_seen = ?, updated_at = ? WHERE id = ?`,
          [
            maxSeverity(open.severity as AlertSeverity, draft.severity),
            JSON.stringify(union(JSON.parse(open.detectors) as string[], draft.detectors)),
            JSON.stringify(union(JSON.parse(open.signals) as string[], draft.signals)),
            open.first_seen < draft.from ? open.first_seen : draft.from,
            open.last_seen > draft.to ? open.last_seen : draft.to,
            at,
            caseId,
          ],
        );
        yield* appendHistory(caseId, {
          at,
          by: 'detection',
          action: 'EVIDENCE_ADDED',
          fromStatus: open.status as CaseStatus,
          toStatus: open.status as CaseStatus,
          assignee: null,
          note: notesOf(fresh),
        });
      } else {
        const taken = yield* all<{ key: string }>('SELECT key FROM misuse_cases WHERE key = ? OR key LIKE ?', [
          draft.key,
          `${draft.key}#%`,
        ]);
        const key = taken.length === 0 ? draft.key : `${draft.key}#${taken.length + 1}`;
        const [inserted] = yield* all<{ id: number | string }>(
          `INSERT INTO misuse_cases (key, user_id, ori, subject_id, severity, status, assignee, detectors, signals, first_seen, last_seen, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'OPEN', NULL, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [
            key,
            draft.userId,
            draft.ori,
            draft.subjectId,
            draft.severity,
            JSON.stringify(draft.detectors),
            JSON.stringify(draft.signals),
            draft.from,
            draft.to,
            at,
            at,
          ],
        );
        caseId = Number(inserted.id);
        fresh.push(...draft.alertKeys.map((k) => caseAlert(byKey.get(k)!)));
        yield* appendHistory(caseId, {
          at,
          by: 'detection',
          action: 'OPENED',
          fromStatus: null,
          toStatus: 'OPEN',
          assignee: null,
          note: notesOf(fresh),
        });
      }
      for (const alert of fresh) {
        yield* run(
          `INSERT INTO misuse_case_alerts (case_id, alert_key, detector, severity, summary, signals, event_seqs, time)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          [
            caseId,
            alert.key,
            alert.detector,
            alert.severity,
            alert.summary,
            JSON.stringify(alert.signals),
            JSON.stringify(alert.eventSeqs),
            alert.time,
          ],
        );
      }
    }
  }
}

/** A triage change, once per (caller, key): returns the case changed and whether the key had been used. */
function* changeProgram(change: CaseChangeInput): Program<{ id: number; replayed: boolean }> {
  const operation = operationOf(change);
  const [prior] = yield* all<{ operation: string; case_id: number | string }>(
    'SELECT operation, case_id FROM misuse_case_requests WHERE key = ? AND caller = ?',
    [change.idempotencyKey, change.by],
  );
  if (prior) {
    if (prior.operation !== operation) {
      throw new CaseChangeError('IDEMPOTENCY_KEY', `this key was already used for ${prior.operation}: use a new key.`);
    }
    return { id: Number(prior.case_id), replayed: true };
  }
  const [row] = yield* all<CaseRow>('SELECT * FROM misuse_cases WHERE id = ?', [change.caseId]);
  if (!row) throw new CaseChangeError('NOT_FOUND', `no misuse case ${change.caseId}.`);
  const at = new Date().toISOString();
  const next = applyChange({ id: Number(row.id), status: row.status as CaseStatus, assignee: row.assignee }, change, at);
  yield* run('UPDATE misuse_cases SET status = ?, assignee = ?, updated_at = ? WHERE id = ?', [next.status, next.assignee, at, row.id]);
  yield* appendHistory(Number(row.id), next.entry);
  yield* run('INSERT INTO misuse_case_requests (key, caller, operation, case_id, created_at) VALUES (?, ?, ?, ?, ?)', [
    change.idempotencyKey,
    change.by,
    operation,
    row.id,
    at,
  ]);
  return { id: Number(row.id), replayed: false };
}

function caseAlert(alert: AlertInput): CaseAlert {
  return {
    key: alert.key,
    detector: alert.detector,
    severity: alert.severity,
    summary: alert.summary,
    signals: [...(alert.signals ?? [])].sort(),
    eventSeqs: [...new Set(alert.eventSeqs)].sort((a, b) => a - b),
    time: new Date(Date.parse(alert.time)).toISOString(),
  };
}

function notesOf(alerts: readonly CaseAlert[]): string {
  const seqs = union(
    [],
    alerts.flatMap((a) => a.eventSeqs),
  );
  return `${alerts.length} alert(s) (${union(
    [],
    alerts.map((a) => a.detector),
  ).join(', ')}), evidence seq ${seqs.join(', ')}`;
}

function* appendHistory(caseId: number, entry: CaseHistoryEntry): Program<void> {
  const [last] = yield* all<{ n: number | string | null }>('SELECT max(n) AS n FROM misuse_case_history WHERE case_id = ?', [caseId]);
  yield* run(
    `INSERT INTO misuse_case_history (case_id, n, at, by_user, action, from_status, to_status, assignee, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [caseId, Number(last?.n ?? 0) + 1, entry.at, entry.by, entry.action, entry.fromStatus, entry.toStatus, entry.assignee, entry.note],
  );
}

interface CaseRow {
  id: number | string;
  key: string;
  user_id: string;
  ori: string;
  subject_id: string | null;
  severity: string;
  status: string;
  assignee: string | null;
  detectors: string;
  signals: string;
  first_seen: string;
  last_seen: string;
  created_at: string;
  updated_at: string;
}

interface AlertRow {
  case_id: number | string;
  alert_key: string;
  detector: string;
  severity: string;
  summary: string;
  signals: string;
  event_seqs: string;
  time: string;
}

interface HistoryRow {
  case_id: number | string;
  n: number;
  at: string;
  by_user: string;
  action: string;
  from_status: string | null;
  to_status: string;
  assignee: string | null;
  note: string | null;
}

/** The cases of `rows` with their alerts and history: two more statements whatever the number of cases. */
function* withDetails(inIds: (column: string) => string, rows: CaseRow[]): Program<MisuseCase[]> {
  if (rows.length === 0) return [];
  const ids = seqList(rows.map((r) => Number(r.id)));
  const alerts = yield* all<AlertRow>(`SELECT * FROM misuse_case_alerts WHERE ${inIds('case_id')} ORDER BY time, alert_key`, [ids]);
  const history = yield* all<HistoryRow>(`SELECT * FROM misuse_case_history WHERE ${inIds('case_id')} ORDER BY n`, [ids]);
  const alertsOf = groupBy(alerts, (a) => Number(a.case_id));
  const historyOf = groupBy(history, (h) => Number(h.case_id));
  return rows.map((row) => ({
    id: Number(row.id),
    key: row.key,
    userId: row.user_id,
    ori: row.ori,
    subjectId: row.subject_id,
    severity: row.severity as AlertSeverity,
    status: row.status as CaseStatus,
    assignee: row.assignee,
    detectors: JSON.parse(row.detectors) as string[],
    signals: JSON.parse(row.signals) as string[],
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    alerts: (alertsOf.get(Number(row.id)) ?? []).map((a) => ({
      key: a.alert_key,
      detector: a.detector,
      severity: a.severity as AlertSeverity,
      summary: a.summary,
      signals: JSON.parse(a.signals) as string[],
      eventSeqs: JSON.parse(a.event_seqs) as number[],
      time: a.time,
    })),
    history: (historyOf.get(Number(row.id)) ?? []).map((h) => ({
      at: h.at,
      by: h.by_user,
      action: h.action as CaseHistoryEntry['action'],
      fromStatus: h.from_status as CaseStatus | null,
      toStatus: h.to_status as CaseStatus,
      assignee: h.assignee,
      note: h.note,
    })),
  }));
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** WHERE conditions of a case filter; `bind` adds a value and returns its placeholder. */
function caseConditions(criteria: CaseCriteria, bind: (value: unknown) => string): string[] {
  const c: string[] = [];
  if (criteria.detector !== undefined) c.push(`id IN (SELECT case_id FROM misuse_case_alerts WHERE detector = ${bind(criteria.detector)})`);
  if (criteria.severity !== undefined) c.push(`severity = ${bind(oneOf(criteria.severity, SEVERITIES, 'severity'))}`);
  if (criteria.status !== undefined) c.push(`status = ${bind(oneOf(criteria.status, CASE_STATUSES, 'status'))}`);
  if (criteria.userId !== undefined) c.push(`user_id = ${bind(criteria.userId)}`);
  if (criteria.ori !== undefined) c.push(`ori = ${bind(criteria.ori)}`);
  if (criteria.subjectId !== undefined) c.push(`subject_id = ${bind(criteria.subjectId)}`);
  if (criteria.from !== undefined) c.push(`last_seen >= ${bind(isoTime(criteria.from, 'from'))}`);
  if (criteria.to !== undefined) c.push(`first_seen < ${bind(isoTime(criteria.to, 'to'))}`);
  return c;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new RangeError(`${name} must be one of ${allowed.join(', ')}, got ${value}`);
  return value as T;
}
