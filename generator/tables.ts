/**
 * Row shapes of every table the generator writes, keyed `<source>.<table>` as in the manifest counts.
 * They mirror `subgraphs/<source>/store.sql` column for column (the writer checks this at start-up).
 */

type Nullable<T> = T | null;

export interface Tables {
  'cjis.persons': {
    id: string;
    last_name: string;
    first_name: string;
    middle_name: Nullable<string>;
    sex: string;
    race: string;
    dob: string;
    height: number;
    weight: number;
    eye: string;
    hair: string;
    skin: string;
    fbi: Nullable<string>;
    cii: Nullable<string>;
    oln: Nullable<string>;
    ols: Nullable<string>;
  };
  'cjis.person_names': {
    person_id: string;
    name_type: 'PRIMARY' | 'AKA' | 'MISSPELLING' | 'ALT_DOB';
    last_name: string;
    first_name: string;
    middle_name: Nullable<string>;
    dob: string;
    last_soundex: string;
    first_soundex: string;
  };
  'cjis.iii_records': { fbi: string; person_id: string; multi_state: number; updated_at: string };
  'cjis.iii_states': { fbi: string; state: string; sid: string };
  'cjis.iii_cycles': { fbi: string; state: string; arrest_date: string; ori: string; offense: string; disposition: string };

  'cori.subjects': {
    cii: string;
    person_id: string;
    last_name: string;
    first_name: string;
    middle_name: Nullable<string>;
    dob: string;
    sex: string;
    race: string;
    ssn: Nullable<string>;
    oln: Nullable<string>;
    fbi: Nullable<string>;
  };
  'cori.arrests': { id: string; cii: string; arrest_date: string; ori: string; booking_number: string };
  'cori.charges': {
    id: string;
    arrest_id: string;
    seq: number;
    statute: string;
    description: string;
    level: string;
    court: Nullable<string>;
    court_case_number: Nullable<string>;
    disposition: string;
    disposition_date: Nullable<string>;
    sealed: number;
  };
  'cori.sentences': {
    charge_id: string;
    jail_days: Nullable<number>;
    prison_months: Nullable<number>;
    probation_months: Nullable<number>;
    fine: Nullable<number>;
    sentence_date: string;
  };
  'cori.custody': { id: string; cii: string; facility: string; kind: string; start_date: string; end_date: Nullable<string> };
  'cori.supervision': {
    id: string;
    cii: string;
    kind: string;
    agency_ori: string;
    start_date: string;
    end_date: string;
    status: string;
    conditions: Nullable<string>;
  };
  'cori.programs': {
    id: string;
    cii: string;
    name: string;
    kind: string;
    start_date: string;
    end_date: Nullable<string>;
    status: string;
  };

  'dmv.licenses': {
    dl_number: string;
    person_id: string;
    last_name: string;
    first_name: string;
    middle_name: Nullable<string>;
    dob: string;
    sex: string;
    height: number;
    weight: number;
    eye: string;
    hair: string;
    class: string;
    commercial: number;
    status: string;
    restrictions: Nullable<string>;
    issue_date: string;
    expiry_date: string;
  };
  'dmv.addresses': {
    person_id: string;
    kind: 'RESIDENCE' | 'MAILING';
    street: string;
    city: string;
    state: string;
    zip: string;
    since: string;
    confidential: Nullable<string>;
    safe_at_home: number;
  };
  'dmv.vehicles': {
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
    legal_owner: Nullable<string>;
  };

