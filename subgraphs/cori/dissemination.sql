-- Secondary dissemination log (PC 11078, 11 CCR 707), applied at start, idempotent: a receiving agency's
-- operator records that a California record they received was passed on, and to whom. The recipients are
-- sent the record's correction notices (PC 11126) like the agencies that received it directly.
CREATE TABLE IF NOT EXISTS secondary_disseminations (
  id               TEXT PRIMARY KEY,   -- SD-<uuid>
  cii              TEXT NOT NULL,
  person_id        TEXT NOT NULL,      -- subject of the record
  record_id        TEXT NOT NULL,      -- as stated (CII or FBI number)
  recipient_name   TEXT NOT NULL,
  recipient_agency TEXT NOT NULL,
  recipient_ori    TEXT NOT NULL,
  purpose          TEXT NOT NULL,      -- C | D | F | J
  case_number      TEXT NOT NULL,
  recorded_at      TEXT NOT NULL,      -- ISO timestamp
  recorded_by      TEXT NOT NULL,      -- user id (signed caller context)
  recorder_ori     TEXT NOT NULL,
  disclosure_seq   INTEGER NOT NULL    -- audit event that disclosed the record to the recorder
);
CREATE INDEX IF NOT EXISTS secondary_disseminations_cii ON secondary_disseminations(cii, recorded_at);
CREATE INDEX IF NOT EXISTS secondary_disseminations_disclosure ON secondary_disseminations(disclosure_seq);
