import { IN_KEYS, keyList, type Store } from '../common/store.ts';

/**
 * The SQL of the nlets subgraph: one function per statement. Lookups take a whole batch of keys and
 * bind it as one JSON parameter, so a DataLoader batch is one statement whatever its size.
 * Columns are aliased to the GraphQL field names so default resolvers read them directly.
 */

/** Composite keys (state + number) are bound as a JSON array of `[state, number]` pairs. */
const IN_PAIRS = "IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))";

export interface LicenceRow {
  state: string;
  oln: string;
  personId: string;
  name: string;
  dob: string;
  sex: string;
  class: string;
  status: string;
  expires: string;
  street: string | null;
  city: string | null;
  zip: string | null;
}

export interface RegistrationRow {
  state: string;
  plate: string;
  vin: string;
  year: number;
  make: string;
  model: string;
  colour: string;
  expires: string;
  ownerPersonId: string;
}

export interface HistoryRow {
  state: string;
  sid: string;
  personId: string;
}

export interface HistoryEntryRow {
  state: string;
  sid: string;
  arrestDate: string;
  agency: string;
  offense: string;
  disposition: string;
}

export interface AgencyRow {
  ori: string;
  name: string;
  state: string;
  kind: string;
}

/** A `[state, number]` pair as bound in IN_PAIRS. */
export type StatePair = readonly [state: string, number: string];

const LICENCE_COLUMNS = `state, oln, person_id AS personId, name, dob, sex, class, status,
  expiry_date AS expires, street, city, zip`;
const REGISTRATION_COLUMNS = `state, plate, vin, year, make, model, colour, expiry_date AS expires,
  owner_person_id AS ownerPersonId`;
const ENTRY_COLUMNS = `state, sid, arrest_date AS arrestDate, agency, offense, disposition`;

export function licencesByStateOln(store: Store, pairs: readonly StatePair[]): LicenceRow[] {
  return store.all<LicenceRow>(`SELECT ${LICENCE_COLUMNS} FROM oos_licenses WHERE (state, oln) ${IN_PAIRS}`, JSON.stringify(pairs));
}

export function licencesByPerson(store: Store, personIds: readonly string[]): LicenceRow[] {
  return store.all<LicenceRow>(
    `SELECT ${LICENCE_COLUMNS} FROM oos_licenses WHERE person_id ${IN_KEYS} ORDER BY state, oln`,
    keyList(personIds),
  );
}

export function registrationsByStatePlate(store: Store, pairs: readonly StatePair[]): RegistrationRow[] {
  return store.all<RegistrationRow>(
    `SELECT ${REGISTRATION_COLUMNS} FROM oos_registrations WHERE (state, plate) ${IN_PAIRS}`,
    JSON.stringify(pairs),
  );
}

export function registrationsByVin(store: Store, vins: readonly string[]): RegistrationRow[] {
  return store.all<RegistrationRow>(
    `SELECT ${REGISTRATION_COLUMNS} FROM oos_registrations WHERE vin ${IN_KEYS} ORDER BY expiry_date DESC, state, plate`,
    keyList(vins),
  );
}

export function registrationsByOwner(store: Store, personIds: readonly string[]): RegistrationRow[] {
  return store.all<RegistrationRow>(
    `SELECT ${REGISTRATION_COLUMNS} FROM oos_registrations WHERE owner_person_id ${IN_KEYS} ORDER BY state, plate`,
    keyList(personIds),
  );
}

export function historiesByPerson(store: Store, personIds: readonly string[]): HistoryRow[] {
  return store.all<HistoryRow>(
    `SELECT state, sid, person_id AS personId FROM state_histories WHERE person_id ${IN_KEYS} ORDER BY state, sid`,
    keyList(personIds),
  );
}

/** Entries of many histories, newest arrest first within each history. */
export function entriesByHistory(store: Store, pairs: readonly StatePair[]): HistoryEntryRow[] {
  return store.all<HistoryEntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM state_history_entries WHERE (state, sid) ${IN_PAIRS}
     ORDER BY arrest_date DESC, rowid DESC`,
    JSON.stringify(pairs),
  );
}

export function agenciesByOri(store: Store, oris: readonly string[]): AgencyRow[] {
  return store.all<AgencyRow>(`SELECT ori, name, state, kind FROM agencies WHERE ori ${IN_KEYS}`, keyList(oris));
}

/** The ORION listing of one state, or of all states when `state` is null. */
export function agenciesOfState(store: Store, state: string | null): AgencyRow[] {
  return store.all<AgencyRow>('SELECT ori, name, state, kind FROM agencies WHERE state = coalesce(?, state) ORDER BY ori', state);
}
