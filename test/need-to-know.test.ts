/**
 * Need to know checked against the agency's records (rms): a stated X-Case-Number counts only when it is an
 * OPEN case of the caller's agency to which the caller is assigned; an X-Incident-Number only for patrol and
 * dispatch, while the caller is a unit on a current incident. Anything else denies the fields whose grants
 * say `caseNumber: required`, with the reason, and the request still runs; the audit records each status.
 */
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGatewayContextSigner } from '../common/context-signer.ts';
import { createContext, type GatewayContext } from '../gateway/context.ts';
import { createLogger } from '../gateway/logger.ts';
import { cachingConfirmations } from '../gateway/need-to-know/confirmed-cache.ts';
import { rmsNeedToKnowLookup, type StatedNumbers } from '../gateway/need-to-know/rms-lookup.ts';
import { signedSubgraphContext } from '../gateway/subgraph-context.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor, type TestCaller } from './support/callers.ts';
import { createIncident } from './support/incidents.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), recordSubgraphRequests: true });
});
afterAll(() => stack?.stop());

const RAP_SHEET = `query RapSheet($id: ID!) { person(id: $id) { name { full } criminalHistory { cii } } }`;
const wanted = SHOWCASE.wantedDriver;
const investigator = (caseNumber?: string): TestCaller => ({ ...CALLERS.investigatorNoCase, caseNumber });

async function ask(caller: TestCaller, query: string, variables: Record<string, unknown> = {}) {
  const { status, body } = await stack.query<Record<string, unknown>>(query, variables, await headersFor(caller));
  const [event] = await stack.audit.query({ userId: caller.sub, limit: 1 });
  return { status, body, event };
}

const forbidden = (body: GraphQLBody) =>
  (body.errors ?? [])
    .filter((e) => e.extensions?.code === 'FORBIDDEN')
    .map((e) => ({ path: e.path!.join('.'), reason: e.extensions!.reason }));

describe('a stated case number', () => {
  it('an open case assigned to the investigator shows need to know: the rap sheet is disclosed', async () => {
    const { status, body, event } = await ask(investigator('24-000187'), RAP_SHEET, { id: wanted.personId });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ person: { name: { full: expect.any(String) }, criminalHistory: { cii: wanted.cii } } });
    expect(event).toMatchObject({ caseNumber: '24-000187', caseStatus: 'VALID', incidentNumber: null, incidentStatus: null });
    expect(event.fieldsDisclosed).toContain('Person.criminalHistory');
  });

  it.each([
    ['an unknown number', 'ZZ-123', 'UNKNOWN', /the case number you stated is not an open case of your agency/],
    ['a closed case', '23-000911', 'CLOSED', /the case you stated is closed/],
    ["someone else's case", '24-000455', 'NOT_ASSIGNED', /the case you stated is not assigned to you/],
    ["another agency's case", '24-000300', 'UNKNOWN', /the case number you stated is not an open case of your agency/],
  ])('%s (%s) does not: the rap sheet is denied with the reason, the rest is served', async (_what, number, status, reason) => {
    const { body, event } = await ask(investigator(number), RAP_SHEET, { id: wanted.personId });
    expect(body.data).toEqual({ person: { name: { full: expect.any(String) }, criminalHistory: null } });
    expect(forbidden(body)).toEqual([{ path: 'person.criminalHistory', reason: expect.stringMatching(reason) }]);
    expect(event).toMatchObject({ caseNumber: number, caseStatus: status, outcome: 'ALLOWED' });
    expect(event.fieldsDenied).toEqual(['Person.criminalHistory']);
  });

  it("another agency's case answers byte for byte like a case that does not exist", async () => {
    const raw = async (caseNumber: string) => {
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { ...(await headersFor(investigator(caseNumber))), 'content-type': 'application/json' },
        body: JSON.stringify({ query: RAP_SHEET, variables: { id: wanted.personId } }),
      });
      return { status: response.status, text: await response.text() };
    };
    const otherAgency = await raw('24-000300');
    const unknown = await raw('ZZ-123');
    expect(otherAgency.status).toBe(200);
    expect(otherAgency).toEqual(unknown);
    expect(otherAgency.text).not.toContain('24-000300');
  });

  it('a stated number that does not count costs one rms lookup per request; none is made without one', async () => {
    const lookups = () => stack.recorded!.rms.received.filter((r) => r.query.includes('needToKnow')).length;
    const before = lookups();
    await ask(investigator('23-000911'), RAP_SHEET, { id: wanted.personId });
    expect(lookups()).toBe(before + 1);
    expect(stack.recorded!.rms.received.at(-1)!.variables).toEqual({ caseNumber: '23-000911' });
    await ask(investigator('23-000911'), RAP_SHEET, { id: wanted.personId });
    expect(lookups()).toBe(before + 2); // a refusal is never reused
    const { event } = await ask(investigator(), RAP_SHEET, { id: wanted.personId });
    expect(lookups()).toBe(before + 2);
    expect(event).toMatchObject({ caseNumber: null, caseStatus: null });
  });

  it('a malformed X-Incident-Number is refused with 400 before anything runs, and audited', async () => {
    const { status, body } = await stack.query(
      RAP_SHEET,
      { id: wanted.personId },
      {
        ...(await headersFor(investigator('24-000187'))),
        'x-incident-number': 'I26 0000001;DROP',
      },
    );
    expect(status).toBe(400);
    expect(body.errors![0]).toMatchObject({
      message: expect.stringMatching(/X-Incident-Number must be 1 to 20 letters, digits or hyphens/),
      extensions: { code: 'INCIDENT_NUMBER_INVALID' },
    });
    const [event] = await stack.audit.query({ userId: 'u-inv-1', limit: 1 });
    expect(event).toMatchObject({ outcome: 'PURPOSE_REFUSED', reason: expect.stringMatching(/^INCIDENT_NUMBER_INVALID/) });
  });
});

