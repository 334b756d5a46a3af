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
  COURT_CLERK: { purposes: [C, D] }
  AGENCY_COORDINATOR: { purposes: [A] }
  SUBJECT: { purposes: [RECORD_REVIEW] }
`;

/** A policy for part of the schema: fields it does not mention are simply denied. */
function policy(types: string) {
  return compilePolicy(
    [
      { name: 'roles.yaml', text: roles },
      { name: 'types.yaml', text: types },
    ],
    schema,
    { requireEveryField: false },
  );
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
    reviewed: [safeAtHome]
    fields:
      street: [{ id: street, roles: [INVESTIGATOR], purposes: [C] }]`);
    expect(decide(p, patrol, 'DmvAddress.safeAtHome', {}).allowed).toBe(true);
    expect(decide(p, patrol, 'DmvAddress.street', {}).allowed).toBe(false);
    expect(decide(p, investigator, 'DmvAddress.street', {}).allowed).toBe(true);
    expect(decide(p, investigator, 'DmvAddress.street', { _authz_safeAtHome: true }).allowed).toBe(false);
  });

  it('applies a type default only to the fields listed as reviewed', () => {
    const p = policy(`
types:
  DmvAddress:
    default: [{ id: default, roles: [PATROL_OFFICER], purposes: [C] }]
    reviewed: [street]`);
    expect(decide(p, patrol, 'DmvAddress.street', {}).allowed).toBe(true);
    expect(decide(p, patrol, 'DmvAddress.confidentialReason', {})).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/No policy rule covers/),
    });
    expect(decideStatically(p, patrol, 'DmvAddress.confidentialReason').kind).toBe('deny');
  });
});

describe('decide with several roles: right to know belongs to a role', () => {
  const p = policy(`
types:
  Query:
    fields:
      person: [{ id: le-any, roles: [PATROL_OFFICER], purposes: any }]
  Person:
    fields:
      name: [{ id: le-any, roles: [PATROL_OFFICER], purposes: any }, { id: audit, roles: [AGENCY_COORDINATOR], purposes: [A] }]
      ssn: [{ id: ssn, roles: [PATROL_OFFICER, INVESTIGATOR], purposes: [C, D], caseNumber: required }]
  DmvAddress:
    fields:
      street:
        allow: [{ id: all, roles: [PATROL_OFFICER, INVESTIGATOR, COURT_CLERK, SUBJECT], purposes: any }]
        deny:
          - { id: sealed, when: [addressIsConfidential], exceptRoles: [COURT_CLERK, SUBJECT], reason: Confidential. }
          - { id: no-patrol-d, roles: [PATROL_OFFICER], purposes: [C], reason: Not for patrol. }`);
  const ctx = (roles: DecisionContext['roles'], purpose: DecisionContext['purpose'], caseNumber?: string): DecisionContext => ({
    sub: 'u',
    ori: 'CA0190000',
    roles,
    purpose,
    caseNumber,
  });
  const patrolAndCoordinator = ctx(['PATROL_OFFICER', 'AGENCY_COORDINATOR'], 'A');

  it('counts a grant with `purposes: any` only through a role that may state the purpose', () => {
    expect(decide(p, patrolAndCoordinator, 'Query.person').allowed).toBe(false);
    expect(decideStatically(p, patrolAndCoordinator, 'Query.person').kind).toBe('deny');
    // The same token stating C acts as a patrol officer.
    expect(decide(p, { ...patrolAndCoordinator, purpose: 'C' }, 'Query.person').allowed).toBe(true);
    // A grant of the role that may state A still counts.
    expect(decide(p, patrolAndCoordinator, 'Person.name')).toMatchObject({ allowed: true, rules: ['audit (types.yaml:8)'] });
  });

  it('says which roles did not count and what would have allowed the field, purposes resolved per role', () => {
    const denied = decide(p, patrolAndCoordinator, 'Query.person');
    expect(denied.reason).toBe(
      'PATROL_OFFICER+AGENCY_COORDINATOR stating purpose A (ADMINISTRATIVE) without a case number may not see Query.person; ' +
        'PATROL_OFFICER may not state purpose A, so its grants do not count. Allowed for: PATROL_OFFICER stating purpose C.',
    );
    expect(denied.allowedWith).toEqual([{ roles: ['PATROL_OFFICER'], purposes: ['C'], caseNumber: false, when: [] }]);
    const ssn = decide(p, ctx(['SUBJECT'], 'RECORD_REVIEW'), 'Person.ssn');
    expect(ssn.allowedWith).toEqual([
      { roles: ['PATROL_OFFICER'], purposes: ['C'], caseNumber: true, when: [] },
      { roles: ['INVESTIGATOR'], purposes: ['C', 'D'], caseNumber: true, when: [] },
    ]);
  });

  it('needs one role to satisfy a whole rule: purpose from one role and grant from another do not add up', () => {
    // Patrol is named in the grant but may not state D; the court clerk may state D but is not named.
    const mixed = ctx(['PATROL_OFFICER', 'COURT_CLERK'], 'D', '24-1');
    expect(decide(p, mixed, 'Person.ssn').allowed).toBe(false);
    expect(decideStatically(p, mixed, 'Person.ssn').kind).toBe('deny');
    expect(decide(p, { ...mixed, roles: ['INVESTIGATOR', 'COURT_CLERK'] }, 'Person.ssn').allowed).toBe(true);
  });

  it('counts an exemption from a deny rule only through a role that may state the purpose', () => {
    const confidential = { _authz_confidential: 'VC1808.4' };
    // SUBJECT is exempt but may not state C: the investigator alone acts, and the deny rule applies to them.
    const investigatorAndSubject = ctx(['INVESTIGATOR', 'SUBJECT'], 'C', '24-1');
    expect(decide(p, investigatorAndSubject, 'DmvAddress.street', confidential)).toMatchObject({ allowed: false, reason: 'Confidential.' });
    expect(decideStatically(p, investigatorAndSubject, 'DmvAddress.street')).toEqual({
      kind: 'depends',
      conditions: ['addressIsConfidential'],
    });
    // A court clerk stating C is exempt, and the grant counts through the same role.
    const investigatorAndCourt = ctx(['INVESTIGATOR', 'COURT_CLERK'], 'C');
    expect(decide(p, investigatorAndCourt, 'DmvAddress.street', confidential).allowed).toBe(true);
    expect(decideStatically(p, investigatorAndCourt, 'DmvAddress.street')).toEqual({ kind: 'allow' });
  });

  it('applies a deny rule that names roles to those roles only', () => {
    const patrolAndInvestigator = ctx(['PATROL_OFFICER', 'INVESTIGATOR'], 'C');
    expect(decide(p, ctx(['PATROL_OFFICER'], 'C'), 'DmvAddress.street', {})).toMatchObject({ allowed: false, reason: 'Not for patrol.' });
    expect(decide(p, patrolAndInvestigator, 'DmvAddress.street', {}).allowed).toBe(true);
    expect(decideStatically(p, patrolAndInvestigator, 'DmvAddress.street').kind).toBe('depends');
  });

  it('denies everything when none of the roles may state the purpose', () => {
    const nobody = ctx(['PATROL_OFFICER'], 'A');
    expect(decide(p, nobody, 'Person.name').allowed).toBe(false);
    expect(decideStatically(p, nobody, 'DmvAddress.street').kind).toBe('deny');
  });
});
