import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { startStack, type Stack } from './support/stack.ts';

/**
 * Bad arguments reach a subgraph's entry point, are refused there before any SQL, and come back
 * through the gateway as GraphQL errors with `extensions.code = BAD_USER_INPUT`; nothing breaks.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(async () => {
  await stack?.stop();
});

const CASES: { name: string; query: string; field: string; argument: string }[] = [
  { name: 'malformed plate', query: '{ vehicle(plate: "7WNT-123!?", state: "CA") { vin } }', field: 'vehicle', argument: 'plate' },
  { name: 'plate too long', query: '{ vehicle(plate: "ABCDEFGHJ", state: "CA") { vin } }', field: 'vehicle', argument: 'plate' },
  { name: 'VIN of the wrong length', query: '{ vehicleByVin(vin: "1HGCM8263") { plate } }', field: 'vehicleByVin', argument: 'vin' },
  { name: 'VIN with an O', query: '{ vehicleByVin(vin: "1HGCM82633A0O4352") { plate } }', field: 'vehicleByVin', argument: 'vin' },
  {
    name: 'impossible DOB',
    query: '{ searchPersons(lastName: "GARCIA", dob: "1990-02-30") { totalCandidates } }',
    field: 'searchPersons',
    argument: 'dob',
  },
  {
    name: 'empty last name',
    query: '{ searchPersons(lastName: "   ", dob: "1990-07-04") { totalCandidates } }',
    field: 'searchPersons',
    argument: 'lastName',
  },
  { name: 'unknown state on a plate', query: '{ vehicle(plate: "7WNT123", state: "XX") { vin } }', field: 'vehicle', argument: 'state' },
  {
    name: 'unknown state on an out-of-state licence',
    query: '{ outOfStateDriver(state: "ZZ", oln: "N1234567") { oln } }',
    field: 'outOfStateDriver',
    argument: 'state',
  },
];

// The caller's case number is confirmed with the agency's records (rms) before the operation is read;
// what must not happen is a read of data for an operation refused as bad input.
const NOT_NEED_TO_KNOW = ['rms'];

describe('bad input through the gateway', () => {
  it.each(CASES)('$name -> BAD_USER_INPUT naming the argument, field null, HTTP 200', async ({ query, field, argument }) => {
    const before = stack.sqlStatements(NOT_NEED_TO_KNOW);
    const { status, body } = await stack.query(query);
    expect(status).toBe(200);
    expect(body.data).toEqual({ [field]: null });
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.path).toEqual([field]);
    expect(error.message).toMatch(new RegExp(`^Invalid ${argument}: `));
    expect(stack.sqlStatements(NOT_NEED_TO_KNOW) - before).toBe(0);
  });

  it('leaves the valid parts of the same request answered', async () => {
    const { body } = await stack.query(
      `{ bad: vehicle(plate: "!!", state: "CA") { vin } good: person(id: "${SHOWCASE.wantedDriver.personId}") { id } }`,
    );
    expect(body.data).toEqual({ bad: null, good: { id: SHOWCASE.wantedDriver.personId } });
    expect(body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['bad'], 'BAD_USER_INPUT']]);
  });

  it('keeps the gateway and all subgraphs serving afterwards', async () => {
    const { body } = await stack.query<{ vehicle: { registeredOwner: { id: string } } }>(
      '{ vehicle(plate: "7WNT123", state: "CA") { registeredOwner { id } } }',
    );
    expect(body.data?.vehicle.registeredOwner.id).toBe(SHOWCASE.wantedDriver.personId);
    const ready = await fetch(new URL('/ready', stack.origin));
    expect(ready.status).toBe(200);
  });

  it('rejects an operation that does not match the schema before any subgraph is asked', async () => {
    const before = stack.sqlStatements(NOT_NEED_TO_KNOW);
    const { status, body } = await stack.query('{ vehicle(plate: 7, state: "CA") { vin } }');
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(stack.sqlStatements(NOT_NEED_TO_KNOW) - before).toBe(0);
  });
});
