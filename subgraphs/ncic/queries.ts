import { IN_KEYS, keyList, type Store } from '../common/store.ts';

/**
 * The SQL of the ncic subgraph: one function per statement over ncic.sqlite (store.sql). Every lookup takes a
 * batch of keys and binds them as one JSON parameter, so a batch is one statement whatever its size.
 * Columns are aliased to the API's camelCase names.
 */

type Keys = readonly string[];

export interface WantRow {
  nic: string;
  personId: string;
  name: string;
  sex: string;
  race: string;
  dob: string;
  offenseCode: string;
  offenseDescription: string;
  warrantLevel: string;
  warrantDate: string;
  extradition: string;
  misc: string | null;
  ori: string;
  oca: string;
  enteredAt: string;
}

const WANT_COLUMNS = `nic, person_id AS personId, name, sex, race, dob, offense_code AS offenseCode,
  offense_text AS offenseDescription, warrant_level AS warrantLevel, warrant_date AS warrantDate, extradition,
  misc, ori, oca, entered_at AS enteredAt`;

export function wantsByPerson(store: Store, personIds: Keys): WantRow[] {
  return store.all<WantRow>(
    `SELECT ${WANT_COLUMNS} FROM wanted WHERE person_id ${IN_KEYS} ORDER BY warrant_date DESC, nic`,
    keyList(personIds),
  );
}

export function wantsByNic(store: Store, nics: Keys): WantRow[] {
  return store.all<WantRow>(`SELECT ${WANT_COLUMNS} FROM wanted WHERE nic ${IN_KEYS}`, keyList(nics));
}

export interface MissingRow {
  nic: string;
  personId: string;
  name: string;
  sex: string;
  race: string;
  dob: string;
  category: string;
  lastContact: string;
  circumstances: string | null;
  ori: string;
  oca: string;
  enteredAt: string;
}

export function missingByPerson(store: Store, personIds: Keys): MissingRow[] {
  return store.all<MissingRow>(
    `SELECT nic, person_id AS personId, name, sex, race, dob, category, last_contact AS lastContact, circumstances,
       ori, oca, entered_at AS enteredAt
     FROM missing WHERE person_id ${IN_KEYS} ORDER BY last_contact DESC, nic`,
    keyList(personIds),
  );
}

export interface OrderRow {
  nic: string;
  fcn: string;
  personId: string;
  restrainedName: string;
  restrainedSex: string;
  restrainedRace: string;
  restrainedDob: string;
  orderType: string;
  form: string;
  issueDate: string;
  expiryDate: string;
  status: string;
  issuingCourt: string;
  courtCaseNumber: string;
  firearmProhibited: boolean;
  served: boolean;
  servedAt: string | null;
  ori: string;
  enteredAt: string;
  /** Whether the order carries the no-contact condition (PCO 05); decides its precedence. */
  noContact: boolean;
}

/** An order as SQLite returns it: flags as 0/1. */
type RawOrder = Omit<OrderRow, 'firearmProhibited' | 'served' | 'noContact'> & {
  firearmProhibited: number;
  served: number;
  noContact: number;
};

const ORDER_COLUMNS = `po.nic, po.fcn, po.person_id AS personId, po.name AS restrainedName, po.sex AS restrainedSex,
  po.race AS restrainedRace, po.dob AS restrainedDob, po.order_type AS orderType, po.form, po.issue_date AS issueDate,
  po.expiry_date AS expiryDate, po.status, po.issuing_court AS issuingCourt, po.court_case_number AS courtCaseNumber,
  po.firearm_prohibited AS firearmProhibited, po.served, po.served_at AS servedAt, po.ori, po.entered_at AS enteredAt,
  EXISTS (SELECT 1 FROM protection_order_conditions c WHERE c.nic = po.nic AND c.pco = '05') AS noContact`;

function toOrder<T extends RawOrder>(raw: T): Omit<T, 'firearmProhibited' | 'served' | 'noContact'> & OrderRow {
  return {
    ...raw,
    firearmProhibited: raw.firearmProhibited !== 0,
    served: raw.served !== 0,
    noContact: raw.noContact !== 0,
  };
}

