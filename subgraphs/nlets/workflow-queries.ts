import { IN_KEYS, keyList, type Store } from '../common/store.ts';

/**
 * The SQL of the Nlets workflows (administrative messages, hit confirmation): one function per statement,
 * tables in workflow.sql. Columns are aliased to the GraphQL field names.
 */

export type MessageKind = 'AM' | 'YQ' | 'YR';
export type HitStatus = 'PENDING' | 'CONFIRMED' | 'DENIED' | 'NEED_MORE_TIME';

export interface MessageRow {
  id: string;
  kind: MessageKind;
  fromOri: string;
  sentBy: string;
  subject: string;
  text: string;
  sentAt: string;
  hitConfirmationId: string | null;
}

export interface RecipientRow {
  messageId: string;
  ori: string;
  readAt: string | null;
}

export interface HitConfirmationRow {
  id: string;
  nic: string;
  recordType: 'WANTED' | 'PROTECTION_ORDER';
  requestingOri: string;
  requestedBy: string;
  enteringOri: string;
  priority: 'URGENT' | 'ROUTINE';
  remarks: string | null;
  requestedAt: string;
  dueAt: string;
  attempt: number;
  status: HitStatus;
  respondedAt: string | null;
  respondedBy: string | null;
  confirmBy: string | null;
  responseRemarks: string | null;
}

const MESSAGE_COLUMNS = `m.id, m.kind, m.from_ori AS fromOri, m.sent_by AS sentBy, m.subject, m.text, m.sent_at AS sentAt,
  m.hit_confirmation_id AS hitConfirmationId`;
const HIT_COLUMNS = `id, nic, record_type AS recordType, requesting_ori AS requestingOri, requested_by AS requestedBy,
  entering_ori AS enteringOri, priority, remarks, requested_at AS requestedAt, due_at AS dueAt, attempt, status,
  responded_at AS respondedAt, responded_by AS respondedBy, confirm_by AS confirmBy, response_remarks AS responseRemarks`;

export function insertMessage(store: Store, m: MessageRow): void {
  store.run(
    `INSERT INTO admin_messages (id, kind, from_ori, sent_by, subject, text, sent_at, hit_confirmation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    m.id,
    m.kind,
    m.fromOri,
    m.sentBy,
    m.subject,
    m.text,
    m.sentAt,
    m.hitConfirmationId,
  );
}

export function insertRecipient(store: Store, messageId: string, ori: string): void {
  store.run('INSERT INTO admin_message_recipients (message_id, ori) VALUES (?, ?)', messageId, ori);
}

/** Marks a message read for one receiving agency; the first read wins. */
export function markRead(store: Store, messageId: string, ori: string, at: string, by: string): void {
  store.run(
    'UPDATE admin_message_recipients SET read_at = ?, read_by = ? WHERE message_id = ? AND ori = ? AND read_at IS NULL',
    at,
    by,
    messageId,
    ori,
  );
}

export function messagesById(store: Store, ids: readonly string[]): MessageRow[] {
  return store.all<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM admin_messages m WHERE m.id ${IN_KEYS}`, keyList(ids));
}

export function recipientsByMessage(store: Store, ids: readonly string[]): RecipientRow[] {
  return store.all<RecipientRow>(
    `SELECT message_id AS messageId, ori, read_at AS readAt FROM admin_message_recipients
     WHERE message_id ${IN_KEYS} ORDER BY rowid`,
    keyList(ids),
  );
}

