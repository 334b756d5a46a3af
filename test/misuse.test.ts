/**
 * Acceptance for misuse detection: a patrol officer looks up his ex-spouse, runs his neighbour's plate
 * twice, and looks at a celebrity, none of it on a case or incident of his; an equally busy colleague works a case. Detection finds
 * exactly the first officer's misuse, one alert per victim with its evidence, and a DOJ auditor sees it
 * through the gateway.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDetection } from '../audit/detect.ts';
import { DETECTORS } from '../audit/detectors/index.ts';
import { openDetectionFacts, type OpenDetectionFacts } from '../audit/facts.ts';
import { PERSONNEL_PEOPLE, PERSONNEL_USERS } from '../generator/personnel.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const misuser: TestCaller = {
  sub: PERSONNEL_USERS.misuse.userId,
  ori: PERSONNEL_USERS.misuse.ori,
  roles: ['PATROL_OFFICER'],
  purpose: 'C',
};
const honest: TestCaller = {
  sub: PERSONNEL_USERS.honest.userId,
  ori: PERSONNEL_USERS.honest.ori,
  roles: ['PATROL_OFFICER'],
  purpose: 'C',
  caseNumber: '24-005001',
};
const dispatcher: TestCaller = {
  sub: 'u-dispatch-9',
  ori: PERSONNEL_USERS.honest.ori,
  roles: ['DISPATCHER'],
  purpose: 'C',
  caseNumber: '24-005001',
};
const auditor: TestCaller = { sub: 'doj-auditor-1', ori: 'CA0349400', roles: ['DOJ_AUDITOR'], purpose: 'A' };
const coordinator = (ori: string): TestCaller => ({ sub: `coord-${ori}`, ori, roles: ['AGENCY_COORDINATOR'], purpose: 'A' });

let stack: Stack;
let facts: OpenDetectionFacts;

async function ask(caller: TestCaller, query: string) {
  const { status, body } = await stack.query(query, {}, await headersFor(caller));
  expect(status).toBe(200);
  return body;
}

beforeAll(async () => {
  const dataDir = inject('dataDir');
  stack = await startStack({ dataDir });
  facts = openDetectionFacts(dataDir);

  // The honest session: a dispatcher opens case 24-005001, the officer works it (same number of requests).
  await ask(dispatcher, `{ person(id: "${SHOWCASE.cleanDriver.personId}") { name { full } } }`);
  await ask(honest, `{ person(id: "${SHOWCASE.cleanDriver.personId}") { name { full } wants { nic } } }`);
  await ask(honest, `{ vehicle(plate: "${SHOWCASE.cleanDriver.plates[0]}", state: "CA") { make registeredOwner { name { full } } } }`);
  await ask(honest, `{ person(id: "${SHOWCASE.stolenCar.personId}") { name { full } } }`);

  // The misuse session: no case number.
  await ask(misuser, `{ person(id: "${PERSONNEL_PEOPLE.exSpouse.personId}") { name { full } dob vehicles { plate } } }`);
  // Without a case or incident her address is withheld (need to know); he runs her plate again instead.
  for (let i = 0; i < 2; i++) {
    await ask(
      misuser,
      `{ vehicle(plate: "${PERSONNEL_PEOPLE.neighbour.vehicle.plate}", state: "CA") { make model registeredOwner { name { full } residenceAddress { street } } } }`,
    );
  }
  await ask(misuser, `{ person(id: "${PERSONNEL_PEOPLE.celebrity.personId}") { name { full } dob } }`);
});

afterAll(async () => {
  facts?.close();
  await stack?.stop();
});

describe('misuse detection over the audit trail', () => {
  it("finds the officer's own misuse, each alert with its evidence, and nothing for the honest session", async () => {
    const result = await runDetection(stack.audit, facts, DETECTORS, { afterSeq: 0 });
    const alerts = result.alerts;
    expect(alerts.length).toBeGreaterThanOrEqual(3);
    expect(alerts.every((a) => a.userId === misuser.sub && a.ori === misuser.ori)).toBe(true);
    // Alerts name the victims: "no case number" alone is never one. (Run outside his shift, the first plate
    // check alerts on its own as well; the set of victims is the same.)
    const victims = [...new Set(alerts.map((a) => `${a.detector} ${a.severity} ${String(a.facts.personId)}`))].map((v) => v.split(' '));
    expect(victims.sort()).toEqual([
      ['highProfileAccess', 'HIGH', PERSONNEL_PEOPLE.celebrity.personId],
      ['relativeLookup', 'HIGH', PERSONNEL_PEOPLE.exSpouse.personId],
      ['relativeLookup', 'MEDIUM', PERSONNEL_PEOPLE.neighbour.personId],
    ]);

    const exSpouse = alerts.find((a) => a.detector === 'relativeLookup' && a.severity === 'HIGH')!;
    expect(exSpouse.facts).toMatchObject({ personId: PERSONNEL_PEOPLE.exSpouse.personId, relation: 'EX_SPOUSE', need: 'NONE' });
    const evidence = await stack.audit.events(exSpouse.eventSeqs);
    expect(evidence.map((e) => [e.userId, e.subjects])).toEqual([[misuser.sub, [PERSONNEL_PEOPLE.exSpouse.personId]]]);
    const neighbour = alerts.filter((a) => a.detector === 'relativeLookup' && a.severity === 'MEDIUM').at(-1)!;
    expect(neighbour.facts).toMatchObject({ relation: 'NEIGHBOUR', views: ['VEHICLE_REGISTRATION'] });
    expect(neighbour.eventSeqs).toHaveLength(2);
  });

  it('never raises the same alert twice for the same evidence', async () => {
    const again = await runDetection(stack.audit, facts, DETECTORS, { afterSeq: 0 });
    expect(again.alerts).toEqual([]);
  });
});

describe('auditors through the gateway', () => {
  const ALERTS = `{ misuseAlerts(first: 50) { edges { node { detector severity userId ori summary evidence { seq userId caseNumber subjects } } } } }`;
  type Alerts = { misuseAlerts: { edges: { node: { detector: string; userId: string; ori: string; evidence: { userId: string }[] } }[] } };

  it('a DOJ auditor receives the alerts with their evidence events', async () => {
    const body = await ask(auditor, ALERTS);
    expect(body.errors).toBeUndefined();
    const nodes = (body.data as Alerts).misuseAlerts.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    expect(nodes.every((n) => n.userId === misuser.sub && n.evidence.length > 0 && n.evidence.every((e) => e.userId === misuser.sub))).toBe(
      true,
    );
  });

  it('answers who looked at a person, when, why, and what they saw', async () => {
    const body = await ask(
      auditor,
      `{ disclosuresOf(personId: "${PERSONNEL_PEOPLE.exSpouse.personId}") { edges { node { time userId ori purpose caseNumber fieldsDisclosed } } } }`,
    );
    const nodes = (body.data as { disclosuresOf: { edges: { node: Record<string, unknown> }[] } }).disclosuresOf.edges.map((e) => e.node);
    expect(nodes).toEqual([
      expect.objectContaining({
        userId: misuser.sub,
        ori: misuser.ori,
        purpose: 'C',
        caseNumber: null,
        fieldsDisclosed: expect.arrayContaining(['Person.name', 'Person.dob']),
      }),
    ]);
  });

  it("an agency coordinator sees their own agency's alerts only", async () => {
    const own = (await ask(coordinator(misuser.ori), ALERTS)).data as Alerts;
    expect(own.misuseAlerts.edges.length).toBeGreaterThanOrEqual(3);
    const other = (await ask(coordinator('CA0370000'), ALERTS)).data as Alerts;
    expect(other.misuseAlerts.edges).toEqual([]);
  });

  it('nobody else sees audit data, and reading the trail is itself audited', async () => {
    const body = await ask(misuser, ALERTS);
    expect(body.data).toEqual({ misuseAlerts: null });
    expect(body.errors![0].extensions!.code).toBe('FORBIDDEN');
    const [latest] = await stack.audit.query({ userId: auditor.sub, limit: 1 });
    expect(latest.fieldsDisclosed).toEqual(expect.arrayContaining(['Query.disclosuresOf']));
  });
});