/** Protection orders whose `column` is one of `keys`. */
function ordersWhere(store: Store, column: 'person_id' | 'nic' | 'fcn', keys: Keys): OrderRow[] {
  return store.all<RawOrder>(`SELECT ${ORDER_COLUMNS} FROM protection_orders po WHERE po.${column} ${IN_KEYS}`, keyList(keys)).map(toOrder);
}

/** Orders in which the given persons are the restrained person. */
export function ordersByRestrainedPerson(store: Store, personIds: Keys): OrderRow[] {
  return ordersWhere(store, 'person_id', personIds);
}

export function ordersByNic(store: Store, nics: Keys): OrderRow[] {
  return ordersWhere(store, 'nic', nics);
}

export function ordersByFcn(store: Store, fcns: Keys): OrderRow[] {
  return ordersWhere(store, 'fcn', fcns);
}

/** An order with the protected person it was found for. */
export type ProtectingOrderRow = OrderRow & { protectedPersonId: string };

/** Orders in which the given persons are protected persons. */
export function ordersByProtectedPerson(store: Store, personIds: Keys): ProtectingOrderRow[] {
  return store
    .all<RawOrder & { protectedPersonId: string }>(
      `SELECT DISTINCT pp.person_id AS protectedPersonId, ${ORDER_COLUMNS}
       FROM protected_persons pp JOIN protection_orders po ON po.nic = pp.nic
       WHERE pp.person_id ${IN_KEYS}`,
      keyList(personIds),
    )
    .map(toOrder);
}

export interface ConditionRow {
  nic: string;
  code: string;
}

export function conditionsByNic(store: Store, nics: Keys): ConditionRow[] {
  return store.all<ConditionRow>(
    `SELECT DISTINCT nic, pco AS code FROM protection_order_conditions WHERE nic ${IN_KEYS} ORDER BY pco`,
    keyList(nics),
  );
}

export interface ProtectedPersonRow {
  nic: string;
  personId: string | null;
  name: string;
  sex: string;
  race: string;
  dob: string;
  relation: string;
}

export function protectedPersonsByNic(store: Store, nics: Keys): ProtectedPersonRow[] {
  return store.all<ProtectedPersonRow>(
    `SELECT nic, person_id AS personId, name, sex, race, dob, relation
     FROM protected_persons WHERE nic ${IN_KEYS} ORDER BY rowid`,
    keyList(nics),
  );
}

export interface ConfidentialRow {
  nic: string;
  protectedAddress: string;
  protectedPhone: string | null;
  restrainedAddress: string | null;
  notes: string | null;
}

export function confidentialByNic(store: Store, nics: Keys): ConfidentialRow[] {
  return store.all<ConfidentialRow>(
    `SELECT nic, protected_address AS protectedAddress, protected_phone AS protectedPhone,
       restrained_address AS restrainedAddress, notes
     FROM protection_order_confidential WHERE nic ${IN_KEYS}`,
    keyList(nics),
  );
}

export interface SexOffenderRow {
  nic: string;
  personId: string;
  registrationDate: string;
  registeringOri: string;
  offense: string;
  tier: string;
  street: string;
  city: string;
  zip: string;
}

/** Registrations of the given persons, latest first (the API shows the latest one). */
export function sexOffendersByPerson(store: Store, personIds: Keys): SexOffenderRow[] {
  return store.all<SexOffenderRow>(
    `SELECT nic, person_id AS personId, registration_date AS registrationDate, registering_ori AS registeringOri,
       offense, tier, street, city, zip
     FROM sex_offenders WHERE person_id ${IN_KEYS} ORDER BY registration_date DESC, nic`,
    keyList(personIds),
  );
}

export interface PersonCautionRow {
  personId: string;
  code: string;
  nic: string;
}

export function cautionsByPerson(store: Store, personIds: Keys): PersonCautionRow[] {
  return store.all<PersonCautionRow>(
    `SELECT DISTINCT person_id AS personId, cmc AS code, nic
     FROM cautions WHERE person_id ${IN_KEYS} ORDER BY cmc, nic`,
    keyList(personIds),
  );
}

export interface RecordCautionRow {
  nic: string;
  code: string;
}

export function cautionsByNic(store: Store, nics: Keys): RecordCautionRow[] {
  return store.all<RecordCautionRow>(`SELECT DISTINCT nic, cmc AS code FROM cautions WHERE nic ${IN_KEYS} ORDER BY cmc`, keyList(nics));
}

