/**
 * The SQLite audit store's tables. Append-only is enforced by triggers: UPDATE is refused on every trail
 * table, and DELETE is refused except for events at or below the latest purge anchor. A retention purge
 * therefore works by first recording its anchor (the seq it purges through and that event's hash) and then
 * deleting exactly the events the anchor covers — no flag to set, no trigger to drop, and no way to remove
 * a single event from the middle of the chain through SQL without first "purging" everything before it,
 * which the anchor table records with its time and count.
 */
import type Database from 'better-sqlite3';
import { type ChainAnchor, GENESIS_ANCHOR } from './chain.ts';
import { CASES_SQLITE_SCHEMA } from './cases/schema.ts';

export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_events (
  seq              INTEGER PRIMARY KEY,
  version          INTEGER NOT NULL,
  time             TEXT NOT NULL,
  request_id       TEXT NOT NULL,
  user_id          TEXT,
  user_name        TEXT,
  ori              TEXT,
  roles            TEXT NOT NULL,
  purpose          TEXT,
  case_number      TEXT,
  case_status      TEXT,
  incident_number  TEXT,
  incident_status  TEXT,
  client_address   TEXT NOT NULL,
  operation_name   TEXT,
  operation_hash   TEXT,
  operation_text   TEXT,
  subjects         TEXT NOT NULL,
  records          TEXT NOT NULL,
  fields_disclosed TEXT NOT NULL,
  fields_denied    TEXT NOT NULL,
  views            TEXT NOT NULL,
  sources          TEXT NOT NULL,
  outcome          TEXT NOT NULL,
  reason           TEXT,
  latency_ms       REAL NOT NULL,
  policy_version   TEXT,
  released_by      TEXT,
  shadow           TEXT,
  prev_hash        TEXT NOT NULL,
  hash             TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS audit_events_user ON audit_events (user_id, seq);
CREATE INDEX IF NOT EXISTS audit_events_ori ON audit_events (ori, seq);
CREATE INDEX IF NOT EXISTS audit_events_purpose ON audit_events (purpose, seq);
CREATE INDEX IF NOT EXISTS audit_events_outcome ON audit_events (outcome, seq);
CREATE INDEX IF NOT EXISTS audit_events_time ON audit_events (time);
-- Detectors read a user's, an agency's and a case's recent history by time.
CREATE INDEX IF NOT EXISTS audit_events_user_time ON audit_events (user_id, time);
CREATE INDEX IF NOT EXISTS audit_events_ori_time ON audit_events (ori, time);
CREATE INDEX IF NOT EXISTS audit_events_case_time ON audit_events (ori, case_number, time);

CREATE TABLE IF NOT EXISTS audit_subjects (
  person_id TEXT NOT NULL,
  seq       INTEGER NOT NULL,
  PRIMARY KEY (person_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_subjects_seq ON audit_subjects (seq);

CREATE TABLE IF NOT EXISTS audit_anchor (
  through_seq  INTEGER PRIMARY KEY,
  hash         TEXT NOT NULL,
  purged_at    TEXT NOT NULL,
  before       TEXT NOT NULL,
  purged_count INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS alerts (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  key        TEXT NOT NULL UNIQUE,
  detector   TEXT NOT NULL,
  severity   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  ori        TEXT NOT NULL,
  summary    TEXT NOT NULL,
  event_seqs TEXT NOT NULL,
  facts      TEXT NOT NULL,
  time       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_ori ON alerts (ori, id);
CREATE INDEX IF NOT EXISTS alerts_user ON alerts (user_id, id);
CREATE INDEX IF NOT EXISTS alerts_time ON alerts (time);

CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
WHEN old.seq > (SELECT coalesce(max(through_seq), 0) FROM audit_anchor)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused (only a retention purge removes events, up to its anchor)'); END;
CREATE TRIGGER IF NOT EXISTS audit_subjects_no_update BEFORE UPDATE ON audit_subjects
BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS audit_subjects_no_delete BEFORE DELETE ON audit_subjects
WHEN old.seq > (SELECT coalesce(max(through_seq), 0) FROM audit_anchor)
BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only: DELETE refused (only a retention purge removes rows, up to its anchor)'); END;
CREATE TRIGGER IF NOT EXISTS audit_anchor_no_update BEFORE UPDATE ON audit_anchor
BEGIN SELECT RAISE(ABORT, 'audit_anchor is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS audit_anchor_no_delete BEFORE DELETE ON audit_anchor
BEGIN SELECT RAISE(ABORT, 'audit_anchor is append-only: DELETE refused'); END;
${CASES_SQLITE_SCHEMA}`;

/** Columns added with event version 2, for stores created by an earlier version of this product. */
export const EVENT_V2_COLUMNS = ['case_status', 'incident_number', 'incident_status', 'policy_version', 'released_by', 'shadow'] as const;

/** Creates the tables, and adds the version 2 event columns to a store created before them (all nullable). */
export function createSqliteSchema(db: Database.Database): void {
  db.exec(SQLITE_SCHEMA);
  const present = new Set((db.prepare('PRAGMA table_info(audit_events)').all() as { name: string }[]).map((c) => c.name));
  for (const column of EVENT_V2_COLUMNS) {
    if (!present.has(column)) db.exec(`ALTER TABLE audit_events ADD COLUMN ${column} TEXT`);
  }
}

/** The latest purge anchor, or genesis when nothing was ever purged. */
export function sqliteAnchor(db: Database.Database): ChainAnchor {
  const row = db.prepare('SELECT through_seq AS seq, hash FROM audit_anchor ORDER BY through_seq DESC LIMIT 1').get() as
    ChainAnchor | undefined;
  return row ?? GENESIS_ANCHOR;
}

/** The place the next event chains from: the last stored event, else the anchor. */
export function sqliteHead(db: Database.Database): ChainAnchor {
  const row = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as ChainAnchor | undefined;
  return row ?? sqliteAnchor(db);
}
