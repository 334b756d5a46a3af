import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compilePolicy, PolicyError, uncoveredFields, type PolicyProblem } from './load.ts';

const schema = buildSchema(`
  type Query { person(id: ID!): Person }
  type Person { id: ID! name: String }
`);

function problems(files: Record<string, string>): string[] {
  try {
    compilePolicy(
      Object.entries(files).map(([name, text]) => ({ name, text })),
      schema,
    );
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
    ).toEqual(['b.yaml:2: types "Query" is already defined at a.yaml:2']);
    expect(
      problems({
        'a.yaml': 'types:\n  Query:\n    fields:\n      person: [{ id: q, roles: [SUBJECT], purposes: any, when: [isSubjectSelf] }]\n',
      })[0],
    ).toMatch(/condition "isSubjectSelf" cannot be evaluated on Query/);
  });

  it('lists every field without a rule', () => {
    const policy = compilePolicy(
      [{ name: 'a.yaml', text: 'types:\n  Person:\n    fields:\n      id: [{ id: q, roles: [PATROL_OFFICER], purposes: any }]\n' }],
      schema,
      { requireEveryField: false },
    );
    expect(uncoveredFields(policy, schema)).toEqual(['Query.person', 'Person.name']);
  });
});

describe('reviewed fields: a type default covers only the fields a policy officer has reviewed', () => {
  const wide = buildSchema(`
    type Query { person(id: ID!): Person }
    type Person { id: ID! name: String dob: String biometricTemplate: String prints: [Print] }
    type Print { finger: String image: String }
  `);
  const grants = `
roles:
  PATROL_OFFICER: { purposes: [C] }
  SUBJECT: { purposes: [RECORD_REVIEW] }
grants:
  le: { roles: [PATROL_OFFICER], purposes: any }
  own: { roles: [SUBJECT], purposes: any, when: [isSubjectSelf] }
`;
  /** A policy file whose `types.Person` entry (line 5) continues with `lines`. */
  const person = (lines: string) => `types:\n  Query:\n    fields:\n      person: [le]\n  Person:\n${lines}`;
  const compile = (text: string, options = {}) =>
    compilePolicy(
      [
        { name: 'g.yaml', text: grants },
        { name: 'p.yaml', text },
      ],
      wide,
      options,
    );
  const problemsOf = (text: string): PolicyProblem[] => {
    try {
      compile(text);
      return [];
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      return [...error.problems];
    }
  };

  it('refuses a field that is neither reviewed nor ruled, naming the file, the field and a rule to paste', () => {
    const found = problemsOf(
      person(`    default: [le, own]
    reviewed: [id, name, dob]
    fields:
      prints: [le]
  Print:
    default: [le]
    reviewed: [finger, image]`),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      file: 'p.yaml',
      line: 5,
      message: expect.stringMatching(/^Person\.biometricTemplate has not been reviewed: nobody may see it/),
    });
    expect(found[0].suggestion).toContain('      biometricTemplate: [le, own]   # as the type default');
    expect(found[0].suggestion).toContain('list it as reviewed (line 7)');
    // Meanwhile the field is denied: with the check off, it simply has no rule.
    const partial = compile(person('    default: [le, own]\n    reviewed: [id, name, dob]'), { requireEveryField: false });
    expect(partial.fields.has('Person.biometricTemplate')).toBe(false);
    expect(partial.fields.has('Person.dob')).toBe(true);
  });

  it('suggests the grants of the most similar field, and an entry for a new type reached from a reviewed one', () => {
    const found = problemsOf(person('    fields: { id: [le], name: [le], dob: [le, own], biometricTemplate: [le] }'));
    expect(found.map((p) => p.message)).toEqual([
      'Person.prints has not been reviewed: nobody may see it until a policy officer gives it a rule.',
      'type Print has no policy entry: nobody may see Print.finger, Print.image until a policy officer decides ' +
        '(it is reached through Person.prints).',
    ]);
    expect(found[1]).toMatchObject({ file: 'p.yaml', line: 5 });
    // `own` needs isSubjectSelf, which cannot be evaluated on Print: it is left out of the suggestion.
    const [newType] = problemsOf(person('    default: [le, own]\n    reviewed: [id, name, dob, biometricTemplate, prints]'));
    expect(newType.suggestion).toBe(
      '# in p.yaml under types:\n  Print:\n    default: [le]   # as Person.prints\n    reviewed: [finger, image]',
    );
    const nothingSimilar = problemsOf(
      person('    fields: { id: [le], name: [le], dob: [own], prints: [le] }\n  Print:\n    fields: { finger: [le], image: [le] }'),
    );
    expect(nothingSimilar.map((p) => p.suggestion)).toEqual([expect.stringContaining('biometricTemplate: { allow: [] }   # nobody')]);
  });

  it('refuses a stale review, a field both reviewed and ruled, a duplicate, and reviewed fields without a default', () => {
    const found = problemsOf(
      person(`    default: [le]
    reviewed: [id, name, dob, biometricTemplat, prints, name]
    fields:
      dob: [le]
  Print: { reviewed: [finger] }`),
    );
    expect(found.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'p.yaml:7: Person.dob has its own rule (line 9); list only fields the type default covers as reviewed',
      'p.yaml:7: Person.biometricTemplat is listed as reviewed but the supergraph has no such field (stale review: remove it) ' +
        '(did you mean "biometricTemplate"?)',
      'p.yaml:7: Person.name is listed as reviewed twice',
      'p.yaml:10: Print lists reviewed fields but has no default: give each field a rule under fields instead',
    ]);
  });
});

