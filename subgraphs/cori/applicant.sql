-- Applicant background checks (PC 11105(b)(10)-(11), California Live Scan / BCIA 8016), applied at start,
-- idempotent. DOJ's response is kept as it was sent: a later record correction does not rewrite it.
CREATE TABLE IF NOT EXISTS applicant_checks (
  id            TEXT PRIMARY KEY,    -- AC-<uuid>
  ati           TEXT NOT NULL,       -- Applicant Tracking Identifier of the Live Scan submission
  ori           TEXT NOT NULL,       -- submitting (and receiving) agency, from the signed caller context
  agency_name   TEXT NOT NULL,       -- as entered on the BCIA 8016
  submitted_by  TEXT NOT NULL,       -- user id of the agency operator
  submitted_at  TEXT NOT NULL,       -- ISO timestamp
  last_name     TEXT NOT NULL,       -- applicant identity as stated: never used to find the record
  first_name    TEXT NOT NULL,
  dob           TEXT NOT NULL,
  sex           TEXT NOT NULL,
  statute       TEXT NOT NULL,       -- authorising statute (applicant-statutes.ts)
  purpose       TEXT NOT NULL,       -- I | H | X
  cii           TEXT,                -- record the prints matched; NULL when none
  person_id     TEXT,                -- its subject
  result        TEXT NOT NULL,       -- RECORD | NO_RECORD
  convictions   TEXT NOT NULL,       -- JSON array of the reportable convictions sent
  responded_at  TEXT NOT NULL,
  UNIQUE (ori, ati)
);
CREATE INDEX IF NOT EXISTS applicant_checks_agency ON applicant_checks(ori, submitted_at);
CREATE INDEX IF NOT EXISTS applicant_checks_person ON applicant_checks(person_id, submitted_at);