/**
 * The given persons that NCIC has something on: a want, an order in force against them on `today`,
 * a missing-person report or a sex-offender registration.
 */
export function personsWithHit(store: Store, personIds: Keys, today: string): { personId: string }[] {
  return store.all<{ personId: string }>(
    `WITH ids AS (SELECT value AS id FROM json_each(?))
     SELECT id AS personId FROM ids
     WHERE EXISTS (SELECT 1 FROM wanted w WHERE w.person_id = ids.id)
        OR EXISTS (SELECT 1 FROM protection_orders po
                   WHERE po.person_id = ids.id AND po.status = 'ACTIVE' AND po.expiry_date >= ?)
        OR EXISTS (SELECT 1 FROM missing m WHERE m.person_id = ids.id)
        OR EXISTS (SELECT 1 FROM sex_offenders so WHERE so.person_id = ids.id)`,
    keyList(personIds),
    today,
  );
}

export interface StolenVehicleRow {
  nic: string;
  vin: string;
  plate: string | null;
  plateState: string | null;
  year: number | null;
  make: string | null;
  model: string | null;
  colour: string | null;
  theftDate: string;
  ori: string;
  oca: string;
}

const STOLEN_VEHICLE_COLUMNS = `nic, vin, plate, plate_state AS plateState, year, make, model, colour,
  theft_date AS theftDate, ori, oca`;

export function stolenVehiclesByVin(store: Store, vins: Keys): StolenVehicleRow[] {
  return store.all<StolenVehicleRow>(
    `SELECT ${STOLEN_VEHICLE_COLUMNS} FROM stolen_vehicles WHERE vin ${IN_KEYS} ORDER BY theft_date DESC, nic`,
    keyList(vins),
  );
}

/** Stolen vehicles by plate number, all states (callers pick the state they asked for). */
export function stolenVehiclesByPlate(store: Store, plates: Keys): StolenVehicleRow[] {
  return store.all<StolenVehicleRow>(
    `SELECT ${STOLEN_VEHICLE_COLUMNS} FROM stolen_vehicles WHERE plate ${IN_KEYS} ORDER BY theft_date DESC, nic`,
    keyList(plates),
  );
}

export interface StolenPlateRow {
  nic: string;
  plate: string;
  plateState: string;
  plateYear: number | null;
  plateType: string | null;
  theftDate: string;
  ori: string;
  oca: string;
}

/** Stolen plates by plate number, all states (callers pick the state they asked for). */
export function stolenPlatesByPlate(store: Store, plates: Keys): StolenPlateRow[] {
  return store.all<StolenPlateRow>(
    `SELECT nic, plate, plate_state AS plateState, plate_year AS plateYear, plate_type AS plateType,
       theft_date AS theftDate, ori, oca
     FROM stolen_plates WHERE plate ${IN_KEYS} ORDER BY theft_date DESC, nic`,
    keyList(plates),
  );
}

export interface StolenGunRow {
  nic: string;
  serial: string;
  make: string;
  model: string | null;
  caliber: string | null;
  gunType: string;
  theftDate: string;
  ori: string;
  oca: string;
}

export function stolenGunsBySerial(store: Store, serials: Keys): StolenGunRow[] {
  return store.all<StolenGunRow>(
    `SELECT nic, serial, make, model, caliber, gun_type AS gunType, theft_date AS theftDate, ori, oca
     FROM stolen_guns WHERE serial ${IN_KEYS} ORDER BY theft_date DESC, nic`,
    keyList(serials),
  );
}

export interface StolenArticleRow {
  nic: string;
  serial: string;
  articleType: string;
  brand: string | null;
  description: string | null;
  theftDate: string;
  ori: string;
  oca: string;
}

export function stolenArticlesBySerial(store: Store, serials: Keys): StolenArticleRow[] {
  return store.all<StolenArticleRow>(
    `SELECT nic, serial, article_type AS articleType, brand, description, theft_date AS theftDate, ori, oca
     FROM stolen_articles WHERE serial ${IN_KEYS} ORDER BY theft_date DESC, nic`,
    keyList(serials),
  );
}
