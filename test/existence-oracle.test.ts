/**
 * A record that is not the caller's to see at all must answer exactly like a record that does not exist:
 * same data, same errors, byte for byte. Otherwise the answer is an existence oracle: a subject probing
 * for other people's records (PC 11120 ff. gives them their own), an investigator learning that a sealed
 * arrest exists although it is deemed not to have occurred (PC 851.8). The audit still names who was
 * looked up.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor, subject, type TestCaller } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

const ME = SHOWCASE.recordSubject;
const OTHER = SHOWCASE.wantedDriver;
const ABSENT = { personId: 'P8888888', cii: 'A99999999' };
const me = subject(ME.personId);
const court: TestCaller = { ...CALLERS.courtClerk, purpose: 'C' };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

async function ask(caller: TestCaller, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLBody> {
  const { status, body } = await stack.query(query, variables, await headersFor(caller));
  expect(status).toBe(200);
  return body;
}

/** The response body as the caller receives it, for a byte-for-byte comparison. */
async function bytes(caller: TestCaller, query: string, variables: Record<string, unknown> = {}): Promise<string> {
  return JSON.stringify(await ask(caller, query, variables));
}

describe('a subject asking about someone else gets the answer for nobody', () => {
  beforeAll(async () => {
    // The fixtures mean what the tests assume: OTHER exists with a record, ABSENT does not.
    const seen = await ask(
      CALLERS.investigator,
      `{ a: person(id: "${OTHER.personId}") { id } b: person(id: "${ABSENT.personId}") { id }
      c: criminalHistory(cii: "${OTHER.cii}") { cii } d: criminalHistory(cii: "${ABSENT.cii}") { cii } }`,
    );
    expect(seen).toEqual({ data: { a: { id: OTHER.personId }, b: null, c: { cii: OTHER.cii }, d: null } });
  });

  const PERSON_QUERIES: Record<string, string> = {
    'fields and a nested record': '{ person(id: "$ID") { id name { full } dob criminalHistory { cii ssn arrests { arrestDate } } } }',
    '__typename only': '{ person(id: "$ID") { __typename } }',
    'a field the subject may never see (wants)': '{ person(id: "$ID") { __typename wants { nic } } }',
    'aliases, named and inline fragments': `{ a: person(id: "$ID") { __typename x: id } b: person(id: "$ID") { ...P } }
      fragment P on Person { ... on Person { name { full } criminalHistory { ...C } } }
      fragment C on CriminalHistory { __typename cii }`,
    'variables and directives': `query($id: ID!, $yes: Boolean!) { person(id: $id) { id @include(if: $yes) dob @skip(if: $yes) criminalHistory { __typename } } }`,
    'their own record beside it': `{ mine: person(id: "${ME.personId}") { id } theirs: person(id: "$ID") { id name { full } } }`,
    'by CII': '{ criminalHistory(cii: "$CII") { __typename cii name ssn subject { id } arrests { charges { statute } } } }',
    'by CII, __typename only': '{ criminalHistory(cii: "$CII") { __typename } }',
    'a list of persons (persons(ids))': `{ persons(ids: ["$ID", "${ME.personId}"]) { __typename id } }`,
  };

  for (const [name, template] of Object.entries(PERSON_QUERIES)) {
    it(`same bytes for "exists but not yours" and "does not exist": ${name}`, async () => {
      const query = (who: { personId: string; cii: string }) => template.replaceAll('$ID', who.personId).replaceAll('$CII', who.cii);
      const variables = (who: { personId: string }) => (template.includes('$id') ? { id: who.personId, yes: true } : {});
      const other = await bytes(me, query(OTHER), variables(OTHER));
      const absent = await bytes(me, query(ABSENT), variables(ABSENT));
      expect(other).toBe(absent);
      expect(other).not.toContain(OTHER.personId);
      expect(other).not.toContain(OTHER.cii);
    });
  }

  it('the subject still sees their own record through the same queries', async () => {
    const body = await ask(me, `{ person(id: "${ME.personId}") { __typename id criminalHistory { cii } } }`);
    expect(body).toEqual({ data: { person: { __typename: 'Person', id: ME.personId, criminalHistory: { cii: ME.cii } } } });
  });

  it('a lookup of someone else answers null with no error', async () => {
    const body = await ask(
      me,
      `{ person(id: "${OTHER.personId}") { __typename id } criminalHistory(cii: "${OTHER.cii}") { __typename cii } }`,
    );
    expect(body).toEqual({ data: { person: null, criminalHistory: null } });
  });

  it('the audit record names the person and the record that were asked about, as not disclosed', async () => {
    await ask(me, `{ person(id: "${OTHER.personId}") { name { full } } }`);
    const [byId] = await stack.audit.query({ userId: me.sub, limit: 1 });
    expect(byId).toMatchObject({ subjects: [], fieldsDisclosed: [], records: [`AskedAbout:Person:${OTHER.personId}`] });

    await ask(me, `{ criminalHistory(cii: "${OTHER.cii}") { __typename } }`);
    const [byCii] = await stack.audit.query({ userId: me.sub, limit: 1 });
    expect(byCii.subjects).toEqual([]);
    expect(byCii.records.sort()).toEqual([`AskedAbout:CriminalHistory:${OTHER.cii}`, `AskedAbout:Person:${OTHER.personId}`]);
  });
});

