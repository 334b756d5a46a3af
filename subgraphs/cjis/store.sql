-- CJIS store: the identity index (master name index linking a person's identifiers) and the
-- Interstate Identification Index (III) with the national rap sheet summary.

CREATE TABLE persons (
  id          TEXT PRIMARY KEY,      -- master person id, e.g. P0001234
  last_name   TEXT NOT NULL,
  first_name  TEXT NOT NULL,
  middle_name TEXT,
  sex         TEXT NOT NULL,         -- NCIC SEX: M F U
  race        TEXT NOT NULL,         -- NCIC RAC: W B I A P U
  dob         TEXT NOT NULL,         -- ISO YYYY-MM-DD
  height      INTEGER,               -- NCIC HGT as inches total (render as 3-digit ft+in)
  weight      INTEGER,               -- pounds
  eye         TEXT,                  -- NCIC EYE
  hair        TEXT,                  -- NCIC HAI
  skin        TEXT,                  -- NCIC SKN
  fbi         TEXT UNIQUE,           -- FBI number / UCN, only if fingerprinted
  cii         TEXT UNIQUE,           -- CA DOJ CII number, only if a CA criminal record exists
  oln         TEXT,                  -- operator licence number
  ols         TEXT                   -- operator licence state
);
CREATE INDEX persons_oln ON persons(oln, ols);

-- Every name/DOB the index knows a person by: the primary identity plus AKAs, misspellings entered
-- by agencies and DOB variants. Search runs over this table.
CREATE TABLE person_names (
  person_id     TEXT NOT NULL REFERENCES persons(id),
  name_type     TEXT NOT NULL,       -- PRIMARY | AKA | MISSPELLING | ALT_DOB
  last_name     TEXT NOT NULL,
  first_name    TEXT NOT NULL,
  middle_name   TEXT,
  dob           TEXT NOT NULL,
  last_soundex  TEXT NOT NULL,       -- Soundex code of last_name (NCIC-style phonetic key)
  first_soundex TEXT NOT NULL
);
CREATE INDEX person_names_soundex ON person_names(last_soundex, dob);
CREATE INDEX person_names_last ON person_names(last_name);
CREATE INDEX person_names_person ON person_names(person_id);

-- III: one index record per fingerprinted person, with the states that hold a record.
CREATE TABLE iii_records (
  fbi          TEXT PRIMARY KEY,
  person_id    TEXT NOT NULL REFERENCES persons(id),
  multi_state  INTEGER NOT NULL,     -- 1 if more than one state of record
  updated_at   TEXT NOT NULL
);
CREATE INDEX iii_records_person ON iii_records(person_id);

CREATE TABLE iii_states (
  fbi    TEXT NOT NULL REFERENCES iii_records(fbi),
  state  TEXT NOT NULL,              -- state of record
  sid    TEXT NOT NULL               -- state identification number in that state
);
CREATE INDEX iii_states_fbi ON iii_states(fbi);

-- National rap sheet summary: one row per arrest cycle, from any state of record.
CREATE TABLE iii_cycles (
  fbi          TEXT NOT NULL REFERENCES iii_records(fbi),
  state        TEXT NOT NULL,
  arrest_date  TEXT NOT NULL,
  ori          TEXT NOT NULL,
  offense      TEXT NOT NULL,
  disposition  TEXT NOT NULL
);
CREATE INDEX iii_cycles_fbi ON iii_cycles(fbi);
