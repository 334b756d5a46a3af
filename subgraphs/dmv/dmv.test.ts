import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../common/clock.ts';
import { Store } from '../common/store.ts';
import { startSubgraph, type RunningSubgraph } from '../common/subgraph.ts';
import { definition } from './index.ts';
import { insertRows as insert, postGraphQL, type FixtureRow } from '../common/testing.ts';

type Row = FixtureRow;

const BATCH = Array.from({ length: 20 }, (_, i) => ({ id: `P20000${String(i).padStart(2, '0')}`, n: String(i).padStart(2, '0') }));

const licenses: Row[] = [
  license('A0000001', 'P0000001', {
    class: 'C',
    status: 'CANCELLED',
    restrictions: null,
    issue_date: '2010-03-07',
    expiry_date: '2015-03-07',
  }),
  license('A1234567', 'P0000001', {}),
  license('B7654321', 'P0000002', {
    last_name: 'DOE',
    first_name: 'JANE',
    middle_name: null,
    sex: 'F',
    class: 'A',
    commercial: 1,
    status: 'SUSPENDED',
    restrictions: '10,99',
    issue_date: '2019-01-01',
    expiry_date: '2024-01-01',
  }),
  ...BATCH.map((p) => license(`C10000${p.n}`, p.id, { last_name: 'BATCH' })),
];

const addresses: Row[] = [
  address('P0000001', 'RESIDENCE', '12 OLD RD', '2010-01-01', {}),
  address('P0000001', 'RESIDENCE', '400 ELM ST APT 3', '2020-05-01', {}),
  address('P0000001', 'MAILING', 'PO BOX 77', '2020-05-01', {}),
  address('P0000002', 'RESIDENCE', '9 JUDGE WAY', '2018-02-02', { confidential: 'VC1808.4' }),
  address('P0000003', 'RESIDENCE', 'PO BOX 1198', '2022-07-07', { safe_at_home: 1, city: 'SACRAMENTO', zip: '95812' }),
  ...BATCH.map((p) => address(p.id, 'RESIDENCE', `${p.n} BATCH ST`, '2015-01-01', {})),
];

const vehicles: Row[] = [
  vehicle('1HGCM82633A004352', '7WNT123', 'P0000001', { legal_owner: 'GOLDEN STATE AUTO CREDIT' }),
  vehicle('2FTRX18W1XCA01234', '8ABC456', 'P0000001', {
    plate_type: 'CM',
    year: 1999,
    make: 'FORD',
    model: 'F150',
    body_style: 'PK',
    colour: 'WHI',
    reg_status: 'EXPIRED',
    reg_expiry: '2024-12-31',
  }),
  ...BATCH.map((p) => vehicle(`3VWFE21C04M0000${p.n}`, `5BAT0${p.n}`, p.id, {})),
];

let running: RunningSubgraph;
let dataDir: string;
let restoreClock: () => void;

beforeAll(async () => {
  restoreClock = setClock(() => new Date('2025-06-01T12:00:00Z'));
  dataDir = mkdtempSync(path.join(tmpdir(), 'dmv-test-'));
  const store = new Store(path.join(dataDir, 'dmv.sqlite'));
  store.db.exec(readFileSync(new URL('./store.sql', import.meta.url), 'utf8'));
  insert(store, 'licenses', licenses);
  insert(store, 'addresses', addresses);
  insert(store, 'vehicles', vehicles);
  store.close();
  running = await startSubgraph(definition, { dataDir, port: 0 });
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  restoreClock();
});

const gql = (query: string, variables: Record<string, unknown> = {}) => postGraphQL(running, query, variables);

const VEHICLE = `vin plate plateState plateType year make model bodyStyle colour registration { status expires expired } registeredOwner { id } legalOwner`;
const LICENSE = `number lastName firstName middleName fullName dob sex height heightInches weight eye hair classes commercial status expired restrictions { code meaning } issued expires holder { id }`;
const ADDRESS = `kind street city state zip since confidentialReason safeAtHome`;
const PERSON = `id driverLicense { number status } vehicles { vin plate } residenceAddress { ${ADDRESS} } mailingAddress { ${ADDRESS} }`;

