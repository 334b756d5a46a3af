import { IN_KEYS, keyList, type Store } from '../common/store.ts';

/** SQL of the dmv subgraph: one function per statement, each batched over a list of keys. */

export interface LicenseRow {
  dl_number: string;
  person_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  dob: string;
  sex: string;
  height: number | null;
  weight: number | null;
  eye: string | null;
  hair: string | null;
  class: string;
  commercial: number;
  status: string;
  restrictions: string | null;
  issue_date: string;
  expiry_date: string;
}

export interface AddressRow {
  person_id: string;
  kind: 'RESIDENCE' | 'MAILING';
  street: string;
  city: string;
  state: string;
  zip: string;
  since: string;
  confidential: string | null;
  safe_at_home: number;
}

export interface VehicleRow {
  vin: string;
  plate: string;
  plate_state: string;
  plate_type: string;
  year: number;
  make: string;
  model: string;
  body_style: string;
  colour: string;
  reg_status: string;
  reg_expiry: string;
  owner_person_id: string;
  legal_owner: string | null;
}

const LICENSE_COLUMNS =
  'dl_number, person_id, last_name, first_name, middle_name, dob, sex, height, weight, eye, hair, class, ' +
  'commercial, status, restrictions, issue_date, expiry_date';
const VEHICLE_COLUMNS =
  'vin, plate, plate_state, plate_type, year, make, model, body_style, colour, reg_status, reg_expiry, ' + 'owner_person_id, legal_owner';

export function licensesByNumber(store: Store, numbers: readonly string[]): LicenseRow[] {
  return store.all<LicenseRow>(`SELECT ${LICENSE_COLUMNS} FROM licenses WHERE dl_number ${IN_KEYS}`, keyList(numbers));
}

/** Licences of these persons, oldest issue first (so the last row per person is the current licence). */
export function licensesByPerson(store: Store, personIds: readonly string[]): LicenseRow[] {
  return store.all<LicenseRow>(
    `SELECT ${LICENSE_COLUMNS} FROM licenses WHERE person_id ${IN_KEYS} ORDER BY person_id, issue_date, dl_number`,
    keyList(personIds),
  );
}

/** Addresses of these persons, oldest first within each person. */
export function addressesByPerson(store: Store, personIds: readonly string[]): AddressRow[] {
  return store.all<AddressRow>(
    `SELECT person_id, kind, street, city, state, zip, since, confidential, safe_at_home FROM addresses
     WHERE person_id ${IN_KEYS} ORDER BY person_id, since`,
    keyList(personIds),
  );
}

export function vehiclesByVin(store: Store, vins: readonly string[]): VehicleRow[] {
  return store.all<VehicleRow>(`SELECT ${VEHICLE_COLUMNS} FROM vehicles WHERE vin ${IN_KEYS}`, keyList(vins));
}

/** California registrations carrying these plates. */
export function vehiclesByCaPlate(store: Store, plates: readonly string[]): VehicleRow[] {
  return store.all<VehicleRow>(
    `SELECT ${VEHICLE_COLUMNS} FROM vehicles WHERE plate ${IN_KEYS} AND plate_state = 'CA' ORDER BY plate, reg_expiry`,
    keyList(plates),
  );
}

export function vehiclesByOwner(store: Store, personIds: readonly string[]): VehicleRow[] {
  return store.all<VehicleRow>(
    `SELECT ${VEHICLE_COLUMNS} FROM vehicles WHERE owner_person_id ${IN_KEYS} ORDER BY owner_person_id, year DESC, vin`,
    keyList(personIds),
  );
}
