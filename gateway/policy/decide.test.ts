import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decide, decideStatically } from './decide.ts';
import { compilePolicy } from './load.ts';
import type { DecisionContext } from './types.ts';

const schema = buildSchema(`
  type Query { person(id: ID!): Person }
  type Person { id: ID! name: String ssn: String residenceAddress: DmvAddress }
  type DmvAddress { street: String safeAtHome: Boolean confidentialReason: String }
`);

const roles = `
roles:
  PATROL_OFFICER: { purposes: [C] }
  INVESTIGATOR: { purposes: [C, D] }
  SUBJECT: { purposes: [RECORD_REVIEW] }
`;

function policy(types: string) {
  return compilePolicy([{ name: 'roles.yaml', text: roles }, { name: 'types.yaml', text: types }], schema);
}

const patrol: DecisionContext = { sub: 'u1', ori: 'CA0190000', roles: ['PATROL_OFFICER'], purpose: 'C' };
const investigator: DecisionContext = { sub: 'u2', ori: 'CA0190000', roles: ['INVESTIGATOR'], purpose: 'C', caseNumber: '24-001' };

describe('decide', () => {
  it('denies a field that no rule covers (deny by default)', () => {
    const p = policy('types: {}');
    const decision = decide(p, patrol, 'Person.ssn');
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toMatch(/No policy rule covers Person.ssn/);
    expect(decideStatically(p, patrol, 'Person.ssn').kind).toBe('deny');
  });

  it('allows when one allow rule matches role and purpose', () => {
    const p = policy(`
types:
  Person:
    fields:
      name: [{ id: le-name, roles: [PATROL_OFFICER], purposes: [C] }]`);
    expect(decide(p, patrol, 'Person.name')).toMatchObject({ allowed: true, rules: ['le-name (types.yaml:5)'] });
    expect(decideStatically(p, patrol, 'Person.name')).toEqual({ kind: 'allow' });
    expect(decide(p, { ...patrol, purpose: 'D' }, 'Person.name').allowed).toBe(false);
  });

  it('requires a case number when the rule says so, and says what would have allowed it', () => {
    const p = policy(`
types:
  Person:
    fields:
      ssn: [{ id: ssn-case, roles: [INVESTIGATOR], purposes: [C], caseNumber: required }]`);
    expect(decide(p, investigator, 'Person.ssn').allowed).toBe(true);
    const denied = decide(p, { ...investigator, caseNumber: undefined }, 'Person.ssn');
    expect(denied.allowed).toBe(false);
    expect(denied.allowedWith).toEqual([{ roles: ['INVESTIGATOR'], purposes: ['C'], caseNumber: true, when: [] }]);
    expect(denied.reason).toBe(
      'INVESTIGATOR stating purpose C (CRIMINAL_JUSTICE) without a case number may not see Person.ssn. ' +
        'Allowed for: INVESTIGATOR stating purpose C with a case number.',
    );
  });

  it('lets a deny rule beat an allow rule', () => {
    const p = policy(`
types:
  DmvAddress:
    fields:
      street:
        allow: [{ id: everyone, roles: [PATROL_OFFICER, INVESTIGATOR], purposes: any }]
        deny: [{ id: sah, when: [addressIsSafeAtHome], reason: Safe at Home. }]`);
    const safe = { _authz_safeAtHome: true };
    const ordinary = { _authz_safeAtHome: false };
    expect(decide(p, patrol, 'DmvAddress.street', ordinary).allowed).toBe(true);
    expect(decide(p, patrol, 'DmvAddress.street', safe)).toMatchObject({ allowed: false, reason: 'Safe at Home.' });
    expect(decideStatically(p, patrol, 'DmvAddress.street')).toEqual({ kind: 'depends', conditions: ['addressIsSafeAtHome'] });
  });

  it('exempts exceptRoles from a deny rule', () => {
    const p = policy(`
types:
  DmvAddress:
    fields:
      street:
        allow: [{ id: all, roles: [PATROL_OFFICER, INVESTIGATOR], purposes: any }]
        deny: [{ id: vc18084, when: [addressIsConfidential], exceptRoles: [INVESTIGATOR], reason: VC 1808.4. }]`);
    const judge = { _authz_confidential: 'VC1808.4' };
    expect(decide(p, patrol, 'DmvAddress.street', judge).allowed).toBe(false);
    expect(decide(p, investigator, 'DmvAddress.street', judge).allowed).toBe(true);
    expect(decideStatically(p, investigator, 'DmvAddress.street')).toEqual({ kind: 'allow' });
  });

  it('evaluates data conditions of allow rules on the parent only', () => {
    const p = policy(`
types:
  Person:
    fields:
      ssn: [{ id: own, roles: [SUBJECT], purposes: [RECORD_REVIEW], when: [isSubjectSelf] }]`);
    const subject: DecisionContext = { sub: 'P0000001', ori: 'CA0000000', roles: ['SUBJECT'], purpose: 'RECORD_REVIEW' };
    expect(decide(p, subject, 'Person.ssn', { _authz_id: 'P0000001' }).allowed).toBe(true);
    expect(decide(p, subject, 'Person.ssn', { _authz_id: 'P0000002' }).allowed).toBe(false);
    expect(decide(p, subject, 'Person.ssn').allowed).toBe(false);
    expect(decideStatically(p, subject, 'Person.ssn')).toEqual({ kind: 'depends', conditions: ['isSubjectSelf'] });
  });

  it('uses a field rule in place of the type default, and keeps the default deny rules', () => {
    const p = policy(`
types:
  DmvAddress:
    default:
      allow: [{ id: default, roles: [PATROL_OFFICER], purposes: [C] }]
      deny: [{ id: sah, when: [addressIsSafeAtHome], reason: never }]
    fields:
      street: [{ id: street, roles: [INVESTIGATOR], purposes: [C] }]`);
    expect(decide(p, patrol, 'DmvAddress.safeAtHome', {}).allowed).toBe(true);
    expect(decide(p, patrol, 'DmvAddress.street', {}).allowed).toBe(false);
    expect(decide(p, investigator, 'DmvAddress.street', {}).allowed).toBe(true);
    expect(decide(p, investigator, 'DmvAddress.street', { _authz_safeAtHome: true }).allowed).toBe(false);
  });
});