describe('a stated incident number (patrol and dispatch)', () => {
  const RESIDENCE = `query Plate($plate: String!) { vehicle(plate: $plate, state: "CA") { make registeredOwner { residenceAddress { street city } } } }`;
  const plate = wanted.plates[0];
  const patrol = CALLERS.patrol;
  let stop: string;
  beforeAll(async () => {
    stop = await createIncident(stack, patrol, { unit: '2A14', plate });
  });

  it("the officer on a current stop sees the DMV residence address of the stop's plate", async () => {
    const { body, event } = await ask({ ...patrol, incidentNumber: stop }, RESIDENCE, { plate });
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({
      vehicle: { registeredOwner: { residenceAddress: { street: expect.any(String), city: expect.any(String) } } },
    });
    expect(event).toMatchObject({ caseNumber: null, caseStatus: null, incidentNumber: stop, incidentStatus: 'VALID' });
    expect(event.views).toEqual(expect.arrayContaining([{ kind: 'HOME_ADDRESS', personId: wanted.personId }]));
  });

  it('without an incident, the same officer gets the vehicle but not the address', async () => {
    const { body } = await ask(patrol, RESIDENCE, { plate });
    expect(body.data).toMatchObject({ vehicle: { make: expect.any(String), registeredOwner: { residenceAddress: null } } });
    expect(forbidden(body)).toEqual([
      {
        path: 'vehicle.registeredOwner.residenceAddress',
        reason: expect.stringMatching(/without a case number may not see Person\.residenceAddress/),
      },
    ]);
  });

  it('an expired incident (cleared weeks ago) does not count', async () => {
    const { body, event } = await ask({ ...patrol, incidentNumber: 'I26-0000001' }, RESIDENCE, { plate });
    expect(forbidden(body)).toEqual([
      { path: 'vehicle.registeredOwner.residenceAddress', reason: expect.stringMatching(/the incident you stated is no longer current/) },
    ]);
    expect(event).toMatchObject({ incidentNumber: 'I26-0000001', incidentStatus: 'EXPIRED' });
  });

  it("another officer's incident does not count", async () => {
    const other: TestCaller = { ...patrol, sub: 'u-patrol-2', incidentNumber: stop };
    const { body, event } = await ask(other, RESIDENCE, { plate });
    expect(forbidden(body)).toEqual([
      { path: 'vehicle.registeredOwner.residenceAddress', reason: expect.stringMatching(/you are not a unit on the incident you stated/) },
    ]);
    expect(event).toMatchObject({ incidentNumber: stop, incidentStatus: 'NOT_DISPATCHED' });
  });

  it('a dispatcher on the call has need to know too; an investigator sent to it does not get a rap sheet by it', async () => {
    const dispatcher: TestCaller = { sub: 'u-disp-1', ori: 'CA0190100', roles: ['DISPATCHER'], purpose: 'C' };
    const call = await createIncident(stack, dispatcher, {
      type: 'CALL_FOR_SERVICE',
      unit: 'DSP1',
      units: [{ userId: 'u-inv-1', unit: '3D11' }],
    });
    const asDispatcher = await ask({ ...dispatcher, incidentNumber: call }, RESIDENCE, { plate });
    expect(asDispatcher.body.errors).toBeUndefined();
    expect(asDispatcher.event).toMatchObject({ incidentStatus: 'VALID' });

    // INVESTIGATOR's roles.yaml entry says needToKnow: [case]: a valid incident is no case.
    const { body, event } = await ask({ ...investigator(), incidentNumber: call }, RAP_SHEET, { id: wanted.personId });
    expect(event).toMatchObject({ incidentNumber: call, incidentStatus: 'VALID' });
    expect(forbidden(body)).toEqual([
      { path: 'person.criminalHistory', reason: expect.stringMatching(/with an incident number may not see Person\.criminalHistory/) },
    ]);
  });
});

