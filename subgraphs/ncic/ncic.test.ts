import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../common/clock.ts';
import { gql, missing, order, protectedPerson, sexOffender, startNcic, statementsFor, want, type NcicServer } from './testing.ts';

// Today is 2025-06-01 for every test: order expiry is judged against it.
const TODAY = new Date('2025-06-01T12:00:00Z');

const fixtures = {
  wanted: [
    want('W000000001', 'P1', { warrant_date: '2023-03-01', extradition: '1', offense_code: '1313' }),
    want('W000000002', 'P1', { warrant_date: '2024-11-15', warrant_level: 'MISDEMEANOR', extradition: 'B' }),
  ],
  cautions: [
    { nic: 'W000000001', person_id: 'P1', cmc: '05' },
    { nic: 'W000000001', person_id: 'P1', cmc: '00' },
    { nic: 'W000000002', person_id: 'P1', cmc: '05' },
    { nic: 'H000000001', person_id: 'P1', cmc: '00' },
    { nic: 'M000000001', person_id: 'P2', cmc: '90' },
    { nic: 'X000000002', person_id: 'P3', cmc: '35' },
  ],
  missing: [missing('M000000001', 'P2')],
  protection_orders: [
    order('H000000001', '2024000000001', 'P1', { order_type: 'DVRO', issue_date: '2024-01-10', expiry_date: '2029-01-10' }),
    order('H000000002', '2025000000002', 'P1', {
      order_type: 'EPO',
      form: 'EPO-001',
      issue_date: '2025-05-29',
      expiry_date: '2025-06-05',
      served: 0,
      served_at: null,
    }),
    order('H000000003', '2023000000003', 'P1', {
      order_type: 'CIVIL_HARASSMENT',
      form: 'CH-130',
      issue_date: '2023-06-01',
      expiry_date: '2026-06-01',
    }),
    order('H000000004', '2024000000004', 'P1', {
      order_type: 'CRIMINAL_PROTECTIVE',
      form: 'CR-160',
      issue_date: '2024-09-01',
      expiry_date: '2027-09-01',
    }),
    order('H000000005', '2022000000005', 'P1', { status: 'TERMINATED', issue_date: '2022-01-01', expiry_date: '2027-01-01' }),
    order('H000000006', '2021000000006', 'P1', {
      order_type: 'WORKPLACE_VIOLENCE',
      form: 'WV-130',
      issue_date: '2021-01-01',
      expiry_date: '2024-01-01',
    }),
    order('H000000007', '2020000000007', 'P5', { status: 'TERMINATED', issue_date: '2020-01-01' }),
  ],
  protection_order_conditions: [
    { nic: 'H000000001', pco: '04' },
    { nic: 'H000000001', pco: '01' },
    { nic: 'H000000002', pco: '01' },
    { nic: 'H000000003', pco: '05' },
    { nic: 'H000000004', pco: '01' },
  ],
  protected_persons: [
    protectedPerson('H000000001', 'P2', { relation: 'SPOUSE' }),
    protectedPerson('H000000001', null, { name: 'DOE, BABY', dob: '2020-03-03', relation: 'CHILD' }),
    protectedPerson('H000000003', 'P2', { relation: 'COWORKER' }),
  ],
  protection_order_confidential: [
    {
      nic: 'H000000001',
      protected_address: '12 SAFE ST, FRESNO CA 93701',
      protected_phone: '559-555-0100',
      restrained_address: '99 ELM AVE, FRESNO CA 93702',
      notes: 'RESPONDENT OWNS A SHOTGUN',
    },
  ],
  sex_offenders: [
    sexOffender('X000000001', 'P3', { registration_date: '2019-01-01', city: 'MODESTO' }),
    sexOffender('X000000002', 'P3', { registration_date: '2024-02-01', city: 'FRESNO' }),
  ],
  stolen_vehicles: [
    {
      nic: 'V000000001',
      vin: '1HGCM82633A004352',
      plate: '7ABC123',
      plate_state: 'CA',
      year: 2003,
      make: 'HOND',
      model: 'ACC',
      colour: 'BLU',
      theft_date: '2025-04-01',
      ori: 'CA0190000',
      oca: 'SV-1',
    },
    {
      nic: 'V000000002',
      vin: '2T1BURHE0JC012345',
      plate: '7ABC123',
      plate_state: 'NV',
      year: 2018,
      make: 'TOYT',
      model: 'COR',
      colour: 'WHI',
      theft_date: '2025-03-01',
      ori: 'NV0020000',
      oca: 'SV-2',
    },
  ],
  stolen_plates: [
    {
      nic: 'L000000001',
      plate: '8XYZ999',
      plate_state: 'CA',
      plate_year: 2024,
      plate_type: 'PC',
      theft_date: '2025-02-01',
      ori: 'CA0190000',
      oca: 'SP-1',
    },
    {
      nic: 'L000000002',
      plate: '8XYZ999',
      plate_state: 'AZ',
      plate_year: 2023,
      plate_type: 'PC',
      theft_date: '2025-01-01',
      ori: 'AZ0070000',
      oca: 'SP-2',
    },
  ],
  stolen_guns: [
    {
      nic: 'G000000001',
      serial: 'AB-1234',
      make: 'GLOCK',
      model: '19',
      caliber: '9MM',
      gun_type: 'P',
      theft_date: '2024-12-24',
      ori: 'CA0190000',
      oca: 'SG-1',
    },
  ],
  stolen_articles: [
    {
      nic: 'A000000001',
      serial: 'SN-998877',
      article_type: 'LAPTOP',
      brand: 'LENOVO',
      description: 'GREY 14 INCH',
      theft_date: '2025-01-15',
      ori: 'CA0190000',
      oca: 'SA-1',
    },
  ],
};

