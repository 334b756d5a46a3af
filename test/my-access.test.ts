/**
 * "What may I see?" (issue 13 §6): an agency developer asks `myAccess` instead of triggering denials, and the
 * answer is the gateway's own static decision for their roles; the schema the IDE shows says the same thing
 * next to each field ("Visible to: ...").
 */
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_SCHEMA_FILE } from '../schema/api-schema.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), allowIntrospection: true });
});
afterAll(async () => {
  await stack?.stop();
});

interface FieldAccess {
  coordinate: string;
  access: string;
  reason: string;
  rules: string[];
  conditions: string[];
  allowedWith: { roles: string[]; purposes: string[]; caseNumber: boolean; when: string[] }[];
}
interface MyAccess {
  myAccess: {
    purpose: string;
    caseNumber: string | null;
    actingRoles: string[];
    allowed: FieldAccess[];
    denied: FieldAccess[];
    dependsOnData: FieldAccess[];
  } | null;
}

const MY_ACCESS = `query MyAccess($purpose: String!, $caseNumber: String) {
  myAccess(purpose: $purpose, caseNumber: $caseNumber) {
    purpose caseNumber actingRoles
    allowed { coordinate access reason rules }
    denied { coordinate access reason rules allowedWith { roles purposes caseNumber when } }
    dependsOnData { coordinate access reason rules conditions }
  }
}`;

const coordinates = (list: FieldAccess[]) => list.map((f) => f.coordinate);

describe('myAccess', () => {
  it("lists a patrol officer's fields: Vehicle.plate allowed, no criminal history, with reasons and rules", async () => {
    const { status, body } = await stack.query<MyAccess>(MY_ACCESS, { purpose: 'C' }, await headersFor(CALLERS.patrol));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const access = body.data!.myAccess!;
    expect(access).toMatchObject({ purpose: 'C', caseNumber: null, actingRoles: ['PATROL_OFFICER'] });
    expect(coordinates(access.allowed)).toContain('Vehicle.plate');
    expect(coordinates(access.allowed).filter((c) => c.startsWith('CriminalHistory.'))).toEqual([]);
    const plate = access.allowed.find((f) => f.coordinate === 'Vehicle.plate')!;
    expect(plate.rules[0]).toMatch(/^dmv-records \(policies\/grants\.yaml:\d+\)$/);

    const ssn = access.denied.find((f) => f.coordinate === 'CriminalHistory.ssn')!;
    expect(ssn.access).toBe('DENIED');
    expect(ssn.reason).toContain('PATROL_OFFICER stating purpose C');
    expect(ssn.allowedWith).toContainEqual(expect.objectContaining({ roles: expect.arrayContaining(['INVESTIGATOR']), caseNumber: true }));

    // A Safe at Home address line is decided record by record.
    const street = access.dependsOnData.find((f) => f.coordinate === 'DmvAddress.street')!;
    expect(street.conditions).toContain('addressIsSafeAtHome');
    // Every field of the API is in exactly one list.
    const all = [...access.allowed, ...access.denied, ...access.dependsOnData].map((f) => f.coordinate);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('Query.myAccess');
  });

  it('takes a case number as establishing need to know: an investigator then sees the rap sheet', async () => {
    const headers = await headersFor(CALLERS.investigatorNoCase);
    const without = await stack.query<MyAccess>(MY_ACCESS, { purpose: 'C' }, headers);
    expect(coordinates(without.body.data!.myAccess!.denied)).toContain('CriminalHistory.ssn');
    const withCase = await stack.query<MyAccess>(MY_ACCESS, { purpose: 'CRIMINAL_JUSTICE', caseNumber: '24-000187' }, headers);
    expect(withCase.body.data!.myAccess).toMatchObject({ purpose: 'C', caseNumber: '24-000187' });
    expect(coordinates(withCase.body.data!.myAccess!.allowed)).toContain('CriminalHistory.ssn');
  });

  it('refuses a purpose the caller may not state, with a clear error and no list', async () => {
    const { body } = await stack.query<MyAccess>(MY_ACCESS, { purpose: 'A' }, await headersFor(CALLERS.patrol));
    expect(body.data?.myAccess ?? null).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('may not state purpose A (ADMINISTRATIVE); they may state C'),
        extensions: expect.objectContaining({ code: 'PURPOSE_NOT_PERMITTED' }),
      }),
    ]);
    const bad = await stack.query<MyAccess>(MY_ACCESS, { purpose: 'C', caseNumber: 'not a case!' }, await headersFor(CALLERS.patrol));
    expect(bad.body.errors?.[0]).toMatchObject({ extensions: { code: 'CASE_NUMBER_INVALID' } });
    expect(bad.body.errors?.[0].message).toContain('caseNumber must be');
  });

  it('tells an applicant agency stating a noncriminal purpose that its channel is the applicant check, and no person field (PC 11105)', async () => {
    const { body } = await stack.query<MyAccess>(MY_ACCESS, { purpose: 'I' }, await headersFor(CALLERS.licensing));
    expect(body.errors).toBeUndefined();
    const access = body.data?.myAccess;
    if (!access) throw new Error(`no myAccess answer: ${JSON.stringify(body)}`);
    const allowed = coordinates(access.allowed);
    expect(allowed).toEqual(expect.arrayContaining(['Mutation.submitApplicantCheck', 'ApplicantConviction.statute', 'Agency.name']));
    expect(allowed.filter((c) => /^(Person|CriminalHistory|Vehicle|DriverLicense|WantedPersonRecord)\./.test(c))).toEqual([]);
    expect(access.dependsOnData).toEqual([]);
  });

  it('is audited like every request', async () => {
    const headers = { ...(await headersFor(CALLERS.patrol)), 'x-request-id': 'my-access-audit-1' };
    await stack.query<MyAccess>(MY_ACCESS, { purpose: 'C' }, headers);
    const [event] = (await stack.audit.query({ userId: CALLERS.patrol.sub, limit: 20 })).filter((e) => e.requestId === 'my-access-audit-1');
    expect(event).toMatchObject({ outcome: 'ALLOWED', operationName: 'MyAccess', purpose: 'C' });
    expect(event.fieldsDisclosed).toEqual(expect.arrayContaining(['Query.myAccess', 'MyAccess.allowed', 'FieldAccess.coordinate']));
    expect(event.subjects).toEqual([]);
  });
});