describe('dmv subgraph over HTTP', () => {
  it('plate -> vehicle -> registered owner in one request', async () => {
    const { data, errors } = await gql('{ vehicle(plate: "7WNT123", state: "CA") { make model registeredOwner { id } } }');
    expect(errors).toBeUndefined();
    expect(data?.vehicle).toEqual({ make: 'HOND', model: 'ACCORD', registeredOwner: { id: 'P0000001' } });
  });

  it('vehicle(plate, state) returns the full registration; plate spacing and case do not matter', async () => {
    const { data, errors } = await gql(`{ vehicle(plate: "7wnt-123", state: "ca") { ${VEHICLE} } }`);
    expect(errors).toBeUndefined();
    expect(data?.vehicle).toEqual({
      vin: '1HGCM82633A004352',
      plate: '7WNT123',
      plateState: 'CA',
      plateType: 'PC',
      year: 2019,
      make: 'HOND',
      model: 'ACCORD',
      bodyStyle: '4D',
      colour: 'BLK',
      registration: { status: 'CURRENT', expires: '2026-01-31', expired: false },
      registeredOwner: { id: 'P0000001' },
      legalOwner: 'GOLDEN STATE AUTO CREDIT',
    });
  });

  it('vehicle is null for an unknown California plate, with a NOT_FOUND hint naming it', async () => {
    const { data, errors } = await gql('{ vehicle(plate: "0NONE00", state: "CA") { vin } }');
    expect(data?.vehicle).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ path: ['vehicle'], extensions: { code: 'NOT_FOUND', argument: 'plate' } });
    expect(errors![0].message).toContain('0NONE00');
  });

  it('vehicleByVin and driverLicense give the same hint for identifiers that match nothing', async () => {
    const { data, errors } = await gql(
      '{ v: vehicleByVin(vin: "1ZZZZ00000Z000000") { plate } d: driverLicense(number: "Z9999999") { expires } }',
    );
    expect(data).toEqual({ v: null, d: null });
    expect(errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['v'], 'NOT_FOUND'],
      [['d'], 'NOT_FOUND'],
    ]);
  });

  it('vehicle refuses another state and points to Nlets', async () => {
    const { data, errors } = await gql('{ vehicle(plate: "7WNT123", state: "NV") { vin } }');
    expect(data?.vehicle).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'state' });
    expect(errors?.[0].message).toBe(
      'Invalid state: the California DMV holds California registrations only; query NV plates through Nlets (outOfStateRegistration).',
    );
  });

  it('vehicleByVin finds the registration, with an expired registration flagged against today', async () => {
    const { data, errors } = await gql(
      `{ vehicleByVin(vin: "2ftrx18w1xca01234") { ${VEHICLE} } none: vehicleByVin(vin: "1HGCM82633A000000") { vin } }`,
    );
    expect(errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['none'], 'NOT_FOUND']]);
    expect(data?.vehicleByVin).toEqual({
      vin: '2FTRX18W1XCA01234',
      plate: '8ABC456',
      plateState: 'CA',
      plateType: 'CM',
      year: 1999,
      make: 'FORD',
      model: 'F150',
      bodyStyle: 'PK',
      colour: 'WHI',
      registration: { status: 'EXPIRED', expires: '2024-12-31', expired: true },
      registeredOwner: { id: 'P0000001' },
      legalOwner: null,
    });
    expect(data?.none).toBeNull();
  });

  it('driverLicense(number) returns the licence with classes and decoded restrictions', async () => {
    const { data, errors } = await gql(
      `{ a: driverLicense(number: "a1234567") { ${LICENSE} } b: driverLicense(number: "B7654321") { ${LICENSE} } none: driverLicense(number: "Z9999999") { number } }`,
    );
    expect(errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['none'], 'NOT_FOUND']]);
    expect(data?.a).toEqual({
      number: 'A1234567',
      lastName: 'SMITH',
      firstName: 'JOHN',
      middleName: 'ALLEN',
      fullName: 'SMITH, JOHN ALLEN',
      dob: '1985-03-07',
      sex: 'M',
      height: '510',
      heightInches: 70,
      weight: 180,
      eye: 'BRO',
      hair: 'BLK',
      classes: ['C', 'M1'],
      commercial: false,
      status: 'VALID',
      expired: false,
      restrictions: [
        { code: '01', meaning: 'Must wear corrective lenses when driving' },
        { code: '04', meaning: 'Automatic transmission only' },
      ],
      issued: '2021-03-07',
      expires: '2026-03-07',
      holder: { id: 'P0000001' },
    });
    expect(data?.b).toMatchObject({
      fullName: 'DOE, JANE',
      classes: ['A'],
      commercial: true,
      status: 'SUSPENDED',
      expired: true,
      restrictions: [
        { code: '10', meaning: 'Vehicles without air brakes only (commercial)' },
        { code: '99', meaning: 'Restriction code 99 (not in the simulated code table)' },
      ],
    });
    expect(data?.none).toBeNull();
  });

  it('_entities resolves Person: current licence, vehicles, latest residence and mailing address', async () => {
    const { data, errors } = await gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${PERSON} } } }`, {
      r: ['P0000001', 'P0000002', 'P0000003', 'P9999999'].map((id) => ({ __typename: 'Person', id })),
    });
    expect(errors).toBeUndefined();
    const [p1, p2, p3, unknown] = data?._entities as Record<string, unknown>[];
    expect(p1).toEqual({
      id: 'P0000001',
      driverLicense: { number: 'A1234567', status: 'VALID' },
      vehicles: [
        { vin: '1HGCM82633A004352', plate: '7WNT123' },
        { vin: '2FTRX18W1XCA01234', plate: '8ABC456' },
      ],
      residenceAddress: {
        kind: 'RESIDENCE',
        street: '400 ELM ST APT 3',
        city: 'LOS ANGELES',
        state: 'CA',
        zip: '90012',
        since: '2020-05-01',
        confidentialReason: null,
        safeAtHome: false,
      },
      mailingAddress: {
        kind: 'MAILING',
        street: 'PO BOX 77',
        city: 'LOS ANGELES',
        state: 'CA',
        zip: '90012',
        since: '2020-05-01',
        confidentialReason: null,
        safeAtHome: false,
      },
    });
    expect(p2).toMatchObject({
      residenceAddress: { street: '9 JUDGE WAY', confidentialReason: 'VC1808.4', safeAtHome: false },
      mailingAddress: null,
      vehicles: [],
    });
    expect(p3).toMatchObject({ driverLicense: null, residenceAddress: { street: 'PO BOX 1198', city: 'SACRAMENTO', safeAtHome: true } });
    expect(unknown).toEqual({ id: 'P9999999', driverLicense: null, vehicles: [], residenceAddress: null, mailingAddress: null });
  });

  it('_entities resolves Vehicle by VIN; a VIN with no CA registration keeps its VIN and has null DMV fields', async () => {
    const { data, errors } = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Vehicle { vin plate make registration { status } registeredOwner { id } } } }',
      {
        r: [
          { __typename: 'Vehicle', vin: '1HGCM82633A004352' },
          { __typename: 'Vehicle', vin: 'JH4KA7561PC000001' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      {
        vin: '1HGCM82633A004352',
        plate: '7WNT123',
        make: 'HOND',
        registration: { status: 'CURRENT' },
        registeredOwner: { id: 'P0000001' },
      },
      { vin: 'JH4KA7561PC000001', plate: null, make: null, registration: null, registeredOwner: null },
    ]);
  });

  it('_entities for 20 persons runs as many SQL statements as for 1 person', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id driverLicense { ${LICENSE} } vehicles { ${VEHICLE} } residenceAddress { ${ADDRESS} } mailingAddress { ${ADDRESS} } } } }`;
    const count = async (ids: string[]) => {
      const before = running.store.statementCount;
      const { data, errors } = await gql(query, { r: ids.map((id) => ({ __typename: 'Person', id })) });
      expect(errors).toBeUndefined();
      const entities = data?._entities as { id: string; driverLicense: unknown; vehicles: unknown[]; residenceAddress: unknown }[];
      expect(entities.map((e) => e.id)).toEqual(ids);
      expect(entities.every((e) => e.driverLicense !== null && e.vehicles.length === 1 && e.residenceAddress !== null)).toBe(true);
      return running.store.statementCount - before;
    };
    const ids = BATCH.map((p) => p.id);
    const one = await count(ids.slice(0, 1));
    const twenty = await count(ids);
    expect(one).toBe(3); // licences, vehicles, addresses (one statement for both address fields)
    expect(twenty).toBe(one);
  });

  it('rejects each invalid argument with BAD_USER_INPUT naming it, and keeps serving', async () => {
    const cases: [string, string][] = [
      ['{ vehicle(plate: "7WNT*123", state: "CA") { vin } }', 'plate'],
      ['{ vehicle(plate: "123456789", state: "CA") { vin } }', 'plate'],
      ['{ vehicle(plate: "7WNT123", state: "ZZ") { vin } }', 'state'],
      ['{ vehicleByVin(vin: "1HGCM82633A00435") { vin } }', 'vin'],
      ['{ vehicleByVin(vin: "1HGCM82633A00435O") { vin } }', 'vin'],
      ['{ driverLicense(number: "12345678") { number } }', 'number'],
      ['{ driverLicense(number: "A123-4567") { number } }', 'number'],
    ];
    for (const [query, argument] of cases) {
      const { errors } = await gql(query);
      expect(errors?.[0].extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(errors?.[0].message, query).toContain(`Invalid ${argument}:`);
    }
    const { data } = await gql('{ vehicle(plate: "7WNT123", state: "CA") { plate } }');
    expect(data?.vehicle).toEqual({ plate: '7WNT123' });
  });
});

