import { IN_KEYS, keyList, type Store } from '../common/store.ts';

/**
 * The SQL of the CLETS order workflows (workflow.sql and the order tables of store.sql): one function per
 * statement. Writes run inside the caller's `store.transaction`.
 */

type Keys = readonly string[];

/** Whether a NIC or an FCN is already taken by a protection order. */
export function orderNumberTaken(store: Store, nic: string, fcn: string): boolean {
  return store.get('SELECT 1 FROM protection_orders WHERE nic = ? OR fcn = ?', nic, fcn) !== undefined;
}

export interface NewOrderRow {
  nic: string;
  fcn: string;
  personId: string;
  name: string;
  sex: string;
  race: string;
  dob: string;
  orderType: string;
  form: string;
  issueDate: string;
  expiryDate: string;
  issuingCourt: string;
  courtCaseNumber: string;
  firearmProhibited: boolean;
  ori: string;
  enteredAt: string;
}

export function insertOrder(store: Store, o: NewOrderRow): void {
  store.run(
    `INSERT INTO protection_orders (nic, fcn, person_id, name, sex, race, dob, order_type, form, issue_date,
       expiry_date, status, issuing_court, court_case_number, firearm_prohibited, served, served_at, ori, entered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, 0, NULL, ?, ?)`,
    o.nic,
    o.fcn,
    o.personId,
    o.name,
    o.sex,
    o.race,
    o.dob,
    o.orderType,
    o.form,
    o.issueDate,
    o.expiryDate,
    o.issuingCourt,
    o.courtCaseNumber,
    o.firearmProhibited ? 1 : 0,
    o.ori,
    o.enteredAt,
  );
}

/** Replaces the PCO conditions of an order: one statement for the whole list. */
export function replaceConditions(store: Store, nic: string, codes: readonly string[]): void {
  store.run('DELETE FROM protection_order_conditions WHERE nic = ?', nic);
  store.run(`INSERT INTO protection_order_conditions (nic, pco) SELECT ?, value FROM json_each(?)`, nic, keyList(codes));
}

export interface NewProtectedPerson {
  personId: string | null;
  name: string;
  sex: string;
  race: string;
  dob: string;
  relation: string;
}

/** Inserts all protected persons of an order in one statement. */
export function insertProtectedPersons(store: Store, nic: string, persons: readonly NewProtectedPerson[]): void {
  store.run(
    `INSERT INTO protected_persons (nic, person_id, name, sex, race, dob, relation)
     SELECT ?, value ->> '$.personId', value ->> '$.name', value ->> '$.sex', value ->> '$.race', value ->> '$.dob',
       value ->> '$.relation'
     FROM json_each(?) ORDER BY key`,
    nic,
    JSON.stringify(persons),
  );
}

export interface NewConfidential {
  protectedAddress: string;
  protectedPhone: string | null;
  restrainedAddress: string | null;
  notes: string | null;
}

export function insertConfidential(store: Store, nic: string, c: NewConfidential): void {
  store.run(
    `INSERT INTO protection_order_confidential (nic, protected_address, protected_phone, restrained_address, notes)
     VALUES (?, ?, ?, ?, ?)`,
    nic,
    c.protectedAddress,
    c.protectedPhone,
    c.restrainedAddress,
    c.notes,
  );
}

export function updateOrder(store: Store, nic: string, changes: { expiryDate: string | null; firearmProhibited: boolean | null }): void {
  store.run(
    `UPDATE protection_orders SET expiry_date = coalesce(?, expiry_date),
       firearm_prohibited = coalesce(?, firearm_prohibited) WHERE nic = ?`,
    changes.expiryDate,
    changes.firearmProhibited === null ? null : changes.firearmProhibited ? 1 : 0,
    nic,
  );
}

export function terminateOrder(store: Store, nic: string, t: { reason: string; on: string; by: string }): void {
  store.run(`UPDATE protection_orders SET status = 'TERMINATED' WHERE nic = ?`, nic);
  store.run(
    'INSERT INTO protection_order_terminations (nic, reason, terminated_on, terminated_by) VALUES (?, ?, ?, ?)',
    nic,
    t.reason,
    t.on,
    t.by,
  );
}

export function recordService(
  store: Store,
  nic: string,
  s: { servedAt: string; servedBy: string; method: string; recordedAt: string; recordedBy: string },
): void {
  store.run('UPDATE protection_orders SET served = 1, served_at = ? WHERE nic = ?', s.servedAt, nic);
  store.run(
    `INSERT INTO protection_order_service (nic, served_by, method, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)`,
    nic,
    s.servedBy,
    s.method,
    s.recordedAt,
    s.recordedBy,
  );
}

export interface TerminationRow {
  nic: string;
  reason: string;
  terminatedOn: string;
}

export function terminationsByNic(store: Store, nics: Keys): TerminationRow[] {
  return store.all<TerminationRow>(
    `SELECT nic, reason, terminated_on AS terminatedOn FROM protection_order_terminations WHERE nic ${IN_KEYS}`,
    keyList(nics),
  );
}

export interface ServiceRow {
  nic: string;
  servedBy: string;
  method: string;
}

export function servicesByNic(store: Store, nics: Keys): ServiceRow[] {
  return store.all<ServiceRow>(
    `SELECT nic, served_by AS servedBy, method FROM protection_order_service WHERE nic ${IN_KEYS}`,
    keyList(nics),
  );
}

/** Names on an order (restrained and protected persons, 'LAST, FIRST ...'), to refuse a party as server. */
export function partyNames(store: Store, nic: string): string[] {
  return store
    .all<{ name: string }>(
      `SELECT name FROM protection_orders WHERE nic = ? UNION SELECT name FROM protected_persons WHERE nic = ?`,
      nic,
      nic,
    )
    .map((row) => row.name);
}
