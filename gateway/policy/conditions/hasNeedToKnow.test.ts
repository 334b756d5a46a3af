import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decide, decideStatically } from '../decide.ts';
import { compilePolicy, PolicyError } from '../load.ts';
import type { DecisionContext } from '../types.ts';

const schema = buildSchema(`
  type Query { person(id: ID!): Person }
  type Person { id: ID! name: String residenceAddress: String }
`);

const roles = `
roles:
  PATROL_OFFICER: { purposes: [C], needToKnow: [case, incident] }
  INVESTIGATOR: { purposes: [C] }
`;
const types = `
types:
  Person:
    fields:
      residenceAddress: [{ id: residence, roles: [PATROL_OFFICER, INVESTIGATOR], purposes: [C], caseNumber: required }]
`;

function policy(rolesText = roles) {
  return compilePolicy(
    [
      { name: 'roles.yaml', text: rolesText },
      { name: 'types.yaml', text: types },
    ],
    schema,
    { requireEveryField: false },
  );
}

const patrol: DecisionContext = { sub: 'u1', ori: 'CA0190100', roles: ['PATROL_OFFICER'], purpose: 'C' };
const investigator: DecisionContext = { sub: 'u2', ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C' };

describe('hasNeedToKnow: what satisfies `caseNumber: required`', () => {
  it('a confirmed case number, for every role', () => {
    const p = policy();
    expect(decide(p, { ...patrol, caseNumber: '24-000187' }, 'Person.residenceAddress').allowed).toBe(true);
    expect(decideStatically(p, { ...investigator, caseNumber: '24-000187' }, 'Person.residenceAddress')).toEqual({ kind: 'allow' });
  });

  it('a confirmed incident, only for a role whose entry says needToKnow: [case, incident]', () => {
    const p = policy();
    expect(decide(p, { ...patrol, incidentNumber: 'I26-0000001' }, 'Person.residenceAddress').allowed).toBe(true);
    const denied = decide(p, { ...investigator, incidentNumber: 'I26-0000001' }, 'Person.residenceAddress');
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toBe(
      'INVESTIGATOR stating purpose C (CRIMINAL_JUSTICE) with an incident number may not see Person.residenceAddress. ' +
        'Allowed for: PATROL_OFFICER, INVESTIGATOR stating purpose C with a case number.',
    );
  });

  it('nothing confirmed: denied, and the reason says why the stated number did not count', () => {
    const p = policy();
    const note = 'the case you stated is not assigned to you';
    const decision = decideStatically(p, { ...investigator, needToKnowNote: note }, 'Person.residenceAddress');
    expect(decision.kind).toBe('deny');
    expect(decision.kind === 'deny' && decision.decision.reason).toBe(
      'INVESTIGATOR stating purpose C (CRIMINAL_JUSTICE) without a case number may not see Person.residenceAddress ' +
        '(the case you stated is not assigned to you). Allowed for: PATROL_OFFICER, INVESTIGATOR stating purpose C with a case number.',
    );
  });

  it('says "case or incident number" for alternatives whose roles may all rely on an incident', () => {
    const p = policy(`
roles:
  PATROL_OFFICER: { purposes: [C], needToKnow: [case, incident] }
  INVESTIGATOR: { purposes: [D] }
`);
    expect(decide(p, patrol, 'Person.residenceAddress').reason).toMatch(
      /Allowed for: PATROL_OFFICER stating purpose C with a case or incident number\./,
    );
  });

  it('roles default to needToKnow: [case]; an unknown kind is refused at its line', () => {
    expect(policy().needToKnowByRole.get('INVESTIGATOR')).toEqual(new Set(['case']));
    expect(policy().needToKnowByRole.get('PATROL_OFFICER')).toEqual(new Set(['case', 'incident']));
    expect(() => policy(`roles:\n  PATROL_OFFICER: { purposes: [C], needToKnow: [hunch] }\n`)).toThrow(PolicyError);
  });
});