function license(number: string, personId: string, over: Row): Row {
  return {
    dl_number: number,
    person_id: personId,
    last_name: 'SMITH',
    first_name: 'JOHN',
    middle_name: 'ALLEN',
    dob: '1985-03-07',
    sex: 'M',
    height: 70,
    weight: 180,
    eye: 'BRO',
    hair: 'BLK',
    class: 'C,M1',
    commercial: 0,
    status: 'VALID',
    restrictions: '01,04',
    issue_date: '2021-03-07',
    expiry_date: '2026-03-07',
    ...over,
  };
}

function address(personId: string, kind: string, street: string, since: string, over: Row): Row {
  return {
    person_id: personId,
    kind,
    street,
    city: 'LOS ANGELES',
    state: 'CA',
    zip: '90012',
    since,
    confidential: null,
    safe_at_home: 0,
    ...over,
  };
}

function vehicle(vin: string, plate: string, owner: string, over: Row): Row {
  return {
    vin,
    plate,
    plate_state: 'CA',
    plate_type: 'PC',
    year: 2019,
    make: 'HOND',
    model: 'ACCORD',
    body_style: '4D',
    colour: 'BLK',
    reg_status: 'CURRENT',
    reg_expiry: '2026-01-31',
    owner_person_id: owner,
    legal_owner: null,
    ...over,
  };
}
