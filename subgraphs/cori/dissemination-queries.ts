import { IN_KEYS, keyList, type Store } from '../common/store.ts';

/** The SQL of the secondary dissemination log (table in dissemination.sql). */

export interface DisseminationRow {
  id: string;
  cii: string;
  personId: string;
  recordId: string;
  recipientName: string;
  recipientAgency: string;
  recipientOri: string;
  purpose: string;
  caseNumber: string;
  recordedAt: string;
  recordedBy: string;
  recorderOri: string;
  disclosureSeq: number;
}

const DISSEMINATION = `SELECT id, cii, person_id AS personId, record_id AS recordId, recipient_name AS recipientName,
  recipient_agency AS recipientAgency, recipient_ori AS recipientOri, purpose, case_number AS caseNumber,
  recorded_at AS recordedAt, recorded_by AS recordedBy, recorder_ori AS recorderOri, disclosure_seq AS disclosureSeq
  FROM secondary_disseminations`;

/** The record a CII or an FBI number names; undefined when DOJ holds none. */
export function recordById(store: Store, recordId: string): { cii: string; personId: string } | undefined {
  return store.get('SELECT cii, person_id AS personId FROM subjects WHERE cii = ? OR fbi = ? LIMIT 1', recordId, recordId);
}

export function insertDissemination(store: Store, d: DisseminationRow): void {
  store.run(
    `INSERT INTO secondary_disseminations (id, cii, person_id, record_id, recipient_name, recipient_agency, recipient_ori,
       purpose, case_number, recorded_at, recorded_by, recorder_ori, disclosure_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    d.id,
    d.cii,
    d.personId,
    d.recordId,
    d.recipientName,
    d.recipientAgency,
    d.recipientOri,
    d.purpose,
    d.caseNumber,
    d.recordedAt,
    d.recordedBy,
    d.recorderOri,
    d.disclosureSeq,
  );
}

export function disseminationById(store: Store, id: string): DisseminationRow | undefined {
  return store.get<DisseminationRow>(`${DISSEMINATION} WHERE id = ?`, id);
}

/** The log entries linked to these audit events (batched), oldest first. */
export function disseminationsOfDisclosures(store: Store, seqs: readonly number[]): DisseminationRow[] {
  return store.all<DisseminationRow>(`${DISSEMINATION} WHERE disclosure_seq ${IN_KEYS} ORDER BY recorded_at, id`, keyList(seqs));
}

/** The distinct recipient ORIs of a record's disseminations logged since `from` (ISO). */
export function disseminationRecipients(store: Store, cii: string, from: string): string[] {
  return store
    .all<{ ori: string }>(
      'SELECT DISTINCT recipient_ori AS ori FROM secondary_disseminations WHERE cii = ? AND recorded_at >= ? ORDER BY ori',
      cii,
      from,
    )
    .map((r) => r.ori);
}