describe('a sealed entry answers like one that was never recorded (PC 851.8)', () => {
  const HISTORY = `query($id: ID!) { person(id: $id) { criminalHistory {
    cii summary { arrestCount convictionCount openCharges } convictions { statute }
    arrests { __typename id arrestDate sealed ...Charges }
  } } }
  fragment Charges on Arrest { c: charges { __typename id seq statute disposition sealed sentence { sentenceDate } } }`;

  type History = { person: { criminalHistory: { arrests: { id: string; sealed: boolean; c: { id: string; sealed: boolean }[] }[] } } };
  const arrestsIn = (body: GraphQLBody) => (body.data as History).person.criminalHistory.arrests;
  const cori = () => stack.subgraphs.cori.store;

  /** Removes charges (with their sentences) and then arrests left without charges, as if never recorded. */
  function erase(chargeIds: readonly string[], arrestIds: readonly string[] = []): void {
    for (const id of chargeIds) {
      cori().run('DELETE FROM sentences WHERE charge_id = ?', id);
      cori().run('DELETE FROM charges WHERE id = ?', id);
    }
    for (const id of arrestIds) cori().run('DELETE FROM arrests WHERE id = ?', id);
  }

  it('a sealed arrest: left out of the list, with no error; the same bytes as the record without it', async () => {
    // Someone with an arrest whose charges are all sealed, and another arrest that is not.
    const row = cori().get<{ personId: string; arrestId: string }>(
      `SELECT s.person_id AS personId, a.id AS arrestId FROM subjects s JOIN arrests a ON a.cii = s.cii
       WHERE a.id IN (SELECT arrest_id FROM charges GROUP BY arrest_id HAVING MIN(sealed) = 1)
         AND s.cii IN (SELECT a2.cii FROM arrests a2 JOIN charges c2 ON c2.arrest_id = a2.id WHERE c2.sealed = 0)
       ORDER BY s.person_id LIMIT 1`,
    )!;
    expect(row).toBeDefined();
    const variables = { id: row.personId };
    const courtSees = arrestsIn(await ask(court, HISTORY, variables));
    expect(courtSees.find((a) => a.id === row.arrestId)?.sealed).toBe(true);

    const sealed = await bytes(CALLERS.investigator, HISTORY, variables);
    const seen = arrestsIn(JSON.parse(sealed) as GraphQLBody);
    expect(seen.map((a) => a.id)).toEqual(courtSees.filter((a) => a.id !== row.arrestId).map((a) => a.id));
    expect(JSON.parse(sealed)).not.toHaveProperty('errors');

    const charges = cori()
      .all<{ id: string }>('SELECT id FROM charges WHERE arrest_id = ?', row.arrestId)
      .map((c) => c.id);
    erase(charges, [row.arrestId]);
    expect(await bytes(CALLERS.investigator, HISTORY, variables)).toBe(sealed);
  });

  it('a sealed charge inside a visible arrest: left out of its list; the same bytes as the record without it', async () => {
    // An arrest with several charges, none sealed, of someone with no sealed entry at all.
    const row = cori().get<{ personId: string; arrestId: string; chargeId: string }>(
      `SELECT s.person_id AS personId, a.id AS arrestId, MAX(c.id) AS chargeId FROM subjects s
       JOIN arrests a ON a.cii = s.cii JOIN charges c ON c.arrest_id = a.id
       WHERE s.cii NOT IN (SELECT a2.cii FROM arrests a2 JOIN charges c2 ON c2.arrest_id = a2.id WHERE c2.sealed = 1)
       GROUP BY a.id HAVING COUNT(*) >= 2 ORDER BY s.person_id LIMIT 1`,
    )!;
    expect(row).toBeDefined();
    const variables = { id: row.personId };
    const before = arrestsIn(await ask(CALLERS.investigator, HISTORY, variables));
    expect(before.find((a) => a.id === row.arrestId)!.c.map((c) => c.id)).toContain(row.chargeId);

    cori().run('UPDATE charges SET sealed = 1 WHERE id = ?', row.chargeId);
    const courtSees = arrestsIn(await ask(court, HISTORY, variables));
    expect(courtSees.find((a) => a.id === row.arrestId)!.c.find((c) => c.id === row.chargeId)?.sealed).toBe(true);
    const sealed = await bytes(CALLERS.investigator, HISTORY, variables);
    const arrest = arrestsIn(JSON.parse(sealed) as GraphQLBody).find((a) => a.id === row.arrestId)!;
    expect(arrest.c.map((c) => c.id)).not.toContain(row.chargeId);
    expect(arrest.c.length).toBeGreaterThan(0);
    expect(JSON.parse(sealed)).not.toHaveProperty('errors');

    erase([row.chargeId]);
    expect(await bytes(CALLERS.investigator, HISTORY, variables)).toBe(sealed);
  });
});
