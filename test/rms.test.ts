/**
 * Acceptance for the agency records (rms): through the gateway, an investigator reads their cases with the
 * persons linked to them (identity from cjis), another agency's case answers exactly like an unknown one, a
 * dispatcher creates an incident and sends a patrol unit, who then sees it in myIncidents and may clear it;
 * roles the policy does not name never reach the source.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE_CASES, SHOWCASE_INCIDENT } from '../generator/records/rms.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const investigator: TestCaller = CALLERS.investigatorNoCase;
const dispatcher: TestCaller = { sub: 'u-disp-1', ori: 'CA0190100', roles: ['DISPATCHER'], purpose: 'C' };
const patrol: TestCaller = CALLERS.patrol;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});

afterAll(async () => {
  await stack?.stop();
});

async function ask(caller: TestCaller, query: string, variables: Record<string, unknown> = {}) {
  return stack.query(query, variables, await headersFor(caller));
}

const CASE = /* GraphQL */ `
  query Case($number: String!) {
    case(number: $number) {
      id
      number
      ori
      status
      assignments {
        userId
        role
      }
      persons {
        role
        person {
          id
          name {
            full
          }
        }
      }
      vehicles {
        plate
        vehicle {
          vin
          make
        }
      }
    }
  }
`;

describe('cases through the gateway', () => {
  it('an investigator lists their open cases and reads one, with its persons and vehicles resolved from cjis and dmv', async () => {
    const mine = await ask(investigator, `{ myCases(status: OPEN, first: 100) { nodes { number ori status } } }`);
    expect(mine.body.errors).toBeUndefined();
    const numbers = (mine.body.data?.myCases as { nodes: { number: string; ori: string }[] }).nodes.map((n) => n.number);
    expect(numbers).toEqual(expect.arrayContaining([SHOWCASE_CASES.riveraAssault.caseNumber, SHOWCASE_CASES.spare.caseNumber]));
    expect(numbers).not.toContain(SHOWCASE_CASES.closed.caseNumber);
    expect(numbers).not.toContain(SHOWCASE_CASES.someoneElses.caseNumber);

    const answer = await ask(investigator, CASE, { number: SHOWCASE_CASES.riveraAssault.caseNumber });
    expect(answer.body.errors).toBeUndefined();
    const found = answer.body.data?.case as {
      id: string;
      assignments: unknown[];
      persons: { role: string; person: { id: string; name: { full: string } } }[];
      vehicles: { plate: string; vehicle: { vin: string; make: string } }[];
    };
    expect(found.id).toBe('CA0190100/24-000187');
    expect(found.assignments).toContainEqual({ userId: 'u-inv-1', role: 'LEAD' });
    expect(found.persons).toContainEqual({
      role: 'SUSPECT',
      person: { id: SHOWCASE.wantedDriver.personId, name: { full: expect.stringContaining('RIVERA') } },
    });
    expect(found.vehicles).toEqual([
      { plate: SHOWCASE.wantedDriver.plates[0], vehicle: { vin: SHOWCASE.wantedDriver.vins[0], make: 'DODG' } },
    ]);

    // The audit trail names the case and the persons it disclosed.
    const [event] = await stack.audit.query({ userId: investigator.sub, subject: SHOWCASE.wantedDriver.personId, limit: 1 });
    expect(event.records).toContain('AgencyCase:CA0190100/24-000187');
    expect(event.subjects).toEqual(expect.arrayContaining([SHOWCASE.wantedDriver.personId, SHOWCASE.protectedPerson.personId]));
  });

  it('answers another agency’s case exactly like a case that does not exist', async () => {
    const other = await ask(investigator, CASE, { number: SHOWCASE_CASES.otherAgency.caseNumber });
    const unknown = await ask(investigator, CASE, { number: '99-999999' });
    expect(other.body).toEqual({ data: { case: null } });
    expect(unknown.body).toEqual(other.body);
  });

  it('refuses the case list to a role the policy does not name, before the source is asked', async () => {
    const before = stack.sqlStatements();
    const answer = await ask(patrol, `{ myCases { nodes { number } } }`);
    expect(stack.sqlStatements()).toBe(before);
    expect(answer.body.data?.myCases ?? null).toBeNull();
    expect(answer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('CAD incidents through the gateway', () => {
  it('a dispatcher creates an incident and sends a patrol unit, who then sees it in myIncidents and clears it', async () => {
    const created = await ask(
      dispatcher,
      `mutation($input: CreateIncidentInput!, $key: String!) { createIncident(input: $input, idempotencyKey: $key) { number active units { userId unit } } }`,
      {
        input: { type: 'WELFARE_CHECK', location: '1200 E SHAW AVE, FRESNO', unit: 'DSP1', units: [{ userId: patrol.sub, unit: '2A14' }] },
        key: 'rms-e2e-create-1',
      },
    );
    expect(created.body.errors).toBeUndefined();
    const incident = created.body.data?.createIncident as { number: string; active: boolean; units: unknown[] };
    expect(incident.active).toBe(true);
    expect(incident.units).toEqual(
      expect.arrayContaining([
        { userId: patrol.sub, unit: '2A14' },
        { userId: dispatcher.sub, unit: 'DSP1' },
      ]),
    );

    const seen = await ask(patrol, `{ myIncidents(active: true) { nodes { number type location } } }`);
    expect(seen.body.errors).toBeUndefined();
    expect((seen.body.data?.myIncidents as { nodes: unknown[] }).nodes).toContainEqual({
      number: incident.number,
      type: 'WELFARE_CHECK',
      location: '1200 E SHAW AVE, FRESNO',
    });

    const cleared = await ask(
      patrol,
      `mutation($n: String!) { clearIncident(number: $n, idempotencyKey: "rms-e2e-clear-1") { number active } }`,
      { n: incident.number },
    );
    expect(cleared.body.data?.clearIncident).toEqual({ number: incident.number, active: false });
  });

  it('the planted traffic stop is the patrol officer’s, with the plate they ran', async () => {
    const answer = await ask(patrol, `query($n: String!) { incident(number: $n) { type vehicles { plate } persons { id } } }`, {
      n: SHOWCASE_INCIDENT.incidentNumber,
    });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.incident).toEqual({
      type: 'TRAFFIC_STOP',
      vehicles: [{ plate: SHOWCASE.wantedDriver.plates[0] }],
      persons: [{ id: SHOWCASE.wantedDriver.personId }],
    });
  });

  it('a patrol officer may not create a call for service (the source refuses what is not a self-initiated stop)', async () => {
    const answer = await ask(
      patrol,
      `mutation { createIncident(input: { type: "CALL_FOR_SERVICE", location: "X", unit: "2A14" }, idempotencyKey: "rms-e2e-refused-1") { number } }`,
    );
    expect(answer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