let server: NcicServer;
let restoreClock: () => void;

beforeAll(async () => {
  restoreClock = setClock(() => TODAY);
  server = await startNcic(fixtures);
});
afterAll(async () => {
  await server.stop();
  restoreClock();
});

const PERSON_FIELDS = `
  id ncicHit
  wants { nic warrantLevel warrantDate extradition { code meaning } cautions { code meaning sourceNics } subject { id } }
  missingPersonReports { nic category { code meaning } lastContact cautions { code } }
  protectionOrders { nic orderType active precedence issueDate }
  protectedByOrders { nic }
  sexOffenderRegistration { nic registrationDate tier tierDescription city cautions { code meaning } }
  cautions { code meaning sourceNics }`;

async function person(id: string) {
  const { data, errors } = await gql(
    server.url,
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${PERSON_FIELDS} } } }`,
    { r: [{ __typename: 'Person', id }] },
  );
  expect(errors).toBeUndefined();
  return (data?._entities as Record<string, unknown>[])[0];
}

describe('Person entity through _entities', () => {
  it('gives a wanted person their wants, cautions and a hit', async () => {
    const p1 = await person('P1');
    expect(p1.ncicHit).toBe(true);
    expect(p1.wants).toEqual([
      {
        nic: 'W000000002',
        warrantLevel: 'MISDEMEANOR',
        warrantDate: '2024-11-15',
        extradition: { code: 'B', meaning: 'Limited extradition (see MIS) (misdemeanour warrant)' },
        cautions: [{ code: '05', meaning: 'Violent tendencies', sourceNics: ['W000000002'] }],
        subject: { id: 'P1' },
      },
      {
        nic: 'W000000001',
        warrantLevel: 'FELONY',
        warrantDate: '2023-03-01',
        extradition: { code: '1', meaning: 'Full extradition' },
        cautions: [
          { code: '00', meaning: 'Armed and dangerous', sourceNics: ['W000000001'] },
          { code: '05', meaning: 'Violent tendencies', sourceNics: ['W000000001'] },
        ],
        subject: { id: 'P1' },
      },
    ]);
    expect(p1.cautions).toEqual([
      { code: '00', meaning: 'Armed and dangerous', sourceNics: ['H000000001', 'W000000001'] },
      { code: '05', meaning: 'Violent tendencies', sourceNics: ['W000000001', 'W000000002'] },
    ]);
  });

  it('lists every person-file record across files through the NcicPersonRecord interface', async () => {
    const { data, errors } = await gql(
      server.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ncicRecords {
        __typename nic file ... on WantedPersonRecord { warrantLevel } ... on ProtectionOrder { orderType } } } } }`,
      { r: [{ __typename: 'Person', id: 'P1' }] },
    );
    expect(errors).toBeUndefined();
    const records = (data?._entities as { ncicRecords: { __typename: string; nic: string; file: string }[] }[])[0].ncicRecords;
    const p1 = await person('P1');
    const wants = (p1.wants as { nic: string }[]).map((w) => w.nic);
    const orders = (p1.protectionOrders as { nic: string }[]).map((o) => o.nic);
    expect(records.map((r) => r.nic)).toEqual([...wants, ...orders]);
    expect(records.filter((r) => r.file === 'WANTED').every((r) => r.__typename === 'WantedPersonRecord' && 'warrantLevel' in r)).toBe(
      true,
    );
    expect(records.filter((r) => r.file === 'PROTECTION_ORDER').every((r) => r.__typename === 'ProtectionOrder' && 'orderType' in r)).toBe(
      true,
    );
  });

  it('ranks restrained-person orders: EPO, no-contact, criminal, civil, then inactive ones', async () => {
    const p1 = await person('P1');
    expect(p1.protectionOrders).toEqual([
      { nic: 'H000000002', orderType: 'EPO', active: true, precedence: 1, issueDate: '2025-05-29' },
      { nic: 'H000000003', orderType: 'CIVIL_HARASSMENT', active: true, precedence: 2, issueDate: '2023-06-01' },
      { nic: 'H000000004', orderType: 'CRIMINAL_PROTECTIVE', active: true, precedence: 3, issueDate: '2024-09-01' },
      { nic: 'H000000001', orderType: 'DVRO', active: true, precedence: 4, issueDate: '2024-01-10' },
      { nic: 'H000000005', orderType: 'DVRO', active: false, precedence: null, issueDate: '2022-01-01' },
      { nic: 'H000000006', orderType: 'WORKPLACE_VIOLENCE', active: false, precedence: null, issueDate: '2021-01-01' },
    ]);
  });

  it('an EPO stops being active after its expiry date (clock moved on)', async () => {
    const restore = setClock(() => new Date('2025-06-06T00:00:00Z'));
    try {
      const p1 = await person('P1');
      const epo = (p1.protectionOrders as { nic: string; active: boolean }[]).find((o) => o.nic === 'H000000002');
      expect(epo).toMatchObject({ active: false, precedence: null });
    } finally {
      restore();
    }
  });

  it('gives a protected person the orders protecting them, and a missing-person report', async () => {
    const p2 = await person('P2');
    expect(p2.protectedByOrders).toEqual([{ nic: 'H000000003' }, { nic: 'H000000001' }]);
    expect(p2.protectionOrders).toEqual([]);
    expect(p2.missingPersonReports).toEqual([
      {
        nic: 'M000000001',
        lastContact: '2025-05-20',
        cautions: [{ code: '90' }],
        category: { code: 'EME', meaning: 'Endangered: missing in circumstances showing danger to physical safety' },
      },
    ]);
    expect(p2.ncicHit).toBe(true);
  });

  it('gives the latest sex-offender registration', async () => {
    const p3 = await person('P3');
    expect(p3.sexOffenderRegistration).toEqual({
      nic: 'X000000002',
      registrationDate: '2024-02-01',
      tier: '3',
      tierDescription: 'Tier 3: lifetime registration',
      city: 'FRESNO',
      cautions: [{ code: '35', meaning: 'Sex offender' }],
    });
    expect(p3.ncicHit).toBe(true);
  });

  it('a person without NCIC records gets empty lists, nulls and no hit, not an error', async () => {
    expect(await person('P4')).toEqual({
      id: 'P4',
      ncicHit: false,
      wants: [],
      missingPersonReports: [],
      protectionOrders: [],
      protectedByOrders: [],
      sexOffenderRegistration: null,
      cautions: [],
    });
  });

  it('a terminated order alone is no hit', async () => {
    const p5 = await person('P5');
    expect(p5.ncicHit).toBe(false);
    expect(p5.protectionOrders).toEqual([
      { nic: 'H000000007', orderType: 'DVRO', active: false, precedence: null, issueDate: '2020-01-01' },
    ]);
  });
});

