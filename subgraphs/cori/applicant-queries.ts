import { IN_KEYS, keyList, type Store } from '../common/store.ts';

/** The SQL of applicant background checks (tables in applicant.sql; prints in store.sql `fingerprints`). */

export interface ApplicantCheckRow {
  id: string;
  ati: string;
  agencyOri: string;
  agencyName: string;
  submittedBy: string;
  submittedAt: string;
  lastName: string;
  firstName: string;
  dob: string;
  sex: string;
  statute: string;
  purpose: string;
  cii: string | null;
  personId: string | null;
  result: string;
  /** JSON of `ApplicantConvictionRow[]`. */
  convictions: string;
  respondedAt: string;
}

export interface ApplicantConvictionRow {
  arrestDate: string;
  statute: string;
  description: string;
  level: string;
  convictionDate: string | null;
  court: string | null;
  courtCaseNumber: string | null;
}

const CHECK = `SELECT id, ati, ori AS agencyOri, agency_name AS agencyName, submitted_by AS submittedBy,
  submitted_at AS submittedAt, last_name AS lastName, first_name AS firstName, dob, sex, statute, purpose, cii,
  person_id AS personId, result, convictions, responded_at AS respondedAt FROM applicant_checks`;

/** The record whose subject left these prints; undefined when DOJ holds no such prints. */
export function recordByPrints(store: Store, template: string): { cii: string; personId: string } | undefined {
  return store.get(
    'SELECT s.cii, s.person_id AS personId FROM fingerprints f JOIN subjects s ON s.cii = f.cii WHERE f.template = ?',
    template,
  );
}

/**
 * The reportable convictions of a record (PC 11105(b)(10)-(11)): convicted charges that are not sealed
 * (sealing covers PC 851.87 ff. and the dismissal of PC 1203.4), newest arrest first. Dismissed, acquitted,
 * diverted and pending charges, and so arrests without a conviction, are never in it.
 */
export function reportableConvictions(store: Store, cii: string): ApplicantConvictionRow[] {
  return store.all<ApplicantConvictionRow>(
    `SELECT a.arrest_date AS arrestDate, c.statute, c.description, c.level, c.disposition_date AS convictionDate, c.court,
       c.court_case_number AS courtCaseNumber
     FROM arrests a JOIN charges c ON c.arrest_id = a.id
     WHERE a.cii = ? AND c.disposition = 'CONVICTED' AND c.sealed = 0
     ORDER BY a.arrest_date DESC, a.id DESC, c.seq`,
    cii,
  );
}

export function insertApplicantCheck(store: Store, c: ApplicantCheckRow): void {
  store.run(
    `INSERT INTO applicant_checks (id, ati, ori, agency_name, submitted_by, submitted_at, last_name, first_name, dob, sex,
       statute, purpose, cii, person_id, result, convictions, responded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    c.id,
    c.ati,
    c.agencyOri,
    c.agencyName,
    c.submittedBy,
    c.submittedAt,
    c.lastName,
    c.firstName,
    c.dob,
    c.sex,
    c.statute,
    c.purpose,
    c.cii,
    c.personId,
    c.result,
    c.convictions,
    c.respondedAt,
  );
}

export function applicantCheckById(store: Store, id: string): ApplicantCheckRow | undefined {
  return store.get<ApplicantCheckRow>(`${CHECK} WHERE id = ?`, id);
}

/** One agency's check by ATI: another agency's ATI is simply not found. */
export function applicantCheckOfAgency(store: Store, ori: string, ati: string): ApplicantCheckRow | undefined {
  return store.get<ApplicantCheckRow>(`${CHECK} WHERE ori = ? AND ati = ?`, ori, ati);
}

/** One agency's checks, newest first. */
export function applicantChecksOfAgency(store: Store, ori: string, first: number): ApplicantCheckRow[] {
  return store.all<ApplicantCheckRow>(`${CHECK} WHERE ori = ? ORDER BY submitted_at DESC, id DESC LIMIT ?`, ori, first);
}

/** The checks whose prints identified these persons (batched), newest first. */
export function applicantChecksOfPersons(store: Store, personIds: readonly string[]): ApplicantCheckRow[] {
  return store.all<ApplicantCheckRow>(`${CHECK} WHERE person_id ${IN_KEYS} ORDER BY submitted_at DESC, id DESC`, keyList(personIds));
}
