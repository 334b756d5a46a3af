import path from 'node:path';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOfSupergraphFile } from '../../gateway/policy/api-schema.ts';
import { decideStatically } from '../../gateway/policy/decide.ts';
import { loadPolicy, uncoveredFields } from '../../gateway/policy/load.ts';
import { ROLES, PURPOSES } from '../../common/vocabulary.ts';
import { REPO_ROOT } from '../../common/config.ts';
import { categoryOf, PERMITTED_PURPOSES, RULES } from './expectations.ts';

const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
const policy = loadPolicy(path.join(REPO_ROOT, 'policies'), schema);
const coordinates = Object.values(schema.getTypeMap())
  .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
  .flatMap((type) => (isObjectType(type) ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : []));

describe('policy coverage', () => {
  it('has a rule for every field of the supergraph', () => {
    expect(uncoveredFields(policy, schema)).toEqual([]);
  });

  it('has a hand-written expectation for every field of the supergraph', () => {
    expect(coordinates.filter((c) => categoryOf(c) === undefined)).toEqual([]);
  });
});

describe('who may state which purpose', () => {
  it.each(ROLES)('%s states exactly the purposes of the hand-written table', (role) => {
    const stated = PURPOSES.filter((purpose) => policy.purposesByRole.get(role)?.has(purpose));
    expect(stated.sort()).toEqual([...PERMITTED_PURPOSES[role]].sort());
  });
});

describe('role × purpose × case number × field matrix', () => {
  const askers = ROLES.flatMap((role) =>
    PERMITTED_PURPOSES[role].flatMap((purpose) => [false, true].map((hasCase) => ({ role, purpose, hasCase }))),
  );
  it.each(askers)('$role stating $purpose (case number: $hasCase)', (ask) => {
    const context = {
      sub: 'matrix',
      ori: 'CA0190000',
      roles: [ask.role],
      purpose: ask.purpose,
      caseNumber: ask.hasCase ? 'CASE-1' : undefined,
    };
    const mismatches: string[] = [];
    for (const coordinate of coordinates) {
      const expected = RULES[categoryOf(coordinate)!](ask);
      const actual = decideStatically(policy, context, coordinate).kind;
      if (actual !== expected) mismatches.push(`${coordinate}: policy says ${actual}, expected ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });
});
