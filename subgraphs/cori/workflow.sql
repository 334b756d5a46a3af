-- CORI record review (PC 11120-11127), applied at start, idempotent: a subject challenges a charge of their
-- own record, a DOJ records clerk corrects or denies it, and agencies that received the record are notified.

-- A retry of a mutation with the same key by the same caller returns the first result and writes nothing.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key        TEXT NOT NULL,
  caller     TEXT NOT NULL,          -- user id (gateway context `sub`)
  operation  TEXT NOT NULL,          -- mutation name
  result_id  TEXT NOT NULL,          -- id of the record challenge the first call returned
  created_at TEXT NOT NULL,          -- ISO timestamp
  PRIMARY KEY (key, caller)
);

-- A subject's claim that a charge of their record is inaccurate or incomplete (PC 11126).
CREATE TABLE IF NOT EXISTS record_challenges (
  id              TEXT PRIMARY KEY,
  cii             TEXT NOT NULL,
  person_id       TEXT NOT NULL,     -- subject of the record (subjects.person_id)
  charge_id       TEXT NOT NULL,
  claimed_error   TEXT NOT NULL,
  materiality     TEXT NOT NULL,
  evidence        TEXT,
  status          TEXT NOT NULL,     -- OPEN CORRECTED DENIED
  filed_at        TEXT NOT NULL,     -- ISO timestamp
  filed_by        TEXT NOT NULL,     -- user id of the subject
  resolved_at     TEXT,
  resolved_by     TEXT,              -- user id of the records clerk
  resolver_ori    TEXT,
  decision_reason TEXT,
  hearing_right   INTEGER NOT NULL DEFAULT 0  -- 1 when denied: the subject may ask for an administrative hearing
);
CREATE UNIQUE INDEX IF NOT EXISTS record_challenges_one_open ON record_challenges(charge_id) WHERE status = 'OPEN';
CREATE INDEX IF NOT EXISTS record_challenges_person ON record_challenges(person_id, filed_at);
CREATE INDEX IF NOT EXISTS record_challenges_status ON record_challenges(status, filed_at);

-- A correction notice to an agency that received the record in the two years before the correction.
CREATE TABLE IF NOT EXISTS record_correction_notices (
  id           TEXT PRIMARY KEY,
  challenge_id TEXT NOT NULL REFERENCES record_challenges(id),
  to_ori       TEXT NOT NULL,
  cii          TEXT NOT NULL,
  text         TEXT NOT NULL,
  sent_at      TEXT NOT NULL          -- ISO timestamp
);
CREATE INDEX IF NOT EXISTS record_correction_notices_to ON record_correction_notices(to_ori, sent_at);
CREATE INDEX IF NOT EXISTS record_correction_notices_challenge ON record_correction_notices(challenge_id);
