-- California DMV store: driver licences, residence/mailing addresses and vehicle registrations.

CREATE TABLE licenses (
  dl_number    TEXT PRIMARY KEY,     -- CA DL: one letter + 7 digits
  person_id    TEXT NOT NULL,
  last_name    TEXT NOT NULL,
  first_name   TEXT NOT NULL,
  middle_name  TEXT,
  dob          TEXT NOT NULL,
  sex          TEXT NOT NULL,
  height       INTEGER,
  weight       INTEGER,
  eye          TEXT,
  hair         TEXT,
  class        TEXT NOT NULL,        -- A | B | C | M1 | M2, several joined by ',' (e.g. 'C,M1')
  commercial   INTEGER NOT NULL,     -- 1 for a commercial licence
  status       TEXT NOT NULL,        -- VALID EXPIRED SUSPENDED REVOKED RESTRICTED CANCELLED PROBATION
  restrictions TEXT,                 -- restriction codes joined by ',' (e.g. '01' corrective lenses)
  issue_date   TEXT NOT NULL,
  expiry_date  TEXT NOT NULL
);
CREATE INDEX licenses_person ON licenses(person_id);

-- Addresses on the DMV record. Residence addresses are confidential (VC 1808.21); some are further
-- protected (VC 1808.4 officials) or replaced by a Safe at Home substitute (Gov. Code 6205).
CREATE TABLE addresses (
  person_id    TEXT NOT NULL,
  kind         TEXT NOT NULL,        -- RESIDENCE | MAILING
  street       TEXT NOT NULL,
  city         TEXT NOT NULL,
  state        TEXT NOT NULL,
  zip          TEXT NOT NULL,
  since        TEXT NOT NULL,
  confidential TEXT,                 -- NULL, or the reason: 'VC1808.4'
  safe_at_home INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX addresses_person ON addresses(person_id);

CREATE TABLE vehicles (
  vin             TEXT PRIMARY KEY,
  plate           TEXT NOT NULL,
  plate_state     TEXT NOT NULL,     -- always CA here
  plate_type      TEXT NOT NULL,     -- PC passenger, CM commercial, MC motorcycle, TL trailer
  year            INTEGER NOT NULL,
  make            TEXT NOT NULL,     -- NCIC VMA, e.g. TOYT, FORD
  model           TEXT NOT NULL,
  body_style      TEXT NOT NULL,     -- NCIC VST, e.g. 4D, PK, MC
  colour          TEXT NOT NULL,     -- NCIC VCO, e.g. BLK, WHI, SIL
  reg_status      TEXT NOT NULL,     -- CURRENT EXPIRED SUSPENDED
  reg_expiry      TEXT NOT NULL,
  owner_person_id TEXT NOT NULL,     -- registered owner
  legal_owner     TEXT               -- lienholder name, NULL if owned outright
);
CREATE INDEX vehicles_plate ON vehicles(plate, plate_state);
CREATE INDEX vehicles_owner ON vehicles(owner_person_id);
