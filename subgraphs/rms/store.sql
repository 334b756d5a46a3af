-- rms: each agency's records management (cases, by agency case number, the OCA of NCIC entries) and
-- computer-aided dispatch (incidents). Contract C1: read by the gateway's need-to-know check (through this
-- subgraph), the misuse detectors (audit/facts.ts) and the traffic simulator. Mutations write these tables.

CREATE TABLE cases (
  ori          TEXT NOT NULL,          -- agency (nlets.agencies.ori); case numbers are unique per ORI only
  case_number  TEXT NOT NULL,          -- agency case number (OCA), 1-20 letters/digits/hyphens, e.g. 24-000187
  type         TEXT NOT NULL,          -- BURGLARY ASSAULT DOMESTIC_VIOLENCE FRAUD VEHICLE_THEFT NARCOTICS COURT_PROTECTIVE_ORDER ...
  status       TEXT NOT NULL,          -- OPEN | CLOSED | SUSPENDED
  title        TEXT NOT NULL,          -- short synthetic description
  opened_on    TEXT NOT NULL,          -- YYYY-MM-DD
  closed_on    TEXT,                   -- YYYY-MM-DD when CLOSED
  PRIMARY KEY (ori, case_number)
) WITHOUT ROWID;

CREATE TABLE case_assignments (
  ori         TEXT NOT NULL,
  case_number TEXT NOT NULL,
  user_id     TEXT NOT NULL,           -- personnel agency_users.user_id (token sub)
  role        TEXT NOT NULL,           -- LEAD | ASSIST | SUPERVISOR
  assigned_on TEXT NOT NULL,           -- YYYY-MM-DD
  PRIMARY KEY (ori, case_number, user_id)
) WITHOUT ROWID;
CREATE INDEX case_assignments_user ON case_assignments (user_id);

CREATE TABLE case_persons (
  ori         TEXT NOT NULL,
  case_number TEXT NOT NULL,
  person_id   TEXT NOT NULL,           -- cjis master person id
  role        TEXT NOT NULL,           -- SUSPECT | VICTIM | WITNESS | INVOLVED
  PRIMARY KEY (ori, case_number, person_id)
) WITHOUT ROWID;
CREATE INDEX case_persons_person ON case_persons (person_id);

CREATE TABLE case_vehicles (
  ori         TEXT NOT NULL,
  case_number TEXT NOT NULL,
  vin         TEXT NOT NULL,           -- dmv vehicle
  plate       TEXT,
  PRIMARY KEY (ori, case_number, vin)
) WITHOUT ROWID;

CREATE TABLE incidents (
  ori             TEXT NOT NULL,
  incident_number TEXT NOT NULL,       -- CAD incident number, unique per ORI, e.g. I24-0001234
  type            TEXT NOT NULL,       -- TRAFFIC_STOP | CALL_FOR_SERVICE | SUSPICIOUS_PERSON | COLLISION | WELFARE_CHECK | ...
  started_at      TEXT NOT NULL,       -- ISO-8601 UTC
  cleared_at      TEXT,                -- ISO-8601 UTC; NULL while active
  location        TEXT NOT NULL,
  PRIMARY KEY (ori, incident_number)
) WITHOUT ROWID;

CREATE TABLE incident_units (
  ori             TEXT NOT NULL,
  incident_number TEXT NOT NULL,
  user_id         TEXT NOT NULL,       -- the officer or dispatcher (agency_users.user_id)
  unit            TEXT NOT NULL,       -- dispatched or self-initiated unit, e.g. 2A14; DISPATCH for the dispatcher
  PRIMARY KEY (ori, incident_number, user_id)
) WITHOUT ROWID;
CREATE INDEX incident_units_user ON incident_units (user_id);

CREATE TABLE incident_persons (
  ori             TEXT NOT NULL,
  incident_number TEXT NOT NULL,
  person_id       TEXT NOT NULL,
  PRIMARY KEY (ori, incident_number, person_id)
) WITHOUT ROWID;

CREATE TABLE incident_vehicles (
  ori             TEXT NOT NULL,
  incident_number TEXT NOT NULL,
  plate           TEXT NOT NULL,
  vin             TEXT,
  PRIMARY KEY (ori, incident_number, plate)
) WITHOUT ROWID;
