-- California DOJ criminal offender record information (CORI): the state summary criminal history.

CREATE TABLE subjects (
  cii          TEXT PRIMARY KEY,     -- CA state identification number
  person_id    TEXT NOT NULL UNIQUE,
  last_name    TEXT NOT NULL,
  first_name   TEXT NOT NULL,
  middle_name  TEXT,
  dob          TEXT NOT NULL,
  sex          TEXT NOT NULL,
  race         TEXT NOT NULL,
  ssn          TEXT,                 -- fictitious, always in the 9xx range that SSA never issues
  oln          TEXT,
  fbi          TEXT
);

CREATE TABLE arrests (
  id             TEXT PRIMARY KEY,
  cii            TEXT NOT NULL REFERENCES subjects(cii),
  arrest_date    TEXT NOT NULL,
  ori            TEXT NOT NULL,      -- arresting agency
  booking_number TEXT NOT NULL
);
CREATE INDEX arrests_cii ON arrests(cii);

CREATE TABLE charges (
  id                TEXT PRIMARY KEY,
  arrest_id         TEXT NOT NULL REFERENCES arrests(id),
  seq               INTEGER NOT NULL,
  statute           TEXT NOT NULL,   -- e.g. 'PC 459', 'VC 23152(a)', 'HS 11350'
  description       TEXT NOT NULL,
  level             TEXT NOT NULL,   -- F felony | M misdemeanour | I infraction
  court             TEXT,
  court_case_number TEXT,
  disposition       TEXT NOT NULL,   -- CONVICTED DISMISSED ACQUITTED DIVERSION PENDING NO_COMPLAINT
  disposition_date  TEXT,
  sealed            INTEGER NOT NULL DEFAULT 0  -- sealed/dismissed under PC 1203.4 / 851.87 etc.
);
CREATE INDEX charges_arrest ON charges(arrest_id);

CREATE TABLE sentences (
  charge_id        TEXT PRIMARY KEY REFERENCES charges(id),
  jail_days        INTEGER,
  prison_months    INTEGER,
  probation_months INTEGER,
  fine             INTEGER,
  sentence_date    TEXT NOT NULL
);

CREATE TABLE custody (
  id        TEXT PRIMARY KEY,
  cii       TEXT NOT NULL REFERENCES subjects(cii),
  facility  TEXT NOT NULL,
  kind      TEXT NOT NULL,           -- JAIL | PRISON
  start_date TEXT NOT NULL,
  end_date  TEXT
);
CREATE INDEX custody_cii ON custody(cii);

CREATE TABLE supervision (
  id          TEXT PRIMARY KEY,
  cii         TEXT NOT NULL REFERENCES subjects(cii),
  kind        TEXT NOT NULL,         -- PROBATION | PAROLE | PRCS | MANDATORY_SUPERVISION
  agency_ori  TEXT NOT NULL,
  start_date  TEXT NOT NULL,
  end_date    TEXT NOT NULL,
  status      TEXT NOT NULL,         -- ACTIVE COMPLETED REVOKED
  conditions  TEXT
);
CREATE INDEX supervision_cii ON supervision(cii);

CREATE TABLE programs (
  id          TEXT PRIMARY KEY,
  cii         TEXT NOT NULL REFERENCES subjects(cii),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,         -- SUBSTANCE_ABUSE ANGER_MANAGEMENT DV_BATTERER EDUCATION VOCATIONAL
  start_date  TEXT NOT NULL,
  end_date    TEXT,
  status      TEXT NOT NULL          -- ENROLLED COMPLETED TERMINATED
);
CREATE INDEX programs_cii ON programs(cii);

-- Ten-print templates of the subjects (simulated Live Scan, generator/records/livescan.ts): a record is
-- fingerprint-supported, and an applicant submission finds it by the prints, never by name (PC 11105).
CREATE TABLE fingerprints (
  template TEXT PRIMARY KEY,         -- LS1- + 40 hex digits
  cii      TEXT NOT NULL REFERENCES subjects(cii)
) WITHOUT ROWID;