describe('a confirmation reused across requests', () => {
  it('only a VALID answer, for the same caller and number, for at most 2 s', async () => {
    const asked: StatedNumbers[] = [];
    const rms = rmsNeedToKnowLookup({
      url: stack.subgraphs.rms.url,
      subgraphHeaders: signedSubgraphContext(await createGatewayContextSigner()),
      timeoutMs: 3000,
      logger: createLogger('silent'),
    });
    let clock = 0;
    const lookup = cachingConfirmations(
      (context, numbers) => {
        asked.push(numbers);
        return rms(context, numbers);
      },
      2000,
      () => clock,
    );
    const contextOf = (sub: string): GatewayContext => ({
      ...createContext(new IncomingMessage(new Socket())),
      authorization: { decisionContext: { sub, ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C' } },
    });
    const inv = contextOf('u-inv-1');

    expect(await lookup(inv, { caseNumber: '24-000187' })).toEqual({ caseStatus: 'VALID' });
    clock = 1999;
    expect(await lookup(inv, { caseNumber: '24-000187', incidentNumber: 'I26-0000001' })).toEqual({
      caseStatus: 'VALID',
      incidentStatus: 'NOT_DISPATCHED',
    });
    // Another caller stating the same number, or the same caller after 2 s, asks again.
    expect(await lookup(contextOf('u-honest-1'), { caseNumber: '24-000187' })).toEqual({ caseStatus: 'NOT_ASSIGNED' });
    clock = 2001;
    expect(await lookup(inv, { caseNumber: '24-000187' })).toEqual({ caseStatus: 'VALID' });
    expect(asked).toEqual([
      { caseNumber: '24-000187' },
      { incidentNumber: 'I26-0000001' },
      { caseNumber: '24-000187' },
      { caseNumber: '24-000187' },
    ]);
  });
});

describe('when the records system cannot answer', () => {
  it('fails closed for the fields that need a case, says why, and /ready names rms', async () => {
    await stack.subgraphs.rms.stop();
    // u-inv-1's other open case, never confirmed by this gateway (a confirmation is reused for up to 2 s).
    const { body, event } = await ask(investigator('24-005001'), RAP_SHEET, { id: wanted.personId });
    expect(body.data).toEqual({ person: { name: { full: expect.any(String) }, criminalHistory: null } });
    expect(forbidden(body)).toEqual([
      { path: 'person.criminalHistory', reason: expect.stringMatching(/the agency's records system could not be reached/) },
    ]);
    expect(event).toMatchObject({ caseNumber: '24-005001', caseStatus: 'UNREACHABLE' });

    const ready = await fetch(`${stack.origin}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { down: string[] }).down).toContain('rms');
  });
});
