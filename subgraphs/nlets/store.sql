-- Nlets store: what other states answer over the switch (DQ/DR driver, RQ/RR registration,
-- IQ/FQ state criminal history) and the ORION directory of agencies (ORIs).

CREATE TABLE agencies (
  ori    TEXT PRIMARY KEY,           -- 9 characters, e.g. CA0190000 (fictitious)
  name   TEXT NOT NULL,
  state  TEXT NOT NULL,
  kind   TEXT NOT NULL               -- POLICE SHERIFF COURT PROBATION DOJ DMV NONCRIMINAL
);

CREATE TABLE oos_licenses (
  state        TEXT NOT NULL,
  oln          TEXT NOT NULL,
  person_id    TEXT NOT NULL,
  name         TEXT NOT NULL,
  dob          TEXT NOT NULL,
  sex          TEXT NOT NULL,
  class        TEXT NOT NULL,
  status       TEXT NOT NULL,
  expiry_date  TEXT NOT NULL,
  street       TEXT,
  city         TEXT,
  zip          TEXT,
  PRIMARY KEY (state, oln)
);
CREATE INDEX oos_licenses_person ON oos_licenses(person_id);

CREATE TABLE oos_registrations (
  state           TEXT NOT NULL,
  plate           TEXT NOT NULL,
  vin             TEXT NOT NULL,
  year            INTEGER NOT NULL,
  make            TEXT NOT NULL,
  model           TEXT NOT NULL,
  colour          TEXT NOT NULL,
  expiry_date     TEXT NOT NULL,
  owner_person_id TEXT NOT NULL,
  PRIMARY KEY (state, plate)
);
CREATE INDEX oos_registrations_owner ON oos_registrations(owner_person_id);
CREATE INDEX oos_registrations_vin ON oos_registrations(vin);

CREATE TABLE state_histories (
  state     TEXT NOT NULL,
  sid       TEXT NOT NULL,
  person_id TEXT NOT NULL,
  PRIMARY KEY (state, sid)
);
CREATE INDEX state_histories_person ON state_histories(person_id);

CREATE TABLE state_history_entries (
  state        TEXT NOT NULL,
  sid          TEXT NOT NULL,
  arrest_date  TEXT NOT NULL,
  agency       TEXT NOT NULL,
  offense      TEXT NOT NULL,
  disposition  TEXT NOT NULL
);
CREATE INDEX state_history_entries_sid ON state_history_entries(state, sid);