describe('protection order entry points', () => {
  const ORDER = `nic fcn orderType orderTypeDescription form status active precedence firearmProhibited served servedAt
    conditions { code meaning } restrainedPerson { id } restrainedName restrainedSex restrainedDob
    protectedPersons { name relation dob person { id } } cautions { code }`;

  it('protectionOrder(nic) returns the order with conditions and protected persons', async () => {
    const { data, errors } = await gql(server.url, `{ protectionOrder(nic: "h000000001") { ${ORDER} } }`);
    expect(errors).toBeUndefined();
    expect(data?.protectionOrder).toEqual({
      nic: 'H000000001',
      fcn: '2024000000001',
      orderType: 'DVRO',
      orderTypeDescription: 'Domestic violence restraining order (Fam. Code 6200 ff.)',
      form: 'DV-130',
      status: 'ACTIVE',
      active: true,
      precedence: 4,
      firearmProhibited: true,
      served: true,
      servedAt: '2024-01-03',
      conditions: [
        { code: '01', meaning: 'Restrained person must not assault, threaten, harass or stalk the protected person or child' },
        { code: '04', meaning: 'Restrained person must stay away from the protected person’s residence, school or work' },
      ],
      restrainedPerson: { id: 'P1' },
      restrainedName: 'DOE, JOHN',
      restrainedSex: 'M',
      restrainedDob: '1980-01-01',
      protectedPersons: [
        { name: 'DOE, JANE', relation: 'SPOUSE', dob: '1982-02-02', person: { id: 'P2' } },
        { name: 'DOE, BABY', relation: 'CHILD', dob: '2020-03-03', person: null },
      ],
      cautions: [{ code: '00' }],
    });
  });

  it('protectionOrderByFcn(fcn) finds the same order; unknown numbers give null', async () => {
    const { data, errors } = await gql(
      server.url,
      `{ byFcn: protectionOrderByFcn(fcn: "2025000000002") { nic served servedAt orderType }
         unknown: protectionOrderByFcn(fcn: "9999999999999") { nic }
         unknownNic: protectionOrder(nic: "H999999999") { nic } }`,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      byFcn: { nic: 'H000000002', served: false, servedAt: null, orderType: 'EPO' },
      unknown: null,
      unknownNic: null,
    });
  });

  it('loads the confidential CLETS-001 data only when asked for, from its own table', async () => {
    const plain = await statementsFor(server, `{ protectionOrder(nic: "H000000001") { nic } }`);
    expect(plain.statements).toBe(1);
    const withConfidential = await statementsFor(
      server,
      `{ protectionOrder(nic: "H000000001") { nic confidential { protectedAddress protectedPhone restrainedAddress notes } } }`,
    );
    expect(withConfidential.statements).toBe(2);
    expect(withConfidential.result.data?.protectionOrder).toEqual({
      nic: 'H000000001',
      confidential: {
        protectedAddress: '12 SAFE ST, FRESNO CA 93701',
        protectedPhone: '559-555-0100',
        restrainedAddress: '99 ELM AVE, FRESNO CA 93702',
        notes: 'RESPONDENT OWNS A SHOTGUN',
      },
    });
    const none = await gql(server.url, `{ protectionOrder(nic: "H000000003") { confidential { protectedAddress } } }`);
    expect(none.data?.protectionOrder).toEqual({ confidential: null });
  });
});