  'ncic.wanted': {
    nic: string;
    person_id: string;
    name: string;
    sex: string;
    race: string;
    dob: string;
    offense_code: string;
    offense_text: string;
    warrant_level: string;
    warrant_date: string;
    extradition: string;
    misc: Nullable<string>;
    ori: string;
    oca: string;
    entered_at: string;
  };
  'ncic.cautions': { nic: string; person_id: string; cmc: string };
  'ncic.missing': {
    nic: string;
    person_id: string;
    name: string;
    sex: string;
    race: string;
    dob: string;
    category: string;
    last_contact: string;
    circumstances: Nullable<string>;
    ori: string;
    oca: string;
    entered_at: string;
  };
  'ncic.protection_orders': {
    nic: string;
    fcn: string;
    person_id: string;
    name: string;
    sex: string;
    race: string;
    dob: string;
    order_type: string;
    form: string;
    issue_date: string;
    expiry_date: string;
    status: string;
    issuing_court: string;
    court_case_number: string;
    firearm_prohibited: number;
    served: number;
    served_at: Nullable<string>;
    ori: string;
    entered_at: string;
  };
  'ncic.protection_order_conditions': { nic: string; pco: string };
  'ncic.protected_persons': {
    nic: string;
    person_id: Nullable<string>;
    name: string;
    sex: string;
    race: string;
    dob: string;
    relation: string;
  };
  'ncic.protection_order_confidential': {
    nic: string;
    protected_address: string;
    protected_phone: Nullable<string>;
    restrained_address: Nullable<string>;
    notes: Nullable<string>;
  };
  'ncic.sex_offenders': {
    nic: string;
    person_id: string;
    registration_date: string;
    registering_ori: string;
    offense: string;
    tier: string;
    street: string;
    city: string;
    zip: string;
  };
  'ncic.stolen_vehicles': {
    nic: string;
    vin: string;
    plate: Nullable<string>;
    plate_state: Nullable<string>;
    year: Nullable<number>;
    make: Nullable<string>;
    model: Nullable<string>;
    colour: Nullable<string>;
    theft_date: string;
    ori: string;
    oca: string;
  };
  'ncic.stolen_plates': {
    nic: string;
    plate: string;
    plate_state: string;
    plate_year: Nullable<number>;
    plate_type: Nullable<string>;
    theft_date: string;
    ori: string;
    oca: string;
  };
  'ncic.stolen_guns': {
    nic: string;
    serial: string;
    make: string;
    model: Nullable<string>;
    caliber: Nullable<string>;
    gun_type: string;
    theft_date: string;
    ori: string;
    oca: string;
  };
  'ncic.stolen_articles': {
    nic: string;
    serial: string;
    article_type: string;
    brand: Nullable<string>;
    description: Nullable<string>;
    theft_date: string;
    ori: string;
    oca: string;
  };

  'nlets.agencies': { ori: string; name: string; state: string; kind: string };
  'nlets.oos_licenses': {
    state: string;
    oln: string;
    person_id: string;
    name: string;
    dob: string;
    sex: string;
    class: string;
    status: string;
    expiry_date: string;
    street: Nullable<string>;
    city: Nullable<string>;
    zip: Nullable<string>;
  };
  'nlets.oos_registrations': {
    state: string;
    plate: string;
    vin: string;
    year: number;
    make: string;
    model: string;
    colour: string;
    expiry_date: string;
    owner_person_id: string;
  };
  'nlets.state_histories': { state: string; sid: string; person_id: string };
  'nlets.state_history_entries': {
    state: string;
    sid: string;
    arrest_date: string;
    agency: string;
    offense: string;
    disposition: string;
  };

  'rms.cases': {
    ori: string;
    case_number: string;
    type: string;
    status: 'OPEN' | 'CLOSED' | 'SUSPENDED';
    title: string;
    opened_on: string;
    closed_on: Nullable<string>;
  };
  'rms.case_assignments': {
    ori: string;
    case_number: string;
    user_id: string;
    role: 'LEAD' | 'ASSIST' | 'SUPERVISOR';
    assigned_on: string;
  };
  'rms.case_persons': { ori: string; case_number: string; person_id: string; role: 'SUSPECT' | 'VICTIM' | 'WITNESS' | 'INVOLVED' };
  'rms.case_vehicles': { ori: string; case_number: string; vin: string; plate: Nullable<string> };
  'rms.incidents': {
    ori: string;
    incident_number: string;
    type: string;
    started_at: string;
    cleared_at: Nullable<string>;
    location: string;
  };
  'rms.incident_units': { ori: string; incident_number: string; user_id: string; unit: string };
  'rms.incident_persons': { ori: string; incident_number: string; person_id: string };
  'rms.incident_vehicles': { ori: string; incident_number: string; plate: string; vin: Nullable<string> };
}

export type TableName = keyof Tables;
export type Row<T extends TableName> = Tables[T];

/** The stores, in the order they are written: five written with the population, then the agencies' rms. */
export const SOURCES = ['cjis', 'ncic', 'nlets', 'dmv', 'cori', 'rms'] as const;
export type Source = (typeof SOURCES)[number];
/** The stores written with the population; rms is written afterwards from them (generator/records/rms.ts). */
export const POPULATION_SOURCES: readonly Source[] = SOURCES.filter((source) => source !== 'rms');

export function sourceOf(table: TableName): Source {
  return table.slice(0, table.indexOf('.')) as Source;
}

/** Adds one row to one of the stores' tables (what the showcase planters write through). */
export type Add = <T extends TableName>(table: T, row: Row<T>) => void;
