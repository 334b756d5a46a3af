/**
 * Holes the policy engine must not have, shown through the real gateway and subgraphs:
 * - several roles never add up: a grant counts only through a role that may itself state the purpose;
 * - a field nobody has reviewed keeps the gateway from starting;
 * - a licensing, employment, housing, placement or visa purpose learns nothing about any person.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { openSqliteAuditStore } from '../audit/store-sqlite.ts';
import { PolicyError } from '../gateway/policy/load.ts';
import { startGateway } from '../gateway/server.ts';
import { REPO_ROOT } from '../common/config.ts';
import { CALLERS, headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

type Body = GraphQLBody<Record<string, unknown>>;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), recordSubgraphRequests: true });
});
afterAll(() => stack?.stop());

async function ask(caller: TestCaller, document: string, variables: Record<string, unknown> = {}): Promise<Body> {
  const { status, body } = await stack.query(document, variables, await headersFor(caller));
  expect(status).toBe(200);
  return body;
}

function forbidden(body: Body): string[] {
  return (body.errors ?? [])
    .filter((e) => e.extensions?.code === 'FORBIDDEN')
    .map((e) => String(e.extensions!.coordinate))
    .sort();
}

function clearRecorded(): void {
  for (const proxy of Object.values(stack.recorded!)) proxy.clear();
}

const PERSON = 'query($id: ID!) { person(id: $id) { id name { full } wants { nic } cautions { code } } }';

describe('several roles: right to know belongs to a role', () => {
  const patrolAndCoordinator: TestCaller = {
    sub: 'u-tac-7',
    ori: 'CA0190100',
    roles: ['PATROL_OFFICER', 'AGENCY_COORDINATOR'],
    purpose: 'A',
  };

  it('a patrol officer who is also the agency coordinator, stating A, gets no person: patrol may not state A', async () => {
    clearRecorded();
    const body = await ask(patrolAndCoordinator, PERSON, { id: SHOWCASE.wantedDriver.personId });
    expect(body.data).toEqual({ person: null });
    expect(forbidden(body)).toEqual(['Query.person']);
    expect(body.errors![0].extensions!.reason).toMatch(/PATROL_OFFICER may not state purpose A, so its grants do not count/);
    // Denied by context alone: no source was asked.
    expect(Object.values(stack.recorded!).every((proxy) => proxy.received.length === 0)).toBe(true);
  });

  it('the same token acts as a patrol officer when it states C, and as a coordinator when it states A', async () => {
    const asPatrol = await ask({ ...patrolAndCoordinator, purpose: 'C' }, PERSON, { id: SHOWCASE.wantedDriver.personId });
    expect(asPatrol.data!.person).toMatchObject({
      name: { full: SHOWCASE.wantedDriver.name },
      wants: expect.arrayContaining([expect.anything()]),
    });
    const asCoordinator = await ask(patrolAndCoordinator, '{ auditEvents(first: 1) { edges { node { seq } } } }');
    expect(asCoordinator.errors).toBeUndefined();
  });

  it('an exemption counts only through a role that may state the purpose: SUBJECT does not unseal for an investigator', async () => {
    const SEALED = 'query($id: ID!) { person(id: $id) { criminalHistory { arrests { charges { statute sealed } } } } }';
    const id = SHOWCASE.recordSubject.personId;
    // The token's sub is the subject's own person id; assigned to the case, so that need to know holds for it.
    const assigned = await ask(
      CALLERS.investigator,
      'mutation($id: String!) { assignCaseUser(number: "24-000187", userId: $id, role: ASSIST, idempotencyKey: "assurance-1") { number } }',
      { id },
    );
    expect(assigned.errors).toBeUndefined();
    const court = await ask({ ...CALLERS.courtClerk, purpose: 'C' }, SEALED, { id });
    const investigator = await ask({ ...CALLERS.investigator, sub: id }, SEALED, { id });
    const alsoSubject = await ask({ ...CALLERS.investigator, sub: id, roles: ['INVESTIGATOR', 'SUBJECT'] }, SEALED, { id });
    expect(JSON.stringify(court.data)).toContain('"sealed":true');
    expect(JSON.stringify(investigator.data)).toContain('"statute"');
    expect(JSON.stringify(investigator.data)).not.toContain('"sealed":true');
    // SUBJECT is exempt from the sealed-record rule but may not state C: the token acts as an investigator.
    expect(alsoSubject).toEqual(investigator);
  });
});

describe('licensing, employment, housing, placement and visa purposes (PC 11105, 11 CCR 703)', () => {
  const invariant = /name-based inquiry for licensing, employment, housing, placement or visa purposes/;

  const wantedDriver = SHOWCASE.wantedDriver;
  it.each([
    {
      label: 'a person lookup',
      document: 'query($id: ID!) { person(id: $id) { name { full } criminalHistory { cii convictions { statute } } iii { fbi } } }',
      variables: { id: wantedDriver.personId },
      coordinate: 'Query.person',
    },
    {
      label: 'a CII lookup',
      document: 'query($cii: String!) { criminalHistory(cii: $cii) { cii convictions { statute } } }',
      variables: { cii: wantedDriver.cii },
      coordinate: 'Query.criminalHistory',
    },
    {
      label: 'a name search',
      document:
        'query($last: String!, $dob: String!) { searchPersons(lastName: $last, dob: $dob) { totalCandidates candidates { score } } }',
      variables: { last: 'RIVERA', dob: wantedDriver.dob },
      coordinate: 'Query.searchPersons',
    },
  ])('an applicant agency stating I learns nothing from $label, and no source is asked', async ({ document, variables, coordinate }) => {
    clearRecorded();
    const body = await ask(CALLERS.licensing, document, variables);
    expect(Object.values(body.data!)).toEqual([null]);
    expect(forbidden(body)).toEqual([coordinate]);
    expect(body.errors![0].extensions!.reason).toMatch(invariant);
    expect(Object.values(stack.recorded!).every((proxy) => proxy.received.length === 0)).toBe(true);
  });

  it('nor does an investigator stating X, or a token that adds criminal-justice roles to the applicant role', async () => {
    const investigatorX = await ask({ ...CALLERS.investigator, purpose: 'X' }, PERSON, { id: SHOWCASE.wantedDriver.personId });
    expect(investigatorX.data).toEqual({ person: null });
    const roles: TestCaller['roles'] = ['NONCRIMINAL_AGENCY', 'INVESTIGATOR', 'COURT_CLERK', 'RECORDS_CLERK'];
    const everything: TestCaller = { ...CALLERS.licensing, roles, caseNumber: '24-000187' };
    for (const purpose of ['I', 'H', 'X']) {
      const body = await ask({ ...everything, purpose }, PERSON, { id: SHOWCASE.wantedDriver.personId });
      expect(body.data).toEqual({ person: null });
    }
  });

  it('an applicant agency still reads the agency directory', async () => {
    const body = await ask(CALLERS.licensing, '{ agency(ori: "CA0190100") { ori } }');
    expect(body.errors).toBeUndefined();
  });
});

describe('a field nobody has reviewed', () => {
  it('keeps the gateway from starting, naming the field, the file to edit and a rule to start from', async () => {
    const committed = readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8');
    // A subgraph adds Person.biometricTemplate and the supergraph is recomposed; no policy officer has looked.
    const supergraphSdl = committed.replace(
      /(\ntype Person\n(?:\s+@join__type\([^)]*\)\n)+\{\n)/,
      '$1  biometricTemplate: String @join__field(graph: CJIS)\n\n',
    );
    expect(supergraphSdl).toContain('biometricTemplate');
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-assurance-'));
    const auditStore = await openSqliteAuditStore(path.join(dir, 'audit.sqlite'));
    try {
      const starting = startGateway({ supergraphSdl, port: 0, logLevel: 'silent', auditStore });
      await expect(starting).rejects.toBeInstanceOf(PolicyError);
      const error = (await starting.catch((e: unknown) => e)) as PolicyError;
      expect(error.problems).toEqual([
        expect.objectContaining({
          file: 'policies/person.yaml',
          message: expect.stringMatching(/^Person\.biometricTemplate has not been reviewed/),
          suggestion: expect.stringContaining('biometricTemplate: [person-identity, own-record]'),
        }),
      ]);
    } finally {
      await auditStore.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
