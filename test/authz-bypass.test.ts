/**
 * Attempts to see a denied field by other means: aliases, fragments, directives, variables, nested
 * entity paths, lists, introspection, batching. The denied field (a patrol officer has no right to the
 * rap sheet or SSN) must be null with a FORBIDDEN error every time, and never leave the gateway.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const ID = SHOWCASE.wantedDriver.personId;
const SSN_PATTERN = /9\d\d-\d\d-\d{4}/;
let stack: Stack;
let patrol: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), recordSubgraphRequests: true });
  patrol = await headersFor(CALLERS.patrol);
});
afterAll(() => stack?.stop());

async function asPatrol(query: string, variables: Record<string, unknown> = {}) {
  stack.recorded!.cori.clear();
  const result = await stack.query(query, variables, patrol);
  const text = JSON.stringify(result.body);
  // Whatever the shape of the attempt: no SSN, no CORI fetch, and at least one FORBIDDEN error.
  expect(text).not.toMatch(SSN_PATTERN);
  expect(stack.recorded!.cori.received).toEqual([]);
  return result;
}

const forbiddenPaths = (errors: { path?: (string | number)[]; extensions?: Record<string, unknown> }[] | undefined) =>
  (errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.'));

describe('bypass attempts by a patrol officer', () => {
  it('several aliases for one denied field: each alias is denied at its own path', async () => {
    const { body } = await asPatrol(`{ person(id: "${ID}") {
      a: criminalHistory { ssn } b: criminalHistory { ssn } name { full } } }`);
    expect(body.data).toEqual({ person: { a: null, b: null, name: { full: SHOWCASE.wantedDriver.name } } });
    expect(forbiddenPaths(body.errors).sort()).toEqual(['person.a', 'person.b']);
  });

  it('an allowed field aliased with the name of a denied one stays allowed, and vice versa', async () => {
    const { body } = await asPatrol(`{ person(id: "${ID}") { criminalHistory: name { full } name: criminalHistory { cii } } }`);
    expect(body.data).toEqual({ person: { criminalHistory: { full: SHOWCASE.wantedDriver.name }, name: null } });
    expect(forbiddenPaths(body.errors)).toEqual(['person.name']);
  });

  it('named and inline fragments, nested', async () => {
    const { body } = await asPatrol(`
      query { person(id: "${ID}") { ...Outer } }
      fragment Outer on Person { ... on Person { ...Inner } dob }
      fragment Inner on Person { criminalHistory { ssn arrests { arrestDate } } iii { fbi } }`);
    expect(body.data).toEqual({ person: { criminalHistory: null, iii: null, dob: SHOWCASE.wantedDriver.dob } });
    expect(forbiddenPaths(body.errors).sort()).toEqual(['person.criminalHistory', 'person.iii']);
  });

  it('@include and @skip driven by variables', async () => {
    const query = `query($yes: Boolean!, $no: Boolean!) { person(id: "${ID}") {
      criminalHistory @include(if: $yes) { ssn } iii @skip(if: $no) { fbi } dob @include(if: $no) } }`;
    const shown = await asPatrol(query, { yes: true, no: false });
    expect(shown.body.data).toEqual({ person: { criminalHistory: null, iii: null } });
    expect(forbiddenPaths(shown.body.errors).sort()).toEqual(['person.criminalHistory', 'person.iii']);
    const hidden = await asPatrol(query, { yes: false, no: true });
    expect(hidden.body.data).toEqual({ person: { dob: SHOWCASE.wantedDriver.dob } });
    expect(hidden.body.errors).toBeUndefined();
  });

  it('__typename on a denied field reveals nothing', async () => {
    const { body } = await asPatrol(`{ person(id: "${ID}") { criminalHistory { __typename } } }`);
    expect(body.data).toEqual({ person: { criminalHistory: null } });
    expect(forbiddenPaths(body.errors)).toEqual(['person.criminalHistory']);
  });

  it('a nested entity path back to the denied field (plate -> owner -> rap sheet)', async () => {
    const { body } = await asPatrol(`{ vehicle(plate: "7WNT123", state: "CA") {
      registeredOwner { vehicles { registeredOwner { criminalHistory { ssn } name { full } } } } } }`);
    const vehicles = (
      body.data as { vehicle: { registeredOwner: { vehicles: { registeredOwner: { criminalHistory: unknown; name: unknown } }[] } } }
    ).vehicle.registeredOwner.vehicles;
    expect(vehicles.length).toBeGreaterThanOrEqual(2);
    expect(vehicles.every((v) => v.registeredOwner.criminalHistory === null && v.registeredOwner.name !== null)).toBe(true);
    expect(forbiddenPaths(body.errors)).toEqual(
      vehicles.map((_, i) => `vehicle.registeredOwner.vehicles.${i}.registeredOwner.criminalHistory`),
    );
  });

  it('lists: one error per denied item path, indices included', async () => {
    const ids = [ID, SHOWCASE.recordSubject.personId, SHOWCASE.cleanDriver.personId];
    const { body } = await asPatrol('query($ids: [ID!]!) { persons(ids: $ids) { id criminalHistory { ssn } } }', { ids });
    expect((body.data as { persons: { id: string; criminalHistory: unknown }[] }).persons).toEqual(
      ids.map((id) => ({ id, criminalHistory: null })),
    );
    expect(forbiddenPaths(body.errors)).toEqual(['persons.0.criminalHistory', 'persons.1.criminalHistory', 'persons.2.criminalHistory']);
  });

  it('an interface: a denied field of one implementation, reached through inline fragments', async () => {
    const { body } = await asPatrol(`{ person(id: "${ID}") { ncicRecords { __typename nic
      ... on ProtectionOrder { orderType confidential { protectedAddress } }
      ... on WantedPersonRecord { offenseCode } } } }`);
    const records = (body.data as { person: { ncicRecords: Record<string, unknown>[] } }).person.ncicRecords;
    const orderIndexes = records.flatMap((r, i) => (r.__typename === 'ProtectionOrder' ? [i] : []));
    expect(orderIndexes.length).toBeGreaterThan(0);
    expect(records.some((r) => r.__typename === 'WantedPersonRecord' && typeof r.offenseCode === 'string')).toBe(true);
    expect(orderIndexes.every((i) => records[i].confidential === null && typeof records[i].orderType === 'string')).toBe(true);
    expect(forbiddenPaths(body.errors)).toEqual(orderIndexes.map((i) => `person.ncicRecords.${i}.confidential`));
  });

  it('a denied entry point with a variable argument', async () => {
    const { body } = await asPatrol('query($cii: String!) { criminalHistory(cii: $cii) { ssn } }', { cii: SHOWCASE.wantedDriver.cii });
    expect(body.data).toEqual({ criminalHistory: null });
    expect(forbiddenPaths(body.errors)).toEqual(['criminalHistory']);
  });

  it('aliases reserved for the gateway are refused', async () => {
    const { body } = await asPatrol(`{ person(id: "${ID}") { _authz_id: dob } }`);
    expect(body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(body.data ?? null).toBeNull();
  });

  it('introspection is off unless enabled by configuration', async () => {
    const result = await stack.query('{ __schema { types { name } } }', {}, patrol);
    expect(result.body.data ?? null).toBeNull();
    expect(JSON.stringify(result.body.errors)).toMatch(/introspection/i);
    const type = await stack.query('{ __type(name: "CriminalHistory") { fields { name } } }', {}, patrol);
    expect(type.body.data ?? null).toBeNull();
  });

  it('batched requests are refused: one operation per HTTP request', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...patrol },
      body: JSON.stringify([{ query: '{ agencies { ori } }' }, { query: `{ person(id: "${ID}") { criminalHistory { ssn } } }` }]),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(SSN_PATTERN);
  });

  it('a request without a purpose or token gets no data at all', async () => {
    const noPurpose = await stack.query(`{ person(id: "${ID}") { name { full } } }`, {}, { authorization: patrol.authorization });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.data ?? null).toBeNull();
    const noToken = await stack.query(`{ person(id: "${ID}") { name { full } } }`, {}, { 'x-purpose': 'C' });
    expect(noToken.status).toBe(401);
    expect(noToken.body.data ?? null).toBeNull();
  });
});
