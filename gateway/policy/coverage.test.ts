import path from 'node:path';
import { buildSchema, extendSchema, parse, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/config.ts';
import { apiSchemaOfSupergraphFile } from './api-schema.ts';
import { decideStatically } from './decide.ts';
import { loadPolicy, PolicyError, type PolicyProblem } from './load.ts';

/** The committed policies against the committed supergraph, with fields a subgraph has just added. */
const api = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
const policies = path.join(REPO_ROOT, 'policies');

function problemsWith(extension: string): PolicyProblem[] {
  try {
    loadPolicy(policies, extendSchema(api, parse(extension)));
  } catch (error) {
    if (error instanceof PolicyError) return [...error.problems];
    throw error;
  }
  throw new Error('the policy was accepted');
}

describe('a field added to the supergraph', () => {
  it('makes the committed policy invalid until a policy officer decides it, naming the file and a rule', () => {
    const [problem, ...others] = problemsWith('extend type Person { biometricTemplate: String }');
    expect(others).toEqual([]);
    expect(problem).toMatchObject({
      file: 'policies/person.yaml',
      message: expect.stringMatching(/^Person\.biometricTemplate has not been reviewed/),
    });
    expect(problem.suggestion).toContain('biometricTemplate: [person-identity, own-record]   # as the type default');
    expect(problem.suggestion).toMatch(/reviewed: \[\.\.\., biometricTemplate\]/);
  });

  it('is denied to everyone meanwhile, even where the type default would allow it', () => {
    const schema = extendSchema(api, parse('extend type Person { biometricTemplate: String }'));
    const policy = loadPolicy(policies, schema, { requireEveryField: false });
    const patrol = { sub: 'u1', ori: 'CA0190100', roles: ['PATROL_OFFICER' as const], purpose: 'C' as const };
    expect(decideStatically(policy, patrol, 'Person.name').kind).toBe('allow');
    expect(decideStatically(policy, patrol, 'Person.biometricTemplate').kind).toBe('deny');
  });

  it('reports a whole new type where it is reached from, with an entry to paste', () => {
    const problems = problemsWith('type PalmPrint { hand: String image: String } extend type Person { palmPrints: [PalmPrint] }');
    expect(problems.map((p) => p.message).sort()).toEqual([
      expect.stringMatching(/^Person\.palmPrints has not been reviewed/),
      'type PalmPrint has no policy entry: nobody may see PalmPrint.hand, PalmPrint.image until a policy officer decides (it is reached through Person.palmPrints).',
    ]);
    const newType = problems.find((p) => p.message.startsWith('type PalmPrint'))!;
    expect(newType).toMatchObject({ file: 'policies/person.yaml' });
    expect(newType.suggestion).toContain(
      '  PalmPrint:\n    default: [person-identity]   # as Person.palmPrints\n    reviewed: [hand, image]',
    );
  });

  it('refuses a review of a field the supergraph no longer has (stale review)', () => {
    const sdl = printSchema(api);
    const withoutSkin = sdl.replace(/\n {2}"{3}\n {2}NCIC SKN:[^"]*"{3}\n {2}skin: String\n/, '\n');
    expect(withoutSkin).not.toBe(sdl);
    let problems: PolicyProblem[] = [];
    try {
      loadPolicy(policies, buildSchema(withoutSkin));
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      problems = [...error.problems];
    }
    expect(problems).toEqual([
      {
        file: 'policies/person.yaml',
        line: expect.any(Number),
        message: 'Person.skin is listed as reviewed but the supergraph has no such field (stale review: remove it)',
      },
    ]);
  });
});
