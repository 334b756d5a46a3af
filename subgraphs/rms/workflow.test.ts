import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../common/clock.ts';
import { ask, assignment, incident, kase, snapshot, startRms, unit, type RmsServer } from './testing.ts';

// Now is 2026-11-01 12:00 UTC: new cases open on 2026-11-01, new incidents are numbered I26-….
const NOW = new Date('2026-11-01T12:00:00Z');
const HOME = 'CA0190100';
const SHERIFF = 'CA0190000';
const LEAD = { sub: 'u-inv-1', ori: HOME, roles: ['INVESTIGATOR'], purpose: 'C' };
const ASSISTANT = { sub: 'u-inv-2', ori: HOME, roles: ['INVESTIGATOR'], purpose: 'C' };
const STRANGER = { sub: 'u-inv-3', ori: HOME, roles: ['INVESTIGATOR'], purpose: 'C' };
const SHERIFF_INVESTIGATOR = { sub: 'u-inv-1', ori: SHERIFF, roles: ['INVESTIGATOR'], purpose: 'C' };
const DISPATCHER = { sub: 'u-disp-1', ori: HOME, roles: ['DISPATCHER'], purpose: 'C' };
const PATROL = { sub: 'u-patrol-1', ori: HOME, roles: ['PATROL_OFFICER'], purpose: 'C' };
const OTHER_PATROL = { sub: 'u-patrol-2', ori: HOME, roles: ['PATROL_OFFICER'], purpose: 'C' };

let server: RmsServer;
let restoreClock: () => void;
let keys = 0;
const key = () => `k-${++keys}`;

beforeAll(async () => {
  restoreClock = setClock(() => NOW);
  server = await startRms({
    cases: [kase(HOME, '26-000041', { opened_on: '2026-01-05' }), kase(HOME, '26-000050'), kase(SHERIFF, '26-000099')],
    case_assignments: [
      assignment(HOME, '26-000041', 'u-inv-1'),
      assignment(HOME, '26-000050', 'u-inv-1'),
      assignment(SHERIFF, '26-000099', 'u-sheriff-1'),
    ],
    incidents: [incident(HOME, 'I26-0010007', '2026-11-01T10:00:00Z', null)],
    incident_units: [unit(HOME, 'I26-0010007', 'u-patrol-1')],
  });
});

afterAll(async () => {
  restoreClock();
  await server?.stop();
});

const CASE =
  'number status openedOn closedOn assignments { userId role } persons { role person { id } } vehicles { plate vehicle { vin } }';
const OPEN = `mutation($input: OpenCaseInput!, $key: String!) { openCase(input: $input, idempotencyKey: $key) { ${CASE} } }`;
const CLOSE = `mutation($n: String!, $key: String!) { closeCase(number: $n, idempotencyKey: $key) { ${CASE} } }`;
const ASSIGN = `mutation($n: String!, $u: String!, $r: CaseAssignmentRole!, $key: String!) {
  assignCaseUser(number: $n, userId: $u, role: $r, idempotencyKey: $key) { ${CASE} } }`;
const LINK_PERSON = `mutation($n: String!, $p: ID!, $r: CasePersonRole!, $key: String!) {
  linkCasePerson(number: $n, personId: $p, role: $r, idempotencyKey: $key) { ${CASE} } }`;
const LINK_VEHICLE = `mutation($n: String!, $vin: String!, $plate: String, $key: String!) {
  linkCaseVehicle(number: $n, vin: $vin, plate: $plate, idempotencyKey: $key) { ${CASE} } }`;
const INCIDENT = 'number type startedAt clearedAt active location units { userId unit } persons { id } vehicles { plate vehicle { vin } }';
const CREATE = `mutation($input: CreateIncidentInput!, $key: String!) { createIncident(input: $input, idempotencyKey: $key) { ${INCIDENT} } }`;
const CLEAR = `mutation($n: String!, $key: String!) { clearIncident(number: $n, idempotencyKey: $key) { ${INCIDENT} } }`;
const CHECK = `query($c: String, $i: String) { needToKnow(caseNumber: $c, incidentNumber: $i) { case { status } incident { status } } }`;

const codeOf = (answer: { errors?: { extensions?: { code?: string } }[] }) => answer.errors?.[0]?.extensions?.code;

