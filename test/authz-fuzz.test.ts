/**
 * Property: for random callers and random operations (aliases, fragments, directives, nesting), no field
 * that the policy denies to the caller ever carries a non-null value in the response.
 * Volume: FUZZ_RUNS operations (default 300) per test run.
 */
import path from 'node:path';
import fc from 'fast-check';
import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { apiSchemaOfSupergraphFile } from '../gateway/policy/api-schema.ts';
import { decideStatically } from '../gateway/policy/decide.ts';
import { loadPolicy } from '../gateway/policy/load.ts';
import { ROLES, type Purpose, type Role } from '../gateway/policy/vocabulary.ts';
import type { DecisionContext } from '../gateway/policy/types.ts';
import { REPO_ROOT } from '../subgraphs/shared/config.ts';
import { headersFor } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
const policy = loadPolicy(path.join(REPO_ROOT, 'policies'), schema);
const queryType = schema.getQueryType()!;

/** Entry points with arguments that find real records, so responses have data to leak. */
const ENTRY_POINTS: { field: string; args: string }[] = [
  ...Object.values(SHOWCASE).map((p) => ({ field: 'person', args: `(id: "${p.personId}")` })),
  { field: 'persons', args: `(ids: ["${SHOWCASE.wantedDriver.personId}", "${SHOWCASE.recordSubject.personId}", "${SHOWCASE.protectedPerson.personId}"])` },
  { field: 'vehicle', args: '(plate: "7WNT123", state: "CA")' },
  { field: 'vehicle', args: '(plate: "6STL789", state: "CA")' },
  { field: 'criminalHistory', args: `(cii: "${SHOWCASE.recordSubject.cii}")` },
  { field: 'searchPersons', args: '(lastName: "GARCIA", firstName: "MARIA", dob: "1990-07-04")' },
  { field: 'protectionOrderByFcn', args: `(fcn: "${SHOWCASE.wantedDriver.fcn}")` },
  { field: 'vehicleCheck', args: '(plate: "6STL789", state: "CA")' },
  { field: 'agencies', args: '(state: "CA")' },
];

interface Caller {
  role: Role;
  purpose: Purpose;
  caseNumber?: string;
  sub: string;
}

const callerArb: fc.Arbitrary<Caller> = fc
  .constantFrom(...ROLES)
  .chain((role) =>
    fc.record({
      role: fc.constant(role),
      purpose: fc.constantFrom(...[...(policy.purposesByRole.get(role) ?? [])]),
      caseNumber: fc.option(fc.constantFrom('24-000187', 'FL-24-0099'), { nil: undefined }),
      sub: role === 'SUBJECT' ? fc.constantFrom(SHOWCASE.wantedDriver.personId, SHOWCASE.recordSubject.personId) : fc.constant('fuzz-user'),
    }),
  );

/** A random selection set on `type`, `depth` levels deep, with aliases, inline fragments and directives. */
function selectionArb(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
  const one = (field: GraphQLField<unknown, unknown>): fc.Arbitrary<string> => {
    const named = getNamedType(field.type);
    const sub = isLeafType(named) ? fc.constant('') : depth <= 0 || !isObjectType(named) ? fc.constant(' { __typename }') : selectionArb(named, depth - 1).map((s) => ` { ${s} }`);
    return fc.tuple(fc.option(fc.constantFrom('a1', 'x', 'name', 'ssn', 'criminalHistory'), { nil: undefined }), fc.constantFrom('', ' @include(if: true)', ' @skip(if: false)', ' @skip(if: true)'), sub)
      .map(([alias, directive, selection]) => `${alias ? `${alias}_${field.name}: ` : ''}${field.name}${directive}${selection}`);
  };
  return fc
    .uniqueArray(fc.constantFrom(...fields), { minLength: 1, maxLength: Math.min(6, fields.length) })
    .chain((chosen) => fc.tuple(...chosen.map(one)))
    .chain((parts) => fc.boolean().map((wrap) => (wrap ? `... on ${type.name} { ${parts.join(' ')} }` : parts.join(' '))));
}

const operationArb = fc.constantFrom(...ENTRY_POINTS).chain((entry) => {
  const type = getNamedType(queryType.getFields()[entry.field].type) as GraphQLObjectType;
  return selectionArb(type, 3).map((selection) => `{ r: ${entry.field}${entry.args} { ${selection} } }`);
});

/** Walks the response along the schema: every non-null value whose field the caller may not see is a leak. */
function leaks(value: unknown, type: GraphQLOutputType, context: DecisionContext, found: string[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return leaks(value, type.ofType, context, found);
  if (isListType(type)) {
    for (const item of value as unknown[]) leaks(item, type.ofType, context, found);
    return;
  }
  if (!isObjectType(type)) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (child === null || key === '__typename') continue;
    // Aliases are `<decoy>_<field>` (decoys are names of other fields); field names have no underscore.
    const fieldName = key.includes('_') ? key.slice(key.indexOf('_') + 1) : key;
    const field = type.getFields()[fieldName];
    if (!field) continue;
    const coordinate = `${type.name}.${field.name}`;
    if (decideStatically(policy, context, coordinate).kind === 'deny') found.push(`${coordinate} at ${key}`);
    leaks(child, field.type, context, found);
  }
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

describe('fuzzing the gateway with random callers and operations', () => {
  it(`never returns a value the caller may not see (${RUNS} operations)`, async () => {
    let withData = 0;
    await fc.assert(
      fc.asyncProperty(callerArb, operationArb, async (caller, operation) => {
        const headers = await headersFor({ sub: caller.sub, ori: 'CA0190100', roles: [caller.role], purpose: caller.purpose, caseNumber: caller.caseNumber });
        const { status, body } = await stack.query(operation, {}, headers);
        expect(status).toBe(200);
        const context: DecisionContext = { sub: caller.sub, ori: 'CA0190100', roles: [caller.role], purpose: caller.purpose, caseNumber: caller.caseNumber };
        const found: string[] = [];
        const root = (body.data ?? {}) as Record<string, unknown>;
        if (root.r !== null && root.r !== undefined) withData++;
        const entry = operation.match(/^\{ r: (\w+)/)![1];
        if (root.r !== null && root.r !== undefined && decideStatically(policy, context, `Query.${entry}`).kind === 'deny') found.push(`Query.${entry}`);
        leaks(root.r, queryType.getFields()[entry].type, context, found);
        expect(found).toEqual([]);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261129), endOnFailure: true },
    );
    // The property is only meaningful if many operations returned data.
    expect(withData).toBeGreaterThan(RUNS / 4);
  });
});
