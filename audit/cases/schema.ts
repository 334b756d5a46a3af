/**
 * The misuse case tables, beside the alerts in the audit store (SQLite and PostgreSQL). The trail itself
 * stays append-only; a case changes status, but each change is a row of `misuse_case_history`, which is
 * append-only like the trail (no UPDATE, no DELETE), so what was decided, by whom and when cannot be rewritten.
 */

export const CASES_SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS misuse_cases (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  key        TEXT NOT NULL UNIQUE,
  user_id    TEXT NOT NULL,
  ori        TEXT NOT NULL,
  subject_id TEXT,
  severity   TEXT NOT NULL,
  status     TEXT NOT NULL,
  assignee   TEXT,
  detectors  TEXT NOT NULL,
  signals    TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen  TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS misuse_cases_ori ON misuse_cases (ori, id);
CREATE INDEX IF NOT EXISTS misuse_cases_user ON misuse_cases (user_id, id);
CREATE INDEX IF NOT EXISTS misuse_cases_subject ON misuse_cases (subject_id, id);
CREATE INDEX IF NOT EXISTS misuse_cases_status ON misuse_cases (status, id);
CREATE TABLE IF NOT EXISTS misuse_case_alerts (
  case_id    INTEGER NOT NULL,
  alert_key  TEXT NOT NULL,
  detector   TEXT NOT NULL,
  severity   TEXT NOT NULL,
  summary    TEXT NOT NULL,
  signals    TEXT NOT NULL,
  event_seqs TEXT NOT NULL,
  time       TEXT NOT NULL,
  PRIMARY KEY (case_id, alert_key)
);
CREATE INDEX IF NOT EXISTS misuse_case_alerts_detector ON misuse_case_alerts (detector, case_id);
CREATE TABLE IF NOT EXISTS misuse_case_history (
  case_id     INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  at          TEXT NOT NULL,
  by_user     TEXT NOT NULL,
  action      TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  assignee    TEXT,
  note        TEXT,
  PRIMARY KEY (case_id, n)
);
CREATE TABLE IF NOT EXISTS misuse_case_requests (
  key        TEXT NOT NULL,
  caller     TEXT NOT NULL,
  operation  TEXT NOT NULL,
  case_id    INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (key, caller)
);
CREATE TRIGGER IF NOT EXISTS misuse_case_history_no_update BEFORE UPDATE ON misuse_case_history
BEGIN SELECT RAISE(ABORT, 'misuse_case_history is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS misuse_case_history_no_delete BEFORE DELETE ON misuse_case_history
BEGIN SELECT RAISE(ABORT, 'misuse_case_history is append-only: DELETE refused'); END;
`;

/** The same tables in PostgreSQL schema `schema` (its `audit_refuse()` trigger function is the audit store's). */
export function casesPostgresSchema(schema: string): string {
  const s = `"${schema}"`;
  return `
CREATE TABLE IF NOT EXISTS ${s}.misuse_cases (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key        text NOT NULL UNIQUE,
  user_id    text NOT NULL,
  ori        text NOT NULL,
  subject_id text,
  severity   text NOT NULL,
  status     text NOT NULL,
  assignee   text,
  detectors  text NOT NULL,
  signals    text NOT NULL,
  first_seen text COLLATE "C" NOT NULL,
  last_seen  text COLLATE "C" NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE INDEX IF NOT EXISTS misuse_cases_ori ON ${s}.misuse_cases (ori, id);
CREATE INDEX IF NOT EXISTS misuse_cases_user ON ${s}.misuse_cases (user_id, id);
CREATE INDEX IF NOT EXISTS misuse_cases_subject ON ${s}.misuse_cases (subject_id, id);
CREATE INDEX IF NOT EXISTS misuse_cases_status ON ${s}.misuse_cases (status, id);
CREATE TABLE IF NOT EXISTS ${s}.misuse_case_alerts (
  case_id    bigint NOT NULL,
  alert_key  text NOT NULL,
  detector   text NOT NULL,
  severity   text NOT NULL,
  summary    text NOT NULL,
  signals    text NOT NULL,
  event_seqs text NOT NULL,
  time       text COLLATE "C" NOT NULL,
  PRIMARY KEY (case_id, alert_key)
);
CREATE INDEX IF NOT EXISTS misuse_case_alerts_detector ON ${s}.misuse_case_alerts (detector, case_id);
CREATE TABLE IF NOT EXISTS ${s}.misuse_case_history (
  case_id     bigint NOT NULL,
  n           integer NOT NULL,
  at          text NOT NULL,
  by_user     text NOT NULL,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  assignee    text,
  note        text,
  PRIMARY KEY (case_id, n)
);
CREATE TABLE IF NOT EXISTS ${s}.misuse_case_requests (
  key        text NOT NULL,
  caller     text NOT NULL,
  operation  text NOT NULL,
  case_id    bigint NOT NULL,
  created_at text NOT NULL,
  PRIMARY KEY (key, caller)
);
CREATE OR REPLACE TRIGGER misuse_case_history_append_only BEFORE UPDATE OR DELETE ON ${s}.misuse_case_history
  FOR EACH ROW EXECUTE FUNCTION ${s}.audit_refuse();
CREATE OR REPLACE TRIGGER misuse_case_history_no_truncate BEFORE TRUNCATE ON ${s}.misuse_case_history
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_refuse();
`;
}
