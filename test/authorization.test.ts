/**
 * Acceptance: five callers run the same unified profile query on the same person and each gets exactly
 * what the policy says, with one explained FORBIDDEN error per denied path; fields denied by context
 * alone never reach a source.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor, subject, type TestCaller } from './support/callers.ts';
import { createIncident } from './support/incidents.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

const PROFILE = /* GraphQL */ `
  query Profile($id: ID!) {
    person(id: $id) {
      id
      name {
        full
      }
      dob
      identifiers {
        fbi
        cii
        oln
      }
      driverLicense {
        number
        status
      }
      vehicles {
        plate
      }
      residenceAddress {
        street
        city
        safeAtHome
      }
      mailingAddress {
        city
      }
      cautions {
        code
        meaning
      }
      wants {
        nic
        offenseCode
      }
      protectionOrders {
        nic
        orderType
        active
        confidential {
          protectedAddress
        }
      }
      iii {
        fbi
        statesOfRecord {
          state
        }
      }
      criminalHistory {
        cii
        ssn
        convictions {
          statute
        }
        summary {
          convictionCount
        }
        arrests {
          arrestDate
          charges {
            statute
            sealed
          }
        }
      }
    }
  }
`;

interface Problem {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), recordSubgraphRequests: true });
});
afterAll(() => stack?.stop());

async function profile(caller: TestCaller, personId: string = SHOWCASE.wantedDriver.personId) {
  const { status, body } = await stack.query(PROFILE, { id: personId }, await headersFor(caller));
  expect(status).toBe(200);
  return body as GraphQLBody<{ person: Record<string, unknown> | null }> & { errors?: Problem[] };
}

