import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../common/clock.ts';
import type { GatewayContextClaims } from '../../common/gateway-context.ts';
import { postAsGateway, type GraphQLResponse } from '../common/testing.ts';
import { order, startNcic, type NcicServer } from './testing.ts';

// Today is 2025-06-01; the court clerk works for agency CA0190000.
const TODAY = new Date('2025-06-01T12:00:00Z');
const CLERK = { sub: 'clerk-1', ori: 'CA0190000', roles: ['COURT_CLERK'], purpose: 'C' };
const OTHER_AGENCY = { sub: 'clerk-2', ori: 'CA0370000', roles: ['COURT_CLERK'], purpose: 'C' };

let server: NcicServer;
let restoreClock: () => void;
let keyCounter = 0;
const newKey = () => `key-${++keyCounter}`;

async function post(query: string, variables: Record<string, unknown>, caller: Partial<GatewayContextClaims> = CLERK) {
  const response = await postAsGateway(server.running, { query, variables }, caller);
  return (await response.json()) as GraphQLResponse;
}

const ORDER_FIELDS = `nic fcn orderType form issueDate expiryDate status active issuingCourt courtCaseNumber
  firearmProhibited served servedAt servedBy serviceMethod terminationReason terminationDate ori
  restrainedName restrainedSex restrainedRace restrainedDob restrainedPerson { id }
  conditions { code } protectedPersons { name sex race dob relation person { id } }
  confidential { protectedAddress protectedPhone restrainedAddress notes }`;

const ENTER = `mutation($input: ProtectionOrderInput!, $key: String!) {
  enterProtectionOrder(input: $input, idempotencyKey: $key) { ${ORDER_FIELDS} } }`;
const MODIFY = `mutation($nic: String!, $changes: ProtectionOrderChanges!, $key: String!) {
  modifyProtectionOrder(nic: $nic, changes: $changes, idempotencyKey: $key) { ${ORDER_FIELDS} } }`;
const TERMINATE = `mutation($nic: String!, $reason: String!, $key: String!) {
  terminateProtectionOrder(nic: $nic, reason: $reason, idempotencyKey: $key) { ${ORDER_FIELDS} } }`;
const SERVE = `mutation($nic: String!, $input: ProofOfServiceInput!, $key: String!) {
  recordProofOfService(nic: $nic, input: $input, idempotencyKey: $key) { ${ORDER_FIELDS} } }`;

function dvro(overrides: Record<string, unknown> = {}) {
  return {
    orderType: 'DVRO',
    form: 'DV-130',
    restrainedPerson: { lastName: 'Doe', firstName: 'John', middleName: 'Q', sex: 'M', race: 'W', dob: '1980-01-01', personId: 'P9' },
    protectedPersons: [
      { lastName: 'Doe', firstName: 'Jane', sex: 'F', race: 'W', dob: '1982-02-02', relation: 'SPOUSE', personId: 'P10' },
      { lastName: 'Doe', firstName: 'Baby', sex: 'U', race: 'W', dob: '2020-03-03', relation: 'CHILD' },
    ],
    conditions: ['05', '01'],
    firearmProhibited: true,
    issueDate: '2025-05-30',
    expiryDate: '2028-05-30',
    issuingCourt: 'Superior Court of California, County of Fresno',
    courtCaseNumber: 'FL-25-0042',
    confidential: {
      protectedAddress: '12 SAFE ST, FRESNO CA 93701',
      protectedPhone: '559-555-0100',
      restrainedAddress: '99 ELM AVE, FRESNO CA 93702',
      notes: 'OWNS A SHOTGUN',
    },
    ...overrides,
  };
}

const SERVICE = { servedAt: '2025-05-31', serverLastName: 'Smith', serverFirstName: 'Ann', serverDob: '1990-01-01', method: 'PERSONAL' };

