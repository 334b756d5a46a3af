import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../common/clock.ts';
import { ask, assignment, incident, kase, startRms, unit, type RmsServer } from './testing.ts';

// Now is 2026-11-01 12:00 UTC for every test: incident windows are judged against it.
const NOW = new Date('2026-11-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

const HOME = 'CA0190100';
const SHERIFF = 'CA0190000';
const INVESTIGATOR = { sub: 'u-inv-1', ori: HOME, roles: ['INVESTIGATOR'], purpose: 'C' };
const PATROL = { sub: 'u-patrol-1', ori: HOME, roles: ['PATROL_OFFICER'], purpose: 'C' };
const DISPATCHER = { sub: 'u-disp-1', ori: HOME, roles: ['DISPATCHER'], purpose: 'C' };

const fixtures = {
  cases: [
    kase(HOME, '24-000187', { type: 'ASSAULT', opened_on: '2024-03-02' }),
    kase(HOME, '23-000911', { status: 'CLOSED', opened_on: '2023-05-10', closed_on: '2023-11-20' }),
    kase(HOME, '24-000455', { opened_on: '2024-08-19' }),
    kase(HOME, '24-000600', { status: 'SUSPENDED', opened_on: '2024-10-01' }),
    kase(HOME, '25-000010', { opened_on: '2025-02-01' }),
    // Same number at the county sheriff, with u-inv-1 assigned there too: still not the caller's agency.
    kase(SHERIFF, '24-000300', { opened_on: '2024-04-30' }),
    kase(SHERIFF, '24-000187', { opened_on: '2024-01-01', title: 'Sheriff case with the same number' }),
  ],
  case_assignments: [
    assignment(HOME, '24-000187', 'u-inv-1'),
    assignment(HOME, '24-000187', 'u-inv-2', 'ASSIST'),
    assignment(HOME, '23-000911', 'u-inv-1'),
    assignment(HOME, '24-000455', 'u-inv-9'),
    assignment(HOME, '24-000600', 'u-inv-1'),
    assignment(HOME, '25-000010', 'u-inv-1', 'SUPERVISOR'),
    assignment(SHERIFF, '24-000300', 'u-inv-1'),
    assignment(SHERIFF, '24-000187', 'u-inv-1'),
  ],
  case_persons: [
    { ori: HOME, case_number: '24-000187', person_id: 'P9000001', role: 'SUSPECT' },
    { ori: HOME, case_number: '24-000187', person_id: 'P9000002', role: 'VICTIM' },
    { ori: HOME, case_number: '25-000010', person_id: 'P0000042', role: 'WITNESS' },
    { ori: SHERIFF, case_number: '24-000300', person_id: 'P9000008', role: 'SUSPECT' },
  ],
  case_vehicles: [{ ori: HOME, case_number: '24-000187', vin: '2C3CDXCT5KH900001', plate: '7WNT123' }],
  incidents: [
    incident(HOME, 'I26-0000001', hoursAgo(2), null, 'TRAFFIC_STOP'),
    incident(HOME, 'I26-0000002', hoursAgo(3), hoursAgo(0.5)),
    incident(HOME, 'I26-0000003', hoursAgo(4), hoursAgo(2)),
    incident(HOME, 'I26-0000004', hoursAgo(13), null),
    incident(SHERIFF, 'I26-0000005', hoursAgo(1), null),
  ],
  incident_units: [
    unit(HOME, 'I26-0000001', 'u-patrol-1'),
    unit(HOME, 'I26-0000001', 'u-disp-1', 'DSP1'),
    unit(HOME, 'I26-0000002', 'u-patrol-1'),
    unit(HOME, 'I26-0000003', 'u-patrol-1'),
    unit(HOME, 'I26-0000004', 'u-patrol-1'),
    unit(SHERIFF, 'I26-0000005', 'u-patrol-1'),
  ],
  incident_persons: [{ ori: HOME, incident_number: 'I26-0000001', person_id: 'P9000001' }],
  incident_vehicles: [{ ori: HOME, incident_number: 'I26-0000001', plate: '7WNT123', vin: '2C3CDXCT5KH900001' }],
};

let server: RmsServer;
let restoreClock: () => void;

beforeAll(async () => {
  restoreClock = setClock(() => NOW);
  server = await startRms(fixtures);
});

afterAll(async () => {
  restoreClock();
  await server?.stop();
});

const CASE_FIELDS = `id number ori type status title openedOn closedOn
  assignments { userId role assignedOn } persons { role person { id } } vehicles { plate vehicle { vin } }`;
const INCIDENT_FIELDS = `id number ori type startedAt clearedAt active location units { userId unit } persons { id }
  vehicles { plate vehicle { vin } }`;

describe('cases of the caller’s own agency', () => {
  it('myCases lists the cases the caller is assigned to at their agency, most recently opened first', async () => {
    const answer = await ask(server, `{ myCases { nodes { number status } pageInfo { hasNextPage } } }`, {}, INVESTIGATOR);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.myCases).toEqual({
      nodes: [
        { number: '25-000010', status: 'OPEN' },
        { number: '24-000600', status: 'SUSPENDED' },
        { number: '24-000187', status: 'OPEN' },
        { number: '23-000911', status: 'CLOSED' },
      ],
      pageInfo: { hasNextPage: false },
    });
  });

  it('filters by status and pages with cursors', async () => {
    const open = await ask(server, `{ myCases(status: OPEN) { nodes { number } } }`, {}, INVESTIGATOR);
    expect(open.data?.myCases).toEqual({ nodes: [{ number: '25-000010' }, { number: '24-000187' }] });
    const query = `query($after: String) { myCases(first: 3, after: $after) { nodes { number } pageInfo { hasNextPage endCursor } } }`;
    const first = (await ask(server, query, {}, INVESTIGATOR)).data?.myCases as { nodes: unknown[]; pageInfo: { endCursor: string } };
    expect(first.nodes).toHaveLength(3);
    const second = await ask(server, query, { after: first.pageInfo.endCursor }, INVESTIGATOR);
    expect(second.data?.myCases).toEqual({
      nodes: [{ number: '23-000911' }],
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
    const bad = await ask(server, `{ myCases(after: "nonsense") { nodes { number } } }`, {}, INVESTIGATOR);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('case(number) returns the case with its assignments, persons and vehicles', async () => {
    const answer = await ask(server, `query($n: String!) { case(number: $n) { ${CASE_FIELDS} } }`, { n: '24-000187' }, INVESTIGATOR);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.case).toEqual({
      id: 'CA0190100/24-000187',
      number: '24-000187',
      ori: HOME,
      type: 'ASSAULT',
      status: 'OPEN',
      title: 'Residential burglary',
      openedOn: '2024-03-02',
      closedOn: null,
      assignments: [
        { userId: 'u-inv-1', role: 'LEAD', assignedOn: '2025-01-10' },
        { userId: 'u-inv-2', role: 'ASSIST', assignedOn: '2025-01-10' },
      ],
      persons: [
        { role: 'SUSPECT', person: { id: 'P9000001' } },
        { role: 'VICTIM', person: { id: 'P9000002' } },
      ],
      vehicles: [{ plate: '7WNT123', vehicle: { vin: '2C3CDXCT5KH900001' } }],
    });
  });

  it('answers another agency’s case exactly like one that does not exist', async () => {
    const query = `query($n: String!) { case(number: $n) { ${CASE_FIELDS} } }`;
    const other = await ask(server, query, { n: '24-000300' }, INVESTIGATOR);
    const unknown = await ask(server, query, { n: '99-999999' }, INVESTIGATOR);
    expect(other).toEqual({ data: { case: null } });
    expect(other).toEqual(unknown);
    // The sheriff's own investigator does see it.
    const sheriff = await ask(server, query, { n: '24-000300' }, { ...INVESTIGATOR, sub: 'u-inv-1', ori: SHERIFF });
    expect((sheriff.data?.case as { ori: string }).ori).toBe(SHERIFF);
  });

  it('refuses a malformed number with BAD_USER_INPUT naming the argument', async () => {
    const answer = await ask(server, `{ case(number: "24 000187; DROP") { id } }`, {}, INVESTIGATOR);
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'number' });
  });

  it('batches: a page of cases with their parties, vehicles and assignments costs a fixed number of statements', async () => {
    const before = server.running.store.statementCount;
    const answer = await ask(server, `{ myCases { nodes { ${CASE_FIELDS} } } }`, {}, INVESTIGATOR);
    expect(answer.errors).toBeUndefined();
    // One page query, then one statement each for assignments, persons and vehicles of all four cases.
    expect(server.running.store.statementCount - before).toBe(4);
  });
});

describe('CAD incidents', () => {
  it('incident(number) returns an incident of the caller’s agency with its units, persons and vehicles', async () => {
    const answer = await ask(server, `{ incident(number: "I26-0000001") { ${INCIDENT_FIELDS} } }`, {}, DISPATCHER);
    expect(answer.data?.incident).toEqual({
      id: 'CA0190100/I26-0000001',
      number: 'I26-0000001',
      ori: HOME,
      type: 'TRAFFIC_STOP',
      startedAt: hoursAgo(2),
      clearedAt: null,
      active: true,
      location: '100 MAIN ST, FRESNO',
      units: [
        { userId: 'u-patrol-1', unit: '2A14' },
        { userId: 'u-disp-1', unit: 'DSP1' },
      ],
      persons: [{ id: 'P9000001' }],
      vehicles: [{ plate: '7WNT123', vehicle: { vin: '2C3CDXCT5KH900001' } }],
    });
    const other = await ask(server, `{ incident(number: "I26-0000005") { id } }`, {}, PATROL);
    expect(other).toEqual({ data: { incident: null } });
  });

  it('myIncidents lists the incidents the caller is a unit on at their agency, newest first, active or cleared', async () => {
    const all = await ask(server, `{ myIncidents { nodes { number active } } }`, {}, PATROL);
    expect(all.data?.myIncidents).toEqual({
      nodes: [
        { number: 'I26-0000001', active: true },
        { number: 'I26-0000002', active: false },
        { number: 'I26-0000003', active: false },
        { number: 'I26-0000004', active: true },
      ],
    });
    const active = await ask(server, `{ myIncidents(active: true) { nodes { number } } }`, {}, PATROL);
    expect(active.data?.myIncidents).toEqual({ nodes: [{ number: 'I26-0000001' }, { number: 'I26-0000004' }] });
    const cleared = await ask(server, `{ myIncidents(active: false, first: 1) { nodes { number } pageInfo { hasNextPage } } }`, {}, PATROL);
    expect(cleared.data?.myIncidents).toEqual({ nodes: [{ number: 'I26-0000002' }], pageInfo: { hasNextPage: true } });
  });
});

describe('needToKnow (contract C2)', () => {
  const CHECK = `query($c: String, $i: String) { needToKnow(caseNumber: $c, incidentNumber: $i) {
    case { number status } incident { number status } } }`;
  const check = async (caller: object, c: string | null, i: string | null) =>
    (await ask(server, CHECK, { c, i }, caller)).data?.needToKnow as {
      case: { status: string } | null;
      incident: { status: string } | null;
    };

  it.each([
    ['24-000187', 'VALID', 'an open case the caller leads'],
    ['25-000010', 'VALID', 'an open case the caller supervises'],
    ['23-000911', 'CLOSED', 'a closed case'],
    ['24-000600', 'SUSPENDED', 'a suspended case'],
    ['24-000455', 'NOT_ASSIGNED', 'an open case of the agency assigned to someone else'],
    ['24-000300', 'UNKNOWN', 'another agency’s case (the caller is assigned there, but it is not their agency)'],
    ['ZZ-123', 'UNKNOWN', 'no such case'],
    ['not a number!', 'UNKNOWN', 'something that cannot be a case number'],
  ])('case %s is %s: %s', async (number, status) => {
    expect((await check(INVESTIGATOR, number, null)).case).toEqual({ number, status });
  });

  it.each([
    ['I26-0000001', PATROL, 'VALID', 'active, started 2 h ago, the caller is its unit'],
    ['I26-0000001', DISPATCHER, 'VALID', 'the dispatcher is a unit too'],
    ['I26-0000002', PATROL, 'VALID', 'cleared 30 min ago: within the 60-minute grace'],
    ['I26-0000003', PATROL, 'EXPIRED', 'cleared 2 h ago'],
    ['I26-0000004', PATROL, 'EXPIRED', 'started 13 h ago, never cleared'],
    ['I26-0000002', DISPATCHER, 'NOT_DISPATCHED', 'the caller is not on it'],
    ['I26-0000005', PATROL, 'UNKNOWN', 'another agency’s incident, even with the caller as its unit'],
  ])('incident %s for %o is %s: %s', async (number, caller, status) => {
    expect((await check(caller, null, number)).incident).toEqual({ number, status });
  });

  it('answers null for a number not stated, and decides both numbers with one SQL statement', async () => {
    expect(await check(PATROL, null, null)).toEqual({ case: null, incident: null });
    const before = server.running.store.statementCount;
    expect(await check(PATROL, '24-000187', 'I26-0000001')).toEqual({
      case: { number: '24-000187', status: 'NOT_ASSIGNED' },
      incident: { number: 'I26-0000001', status: 'VALID' },
    });
    expect(server.running.store.statementCount - before).toBe(1);
  });
});
