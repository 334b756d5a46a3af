/**
 * Sensitive views (home address, vehicle registration, protection order) feed the misuse detectors, so the
 * audit records one only when the data that makes it actually left the gateway: a view that did not
 * happen is a false accusation.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import type { AuditEvent } from '../audit/event.ts';
import { createIncident } from './support/incidents.ts';
import { CALLERS, headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

/** Runs the query and returns the body and the audit event it left. */
async function audited(caller: TestCaller, query: string): Promise<{ body: GraphQLBody; event: AuditEvent }> {
  const { status, body } = await stack.query(query, {}, await headersFor(caller));
  expect(status).toBe(200);
  const [event] = await stack.audit.query({ userId: caller.sub, limit: 1 });
  return { body, event };
}

const forbidden = (body: GraphQLBody) =>
  (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.'));

describe('home address and vehicle registration views', () => {
  it('a court clerk denied every address line, shown an empty vehicle list, viewed neither', async () => {
    const person = SHOWCASE.protectedPerson; // Safe at Home participant, no vehicles
    const { body, event } = await audited(
      CALLERS.courtClerk,
      `{ person(id: "${person.personId}") { name { full } residenceAddress { street city zip safeAtHome } vehicles { plate make } } }`,
    );
    expect(body.data).toEqual({
      person: { name: { full: person.name }, residenceAddress: { street: null, city: null, zip: null, safeAtHome: true }, vehicles: [] },
    });
    expect(forbidden(body).sort()).toEqual([
      'person.residenceAddress.city',
      'person.residenceAddress.street',
      'person.residenceAddress.zip',
    ]);
    expect(event.subjects).toEqual([person.personId]);
    expect(event.views).toEqual([]);
  });

  it('an investigator on a case who does see the address and the vehicles views both, once each', async () => {
    const person = SHOWCASE.cleanDriver;
    const { body, event } = await audited(
      CALLERS.investigator,
      `{ person(id: "${person.personId}") { residenceAddress { street city } home: residenceAddress { zip } vehicles { plate } } }`,
    );
    const seen = (body.data as { person: { residenceAddress: { street: string }; vehicles: { plate: string }[] } }).person;
    expect(seen.residenceAddress.street).toEqual(expect.any(String));
    expect(seen.vehicles.map((v) => v.plate)).toEqual([...person.plates]);
    const byKind = (a: { kind: string }, b: { kind: string }) => a.kind.localeCompare(b.kind);
    expect([...event.views].sort(byKind)).toEqual([
      { kind: 'HOME_ADDRESS', personId: person.personId },
      { kind: 'VEHICLE_REGISTRATION', personId: person.personId },
    ]);
  });

  it('an address returned without any of its lines is not a home-address view', async () => {
    const { event } = await audited(
      CALLERS.investigator,
      `{ person(id: "${SHOWCASE.cleanDriver.personId}") { residenceAddress { state safeAtHome } } }`,
    );
    expect(event.fieldsDisclosed).toContain('Person.residenceAddress');
    expect(event.views).toEqual([]);
  });

  it('a VC 1808.4 address: viewed by the investigator who sees it, not by the patrol officer denied it', async () => {
    const judge = SHOWCASE.judge.personId;
    const query = `{ person(id: "${judge}") { residenceAddress { city } } }`;
    const stop = await createIncident(stack, CALLERS.patrol, { unit: '2A14' }); // need to know for the residence address
    const patrol = await audited({ ...CALLERS.patrol, incidentNumber: stop }, query);
    expect(forbidden(patrol.body)).toEqual(['person.residenceAddress.city']);
    expect(patrol.event.views).toEqual([]);
    const investigator = await audited(CALLERS.investigator, query);
    expect(investigator.event.views).toEqual([{ kind: 'HOME_ADDRESS', personId: judge }]);
  });

  it("a plate's NCIC stolen-vehicle report alone is not a view of the owner's registration", async () => {
    const { body, event } = await audited(
      CALLERS.patrol,
      `{ vehicle(plate: "${SHOWCASE.stolenCar.plates[0]}", state: "CA") { stolenVehicleReports { nic } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(event.views).toEqual([]);
    const described = await audited(CALLERS.patrol, `{ vehicle(plate: "${SHOWCASE.stolenCar.plates[0]}", state: "CA") { make } }`);
    expect(described.event.views).toEqual([{ kind: 'VEHICLE_REGISTRATION', personId: SHOWCASE.stolenCar.personId }]);
  });
});

describe('protection order views', () => {
  it('an order returned is a view of its restrained and protected persons; an empty list is none', async () => {
    const restrained = SHOWCASE.wantedDriver.personId;
    const withOrder = await audited(CALLERS.patrol, `{ person(id: "${restrained}") { protectionOrders { orderType } } }`);
    expect(withOrder.event.views).toEqual(
      expect.arrayContaining([
        { kind: 'PROTECTION_ORDER', personId: restrained },
        { kind: 'PROTECTION_ORDER', personId: SHOWCASE.protectedPerson.personId },
      ]),
    );
    const without = await audited(CALLERS.patrol, `{ person(id: "${SHOWCASE.cleanDriver.personId}") { protectionOrders { orderType } } }`);
    expect((without.body.data as { person: { protectionOrders: unknown[] } }).person.protectionOrders).toEqual([]);
    expect(without.event.views).toEqual([]);
  });
});