export function messagesByHitConfirmation(store: Store, ids: readonly string[]): MessageRow[] {
  return store.all<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM admin_messages m WHERE m.hit_confirmation_id ${IN_KEYS} ORDER BY m.sent_at, m.rowid`,
    keyList(ids),
  );
}

/** Where a page of a newest-first list continues: strictly older than this time and row. */
export interface PageKey {
  time: string;
  position: number;
}

/** A row of a paged list, with the row position that breaks ties between equal times. */
export type Paged<T> = T & { position: number };

const OLDER = (time: string, row: string) => `(? IS NULL OR ${time} < ? OR (${time} = ? AND ${row} < ?))`;
const olderArgs = (after: PageKey | undefined) => [after?.time ?? null, after?.time ?? null, after?.time ?? null, after?.position ?? 0];

/** Messages addressed to an agency, newest first, after `after` when given. */
export function inbox(store: Store, ori: string, unreadOnly: boolean, first: number, after?: PageKey): Paged<MessageRow>[] {
  return store.all<Paged<MessageRow>>(
    `SELECT ${MESSAGE_COLUMNS}, m.rowid AS position FROM admin_messages m JOIN admin_message_recipients r ON r.message_id = m.id
     WHERE r.ori = ? AND (? = 0 OR r.read_at IS NULL) AND ${OLDER('m.sent_at', 'm.rowid')}
     ORDER BY m.sent_at DESC, m.rowid DESC LIMIT ?`,
    ori,
    unreadOnly ? 1 : 0,
    ...olderArgs(after),
    first,
  );
}

/** Messages sent by an agency, newest first, after `after` when given. */
export function outbox(store: Store, ori: string, first: number, after?: PageKey): Paged<MessageRow>[] {
  return store.all<Paged<MessageRow>>(
    `SELECT ${MESSAGE_COLUMNS}, m.rowid AS position FROM admin_messages m
     WHERE m.from_ori = ? AND ${OLDER('m.sent_at', 'm.rowid')} ORDER BY m.sent_at DESC, m.rowid DESC LIMIT ?`,
    ori,
    ...olderArgs(after),
    first,
  );
}

export function insertHitConfirmation(store: Store, h: HitConfirmationRow): void {
  store.run(
    `INSERT INTO hit_confirmations (id, nic, record_type, requesting_ori, requested_by, entering_ori, priority, remarks,
       requested_at, due_at, attempt, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    h.id,
    h.nic,
    h.recordType,
    h.requestingOri,
    h.requestedBy,
    h.enteringOri,
    h.priority,
    h.remarks,
    h.requestedAt,
    h.dueAt,
    h.attempt,
    h.status,
  );
}

export function updateHitResponse(
  store: Store,
  id: string,
  status: HitStatus,
  at: string,
  by: string,
  confirmBy: string | null,
  remarks: string | null,
): void {
  store.run(
    `UPDATE hit_confirmations SET status = ?, responded_at = ?, responded_by = ?, confirm_by = ?, response_remarks = ?
     WHERE id = ?`,
    status,
    at,
    by,
    confirmBy,
    remarks,
    id,
  );
}

/** A new request (RNO) for an unanswered confirmation: pending again with a new due time. */
export function updateHitResend(store: Store, id: string, attempt: number, dueAt: string): void {
  store.run("UPDATE hit_confirmations SET attempt = ?, due_at = ?, status = 'PENDING' WHERE id = ?", attempt, dueAt, id);
}

export function hitConfirmationsById(store: Store, ids: readonly string[]): HitConfirmationRow[] {
  return store.all<HitConfirmationRow>(`SELECT ${HIT_COLUMNS} FROM hit_confirmations WHERE id ${IN_KEYS}`, keyList(ids));
}

/** Hit confirmations of many records; keys are JSON `[recordType, nic]` pairs. */
export function hitConfirmationsByRecord(store: Store, pairs: readonly (readonly [string, string])[]): HitConfirmationRow[] {
  return store.all<HitConfirmationRow>(
    `SELECT ${HIT_COLUMNS} FROM hit_confirmations
     WHERE (record_type, nic) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))
     ORDER BY requested_at DESC, rowid DESC`,
    JSON.stringify(pairs),
  );
}

/** Hit confirmations an agency sent (as requester) or received (as entering agency), newest first, after `after` when given. */
export function hitConfirmationsOfAgency(
  store: Store,
  role: 'SENT' | 'RECEIVED',
  ori: string,
  first: number,
  after?: PageKey,
): Paged<HitConfirmationRow>[] {
  const column = role === 'SENT' ? 'requesting_ori' : 'entering_ori';
  return store.all<Paged<HitConfirmationRow>>(
    `SELECT ${HIT_COLUMNS}, rowid AS position FROM hit_confirmations WHERE ${column} = ? AND ${OLDER('requested_at', 'rowid')}
     ORDER BY requested_at DESC, rowid DESC LIMIT ?`,
    ori,
    ...olderArgs(after),
    first,
  );
}