describe('wantedPerson', () => {
  it('returns the warrant as entered, with its subject', async () => {
    const { data, errors } = await gql(
      server.url,
      `{ wantedPerson(nic: "W000000001") { nic name sex race dob offenseCode offenseDescription warrantLevel ori oca
          enteredAt misc subject { id } } missingOne: wantedPerson(nic: "W999999999") { nic } }`,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      wantedPerson: {
        nic: 'W000000001',
        name: 'DOE, JOHN',
        sex: 'M',
        race: 'W',
        dob: '1980-01-01',
        offenseCode: '1313',
        offenseDescription: 'ASSAULT',
        warrantLevel: 'FELONY',
        ori: 'CA0190000',
        oca: 'OCA-1',
        enteredAt: '2024-01-02T10:00:00Z',
        misc: null,
        subject: { id: 'P1' },
      },
      missingOne: null,
    });
  });
});

describe('vehicleCheck (QV)', () => {
  const QV = `hit plate state vin stolenVehicles { nic vin plate plateState vehicle { vin } } stolenPlates { nic plate plateState plateType }`;

  it('matches a stolen vehicle by plate and state, normalising the plate', async () => {
    const { data, errors } = await gql(server.url, `{ vehicleCheck(plate: "7abc 123", state: "ca") { ${QV} } }`);
    expect(errors).toBeUndefined();
    expect(data?.vehicleCheck).toEqual({
      hit: true,
      plate: '7ABC123',
      state: 'CA',
      vin: null,
      stolenVehicles: [
        { nic: 'V000000001', vin: '1HGCM82633A004352', plate: '7ABC123', plateState: 'CA', vehicle: { vin: '1HGCM82633A004352' } },
      ],
      stolenPlates: [],
    });
  });

  it('matches by VIN, and by plate and VIN together without duplicates', async () => {
    const byVin = await gql(server.url, `{ vehicleCheck(vin: "2t1burhe0jc012345") { hit stolenVehicles { nic } } }`);
    expect(byVin.data?.vehicleCheck).toEqual({ hit: true, stolenVehicles: [{ nic: 'V000000002' }] });
    const both = await gql(
      server.url,
      `{ vehicleCheck(plate: "7ABC123", state: "CA", vin: "1HGCM82633A004352") { stolenVehicles { nic } } }`,
    );
    expect(both.data?.vehicleCheck).toEqual({ stolenVehicles: [{ nic: 'V000000001' }] });
  });

  it('finds a stolen plate of the asked state only; no match is hit false', async () => {
    const plate = await gql(server.url, `{ vehicleCheck(plate: "8XYZ-999", state: "CA") { ${QV} } }`);
    expect(plate.data?.vehicleCheck).toEqual({
      hit: true,
      plate: '8XYZ999',
      state: 'CA',
      vin: null,
      stolenVehicles: [],
      stolenPlates: [{ nic: 'L000000001', plate: '8XYZ999', plateState: 'CA', plateType: 'PC' }],
    });
    const clean = await gql(
      server.url,
      `{ vehicleCheck(plate: "1CLEAN1", state: "CA") { hit stolenVehicles { nic } stolenPlates { nic } } }`,
    );
    expect(clean.data?.vehicleCheck).toEqual({ hit: false, stolenVehicles: [], stolenPlates: [] });
  });
});