function counts(): Record<string, number> {
  const tables = [
    'protection_orders',
    'protection_order_conditions',
    'protected_persons',
    'protection_order_confidential',
    'protection_order_terminations',
    'protection_order_service',
    'idempotency_keys',
  ];
  return Object.fromEntries(
    tables.map((t) => [t, (server.running.store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

type Order = Record<string, unknown> & { nic: string };

async function enter(overrides: Record<string, unknown> = {}, caller: Partial<GatewayContextClaims> = CLERK): Promise<Order> {
  const result = await post(ENTER, { input: dvro(overrides), key: newKey() }, caller);
  expect(result.errors).toBeUndefined();
  return result.data?.enterProtectionOrder as Order;
}

beforeAll(async () => {
  restoreClock = setClock(() => TODAY);
  server = await startNcic({
    wanted: [
      {
        nic: 'W000000001',
        person_id: 'P1',
        name: 'ROE, RICK',
        sex: 'M',
        race: 'W',
        dob: '1970-01-01',
        offense_code: '1313',
        offense_text: 'ASSAULT',
        warrant_level: 'FELONY',
        warrant_date: '2024-01-01',
        extradition: '1',
        misc: null,
        ori: 'CA0190000',
        oca: 'OCA-1',
        entered_at: '2024-01-02T10:00:00Z',
      },
    ],
    protection_orders: [order('H000000001', '2024000000001', 'P1')],
  });
});

afterAll(async () => {
  await server.stop();
  restoreClock();
});

describe('enterProtectionOrder', () => {
  it('stores every field, generates NIC and FCN, and is at once on the restrained and protected persons', async () => {
    const o = await enter();
    expect(o.nic).toMatch(/^H\d{9}$/);
    expect(o.fcn).toMatch(/^2025\d{9}$/);
    expect(o).toMatchObject({
      orderType: 'DVRO',
      form: 'DV-130',
      issueDate: '2025-05-30',
      expiryDate: '2028-05-30',
      status: 'ACTIVE',
      active: true,
      issuingCourt: 'SUPERIOR COURT OF CALIFORNIA, COUNTY OF FRESNO',
      courtCaseNumber: 'FL-25-0042',
      firearmProhibited: true,
      served: false,
      servedAt: null,
      ori: 'CA0190000',
      restrainedName: 'DOE, JOHN Q',
      restrainedSex: 'M',
      restrainedRace: 'W',
      restrainedDob: '1980-01-01',
      restrainedPerson: { id: 'P9' },
      conditions: [{ code: '01' }, { code: '05' }],
      protectedPersons: [
        { name: 'DOE, JANE', sex: 'F', race: 'W', dob: '1982-02-02', relation: 'SPOUSE', person: { id: 'P10' } },
        { name: 'DOE, BABY', sex: 'U', race: 'W', dob: '2020-03-03', relation: 'CHILD', person: null },
      ],
      confidential: {
        protectedAddress: '12 SAFE ST, FRESNO CA 93701',
        protectedPhone: '559-555-0100',
        restrainedAddress: '99 ELM AVE, FRESNO CA 93702',
        notes: 'OWNS A SHOTGUN',
      },
    });
    const persons = await post(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id
        protectionOrders { nic } protectedByOrders { nic } ncicRecords { nic } } } }`,
      {
        r: [
          { __typename: 'Person', id: 'P9' },
          { __typename: 'Person', id: 'P10' },
        ],
      },
    );
    expect(persons.data?._entities).toEqual([
      { id: 'P9', protectionOrders: [{ nic: o.nic }], protectedByOrders: [], ncicRecords: [{ nic: o.nic }] },
      { id: 'P10', protectionOrders: [], protectedByOrders: [{ nic: o.nic }], ncicRecords: [] },
    ]);
    // CLETS-001 data lives only in the confidential table.
    const db = server.running.store.db;
    const row = JSON.stringify(db.prepare('SELECT * FROM protection_orders WHERE nic = ?').get(o.nic));
    expect(row).not.toContain('SAFE ST');
    expect(db.prepare('SELECT protected_address AS a FROM protection_order_confidential WHERE nic = ?').get(o.nic)).toEqual({
      a: '12 SAFE ST, FRESNO CA 93701',
    });
  });

  it('a retry with the same key returns the same order and writes once', async () => {
    const before = counts();
    const variables = { input: dvro(), key: 'retry-1' };
    const first = await post(ENTER, variables);
    const second = await post(ENTER, variables);
    const firstNic = (first.data?.enterProtectionOrder as Order).nic;
    expect((second.data?.enterProtectionOrder as Order).nic).toBe(firstNic);
    const after = counts();
    expect(after.protection_orders).toBe(before.protection_orders + 1);
    expect(after.idempotency_keys).toBe(before.idempotency_keys + 1);
    // The same key from another caller is another request.
    const other = await post(ENTER, variables, { ...CLERK, sub: 'clerk-3' });
    expect((other.data?.enterProtectionOrder as Order).nic).not.toBe(firstNic);
  });

  const invalid: [string, Record<string, unknown>][] = [
    ['input.orderType', { orderType: 'RESTRAINING' }],
    ['input.form', { form: 'CH-130' }],
    ['input.restrainedPerson.lastName', { restrainedPerson: { ...dvro().restrainedPerson, lastName: 'D0e' } }],
    ['input.restrainedPerson.sex', { restrainedPerson: { ...dvro().restrainedPerson, sex: 'X' } }],
    ['input.restrainedPerson.race', { restrainedPerson: { ...dvro().restrainedPerson, race: 'Z' } }],
    ['input.restrainedPerson.dob', { restrainedPerson: { ...dvro().restrainedPerson, dob: '2030-01-01' } }],
    ['input.protectedPersons', { protectedPersons: [] }],
    [
      'input.protectedPersons[1].relation',
      { protectedPersons: [dvro().protectedPersons[0], { ...dvro().protectedPersons[1], relation: 'FRIEND' }] },
    ],
    ['input.conditions', { conditions: [] }],
    ['input.conditions', { conditions: ['10'] }],
    ['input.firearmProhibited', { firearmProhibited: false }],
    ['input.issueDate', { issueDate: '2025-06-02', expiryDate: '2025-06-03' }],
    ['input.expiryDate', { expiryDate: '2025-05-01' }],
    ['input.expiryDate', { expiryDate: '2030-05-31' }],
    ['input.expiryDate', { orderType: 'EPO', form: 'EPO-001', expiryDate: '2025-06-07' }],
    ['input.expiryDate', { orderType: 'WORKPLACE_VIOLENCE', form: 'WV-130', firearmProhibited: false, expiryDate: '2028-05-31' }],
    ['input.expiryDate', { expiryDate: '2025-02-30' }],
    ['input.issuingCourt', { issuingCourt: '  ' }],
    ['input.confidential.protectedAddress', { confidential: { protectedAddress: '' } }],
  ];
  it.each(invalid)('refuses a bad %s and writes nothing', async (argument, overrides) => {
    const before = counts();
    const result = await post(ENTER, { input: dvro(overrides), key: newKey() });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(result.errors?.[0]?.message).toContain(argument);
    expect(counts()).toEqual(before);
  });

  it('refuses a bad idempotency key and keeps serving', async () => {
    const result = await post(ENTER, { input: dvro(), key: 'no spaces allowed' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'idempotencyKey' });
    expect((await enter({ orderType: 'EPO', form: 'EPO-001', expiryDate: '2025-06-06', firearmProhibited: false })).nic).toMatch(/^H/);
  });
});

describe('modify, terminate, proof of service', () => {
  it('modifies expiry, conditions and firearm prohibition, with the same validation', async () => {
    const o = await enter({ orderType: 'CIVIL_HARASSMENT', form: 'CH-130', firearmProhibited: false });
    const changes = { expiryDate: '2026-05-30', conditions: ['04'], firearmProhibited: true };
    const result = await post(MODIFY, { nic: o.nic, changes, key: newKey() });
    expect(result.data?.modifyProtectionOrder).toMatchObject({
      nic: o.nic,
      expiryDate: '2026-05-30',
      conditions: [{ code: '04' }],
      firearmProhibited: true,
    });
    const before = counts();
    const tooLong = await post(MODIFY, { nic: o.nic, changes: { expiryDate: '2031-01-01' }, key: newKey() });
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'changes.expiryDate' });
    const none = await post(MODIFY, { nic: o.nic, changes: {}, key: newKey() });
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'changes' });
    const dvroOrder = await enter();
    const noGuns = await post(MODIFY, { nic: dvroOrder.nic, changes: { firearmProhibited: false }, key: newKey() });
    expect(noGuns.errors?.[0]?.extensions).toMatchObject({ argument: 'changes.firearmProhibited' });
    expect(counts().protection_orders).toBe(before.protection_orders + 1);
  });

  it('terminates an order: status TERMINATED, not active, reason and date kept; then refuses changes', async () => {
    const o = await enter();
    const result = await post(TERMINATE, { nic: o.nic, reason: 'Dismissed at hearing', key: 'term-1' });
    expect(result.data?.terminateProtectionOrder).toMatchObject({
      status: 'TERMINATED',
      active: false,
      terminationReason: 'Dismissed at hearing',
      terminationDate: '2025-06-01',
    });
    const retry = await post(TERMINATE, { nic: o.nic, reason: 'Dismissed at hearing', key: 'term-1' });
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.terminateProtectionOrder).toMatchObject({ nic: o.nic, status: 'TERMINATED' });
    const before = counts();
    const modify = await post(MODIFY, { nic: o.nic, changes: { conditions: ['01'] }, key: newKey() });
    expect(modify.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(modify.errors?.[0]?.message).toMatch(/terminated/);
    expect(counts()).toEqual(before);
  });

  it('records proof of service once, with server checks', async () => {
    const o = await enter();
    const bad: [string, Record<string, unknown>][] = [
      ['input.servedAt', { servedAt: '2025-06-02' }],
      ['input.servedAt', { servedAt: '2025-05-29' }],
      ['input.serverDob', { serverDob: '2010-01-01' }],
      ['input.method', { method: 'CARRIER_PIGEON' }],
      ['input.serverLastName', { serverLastName: 'Doe', serverFirstName: 'Jane' }],
    ];
    const before = counts();
    for (const [argument, overrides] of bad) {
      const result = await post(SERVE, { nic: o.nic, input: { ...SERVICE, ...overrides }, key: newKey() });
      expect(result.errors?.[0]?.extensions, argument).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    expect(counts()).toEqual(before);
    const result = await post(SERVE, { nic: o.nic, input: SERVICE, key: newKey() });
    expect(result.data?.recordProofOfService).toMatchObject({
      served: true,
      servedAt: '2025-05-31',
      servedBy: 'SMITH, ANN',
      serviceMethod: 'PERSONAL',
    });
    const again = await post(SERVE, { nic: o.nic, input: SERVICE, key: newKey() });
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses another agency (FORBIDDEN) and an unknown NIC, writing nothing', async () => {
    const o = await enter();
    const before = counts();
    for (const [query, variables] of [
      [MODIFY, { nic: o.nic, changes: { conditions: ['01'] }, key: newKey() }],
      [TERMINATE, { nic: o.nic, reason: 'x', key: newKey() }],
      [SERVE, { nic: o.nic, input: SERVICE, key: newKey() }],
    ] as const) {
      const result = await post(query, variables, OTHER_AGENCY);
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(result.errors?.[0]?.message).toContain('CA0190000');
    }
    const unknown = await post(TERMINATE, { nic: 'H999999999', reason: 'x', key: newKey() });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badNic = await post(TERMINATE, { nic: 'nope', reason: 'x', key: newKey() });
    expect(badNic.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'nic' });
    expect(counts()).toEqual(before);
  });
});

describe('entities by nic', () => {
  it('resolves WantedPersonRecord and ProtectionOrder references, null for unknown NICs', async () => {
    const result = await post(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on WantedPersonRecord { nic name } ... on ProtectionOrder { nic fcn } } }`,
      {
        r: [
          { __typename: 'WantedPersonRecord', nic: 'W000000001' },
          { __typename: 'ProtectionOrder', nic: 'H000000001' },
          { __typename: 'ProtectionOrder', nic: 'H999999999' },
        ],
      },
    );
    expect(result.data?._entities).toEqual([{ nic: 'W000000001', name: 'ROE, RICK' }, { nic: 'H000000001', fcn: '2024000000001' }, null]);
  });

  it('batches 20 order references into as many statements as 1', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ProtectionOrder { nic conditions { code } } } }`;
    const run = async (n: number) => {
      const before = server.running.store.statementCount;
      await post(query, {
        r: Array.from({ length: n }, (_, i) => ({ __typename: 'ProtectionOrder', nic: `H${String(i + 1).padStart(9, '0')}` })),
      });
      return server.running.store.statementCount - before;
    };
    expect(await run(20)).toBe(await run(1));
  });
});