/** The coordinate of every FORBIDDEN error, and a check that each denied path has exactly one error. */
function denied(body: { errors?: Problem[] }): string[] {
  const forbidden = (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
  const paths = forbidden.map((e) => JSON.stringify(e.path));
  expect(new Set(paths).size).toBe(paths.length);
  for (const error of forbidden) {
    expect(error.extensions).toMatchObject({ coordinate: expect.any(String), reason: expect.any(String), allowedWith: expect.any(Array) });
  }
  return [...new Set(forbidden.map((e) => e.extensions!.coordinate as string))].sort();
}

describe('the same profile query, five callers', () => {
  it('a patrol officer sees identity, DMV, officer-safety data and orders, but no rap sheet, residence or CLETS-001', async () => {
    const body = await profile(CALLERS.patrol);
    const person = body.data!.person!;
    expect(person.name).toEqual({ full: SHOWCASE.wantedDriver.name });
    expect(person.driverLicense).toMatchObject({ status: 'SUSPENDED' });
    expect(person.vehicles).toEqual(expect.arrayContaining([{ plate: '7WNT123' }]));
    expect(person.cautions).toEqual(expect.arrayContaining([expect.objectContaining({ code: '00' })]));
    expect((person.wants as unknown[]).length).toBeGreaterThan(0);
    const orders = person.protectionOrders as { orderType: string; confidential: unknown }[];
    expect(orders.find((o) => o.orderType === 'DVRO')).toMatchObject({ active: true, confidential: null });
    expect(person.residenceAddress).toBeNull();
    expect(person.iii).toBeNull();
    expect(person.criminalHistory).toBeNull();
    expect(denied(body)).toEqual(['Person.criminalHistory', 'Person.iii', 'Person.residenceAddress', 'ProtectionOrder.confidential']);
    const rapSheet = body.errors!.find((e) => e.extensions?.coordinate === 'Person.criminalHistory')!;
    expect(rapSheet.path).toEqual(['person', 'criminalHistory']);
    expect(rapSheet.extensions!.reason).toMatch(/PATROL_OFFICER .* may not see Person.criminalHistory/);
    expect(rapSheet.extensions!.allowedWith).toEqual(
      expect.arrayContaining([expect.objectContaining({ roles: expect.arrayContaining(['INVESTIGATOR']), caseNumber: true })]),
    );
  });

  it('never sends a source what the patrol officer may not see', async () => {
    stack.recorded!.cori.clear();
    stack.recorded!.dmv.clear();
    stack.recorded!.ncic.clear();
    stack.recorded!.cjis.clear();
    await profile(CALLERS.patrol);
    expect(stack.recorded!.cori.received).toEqual([]);
    const dmv = stack.recorded!.dmv.received.map((r) => r.query).join('\n');
    expect(dmv).toContain('driverLicense');
    expect(dmv).not.toContain('residenceAddress');
    const ncic = stack.recorded!.ncic.received.map((r) => r.query).join('\n');
    expect(ncic).toContain('protectionOrders');
    expect(ncic).not.toContain('confidential');
    const cjis = stack.recorded!.cjis.received.map((r) => r.query).join('\n');
    expect(cjis).not.toContain('iii');
  });

  it('an investigator with a case number sees the rap sheet, SSN and residence, not CLETS-001 data', async () => {
    const body = await profile(CALLERS.investigator);
    const person = body.data!.person!;
    const history = person.criminalHistory as Record<string, unknown>;
    expect(history.cii).toBe(SHOWCASE.wantedDriver.cii);
    expect(history.ssn).toMatch(/^9\d\d-\d\d-\d{4}$/);
    expect(history.convictions).toEqual(expect.arrayContaining([{ statute: expect.stringMatching(/^PC 273\.5/) }]));
    expect(person.iii).toMatchObject({ fbi: SHOWCASE.wantedDriver.fbi });
    expect(person.residenceAddress).toMatchObject({ street: expect.any(String) });
    expect(denied(body)).toEqual(['ProtectionOrder.confidential']);
  });

  it('the same investigator without a case number gets no rap sheet and no residence address', async () => {
    const body = await profile(CALLERS.investigatorNoCase);
    expect(body.data!.person!.criminalHistory).toBeNull();
    expect(denied(body)).toEqual(['Person.criminalHistory', 'Person.iii', 'Person.residenceAddress', 'ProtectionOrder.confidential']);
  });

  it('a court clerk on a DV case sees the confidential CLETS-001 data', async () => {
    const body = await profile(CALLERS.courtClerk);
    const orders = body.data!.person!.protectionOrders as { orderType: string; confidential: { protectedAddress: string } | null }[];
    expect(orders.find((o) => o.orderType === 'DVRO')!.confidential).toMatchObject({ protectedAddress: expect.any(String) });
    expect(denied(body)).toEqual([]);
  });

  it('a licensing agency learns nothing about the person, not even that a record exists (PC 11105, 11 CCR 703)', async () => {
    const body = await profile(CALLERS.licensing);
    expect(body.data!.person).toBeNull();
    expect(denied(body)).toEqual(['Query.person']);
    expect(body.errors![0].extensions!.reason).toMatch(/fingerprint-based \(Live Scan\) applicant submission/);
  });

  it('a subject sees their own record, and nothing about anyone else', async () => {
    const own = await profile(subject(SHOWCASE.wantedDriver.personId));
    const history = own.data!.person!.criminalHistory as Record<string, unknown>;
    expect(history.ssn).toMatch(/^9/);
    expect((history.arrests as unknown[]).length).toBeGreaterThan(0);
    expect(own.data!.person!.wants).toBeNull();
    expect(denied(own)).toEqual([
      'Person.cautions',
      'Person.driverLicense',
      'Person.iii',
      'Person.mailingAddress',
      'Person.protectionOrders',
      'Person.residenceAddress',
      'Person.vehicles',
      'Person.wants',
    ]);

    // Another person's record answers like no record at all: null, no error (test/existence-oracle.test.ts).
    const other = await profile(subject(SHOWCASE.wantedDriver.personId), SHOWCASE.recordSubject.personId);
    expect(other).toEqual({ data: { person: null } });
    expect(JSON.stringify(other)).not.toContain(SHOWCASE.recordSubject.name.split(',')[0]);
    expect(JSON.stringify(other)).not.toContain(SHOWCASE.recordSubject.cii);
  });

  it('an auditor sees no person data at all', async () => {
    const body = await profile(CALLERS.auditor);
    expect(body.data!.person).toBeNull();
    expect(denied(body)).toEqual(['Query.person']);
  });
});

describe('data-dependent rules, applied to the actual records', () => {
  const ADDRESS = 'query($id: ID!) { person(id: $id) { residenceAddress { street city safeAtHome confidentialReason } } }';

  it('never discloses a Safe at Home address, even to an investigator with a case number', async () => {
    const { body } = await stack.query(ADDRESS, { id: SHOWCASE.protectedPerson.personId }, await headersFor(CALLERS.investigator));
    expect(body.data).toEqual({ person: { residenceAddress: { street: null, city: null, safeAtHome: true, confidentialReason: null } } });
    expect(body.errors!.map((e) => e.extensions!.reason)).toEqual([
      expect.stringMatching(/Safe at Home/),
      expect.stringMatching(/Safe at Home/),
    ]);
  });

  it('discloses a VC 1808.4 address to an investigator, not to a patrol officer on a current incident', async () => {
    const judge = SHOWCASE.judge.personId;
    const investigator = await stack.query(ADDRESS, { id: judge }, await headersFor(CALLERS.investigator));
    expect((investigator.body.data as { person: { residenceAddress: { street: string } } }).person.residenceAddress.street).toEqual(
      expect.any(String),
    );
    const stop = await createIncident(stack, CALLERS.patrol, { unit: '2A14' }); // need to know for the residence address
    const patrol = await stack.query(ADDRESS, { id: judge }, await headersFor({ ...CALLERS.patrol, incidentNumber: stop }));
    expect((patrol.body.data as { person: { residenceAddress: { street: string | null } } }).person.residenceAddress.street).toBeNull();
    expect(patrol.body.errors![0].extensions!.reason).toMatch(/VC 1808\.4/);
  });

  it('hides sealed charges from an investigator and shows them to the court', async () => {
    const SEALED = 'query($id: ID!) { person(id: $id) { criminalHistory { arrests { charges { statute sealed } } } } }';
    const id = SHOWCASE.recordSubject.personId;
    const investigator = await stack.query(SEALED, { id }, await headersFor(CALLERS.investigator));
    const court = await stack.query(SEALED, { id }, await headersFor({ ...CALLERS.courtClerk, purpose: 'C' }));
    type Charges = { statute: string | null; sealed: boolean | null }[];
    type Shape = { person: { criminalHistory: { arrests: { charges: Charges | null }[] } } };
    const arrests = (body: unknown) => (body as Shape).person.criminalHistory.arrests;
    const courtCharges = arrests(court.body.data).flatMap((a) => a.charges ?? []);
    expect(court.body.errors).toBeUndefined();
    const sealed = courtCharges.filter((c) => c.sealed === true).length;
    expect(sealed).toBeGreaterThan(0);
    // A sealed entry is deemed not to have occurred (PC 851.8): the investigator gets the record without
    // it, as if it had never been recorded, and no error that would say it exists.
    const seen = arrests(investigator.body.data).flatMap((a) => a.charges ?? []);
    expect(seen).toEqual(courtCharges.filter((c) => c.sealed === false));
    expect(investigator.body.errors).toBeUndefined();
  });
});
