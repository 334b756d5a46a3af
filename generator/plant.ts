import { phoneticKey } from '../subgraphs/common/phonetic.ts';
import { COMMON_NAME_CLUSTER, SHOWCASE, type ShowcasePerson } from './showcase.ts';
import type { Add, Row, TableName } from './tables.ts';
import type { StoreWriter } from './writer.ts';
import { writeShowcaseRecords } from './plant-records.ts';

/**
 * Writes the showcase people (generator/showcase.ts) with fixed rows: no randomness, so they are the
 * same in every dataset. This file holds identities, licences, addresses and vehicles; plant-records.ts
 * holds their NCIC, CORI, III and Nlets records.
 */
export function plantShowcase(out: StoreWriter): void {
  const add = <T extends TableName>(table: T, row: Row<T>): void => out.add(table, row);
  const s = SHOWCASE;

  identity(
    add,
    s.wantedDriver,
    'W',
    { height: 70, weight: 185, eye: 'BRO', hair: 'BLK', skin: 'MED' },
    { fbi: s.wantedDriver.fbi, cii: s.wantedDriver.cii, oln: s.wantedDriver.dlNumber },
  );
  knownName(add, s.wantedDriver.personId, 'AKA', 'RIVERA', 'DANNY', null, s.wantedDriver.dob);
  knownName(add, s.wantedDriver.personId, 'MISSPELLING', 'RIVERRA', 'DANIEL', 'JAMES', s.wantedDriver.dob);
  licence(add, s.wantedDriver, {
    status: 'SUSPENDED',
    restrictions: '01',
    issue: '2023-03-14',
    expiry: '2028-03-14',
    height: 70,
    weight: 185,
    eye: 'BRO',
    hair: 'BLK',
  });
  residence(add, s.wantedDriver.personId, '4127 CEDAR HOLLOW RD', 'FRESNO', '93722', '2021-08-01');
  vehicle(add, s.wantedDriver, 0, {
    year: 2019,
    make: 'DODG',
    model: 'CHARGER',
    body: '4D',
    colour: 'BLK',
    status: 'CURRENT',
    expiry: '2027-03-31',
    lien: 'SIERRA PEAK MOTOR CREDIT',
  });
  vehicle(add, s.wantedDriver, 1, {
    year: 2015,
    make: 'FORD',
    model: 'F150',
    body: 'PK',
    colour: 'WHI',
    status: 'EXPIRED',
    expiry: '2026-06-30',
    lien: null,
  });

  identity(
    add,
    s.protectedPerson,
    'W',
    { height: 65, weight: 140, eye: 'BRO', hair: 'BRO', skin: 'MED' },
    { oln: s.protectedPerson.dlNumber },
  );
  knownName(add, s.protectedPerson.personId, 'AKA', 'RIVERA', 'ELENA', 'SOFIA', s.protectedPerson.dob);
  licence(add, s.protectedPerson, {
    status: 'VALID',
    restrictions: null,
    issue: '2024-09-27',
    expiry: '2029-09-27',
    height: 65,
    weight: 140,
    eye: 'BRO',
    hair: 'BRO',
  });
  add('dmv.addresses', {
    person_id: s.protectedPerson.personId,
    kind: 'RESIDENCE',
    street: 'SAFE AT HOME, PO BOX 7600 #41042',
    city: 'SACRAMENTO',
    state: 'CA',
    zip: '95812',
    since: '2026-06-20',
    confidential: null,
    safe_at_home: 1,
  });

  identity(add, s.cleanDriver, 'W', { height: 72, weight: 190, eye: 'BLU', hair: 'BRO', skin: 'FAR' }, { oln: s.cleanDriver.dlNumber });
  licence(add, s.cleanDriver, {
    status: 'VALID',
    restrictions: '01',
    issue: '2022-11-05',
    expiry: '2027-11-05',
    height: 72,
    weight: 190,
    eye: 'BLU',
    hair: 'BRO',
  });
  residence(add, s.cleanDriver.personId, '918 BIRCH MEADOW LN', 'SAN JOSE', '95123', '2015-04-01');
  vehicle(add, s.cleanDriver, 0, {
    year: 2021,
    make: 'TOYT',
    model: 'CAMRY',
    body: '4D',
    colour: 'SIL',
    status: 'CURRENT',
    expiry: '2027-05-31',
    lien: 'GOLDEN POPPY CREDIT UNION',
  });

  identity(add, s.stolenCar, 'A', { height: 62, weight: 118, eye: 'BRO', hair: 'BLK', skin: 'LGT' }, { oln: s.stolenCar.dlNumber });
  licence(add, s.stolenCar, {
    status: 'VALID',
    restrictions: null,
    issue: '2025-02-19',
    expiry: '2030-02-19',
    height: 62,
    weight: 118,
    eye: 'BRO',
    hair: 'BLK',
  });
  residence(add, s.stolenCar.personId, '2560 SPARROWGLEN WAY APT 14', 'LONG BEACH', '90815', '2019-09-01');
  vehicle(add, s.stolenCar, 0, {
    year: 2012,
    make: 'HOND',
    model: 'CIVIC',
    body: '4D',
    colour: 'BLU',
    status: 'CURRENT',
    expiry: '2027-01-31',
    lien: null,
  });

  identity(add, s.judge, 'W', { height: 66, weight: 150, eye: 'HAZ', hair: 'GRY', skin: 'FAR' }, { oln: s.judge.dlNumber });
  licence(add, s.judge, {
    status: 'VALID',
    restrictions: '01',
    issue: '2026-03-30',
    expiry: '2031-04-22',
    height: 66,
    weight: 150,
    eye: 'HAZ',
    hair: 'GRY',
  });
  add('dmv.addresses', {
    person_id: s.judge.personId,
    kind: 'RESIDENCE',
    street: '77 SUMMIT VISTA CT',
    city: 'SACRAMENTO',
    state: 'CA',
    zip: '95831',
    since: '2009-06-15',
    confidential: 'VC1808.4',
    safe_at_home: 0,
  });
  vehicle(add, s.judge, 0, {
    year: 2020,
    make: 'LEXS',
    model: 'ES350',
    body: '4D',
    colour: 'GRY',
    status: 'CURRENT',
    expiry: '2027-04-30',
    lien: null,
  });

  identity(
    add,
    s.recordSubject,
    'B',
    { height: 71, weight: 175, eye: 'BRO', hair: 'BLK', skin: 'DBR' },
    { fbi: s.recordSubject.fbi, cii: s.recordSubject.cii, oln: s.recordSubject.dlNumber },
  );
  licence(add, s.recordSubject, {
    status: 'VALID',
    restrictions: null,
    issue: '2023-08-09',
    expiry: '2028-08-09',
    height: 71,
    weight: 175,
    eye: 'BRO',
    hair: 'BLK',
  });
  residence(add, s.recordSubject.personId, '1450 HERON POINT AVE', 'OAKLAND', '94621', '2018-02-01');

  identity(add, s.missingPerson, 'W', { height: 63, weight: 110, eye: 'BLU', hair: 'BLN', skin: 'FAR' }, {});

  identity(add, s.expiredOrder, 'W', { height: 70, weight: 210, eye: 'BLU', hair: 'GRY', skin: 'RUD' }, { oln: s.expiredOrder.dlNumber });
  licence(add, s.expiredOrder, {
    status: 'VALID',
    restrictions: '01',
    issue: '2025-02-03',
    expiry: '2030-02-03',
    height: 70,
    weight: 210,
    eye: 'BLU',
    hair: 'GRY',
  });
  residence(add, s.expiredOrder.personId, '3310 MANZANITA KNOLL DR', 'ELK GROVE', '95757', '2004-10-01');

  const clusterHomes: readonly (readonly [string, string, string])[] = [
    ['6021 POPPY GROVE AVE', 'SANTA ANA', '92704'],
    ['812 LUPINE CREST CT', 'ANAHEIM', '92805'],
    ['45 WILLOWBROOK LN', 'RIVERSIDE', '92503'],
    ['1933 CORAL VIEW ST', 'CHULA VISTA', '91910'],
    ['700 MISSION HEIGHTS BLVD APT 3', 'LOS ANGELES', '90031'],
  ];
  COMMON_NAME_CLUSTER.forEach((member, i) => {
    const person: ShowcasePerson = {
      personId: member.personId,
      name: member.name,
      dob: member.dob,
      sex: 'F',
      dlNumber: i === 0 ? s.commonName.dlNumber : `${i === 2 ? 'L' : 'G'}441070${5 + i}`,
    };
    const body = { height: 61 + i, weight: 128 + 4 * i, eye: 'BRO', hair: i % 2 === 0 ? 'BLK' : 'BRO' };
    identity(add, person, 'W', { ...body, skin: 'MED' }, { oln: person.dlNumber });
    licence(add, person, {
      status: 'VALID',
      restrictions: null,
      issue: `${2023 + (i % 3)}-${member.dob.slice(5)}`,
      expiry: `${2028 + (i % 3)}-${member.dob.slice(5)}`,
      ...body,
    });
    const [street, city, zip] = clusterHomes[i];
    residence(add, person.personId, street, city, zip, `${2012 + i}-03-01`);
  });
  knownName(add, 'P9000011', 'ALT_DOB', 'GARCIA', 'MARIA', 'ELENA', '1990-04-07');
  knownName(add, 'P9000012', 'AKA', 'GARCIA', 'MARIA', 'ISABEL', '1989-11-23');

  writeShowcaseRecords(add);
}