describe('generated field descriptions', () => {
  it('end with who may see the field, from the policy, in the schema the IDE introspects', async () => {
    const { body } = await stack.query<{ __type: { fields: { name: string; description: string }[] } }>(
      '{ __type(name: "CriminalHistory") { fields { name description } } }',
    );
    const ssn = body.data!.__type.fields.find((f) => f.name === 'ssn')!;
    expect(ssn.description).toMatch(
      /\n\nVisible to: INVESTIGATOR, COURT_CLERK stating C\/D with a case number; SUBJECT stating RECORD_REVIEW when isSubjectSelf\.$/,
    );
    const plate = await stack.query<{ __type: { fields: { name: string; description: string }[] } }>(
      '{ __type(name: "Vehicle") { fields { name description } } }',
    );
    expect(plate.body.data!.__type.fields.find((f) => f.name === 'plate')!.description).toContain('Visible to: PATROL_OFFICER');
  });

  it('are the committed schema/api.graphql description plus that line: the contract itself carries no policy', async () => {
    const committedText = readFileSync(API_SCHEMA_FILE, 'utf8');
    expect(committedText).not.toContain('Visible to:');
    const committed = buildSchema(committedText).getType('DriverLicense') as GraphQLObjectType;
    const { body } = await stack.query<{ __type: { fields: { name: string; description: string }[] } }>(
      '{ __type(name: "DriverLicense") { fields { name description } } }',
    );
    for (const field of body.data!.__type.fields) {
      const [contract, visibility, ...rest] = field.description.split('\n\nVisible to: ');
      expect(contract, field.name).toBe(committed.getFields()[field.name].description);
      expect(visibility, field.name).toMatch(/\.$/);
      expect(rest).toEqual([]);
    }
  });
});