describe('stolenGuns (QG) and stolenArticles (QA)', () => {
  it('finds a gun by serial, case-insensitively', async () => {
    const { data } = await gql(
      server.url,
      `{ stolenGuns(serial: "ab-1234") { nic serial make caliber gunType gunTypeDescription theftDate }
         none: stolenGuns(serial: "ZZ9") { nic } }`,
    );
    expect(data).toEqual({
      stolenGuns: [
        {
          nic: 'G000000001',
          serial: 'AB-1234',
          make: 'GLOCK',
          caliber: '9MM',
          gunType: 'P',
          gunTypeDescription: 'Pistol',
          theftDate: '2024-12-24',
        },
      ],
      none: [],
    });
  });

  it('finds an article by serial', async () => {
    const { data } = await gql(server.url, `{ stolenArticles(serial: "SN-998877") { nic articleType brand description } }`);
    expect(data?.stolenArticles).toEqual([{ nic: 'A000000001', articleType: 'LAPTOP', brand: 'LENOVO', description: 'GREY 14 INCH' }]);
  });
});

describe('Vehicle entity through _entities', () => {
  it('adds stolen-vehicle reports to a VIN; a clean VIN gets an empty list', async () => {
    const { data, errors } = await gql(
      server.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Vehicle { vin stolenVehicleReports { nic theftDate oca } } } }`,
      {
        r: [
          { __typename: 'Vehicle', vin: '1HGCM82633A004352' },
          { __typename: 'Vehicle', vin: '3VWFE21C04M000001' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      { vin: '1HGCM82633A004352', stolenVehicleReports: [{ nic: 'V000000001', theftDate: '2025-04-01', oca: 'SV-1' }] },
      { vin: '3VWFE21C04M000001', stolenVehicleReports: [] },
    ]);
  });
});

describe('bad input', () => {
  const cases: [string, string][] = [
    ['plate', `{ vehicleCheck(plate: "!!", state: "CA") { hit } }`],
    ['plate', `{ vehicleCheck(plate: "123456789", state: "CA") { hit } }`],
    ['state', `{ vehicleCheck(plate: "7ABC123", state: "ZZ") { hit } }`],
    ['state', `{ vehicleCheck(plate: "7ABC123") { hit } }`],
    ['plate', `{ vehicleCheck(state: "CA", vin: "1HGCM82633A004352") { hit } }`],
    ['plate', `{ vehicleCheck { hit } }`],
    ['vin', `{ vehicleCheck(vin: "1HGCM82633A00435") { hit } }`],
    ['vin', `{ vehicleCheck(vin: "1HGCM82633A00435O") { hit } }`],
    ['serial', `{ stolenGuns(serial: "AB 1234") { nic } }`],
    ['serial', `{ stolenGuns(serial: "") { nic } }`],
    ['serial', `{ stolenArticles(serial: "123456789012345678901") { nic } }`],
    ['nic', `{ wantedPerson(nic: "W12345") { nic } }`],
    ['nic', `{ wantedPerson(nic: "1234567890") { nic } }`],
    ['nic', `{ protectionOrder(nic: "H12345678X") { nic } }`],
    ['fcn', `{ protectionOrderByFcn(fcn: "20240000000") { nic } }`],
    ['fcn', `{ protectionOrderByFcn(fcn: "202400000000A") { nic } }`],
  ];

  it.each(cases)('rejects a bad %s before any SQL: %s', async (argument, query) => {
    const { result, statements } = await statementsFor(server, query);
    expect(statements).toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.argument).toBe(argument);
    expect(result.errors?.[0].message).toContain(`Invalid ${argument}`);
  });

  it('keeps serving after bad input', async () => {
    await gql(server.url, `{ wantedPerson(nic: "nope") { nic } }`);
    const { data, errors } = await gql(server.url, `{ wantedPerson(nic: "W000000002") { nic } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ wantedPerson: { nic: 'W000000002' } });
  });
});