function splitName(name: string): { last: string; first: string; middle: string | null } {
  const [last, rest] = name.split(', ');
  const [first, ...middle] = rest.split(' ');
  return { last, first, middle: middle.length > 0 ? middle.join(' ') : null };
}

function identity(
  add: Add,
  p: ShowcasePerson,
  race: string,
  body: { height: number; weight: number; eye: string; hair: string; skin: string },
  ids: { fbi?: string; cii?: string; oln?: string },
): void {
  const n = splitName(p.name);
  add('cjis.persons', {
    id: p.personId,
    last_name: n.last,
    first_name: n.first,
    middle_name: n.middle,
    sex: p.sex,
    race,
    dob: p.dob,
    ...body,
    fbi: ids.fbi ?? null,
    cii: ids.cii ?? null,
    oln: ids.oln ?? null,
    ols: ids.oln ? 'CA' : null,
  });
  knownName(add, p.personId, 'PRIMARY', n.last, n.first, n.middle, p.dob);
}

function knownName(
  add: Add,
  personId: string,
  type: Row<'cjis.person_names'>['name_type'],
  last: string,
  first: string,
  middle: string | null,
  dob: string,
): void {
  add('cjis.person_names', {
    person_id: personId,
    name_type: type,
    last_name: last,
    first_name: first,
    middle_name: middle,
    dob,
    last_soundex: phoneticKey(last),
    first_soundex: phoneticKey(first),
  });
}