/** Runs `request` and proves that it was refused with `code` and wrote nothing. */
async function refusedUnchanged(code: string, request: () => Promise<{ errors?: { message: string; extensions?: { code?: string } }[] }>) {
  const before = snapshot(server);
  const answer = await request();
  expect(codeOf(answer), JSON.stringify(answer.errors)).toBe(code);
  expect(snapshot(server)).toEqual(before);
  return answer;
}

describe('cases', () => {
  it('openCase gives the next case number of the agency and makes the caller its LEAD; a retry returns the same case', async () => {
    const k = key();
    const input = { type: 'burglary', title: 'Garage burglary, 500 block W Olive Ave' };
    const first = await ask(server, OPEN, { input, key: k }, LEAD);
    expect(first.errors).toBeUndefined();
    expect(first.data?.openCase).toEqual({
      number: '26-000051',
      status: 'OPEN',
      openedOn: '2026-11-01',
      closedOn: null,
      assignments: [{ userId: 'u-inv-1', role: 'LEAD' }],
      persons: [],
      vehicles: [],
    });
    const before = snapshot(server);
    expect(await ask(server, OPEN, { input, key: k }, LEAD)).toEqual(first);
    expect(snapshot(server)).toEqual(before);
    // The same key for another operation is refused.
    const other = await ask(server, CLOSE, { n: '26-000051', key: k }, LEAD);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'idempotencyKey' });
  });

  it('openCase with a stated number refuses one the agency already uses, and bad input changes nothing', async () => {
    const opened = await ask(
      server,
      OPEN,
      { input: { number: 'fl-26-0007', type: 'COURT_PROTECTIVE_ORDER', title: 'DV petition' }, key: key() },
      LEAD,
    );
    expect((opened.data?.openCase as { number: string }).number).toBe('FL-26-0007');
    await refusedUnchanged('CONFLICT', () =>
      ask(server, OPEN, { input: { number: '26-000041', type: 'FRAUD', title: 'x' }, key: key() }, LEAD),
    );
    await refusedUnchanged('BAD_USER_INPUT', () => ask(server, OPEN, { input: { type: 'FRAUD', title: '   ' }, key: key() }, LEAD));
    await refusedUnchanged('BAD_USER_INPUT', () =>
      ask(server, OPEN, { input: { type: 'no spaces allowed', title: 'x' }, key: key() }, LEAD),
    );
    await refusedUnchanged('BAD_USER_INPUT', () => ask(server, OPEN, { input: { type: 'FRAUD', title: 'x' }, key: 'bad key!' }, LEAD));
    await refusedUnchanged('FORBIDDEN', () => ask(server, OPEN, { input: { type: 'FRAUD', title: 'x' }, key: key() }, PATROL));
  });

  it('links persons and vehicles to an assigned open case; others are refused and nothing changes', async () => {
    await refusedUnchanged('FORBIDDEN', () =>
      ask(server, LINK_PERSON, { n: '26-000041', p: 'P9000001', r: 'SUSPECT', key: key() }, STRANGER),
    );
    await refusedUnchanged('NOT_FOUND', () => ask(server, LINK_PERSON, { n: '26-000099', p: 'P9000001', r: 'SUSPECT', key: key() }, LEAD));
    await refusedUnchanged('BAD_USER_INPUT', () => ask(server, LINK_VEHICLE, { n: '26-000041', vin: 'NOT-A-VIN', key: key() }, LEAD));
    const person = await ask(server, LINK_PERSON, { n: '26-000041', p: 'p9000001', r: 'SUSPECT', key: key() }, LEAD);
    expect((person.data?.linkCasePerson as { persons: unknown }).persons).toEqual([{ role: 'SUSPECT', person: { id: 'P9000001' } }]);
    const vehicle = await ask(server, LINK_VEHICLE, { n: '26-000041', vin: '2c3cdxct5kh900001', plate: '7wnt 123', key: key() }, LEAD);
    expect((vehicle.data?.linkCaseVehicle as { vehicles: unknown }).vehicles).toEqual([
      { plate: '7WNT123', vehicle: { vin: '2C3CDXCT5KH900001' } },
    ]);
  });

  it('assignCaseUser: only the lead or supervisor staffs a case; the assistant then has need to know', async () => {
    expect((await ask(server, CHECK, { c: '26-000041' }, ASSISTANT)).data?.needToKnow).toEqual({
      case: { status: 'NOT_ASSIGNED' },
      incident: null,
    });
    await refusedUnchanged('FORBIDDEN', () => ask(server, ASSIGN, { n: '26-000041', u: 'u-inv-2', r: 'ASSIST', key: key() }, STRANGER));
    await refusedUnchanged('BAD_USER_INPUT', () => ask(server, ASSIGN, { n: '26-000041', u: 'u inv 2', r: 'ASSIST', key: key() }, LEAD));
    const assigned = await ask(server, ASSIGN, { n: '26-000041', u: 'u-inv-2', r: 'ASSIST', key: key() }, LEAD);
    expect((assigned.data?.assignCaseUser as { assignments: unknown }).assignments).toEqual([
      { userId: 'u-inv-1', role: 'LEAD' },
      { userId: 'u-inv-2', role: 'ASSIST' },
    ]);
    expect((await ask(server, CHECK, { c: '26-000041' }, ASSISTANT)).data?.needToKnow).toEqual({
      case: { status: 'VALID' },
      incident: null,
    });
    // An assistant may not close it or staff it.
    await refusedUnchanged('FORBIDDEN', () => ask(server, CLOSE, { n: '26-000041', key: key() }, ASSISTANT));
    await refusedUnchanged('FORBIDDEN', () => ask(server, ASSIGN, { n: '26-000041', u: 'u-inv-3', r: 'ASSIST', key: key() }, ASSISTANT));
  });

  it('closeCase closes it for the very next need-to-know check; closing again is a CONFLICT; a retry is not', async () => {
    expect((await ask(server, CHECK, { c: '26-000050' }, LEAD)).data?.needToKnow).toEqual({ case: { status: 'VALID' }, incident: null });
    const k = key();
    const closed = await ask(server, CLOSE, { n: '26-000050', key: k }, LEAD);
    expect(closed.data?.closeCase).toMatchObject({ number: '26-000050', status: 'CLOSED', closedOn: '2026-11-01' });
    expect((await ask(server, CHECK, { c: '26-000050' }, LEAD)).data?.needToKnow).toEqual({ case: { status: 'CLOSED' }, incident: null });
    expect(await ask(server, CLOSE, { n: '26-000050', key: k }, LEAD)).toEqual(closed);
    await refusedUnchanged('CONFLICT', () => ask(server, CLOSE, { n: '26-000050', key: key() }, LEAD));
    await refusedUnchanged('CONFLICT', () => ask(server, LINK_PERSON, { n: '26-000050', p: 'P9000002', r: 'VICTIM', key: key() }, LEAD));
  });

  it('another agency’s case is refused exactly like an unknown one, even for a user assigned there', async () => {
    const other = await refusedUnchanged('NOT_FOUND', () => ask(server, CLOSE, { n: '26-000099', key: key() }, LEAD));
    const unknown = await refusedUnchanged('NOT_FOUND', () => ask(server, CLOSE, { n: '26-000098', key: key() }, LEAD));
    expect(other.errors?.[0].message).toBe('No case 26-000099 at your agency.');
    expect(unknown.errors?.[0].message).toBe('No case 26-000098 at your agency.');
    await refusedUnchanged('FORBIDDEN', () => ask(server, CLOSE, { n: '26-000099', key: key() }, SHERIFF_INVESTIGATOR));
  });
});

