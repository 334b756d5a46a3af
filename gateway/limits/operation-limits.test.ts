import path from 'node:path';
import { readFileSync } from 'node:fs';
import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/config.ts';
import { defaultIdeQuery } from '../ide-query.ts';
import { apiSchemaOfSupergraphFile } from '../policy/api-schema.ts';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './config.ts';
import { fanOutCost } from './fan-out-cost.ts';
import { checkOperationLimits, limitMessage } from './operation-limits.ts';

const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
const cost = (query: string, variables?: Record<string, unknown>, listSize = 10) => fanOutCost(schema, parse(query), variables, listSize);
const check = (query: string, limits: Partial<OperationLimits> = {}, variables?: Record<string, unknown>) =>
  checkOperationLimits(query, variables, schema, { ...DEFAULT_OPERATION_LIMITS, ...limits });

/** `vehicles { registeredOwner { ... } }` nested `levels` times under one person (the reported fan-out). */
function fanOut(levels: number): string {
  let inner = 'vehicles { plate }';
  for (let i = 0; i < levels; i++) inner = `vehicles { plate registeredOwner { ${inner} } }`;
  return `{ person(id: "P9000001") { ${inner} } }`;
}

describe('fan-out cost', () => {
  it('counts each field once per parent object, and a list multiplies what it selects', () => {
    expect(cost('{ person(id: "P1") { id dob } }')).toBe(3);
    // person 1 + vehicles (1 + 10 × (plate 1 + registeredOwner (1 + dob 1)))
    expect(cost('{ person(id: "P1") { vehicles { plate registeredOwner { dob } } } }')).toBe(1 + 1 + 10 * 3);
    expect(cost('{ person(id: "P1") { vehicles { plate } } }', undefined, 3)).toBe(1 + 1 + 3);
  });

  it('sizes persons(ids:) by the ids given, inline or in variables, and one id as a list of one', () => {
    expect(cost('{ persons(ids: ["A", "B", "C"]) { id } }')).toBe(1 + 3);
    expect(cost('query($ids: [ID!]!) { persons(ids: $ids) { id } }', { ids: Array.from({ length: 500 }, (_, i) => `P${i}`) })).toBe(
      1 + 500,
    );
    expect(cost('query($ids: [ID!]!) { persons(ids: $ids) { id } }', { ids: 'P1' })).toBe(2);
    expect(cost('query($ids: [ID!]! = ["A", "B"]) { persons(ids: $ids) { id } }')).toBe(1 + 2);
  });

  it('sizes a list by its first/limit argument or its schema default, and a connection page by it', () => {
    expect(cost('{ searchPersons(lastName: "X", dob: "1990-01-01", limit: 3) { candidates { score } } }')).toBe(1 + 1 + 3);
    expect(cost('{ auditEvents(first: 7) { edges { node { time } } } }')).toBe(1 + 1 + 7 * 2);
    expect(cost('{ auditEvents { edges { node { time } } } }')).toBe(1 + 1 + 50 * 2); // first: Int = 50
  });

  it('grows exponentially with nested lists, as the response can', () => {
    expect(cost(fanOut(2))).toBeGreaterThan(100);
    expect(cost(fanOut(7))).toBeGreaterThan(10 ** 7);
  });

  it('walks fragments that spread each other once each, not once per path', () => {
    // 30 fragments each spreading the next twice: 2^30 paths, priced without walking them.
    const fragments = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on Person { dob ${i < 29 ? `...F${i + 1} ...F${i + 1}` : ''} }`,
    ).join('\n');
    expect(cost(`{ person(id: "P1") { ...F0 } }\n${fragments}`)).toBeGreaterThan(2 ** 29);
  });

  it('charges nothing for introspection', () => {
    expect(cost('{ __schema { types { fields { args { name } } } } person(id: "P1") { __typename id } }')).toBe(2);
  });
});

describe('checkOperationLimits', () => {
  it('lets the IDE default profile and the README examples through with the default limits', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/"query":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    examples.push(...[...readme.matchAll(/```graphql\n(.*?)```/gs)].map((m) => m[1]));
    expect(examples.length).toBeGreaterThan(4);
    for (const query of [defaultIdeQuery(), ...examples]) expect(check(query), query).toMatchObject({ ok: true });
  });

  it("lets the IDE's schema introspection through (when introspection is allowed)", () => {
    expect(check(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }))).toMatchObject({ ok: true });
  });

  it('refuses each limit with its name, the value found and the maximum', () => {
    expect(check(fanOut(3), { depth: 5 })).toEqual({ ok: false, limit: 'depth', value: 9, max: 5 });
    expect(check('{ a: person(id: "1") { id } b: person(id: "2") { id } c: person(id: "3") { x: id } }', { aliases: 2 })).toEqual({
      ok: false,
      limit: 'aliases',
      value: 4,
      max: 2,
    });
    expect(
      check('query($y: Boolean!) { person(id: "1") { id @include(if: $y) dob @skip(if: $y) sex @include(if: true) } }', { directives: 2 }),
    ).toEqual({
      ok: false,
      limit: 'directives',
      value: 3,
      max: 2,
    });
    expect(check(fanOut(5))).toMatchObject({ ok: false, limit: 'cost', max: DEFAULT_OPERATION_LIMITS.cost }); // depth 15, cost ~10^6
    expect(check('{ person(id: "1") { id } }', { tokens: 5 })).toEqual({ ok: false, limit: 'tokens', value: 6, max: 5 });
  });

  it('counts what fragments hide: depth and aliases inside them', () => {
    const viaFragments =
      '{ person(id: "1") { ...A } } fragment A on Person { vehicles { ...B } } fragment B on Vehicle { registeredOwner { a: id b: id c: id } }';
    expect(check(viaFragments, { depth: 2 })).toMatchObject({ ok: false, limit: 'depth' });
    expect(check(viaFragments, { aliases: 2 })).toMatchObject({ ok: false, limit: 'aliases', value: 3 });
  });

  it('stops parsing at the first token past the limit: a huge alias bomb is refused by its tokens', () => {
    const bomb = `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: person(id: "P9000001") { id }`).join(' ')} }`;
    expect(bomb.length).toBeGreaterThan(90_000);
    expect(check(bomb)).toEqual({
      ok: false,
      limit: 'tokens',
      value: DEFAULT_OPERATION_LIMITS.tokens + 1,
      max: DEFAULT_OPERATION_LIMITS.tokens,
    });
    // Under the token limit, the alias limit refuses it.
    const smaller = `{ ${Array.from({ length: 150 }, (_, i) => `a${i}: person(id: "P9000001") { id }`).join(' ')} }`;
    expect(check(smaller)).toEqual({ ok: false, limit: 'aliases', value: 150, max: DEFAULT_OPERATION_LIMITS.aliases });
  });

  it('sizes lists from the variables sent: many ids in variables are refused by cost', () => {
    const query = 'query($ids: [ID!]!) { persons(ids: $ids) { id name { full } vehicles { plate } } }';
    expect(check(query, {}, { ids: ['P1', 'P2'] })).toMatchObject({ ok: true });
    expect(check(query, {}, { ids: Array.from({ length: 10_000 }, (_, i) => `P${i}`) })).toMatchObject({ ok: false, limit: 'cost' });
  });

  it('leaves a document that does not parse to Apollo Server (GRAPHQL_PARSE_FAILED)', () => {
    expect(check('{ person(id: ')).toEqual({ ok: true, document: undefined });
  });

  it('explains a refusal in words', () => {
    expect(limitMessage({ limit: 'depth', value: 28, max: 15 })).toMatch(/28 levels of nesting, at most 15 allowed/);
    expect(limitMessage({ limit: 'tokens', value: 3001, max: 3000 })).toMatch(/more than 3000 tokens/);
  });
});