describe('invariants', () => {
  const invariant = 'invariants:\n  no-applicants:\n    purposes: [I]\n    discloseOnly: [Query.person]\n    reason: Not for applicants.\n';
  const roles = 'roles:\n  NONCRIMINAL_AGENCY: { purposes: [I] }\n  INVESTIGATOR: { purposes: [C, X] }\n';

  it('denies every other field under its purposes, whatever a grant with `any` says', () => {
    const policy = compilePolicy(
      [
        { name: 'i.yaml', text: invariant },
        { name: 'r.yaml', text: roles },
        {
          name: 't.yaml',
          text: `
types:
  Query:
    fields: { person: [{ id: all, roles: [NONCRIMINAL_AGENCY], purposes: any }] }
  Person:
    default: [{ id: all, roles: [NONCRIMINAL_AGENCY, INVESTIGATOR], purposes: any }]
    reviewed: [id, name]`,
        },
      ],
      schema,
    );
    expect(policy.fields.get('Query.person')!.deny).toEqual([]);
    expect(policy.fields.get('Person.name')!.deny).toEqual([
      { id: 'no-applicants', source: 'i.yaml:2', roles: [], exceptRoles: [], purposes: ['I'], when: [], reason: 'Not for applicants.' },
    ]);
  });

  it('refuses a grant that names one of its purposes on a field it protects, and unknown coordinates', () => {
    expect(
      problems({
        'i.yaml': invariant.replace('[Query.person]', '[Query.persn, Persn, Person.nam]'),
        'r.yaml': roles,
        't.yaml': 'types:\n  Query:\n    fields:\n      person: [app]\n',
      }),
    ).toEqual([
      't.yaml:4: unknown grant "app"',
      'i.yaml:4: Query has no field "persn" (did you mean "person"?)',
      'i.yaml:4: no object type "Persn" in the supergraph (did you mean "Person"?)',
      'i.yaml:4: Person has no field "nam" (did you mean "name"?)',
    ]);
    expect(
      problems({
        'i.yaml': invariant,
        'r.yaml': roles,
        'g.yaml': 'grants:\n  app:\n    roles: [NONCRIMINAL_AGENCY]\n    purposes: [I]\n',
        't.yaml': 'types:\n  Query:\n    fields:\n      person: [app]\n  Person:\n    default: [app]\n    reviewed: [id, name]\n',
      }),
    ).toEqual([
      'g.yaml:2: "app" allows purpose I on Person.id, Person.name, which invariant "no-applicants" (i.yaml:2) forbids: ' +
        'under purposes I only Query.person may be disclosed. Remove those purposes from it.',
    ]);
  });
});
