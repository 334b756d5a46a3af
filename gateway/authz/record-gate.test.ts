import { buildSchema, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decideStatically } from '../policy/decide.ts';
import { compilePolicy } from '../policy/load.ts';
import type { DecisionContext } from '../policy/types.ts';
import { pruneDocument } from './prune.ts';
import { gateInputs, recordGatesOf, recordIsVisible } from './record-gate.ts';

const schema = buildSchema(`
  type Query { person(id: ID!): Person history(cii: String!): History events: [AuditEvent!] }
  type Person { id: ID! name: String residenceAddress: DmvAddress history: History }
  type History { cii: String arrests: [Arrest!] entries: [Entry!] }
  interface Entry { id: String }
  type Arrest implements Entry { id: String date: String sealed: Boolean }
  type Custody implements Entry { id: String facility: String }
  type DmvAddress { street: String state: String }
  type AuditEvent { seq: ID ori: String }
`);

const policy = compilePolicy(
  [
    {
      name: 'roles.yaml',
      text: 'roles:\n  INVESTIGATOR: { purposes: [C] }\n  COURT_CLERK: { purposes: [C] }\n  SUBJECT: { purposes: [RECORD_REVIEW] }\n  AGENCY_COORDINATOR: { purposes: [A] }\n  DOJ_AUDITOR: { purposes: [A] }\n',
    },
    {
      name: 'types.yaml',
      text: `
grants:
  le: { roles: [INVESTIGATOR, COURT_CLERK], purposes: [C] }
  own: { roles: [SUBJECT], purposes: [RECORD_REVIEW], when: [isSubjectSelf] }
  contents: { roles: [SUBJECT], purposes: [RECORD_REVIEW] }
  audit: { roles: [DOJ_AUDITOR, AGENCY_COORDINATOR], purposes: [A] }
  statewide: { roles: [DOJ_AUDITOR], purposes: [A] }
  ownAgency: { roles: [AGENCY_COORDINATOR], purposes: [A], when: [recordIsOwnAgency] }
types:
  Query:
    fields: { person: [le, contents], history: [le, contents], events: [audit] }
  Person:
    fields: { id: &person [le, own], name: *person, residenceAddress: *person, history: *person }
  History:
    fields: { cii: &history [le, contents], arrests: *history, entries: *history }
  Arrest:
    fields:
      id: &arrest
        allow: [le, contents]
        deny: [{ id: sealed, when: [recordIsSealed], exceptRoles: [COURT_CLERK, SUBJECT], reason: Sealed. }]
      date: *arrest
      sealed: *arrest
  Custody:
    fields: { id: [le, contents], facility: [le, contents] }
  DmvAddress:
    fields:
      street:
        allow: [le]
        deny: [{ id: sah, when: [addressIsSafeAtHome], reason: Safe at Home. }]
      state: [le]
  AuditEvent:
    fields: { seq: &event [statewide, ownAgency], ori: *event }
`,
    },
  ],
  schema,
);

const subject: DecisionContext = { sub: 'P1', ori: 'CA0000000', roles: ['SUBJECT'], purpose: 'RECORD_REVIEW' };
const investigator: DecisionContext = { sub: 'u1', ori: 'CA0190000', roles: ['INVESTIGATOR'], purpose: 'C', caseNumber: '24-1' };
const court: DecisionContext = { ...investigator, roles: ['COURT_CLERK'] };
const coordinator: DecisionContext = { sub: 'u2', ori: 'CA0190000', roles: ['AGENCY_COORDINATOR'], purpose: 'A' };
const auditor: DecisionContext = { ...coordinator, roles: ['DOJ_AUDITOR'] };
const decider = (context: DecisionContext) => (coordinate: string) => decideStatically(policy, context, coordinate);

describe('record gates', () => {
  it('gate a type whose every field depends on a record-scope condition, for the callers it applies to', () => {
    expect([...recordGatesOf(schema, decider(subject)).keys()]).toEqual(['Person']);
    expect([...recordGatesOf(schema, decider(investigator)).keys()]).toEqual(['Arrest']);
    expect([...recordGatesOf(schema, decider(court)).keys()]).toEqual([]);
    expect([...recordGatesOf(schema, decider(coordinator)).keys()]).toEqual(['AuditEvent']);
    expect([...recordGatesOf(schema, decider(auditor)).keys()]).toEqual([]);
  });

  it('never gate a type for a field-level condition (a Safe at Home street)', () => {
    for (const context of [subject, investigator, court]) expect(recordGatesOf(schema, decider(context)).has('DmvAddress')).toBe(false);
  });

  it("say a record is visible when one of its fields is allowed on it: the subject's own, an unsealed arrest, the agency's own event", () => {
    const person = recordGatesOf(schema, decider(subject)).get('Person')!;
    expect(gateInputs(person)).toEqual(['_authz_id: id']);
    expect(recordIsVisible(policy, subject, person, { _authz_id: 'P1' })).toBe(true);
    expect(recordIsVisible(policy, subject, person, { _authz_id: 'P2' })).toBe(false);
    expect(recordIsVisible(policy, subject, person, {})).toBe(false); // inputs missing: fail closed

    const arrest = recordGatesOf(schema, decider(investigator)).get('Arrest')!;
    expect(recordIsVisible(policy, investigator, arrest, { _authz_sealed: false })).toBe(true);
    expect(recordIsVisible(policy, investigator, arrest, { _authz_sealed: true })).toBe(false);

    const event = recordGatesOf(schema, decider(coordinator)).get('AuditEvent')!;
    expect(recordIsVisible(policy, coordinator, event, { _authz_ori: 'CA0190000' })).toBe(true);
    expect(recordIsVisible(policy, coordinator, event, { _authz_ori: 'CA0370000' })).toBe(false);
  });
});

describe('pruning fetches what the gates need', () => {
  const prune = (context: DecisionContext, query: string) => print(pruneDocument(schema, parse(query), decider(context)).document);

  it('adds the gate inputs to a selection of __typename alone', () => {
    expect(prune(subject, '{ person(id: "P2") { __typename } }')).toContain('_authz_id: id');
    expect(prune(investigator, '{ history(cii: "1") { arrests { __typename } } }')).toContain('_authz_sealed: sealed');
    expect(prune(court, '{ history(cii: "1") { arrests { __typename } } }')).not.toContain('_authz_sealed');
  });

  it('adds the inputs of each possible type under an interface, in an inline fragment', () => {
    const rewritten = prune(investigator, '{ history(cii: "1") { entries { id } } }');
    expect(rewritten).toMatch(/\.\.\. on Arrest \{\s*_authz_sealed: sealed\s*\}/);
    expect(rewritten).not.toContain('... on Custody');
  });
});