describe('CAD incidents', () => {
  it('a dispatcher creates an incident with the next number and sends units; each unit then has need to know', async () => {
    const k = key();
    const input = {
      type: 'CALL_FOR_SERVICE',
      location: '2100 W HERNDON AVE, FRESNO',
      unit: 'dsp1',
      units: [{ userId: 'u-patrol-1', unit: '2A14' }],
      personIds: ['P9000003'],
    };
    const created = await ask(server, CREATE, { input, key: k }, DISPATCHER);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createIncident).toEqual({
      number: 'I26-0010008',
      type: 'CALL_FOR_SERVICE',
      startedAt: '2026-11-01T12:00:00Z',
      clearedAt: null,
      active: true,
      location: '2100 W HERNDON AVE, FRESNO',
      units: [
        { userId: 'u-patrol-1', unit: '2A14' },
        { userId: 'u-disp-1', unit: 'DSP1' },
      ],
      persons: [{ id: 'P9000003' }],
      vehicles: [],
    });
    const before = snapshot(server);
    expect(await ask(server, CREATE, { input, key: k }, DISPATCHER)).toEqual(created);
    expect(snapshot(server)).toEqual(before);
    expect((await ask(server, CHECK, { i: 'I26-0010008' }, PATROL)).data?.needToKnow).toEqual({
      case: null,
      incident: { status: 'VALID' },
    });
    expect((await ask(server, CHECK, { i: 'I26-0010008' }, OTHER_PATROL)).data?.needToKnow).toEqual({
      case: null,
      incident: { status: 'NOT_DISPATCHED' },
    });
  });

  it('a patrol officer self-initiates a traffic stop and is its one unit; nothing else', async () => {
    const stop = await ask(
      server,
      CREATE,
      {
        input: {
          type: 'TRAFFIC_STOP',
          location: 'N CEDAR AVE AND E SHIELDS AVE',
          unit: '2A15',
          plate: '7WNT123',
          vin: '2C3CDXCT5KH900001',
          personIds: ['P9000001'],
        },
        key: key(),
      },
      OTHER_PATROL,
    );
    expect(stop.data?.createIncident).toMatchObject({
      number: 'I26-0010009',
      units: [{ userId: 'u-patrol-2', unit: '2A15' }],
      vehicles: [{ plate: '7WNT123', vehicle: { vin: '2C3CDXCT5KH900001' } }],
    });
    await refusedUnchanged('FORBIDDEN', () =>
      ask(server, CREATE, { input: { type: 'CALL_FOR_SERVICE', location: 'x', unit: '2A15' }, key: key() }, OTHER_PATROL),
    );
    await refusedUnchanged('FORBIDDEN', () =>
      ask(
        server,
        CREATE,
        { input: { type: 'TRAFFIC_STOP', location: 'x', unit: '2A15', units: [{ userId: 'u-patrol-1', unit: '2A14' }] }, key: key() },
        OTHER_PATROL,
      ),
    );
    await refusedUnchanged('FORBIDDEN', () =>
      ask(server, CREATE, { input: { type: 'TRAFFIC_STOP', location: 'x', unit: '2A15' }, key: key() }, LEAD),
    );
    await refusedUnchanged('BAD_USER_INPUT', () =>
      ask(server, CREATE, { input: { type: 'PICNIC', location: 'x', unit: '2A15' }, key: key() }, DISPATCHER),
    );
    await refusedUnchanged('BAD_USER_INPUT', () =>
      ask(
        server,
        CREATE,
        { input: { type: 'ALARM', location: 'x', unit: 'DSP1', units: [{ userId: 'u-disp-1', unit: 'DSP1' }] }, key: key() },
        DISPATCHER,
      ),
    );
  });

  it('clearIncident: only a unit clears it, once; within the grace period the unit keeps need to know', async () => {
    await refusedUnchanged('FORBIDDEN', () => ask(server, CLEAR, { n: 'I26-0010007', key: key() }, OTHER_PATROL));
    await refusedUnchanged('NOT_FOUND', () => ask(server, CLEAR, { n: 'I26-0999999', key: key() }, PATROL));
    const k = key();
    const cleared = await ask(server, CLEAR, { n: 'I26-0010007', key: k }, PATROL);
    expect(cleared.data?.clearIncident).toMatchObject({ number: 'I26-0010007', active: false, clearedAt: '2026-11-01T12:00:00Z' });
    expect(await ask(server, CLEAR, { n: 'I26-0010007', key: k }, PATROL)).toEqual(cleared);
    await refusedUnchanged('CONFLICT', () => ask(server, CLEAR, { n: 'I26-0010007', key: key() }, PATROL));
    expect((await ask(server, CHECK, { i: 'I26-0010007' }, PATROL)).data?.needToKnow).toEqual({
      case: null,
      incident: { status: 'VALID' },
    });
    const later = setClock(() => new Date(NOW.getTime() + 61 * 60_000));
    try {
      expect((await ask(server, CHECK, { i: 'I26-0010007' }, PATROL)).data?.needToKnow).toEqual({
        case: null,
        incident: { status: 'EXPIRED' },
      });
    } finally {
      later();
    }
  });
});
