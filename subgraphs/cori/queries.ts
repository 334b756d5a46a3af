import { IN_KEYS, keyList, type Store } from '../common/store.ts';

/**
 * The SQL of the cori subgraph: one function per statement, each taking a whole DataLoader batch of keys
 * bound as one JSON parameter. Columns are aliased to the GraphQL field names.
 */

export interface SubjectRow {
  cii: string;
  personId: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  dob: string;
  sex: string;
  race: string;
  ssn: string | null;
  oln: string | null;
  fbi: string | null;
}

export interface ArrestRow {
  id: string;
  cii: string;
  arrestDate: string;
  ori: string;
  bookingNumber: string;
}

export interface ChargeRow {
  id: string;
  arrestId: string;
  seq: number;
  statute: string;
  description: string;
  level: string;
  court: string | null;
  courtCaseNumber: string | null;
  disposition: string;
  dispositionDate: string | null;
  /** SQLite boolean: 1 sealed, 0 not. */
  sealed: number;
}

export interface SentenceRow {
  chargeId: string;
  jailDays: number | null;
  prisonMonths: number | null;
  probationMonths: number | null;
  fine: number | null;
  sentenceDate: string;
}

export interface CustodyRow {
  id: string;
  cii: string;
  facility: string;
  kind: string;
  startDate: string;
  endDate: string | null;
}

export interface SupervisionRow {
  id: string;
  cii: string;
  kind: string;
  agencyOri: string;
  startDate: string;
  endDate: string;
  status: string;
  conditions: string | null;
}

export interface ProgramRow {
  id: string;
  cii: string;
  name: string;
  kind: string;
  startDate: string;
  endDate: string | null;
  status: string;
}

const SUBJECT_COLUMNS = `cii, person_id AS personId, last_name AS lastName, first_name AS firstName,
  middle_name AS middleName, dob, sex, race, ssn, oln, fbi`;

export function subjectsByCii(store: Store, ciis: readonly string[]): SubjectRow[] {
  return store.all<SubjectRow>(`SELECT ${SUBJECT_COLUMNS} FROM subjects WHERE cii ${IN_KEYS}`, keyList(ciis));
}

export function subjectsByPerson(store: Store, personIds: readonly string[]): SubjectRow[] {
  return store.all<SubjectRow>(`SELECT ${SUBJECT_COLUMNS} FROM subjects WHERE person_id ${IN_KEYS}`, keyList(personIds));
}

/** Arrests of many subjects, newest first. */
export function arrestsByCii(store: Store, ciis: readonly string[]): ArrestRow[] {
  return store.all<ArrestRow>(
    `SELECT id, cii, arrest_date AS arrestDate, ori, booking_number AS bookingNumber
     FROM arrests WHERE cii ${IN_KEYS} ORDER BY arrest_date DESC, id DESC`,
    keyList(ciis),
  );
}

/** Charges of many arrests, in charge sequence order. */
export function chargesByArrest(store: Store, arrestIds: readonly string[]): ChargeRow[] {
  return store.all<ChargeRow>(
    `SELECT id, arrest_id AS arrestId, seq, statute, description, level, court,
       court_case_number AS courtCaseNumber, disposition, disposition_date AS dispositionDate, sealed
     FROM charges WHERE arrest_id ${IN_KEYS} ORDER BY seq, id`,
    keyList(arrestIds),
  );
}

export function sentencesByCharge(store: Store, chargeIds: readonly string[]): SentenceRow[] {
  return store.all<SentenceRow>(
    `SELECT charge_id AS chargeId, jail_days AS jailDays, prison_months AS prisonMonths,
       probation_months AS probationMonths, fine, sentence_date AS sentenceDate
     FROM sentences WHERE charge_id ${IN_KEYS}`,
    keyList(chargeIds),
  );
}

/** Custody episodes of many subjects, newest first. */
export function custodyByCii(store: Store, ciis: readonly string[]): CustodyRow[] {
  return store.all<CustodyRow>(
    `SELECT id, cii, facility, kind, start_date AS startDate, end_date AS endDate
     FROM custody WHERE cii ${IN_KEYS} ORDER BY start_date DESC, id DESC`,
    keyList(ciis),
  );
}

/** Supervision terms of many subjects, newest first. */
export function supervisionByCii(store: Store, ciis: readonly string[]): SupervisionRow[] {
  return store.all<SupervisionRow>(
    `SELECT id, cii, kind, agency_ori AS agencyOri, start_date AS startDate, end_date AS endDate, status, conditions
     FROM supervision WHERE cii ${IN_KEYS} ORDER BY start_date DESC, id DESC`,
    keyList(ciis),
  );
}

/** Rehabilitation programs of many subjects, newest first. */
export function programsByCii(store: Store, ciis: readonly string[]): ProgramRow[] {
  return store.all<ProgramRow>(
    `SELECT id, cii, name, kind, start_date AS startDate, end_date AS endDate, status
     FROM programs WHERE cii ${IN_KEYS} ORDER BY start_date DESC, id DESC`,
    keyList(ciis),
  );
}
