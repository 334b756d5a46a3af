import { IN_KEYS, keyList, type Store } from '../common/store.ts';
import type { ChargeRow } from './queries.ts';

/** The SQL of the CORI record review workflow (tables in workflow.sql). */

export interface ChallengeRow {
  id: string;
  cii: string;
  personId: string;
  chargeId: string;
  claimedError: string;
  materiality: string;
  evidence: string | null;
  status: string;
  filedAt: string;
  filedBy: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolverOri: string | null;
  decisionReason: string | null;
  /** SQLite boolean. */
  hearingRight: number;
}

export interface NoticeRow {
  id: string;
  challengeId: string;
  toOri: string;
  cii: string;
  text: string;
  sentAt: string;
}

/** A charge with the record (CII, person) it belongs to. */
export interface ChargeOwnerRow extends ChargeRow {
  cii: string;
  personId: string;
}

const CHALLENGE = `SELECT id, cii, person_id AS personId, charge_id AS chargeId, claimed_error AS claimedError,
  materiality, evidence, status, filed_at AS filedAt, filed_by AS filedBy, resolved_at AS resolvedAt,
  resolved_by AS resolvedBy, resolver_ori AS resolverOri, decision_reason AS decisionReason,
  hearing_right AS hearingRight FROM record_challenges`;
const NOTICE = `SELECT id, challenge_id AS challengeId, to_ori AS toOri, cii, text, sent_at AS sentAt
  FROM record_correction_notices`;

/** One charge with its record's CII and person id; undefined when there is no such charge. */
export function chargeWithOwner(store: Store, chargeId: string): ChargeOwnerRow | undefined {
  return store.get<ChargeOwnerRow>(
    `SELECT c.id, c.arrest_id AS arrestId, c.seq, c.statute, c.description, c.level, c.court,
       c.court_case_number AS courtCaseNumber, c.disposition, c.disposition_date AS dispositionDate, c.sealed,
       s.cii, s.person_id AS personId
     FROM charges c JOIN arrests a ON a.id = c.arrest_id JOIN subjects s ON s.cii = a.cii WHERE c.id = ?`,
    chargeId,
  );
}

/** Charges by id (batched). */
export function chargesById(store: Store, ids: readonly string[]): ChargeRow[] {
  return store.all<ChargeRow>(
    `SELECT id, arrest_id AS arrestId, seq, statute, description, level, court,
       court_case_number AS courtCaseNumber, disposition, disposition_date AS dispositionDate, sealed
     FROM charges WHERE id ${IN_KEYS}`,
    keyList(ids),
  );
}

export function updateCharge(
  store: Store,
  id: string,
  change: { disposition: string; dispositionDate: string | null; sealed: number },
): void {
  store.run(
    'UPDATE charges SET disposition = ?, disposition_date = ?, sealed = ? WHERE id = ?',
    change.disposition,
    change.dispositionDate,
    change.sealed,
    id,
  );
}

export function challengesById(store: Store, ids: readonly string[]): ChallengeRow[] {
  return store.all<ChallengeRow>(`${CHALLENGE} WHERE id ${IN_KEYS}`, keyList(ids));
}

export function openChallengeForCharge(store: Store, chargeId: string): ChallengeRow | undefined {
  return store.get<ChallengeRow>(`${CHALLENGE} WHERE charge_id = ? AND status = 'OPEN'`, chargeId);
}

/** Challenges, newest first; `personId` null means everyone's; `status` null means any status. */
/** Where a page of a newest-first list continues: strictly older than this time, then lower than this id. */
export interface PageKey {
  time: string;
  id: string;
}

const OLDER = (time: string) => `(? IS NULL OR ${time} < ? OR (${time} = ? AND id < ?))`;
const olderArgs = (after: PageKey | undefined) => [after?.time ?? null, after?.time ?? null, after?.time ?? null, after?.id ?? ''];

export function listChallenges(
  store: Store,
  personId: string | null,
  status: string | null,
  first: number,
  after?: PageKey,
): ChallengeRow[] {
  return store.all<ChallengeRow>(
    `${CHALLENGE} WHERE (? IS NULL OR person_id = ?) AND (? IS NULL OR status = ?) AND ${OLDER('filed_at')}
     ORDER BY filed_at DESC, id DESC LIMIT ?`,
    personId,
    personId,
    status,
    status,
    ...olderArgs(after),
    first,
  );
}

export function insertChallenge(store: Store, c: ChallengeRow): void {
  store.run(
    `INSERT INTO record_challenges (id, cii, person_id, charge_id, claimed_error, materiality, evidence, status,
       filed_at, filed_by, resolved_at, resolved_by, resolver_ori, decision_reason, hearing_right)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    c.id,
    c.cii,
    c.personId,
    c.chargeId,
    c.claimedError,
    c.materiality,
    c.evidence,
    c.status,
    c.filedAt,
    c.filedBy,
    c.resolvedAt,
    c.resolvedBy,
    c.resolverOri,
    c.decisionReason,
    c.hearingRight,
  );
}

/** Resolves an OPEN challenge; returns false when it was no longer open. */
export function resolveChallenge(
  store: Store,
  r: { id: string; status: string; resolvedAt: string; resolvedBy: string; resolverOri: string; reason: string; hearingRight: number },
): boolean {
  return (
    store.run(
      `UPDATE record_challenges SET status = ?, resolved_at = ?, resolved_by = ?, resolver_ori = ?, decision_reason = ?,
       hearing_right = ? WHERE id = ? AND status = 'OPEN'`,
      r.status,
      r.resolvedAt,
      r.resolvedBy,
      r.resolverOri,
      r.reason,
      r.hearingRight,
      r.id,
    ).changes === 1
  );
}

export function insertNotice(store: Store, n: NoticeRow): void {
  store.run(
    'INSERT INTO record_correction_notices (id, challenge_id, to_ori, cii, text, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
    n.id,
    n.challengeId,
    n.toOri,
    n.cii,
    n.text,
    n.sentAt,
  );
}

/** Notices of many challenges (batched), by recipient ORI. */
export function noticesByChallenge(store: Store, challengeIds: readonly string[]): NoticeRow[] {
  return store.all<NoticeRow>(`${NOTICE} WHERE challenge_id ${IN_KEYS} ORDER BY to_ori, id`, keyList(challengeIds));
}

/** Notices addressed to one agency, newest first. */
export function noticesTo(store: Store, ori: string, first: number, after?: PageKey): NoticeRow[] {
  return store.all<NoticeRow>(
    `${NOTICE} WHERE to_ori = ? AND ${OLDER('sent_at')} ORDER BY sent_at DESC, id DESC LIMIT ?`,
    ori,
    ...olderArgs(after),
    first,
  );
}
