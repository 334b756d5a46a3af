import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compilePolicy, PolicyError, uncoveredFields } from './load.ts';

const schema = buildSchema(`
  type Query { person(id: ID!): Person }
  type Person { id: ID! name: String }
`);

function problems(files: Record<string, string>): string[] {
  try {
    compilePolicy(Object.entries(files).map(([name, text]) => ({ name, text })), schema);
    return [];
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return error.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  }
}

describe('policy validation', () => {
  it('names the file and line of an unknown role and suggests the nearest', () => {
    expect(problems({ 'a.yaml': 'roles:\n  PATROL_OFFICER: { purposes: [C] }\n  PATROL_OFICER: { purposes: [C] }\n' })).toEqual([
      'a.yaml:3: unknown role "PATROL_OFICER" (did you mean "PATROL_OFFICER"?)',
    ]);
  });

  it('reports unknown purposes, grants, types, fields and conditions with suggestions', () => {
    const found = problems({
      'g.yaml': 'grants:\n  le:\n    roles: [PATROL_OFFICER]\n    purposes: [CRIMINAL_JUSTIC]\n',
      't.yaml': [
        'types:',
        '  Persn:',
        '    default: [le]',
        '  Person:',
        '    fields:',
        '      nam: [le]',
        '      id: [lee]',
        '      name: [{ id: x, roles: [PATROL_OFFICER], purposes: [C], when: [isSubjectSef] }]',
      ].join('\n'),
    });
    expect(found).toEqual([
      'g.yaml:4: unknown purpose "CRIMINAL_JUSTIC" (did you mean "CRIMINAL_JUSTICE"?)',
      't.yaml:2: no object type "Persn" in the supergraph (did you mean "Person"?)',
      't.yaml:6: Person has no field "nam" (did you mean "name"?)',
      't.yaml:7: unknown grant "lee" (did you mean "le"?)',
      't.yaml:8: unknown condition "isSubjectSef" (did you mean "isSubjectSelf"?)',
    ]);
  });

  it('reports schema errors at the line of the offending key', () => {
    expect(problems({ 'a.yaml': 'grants:\n  le:\n    roles: [PATROL_OFFICER]\n    purposes: any\n    color: red\n' })).toEqual([
      'a.yaml:5: grants.le: unexpected key "color"',
    ]);
  });

  it('refuses data conditions on root fields and a name defined twice', () => {
    expect(
      problems({
        'a.yaml': 'types:\n  Query:\n    fields:\n      person: [{ id: q, roles: [SUBJECT], purposes: any, when: [isSubjectSelf] }]\n',
        'b.yaml': 'types:\n  Query:\n    default: [{ id: q2, roles: [SUBJECT], purposes: any }]\n',
      }),
    ).toEqual([
      'b.yaml:2: types "Query" is already defined at a.yaml:2',
    ]);
    expect(
      problems({ 'a.yaml': 'types:\n  Query:\n    fields:\n      person: [{ id: q, roles: [SUBJECT], purposes: any, when: [isSubjectSelf] }]\n' })[0],
    ).toMatch(/condition "isSubjectSelf" cannot be evaluated on Query/);
  });

  it('lists every field without a rule', () => {
    const policy = compilePolicy([{ name: 'a.yaml', text: 'types:\n  Person:\n    fields:\n      id: [{ id: q, roles: [PATROL_OFFICER], purposes: any }]\n' }], schema);
    expect(uncoveredFields(policy, schema)).toEqual(['Query.person', 'Person.name']);
  });
});
