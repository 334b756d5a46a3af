-- NCIC hot files (with California's CARPOS restraining orders entered as NCIC protection orders).
-- Record names/DOBs are as the entering agency typed them (misspellings included); person_id is the
-- identity index's link.

CREATE TABLE wanted (
  nic          TEXT PRIMARY KEY,     -- NCIC record number: 1 letter + 9 digits, e.g. W123456789
  person_id    TEXT NOT NULL,
  name         TEXT NOT NULL,        -- NAM: 'LAST, FIRST MIDDLE'
  sex          TEXT NOT NULL,
  race         TEXT NOT NULL,
  dob          TEXT NOT NULL,
  offense_code TEXT NOT NULL,        -- OFF: 4-digit NCIC offence code, e.g. 1313
  offense_text TEXT NOT NULL,
  warrant_level TEXT NOT NULL,       -- FELONY | MISDEMEANOR
  warrant_date TEXT NOT NULL,
  extradition  TEXT NOT NULL,        -- EXL: 1-5 (felony) or A-E (misdemeanour)
  misc         TEXT,                 -- MIS free text
  ori          TEXT NOT NULL,        -- entering agency
  oca          TEXT NOT NULL,        -- entering agency case number
  entered_at   TEXT NOT NULL
);
CREATE INDEX wanted_person ON wanted(person_id);

-- Caution and medical condition codes (CMC) carried by person records (wanted, sex offender, PO).
CREATE TABLE cautions (
  nic       TEXT NOT NULL,
  person_id TEXT NOT NULL,
  cmc       TEXT NOT NULL            -- 00 armed and dangerous, 05 violent tendencies, ...
);
CREATE INDEX cautions_person ON cautions(person_id);
CREATE INDEX cautions_nic ON cautions(nic);

CREATE TABLE missing (
  nic          TEXT PRIMARY KEY,
  person_id    TEXT NOT NULL,
  name         TEXT NOT NULL,
  sex          TEXT NOT NULL,
  race         TEXT NOT NULL,
  dob          TEXT NOT NULL,
  category     TEXT NOT NULL,        -- MKE: EMD EME EMI EMV EMO EMJ
  last_contact TEXT NOT NULL,
  circumstances TEXT,
  ori          TEXT NOT NULL,
  oca          TEXT NOT NULL,
  entered_at   TEXT NOT NULL
);
CREATE INDEX missing_person ON missing(person_id);

-- Protection orders: NCIC POF entries and CA CARPOS "CLETS orders".
CREATE TABLE protection_orders (
  nic                 TEXT PRIMARY KEY,
  fcn                 TEXT NOT NULL UNIQUE, -- CARPOS 13-digit file control number
  person_id           TEXT NOT NULL,        -- restrained person
  name                TEXT NOT NULL,
  sex                 TEXT NOT NULL,
  race                TEXT NOT NULL,
  dob                 TEXT NOT NULL,
  order_type          TEXT NOT NULL,        -- DVRO EPO ELDER_ABUSE CIVIL_HARASSMENT WORKPLACE_VIOLENCE GVRO CRIMINAL_PROTECTIVE
  form                TEXT NOT NULL,        -- DV-130, EPO-001, CH-130, CR-160 ...
  issue_date          TEXT NOT NULL,
  expiry_date         TEXT NOT NULL,
  status              TEXT NOT NULL,        -- ACTIVE | TERMINATED (expiry is judged against the date)
  issuing_court       TEXT NOT NULL,
  court_case_number   TEXT NOT NULL,
  firearm_prohibited  INTEGER NOT NULL,
  served              INTEGER NOT NULL,
  served_at           TEXT,
  ori                 TEXT NOT NULL,
  entered_at          TEXT NOT NULL
);
CREATE INDEX protection_orders_person ON protection_orders(person_id);

CREATE TABLE protection_order_conditions (
  nic  TEXT NOT NULL REFERENCES protection_orders(nic),
  pco  TEXT NOT NULL                 -- NCIC PCO 01-09
);
CREATE INDEX po_conditions_nic ON protection_order_conditions(nic);

CREATE TABLE protected_persons (
  nic        TEXT NOT NULL REFERENCES protection_orders(nic),
  person_id  TEXT,                   -- identity link when known
  name       TEXT NOT NULL,          -- PPN
  sex        TEXT NOT NULL,          -- PSX
  race       TEXT NOT NULL,          -- PPR
  dob        TEXT NOT NULL,          -- PPB
  relation   TEXT NOT NULL           -- SPOUSE, EX_SPOUSE, DATING, CHILD, COHABITANT, COWORKER, OTHER
);
CREATE INDEX protected_persons_nic ON protected_persons(nic);
CREATE INDEX protected_persons_person ON protected_persons(person_id);

-- Confidential CLETS-001 data (CRC rule 1.51): kept apart from the order itself.
CREATE TABLE protection_order_confidential (
  nic                TEXT PRIMARY KEY REFERENCES protection_orders(nic),
  protected_address  TEXT NOT NULL,
  protected_phone    TEXT,
  restrained_address TEXT,
  notes              TEXT
);

CREATE TABLE sex_offenders (
  nic               TEXT PRIMARY KEY,
  person_id         TEXT NOT NULL,
  registration_date TEXT NOT NULL,
  registering_ori   TEXT NOT NULL,
  offense           TEXT NOT NULL,
  tier              TEXT NOT NULL,   -- CA tier: 1 | 2 | 3
  street            TEXT NOT NULL,
  city              TEXT NOT NULL,
  zip               TEXT NOT NULL
);
CREATE INDEX sex_offenders_person ON sex_offenders(person_id);

CREATE TABLE stolen_vehicles (
  nic          TEXT PRIMARY KEY,
  vin          TEXT NOT NULL,
  plate        TEXT,
  plate_state  TEXT,
  year         INTEGER,
  make         TEXT,
  model        TEXT,
  colour       TEXT,
  theft_date   TEXT NOT NULL,
  ori          TEXT NOT NULL,
  oca          TEXT NOT NULL
);
CREATE INDEX stolen_vehicles_vin ON stolen_vehicles(vin);
CREATE INDEX stolen_vehicles_plate ON stolen_vehicles(plate, plate_state);

CREATE TABLE stolen_plates (
  nic         TEXT PRIMARY KEY,
  plate       TEXT NOT NULL,
  plate_state TEXT NOT NULL,
  plate_year  INTEGER,
  plate_type  TEXT,
  theft_date  TEXT NOT NULL,
  ori         TEXT NOT NULL,
  oca         TEXT NOT NULL
);
CREATE INDEX stolen_plates_plate ON stolen_plates(plate, plate_state);

CREATE TABLE stolen_guns (
  nic         TEXT PRIMARY KEY,
  serial      TEXT NOT NULL,
  make        TEXT NOT NULL,
  model       TEXT,
  caliber     TEXT,
  gun_type    TEXT NOT NULL,         -- P pistol, R rifle, S shotgun, V revolver
  theft_date  TEXT NOT NULL,
  ori         TEXT NOT NULL,
  oca         TEXT NOT NULL
);
CREATE INDEX stolen_guns_serial ON stolen_guns(serial);

CREATE TABLE stolen_articles (
  nic          TEXT PRIMARY KEY,
  serial       TEXT NOT NULL,
  article_type TEXT NOT NULL,        -- e.g. LAPTOP, PHONE, TOOL, BICYCLE
  brand        TEXT,
  description  TEXT,
  theft_date   TEXT NOT NULL,
  ori          TEXT NOT NULL,
  oca          TEXT NOT NULL
);
CREATE INDEX stolen_articles_serial ON stolen_articles(serial);
