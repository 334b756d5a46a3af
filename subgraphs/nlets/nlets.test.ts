import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraph, type RunningSubgraph } from '../common/subgraph.ts';
import { definition } from './index.ts';
import { postGraphQL } from '../common/testing.ts';

const VIN_A = '1HGCM82633A004352';
const personId = (i: number) => `P${String(i).padStart(7, '0')}`;
const batchVin = (i: number) => `2T1BR32E05C${String(i).padStart(6, '0')}`;

/** A small Nlets store: four agencies, a showcase person with NV records, and 20 persons for batching. */
function buildStore(dir: string): void {
  const db = new Database(path.join(dir, 'nlets.sqlite'));
  db.exec(readFileSync(new URL('./store.sql', import.meta.url), 'utf8'));
  const agency = db.prepare('INSERT INTO agencies VALUES (?, ?, ?, ?)');
  agency.run('CA0190000', 'Cedar Valley Police Department', 'CA', 'POLICE');
  agency.run('CA019013J', 'Sierra Vista Superior Court', 'CA', 'COURT');
  agency.run('NV0020000', 'Silver Basin County Sheriff', 'NV', 'SHERIFF');
  agency.run('AZ0070000', 'Mesa Verde Police Department', 'AZ', 'POLICE');

  const licence = db.prepare('INSERT INTO oos_licenses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const registration = db.prepare('INSERT INTO oos_registrations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const history = db.prepare('INSERT INTO state_histories VALUES (?, ?, ?)');
  const entry = db.prepare('INSERT INTO state_history_entries VALUES (?, ?, ?, ?, ?, ?)');

  licence.run(
    'NV',
    'N12345678',
    'P9000001',
    'RIVERA, DANIEL JAMES',
    '1986-03-14',
    'M',
    'C',
    'VALID',
    '2028-03-14',
    '12 DESERT SAGE WAY',
    'SILVER BASIN',
    '89501',
  );
  registration.run('NV', '123ABC', VIN_A, 2019, 'HOND', 'ACCORD', 'BLK', '2027-01-31', 'P9000001');
  registration.run('AZ', 'XYZ987', VIN_A, 2019, 'HOND', 'ACCORD', 'BLK', '2025-06-30', 'P9000002');
  history.run('NV', 'NV0012345', 'P9000001');
  entry.run('NV', 'NV0012345', '2015-07-01', 'NV0020000', 'NRS 200.481 BATTERY', 'CONVICTED');
  entry.run('NV', 'NV0012345', '2019-02-11', 'NV0020000', 'NRS 484C.110 DUI', 'DISMISSED');

  for (let i = 1; i <= 20; i++) {
    licence.run(
      'AZ',
      `D${String(i).padStart(8, '0')}`,
      personId(i),
      `PERSON, NUMBER ${i}`,
      '1990-01-01',
      'F',
      'D',
      'VALID',
      '2030-01-01',
      null,
      null,
      null,
    );
    registration.run('AZ', `AZ${i}`, batchVin(i), 2020, 'TOYT', 'CAMRY', 'WHI', '2027-05-31', personId(i));
    history.run('AZ', `AZ${i}`, personId(i));
    entry.run('AZ', `AZ${i}`, '2018-05-05', 'AZ0070000', 'ARS 13-1802 THEFT', 'CONVICTED');
  }
  db.close();
}

let dataDir: string;
let running: RunningSubgraph;

const gql = (query: string, variables: Record<string, unknown> = {}) => postGraphQL(running, query, variables);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nlets-test-'));
  buildStore(dataDir);
  running = await startSubgraph(definition, { dataDir, port: 0 });
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('outOfStateDriver (DQ)', () => {
  it('returns the licence with its holder for a state and OLN, normalising case and spaces', async () => {
    const result = await gql(`{ outOfStateDriver(state: " nv", oln: "n12345678") {
      state oln name dob sex class status expires street city zip holder { id } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.outOfStateDriver).toEqual({
      state: 'NV',
      oln: 'N12345678',
      name: 'RIVERA, DANIEL JAMES',
      dob: '1986-03-14',
      sex: 'M',
      class: 'C',
      status: 'VALID',
      expires: '2028-03-14',
      street: '12 DESERT SAGE WAY',
      city: 'SILVER BASIN',
      zip: '89501',
      holder: { id: 'P9000001' },
    });
  });

  it('returns null for an OLN the state does not hold', async () => {
    const result = await gql('{ outOfStateDriver(state: "NV", oln: "X0000000") { oln } }');
    expect(result).toEqual({ data: { outOfStateDriver: null } });
  });
});

describe('outOfStateRegistration (RQ)', () => {
  it('returns the registration with its owner for a state and plate', async () => {
    const result = await gql(`{ outOfStateRegistration(state: "NV", plate: "123-ABC") {
      state plate vin year make model colour expires owner { id } } }`);
    expect(result.data?.outOfStateRegistration).toEqual({
      state: 'NV',
      plate: '123ABC',
      vin: VIN_A,
      year: 2019,
      make: 'HOND',
      model: 'ACCORD',
      colour: 'BLK',
      expires: '2027-01-31',
      owner: { id: 'P9000001' },
    });
  });

  it('returns null for a plate the state does not hold', async () => {
    expect(await gql('{ outOfStateRegistration(state: "AZ", plate: "123ABC") { plate } }')).toEqual({
      data: { outOfStateRegistration: null },
    });
  });

  it('by VIN lists every state registration, newest expiry first, and an empty list for an unknown VIN', async () => {
    const result = await gql(`{
      found: outOfStateRegistrationByVin(vin: "${VIN_A.toLowerCase()}") { state plate owner { id } }
      none: outOfStateRegistrationByVin(vin: "1FTFW1ET5DFC10312") { plate } }`);
    expect(result.data).toEqual({
      found: [
        { state: 'NV', plate: '123ABC', owner: { id: 'P9000001' } },
        { state: 'AZ', plate: 'XYZ987', owner: { id: 'P9000002' } },
      ],
      none: [],
    });
  });
});

describe('agency and agencies (ORION)', () => {
  it('returns one agency by ORI and null for an unknown ORI', async () => {
    const result = await gql('{ a: agency(ori: "ca019013j") { ori name state kind } b: agency(ori: "TX0000000") { ori } }');
    expect(result.data).toEqual({
      a: { ori: 'CA019013J', name: 'Sierra Vista Superior Court', state: 'CA', kind: 'COURT' },
      b: null,
    });
  });

  it('lists the agencies of a state, or all of them ordered by ORI', async () => {
    const result = await gql('{ ca: agencies(state: "CA") { ori } all: agencies { ori } nm: agencies(state: "NM") { ori } }');
    expect(result.data).toEqual({
      ca: [{ ori: 'CA0190000' }, { ori: 'CA019013J' }],
      all: [{ ori: 'AZ0070000' }, { ori: 'CA0190000' }, { ori: 'CA019013J' }, { ori: 'NV0020000' }],
      nm: [],
    });
  });
});

const PERSON_FIELDS = `... on Person { id
  outOfStateLicenses { state oln holder { id } }
  outOfStateRegistrations { state plate vin owner { id } }
  stateCriminalHistories { state sid subject { id } entries { arrestDate agency offense disposition } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ${PERSON_FIELDS} } }`;
const refs = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Person', id })) });

describe('Person entity', () => {
  it("resolves a person's out-of-state licences, registrations and histories with entries newest first", async () => {
    const result = await gql(ENTITIES, refs(['P9000001']));
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      {
        id: 'P9000001',
        outOfStateLicenses: [{ state: 'NV', oln: 'N12345678', holder: { id: 'P9000001' } }],
        outOfStateRegistrations: [{ state: 'NV', plate: '123ABC', vin: VIN_A, owner: { id: 'P9000001' } }],
        stateCriminalHistories: [
          {
            state: 'NV',
            sid: 'NV0012345',
            subject: { id: 'P9000001' },
            entries: [
              { arrestDate: '2019-02-11', agency: 'NV0020000', offense: 'NRS 484C.110 DUI', disposition: 'DISMISSED' },
              { arrestDate: '2015-07-01', agency: 'NV0020000', offense: 'NRS 200.481 BATTERY', disposition: 'CONVICTED' },
            ],
          },
        ],
      },
    ]);
  });

  it('gives empty lists, not an error, for a person Nlets knows nothing about', async () => {
    const result = await gql(ENTITIES, refs(['P7777777']));
    expect(result).toEqual({
      data: {
        _entities: [
          {
            id: 'P7777777',
            outOfStateLicenses: [],
            outOfStateRegistrations: [],
            stateCriminalHistories: [],
          },
        ],
      },
    });
  });

  it('costs the same number of SQL statements for 20 persons as for 1', async () => {
    const count = async (ids: string[]) => {
      const before = running.store.statementCount;
      const result = await gql(ENTITIES, refs(ids));
      expect(result.errors).toBeUndefined();
      return running.store.statementCount - before;
    };
    const one = await count([personId(1)]);
    const twenty = await count(Array.from({ length: 20 }, (_, i) => personId(i + 1)));
    expect(one).toBe(4); // licences, registrations, histories, entries
    expect(twenty).toBe(one);
    const result = await gql(ENTITIES, refs([personId(20)]));
    expect(result.data?._entities).toEqual([
      expect.objectContaining({
        outOfStateLicenses: [{ state: 'AZ', oln: 'D00000020', holder: { id: personId(20) } }],
      }),
    ]);
  });
});

describe('bad input', () => {
  const cases: [string, string, RegExp][] = [
    ['CA licence over Nlets', '{ outOfStateDriver(state: "CA", oln: "A1234567") { oln } }', /state.*California DMV/],
    ['unknown state', '{ outOfStateDriver(state: "ZZ", oln: "A1234567") { oln } }', /state/],
    ['malformed OLN', '{ outOfStateDriver(state: "NV", oln: "N-123 45") { oln } }', /oln/],
    ['CA registration over Nlets', '{ outOfStateRegistration(state: "ca", plate: "7WNT123") { plate } }', /state.*California DMV/],
    ['malformed plate', '{ outOfStateRegistration(state: "NV", plate: "TOOLONGPLATE") { plate } }', /plate/],
    ['short VIN', '{ outOfStateRegistrationByVin(vin: "1HGCM8263") { plate } }', /vin/],
    ['VIN with O', '{ outOfStateRegistrationByVin(vin: "1HGCM82633A00435O") { plate } }', /vin/],
    ['short ORI', '{ agency(ori: "CA019") { ori } }', /ori/],
    ['ORI without state letters', '{ agency(ori: "120190000") { ori } }', /ori/],
    ['agencies of an unknown state', '{ agencies(state: "Q1") { ori } }', /state/],
  ];
  it.each(cases)('%s gives BAD_USER_INPUT naming the argument', async (_name, query, message) => {
    const result = await gql(query);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(message);
  });

  it('keeps serving after bad input', async () => {
    await gql('{ agency(ori: "bad") { ori } }');
    expect((await gql('{ agency(ori: "NV0020000") { kind } }')).data).toEqual({ agency: { kind: 'SHERIFF' } });
  });
});
