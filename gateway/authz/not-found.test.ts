import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { StaticDecision } from '../policy/types.ts';
import { NotFoundHints } from './not-found.ts';

const schema = buildSchema(`
  type Query { vehicle(plate: String!): Vehicle  person(id: ID!): Person }
  type Vehicle { vin: String owner: Person }
  type Person { id: ID! name: String }
`);

/** A SUBJECT-like shape: Person is gated (its fields depend on a record-scope condition), Vehicle is not. */
const subjectLike = (coordinate: string): StaticDecision =>
  coordinate.startsWith('Person.') ? { kind: 'depends', conditions: ['isSubjectSelf'] } : { kind: 'allow' };
const seesAll = (): StaticDecision => ({ kind: 'allow' });

function allowed(query: string, path: (string | number)[], decide: (coordinate: string) => StaticDecision, shape: string): boolean {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return new NotFoundHints(schema).allowed(path, document, operation, shape, decide);
}

describe('NOT_FOUND hints reach only callers for whom the type is not gated', () => {
  it('a lookup of an ungated type keeps its hint, aliases and fragments followed', () => {
    expect(allowed('{ vehicle(plate: "X") { vin } }', ['vehicle'], subjectLike, 's')).toBe(true);
    expect(allowed('{ v: vehicle(plate: "X") { vin } }', ['v'], subjectLike, 's')).toBe(true);
    expect(allowed('{ ...Q } fragment Q on Query { ... on Query { v: vehicle(plate: "X") { vin } } }', ['v'], subjectLike, 's')).toBe(true);
  });

  it('a lookup of a gated type loses its hint: "no record" must read like "not yours"', () => {
    expect(allowed('{ person(id: "P1") { id } }', ['person'], subjectLike, 's')).toBe(false);
    expect(allowed('{ vehicle(plate: "X") { owner { id } } }', ['vehicle', 'owner'], subjectLike, 's')).toBe(false);
    expect(allowed('{ person(id: "P1") { id } }', ['person'], seesAll, 'all')).toBe(true);
  });

  it('fails closed when the path cannot be followed', () => {
    expect(allowed('{ vehicle(plate: "X") { vin } }', ['nothing'], seesAll, 'all')).toBe(false);
    expect(allowed('{ vehicle(plate: "X") { vin } }', [], seesAll, 'all')).toBe(false);
  });
});