function licence(
  add: Add,
  p: ShowcasePerson,
  l: {
    status: string;
    restrictions: string | null;
    issue: string;
    expiry: string;
    height: number;
    weight: number;
    eye: string;
    hair: string;
  },
): void {
  if (!p.dlNumber) throw new Error(`${p.personId} has no DL number`);
  const n = splitName(p.name);
  add('dmv.licenses', {
    dl_number: p.dlNumber,
    person_id: p.personId,
    last_name: n.last,
    first_name: n.first,
    middle_name: n.middle,
    dob: p.dob,
    sex: p.sex,
    height: l.height,
    weight: l.weight,
    eye: l.eye,
    hair: l.hair,
    class: 'C',
    commercial: 0,
    status: l.status,
    restrictions: l.restrictions,
    issue_date: l.issue,
    expiry_date: l.expiry,
  });
}

function residence(add: Add, personId: string, street: string, city: string, zip: string, since: string): void {
  add('dmv.addresses', {
    person_id: personId,
    kind: 'RESIDENCE',
    street,
    city,
    state: 'CA',
    zip,
    since,
    confidential: null,
    safe_at_home: 0,
  });
}

function vehicle(
  add: Add,
  p: ShowcasePerson,
  i: number,
  v: { year: number; make: string; model: string; body: string; colour: string; status: string; expiry: string; lien: string | null },
): void {
  const plate = p.plates?.[i];
  const vin = p.vins?.[i];
  if (!plate || !vin) throw new Error(`${p.personId} has no vehicle ${i}`);
  add('dmv.vehicles', {
    vin,
    plate,
    plate_state: 'CA',
    plate_type: 'PC',
    year: v.year,
    make: v.make,
    model: v.model,
    body_style: v.body,
    colour: v.colour,
    reg_status: v.status,
    reg_expiry: v.expiry,
    owner_person_id: p.personId,
    legal_owner: v.lien,
  });
}
