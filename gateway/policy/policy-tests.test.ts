import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/config.ts';
import { apiSchemaOfSupergraphFile } from './api-schema.ts';
import { loadPolicy } from './load.ts';
import { formatPolicyTestResults, runPolicyTests } from './policy-tests.ts';
import { dropCaseNumber, policyCopy, sourceOf } from './tools-test-support.ts';

const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
const live = loadPolicy(path.join(REPO_ROOT, 'policies'), schema, { requireEveryField: false });

function run(text: string, policy = live): string[] {
  return formatPolicyTestResults(runPolicyTests([{ name: 'cases.yaml', text }], policy, schema));
}

describe('policy test files', () => {
  it('pass when the policy decides as written, with a record shape or without', () => {
    const text = [
      'cases:',
      '  - caller: { roles: [INVESTIGATOR], purpose: C, case: true }',
      '    coordinate: DmvAddress.street',
      '    record: { safeAtHome: true }',
      '    expect: DENY',
      '    rule: safe-at-home',
      '  - caller: { roles: [PATROL_OFFICER], purpose: C }',
      '    coordinate: DmvAddress.street',
      '    expect: DEPENDS',
      '  - caller: { roles: [PATROL_OFFICER], purpose: C, incident: true }',
      '    coordinate: Person.residenceAddress',
      '    expect: ALLOW',
      '    rule: dmv-residence-address',
    ].join('\n');
    const [result] = runPolicyTests([{ name: 'cases.yaml', text }], live, schema);
    expect(result).toEqual({ file: 'cases.yaml', checks: 3, failures: [], problems: [] });
  });

  it('report a failing case at its line, with what the policy said and why', () => {
    const text = [
      'cases:',
      '  - caller: { roles: [INVESTIGATOR], purpose: C }',
      '    coordinate: Person.name',
      '    expect: ALLOW',
      '  - about: a subject reads nobody else',
      '    caller: { roles: [SUBJECT], purpose: RECORD_REVIEW, sub: P0000001 }',
      '    coordinate: Person.name',
      '    record: { id: P0000002 }',
      '    expect: ALLOW',
      '  - caller: { roles: [INVESTIGATOR], purpose: C, case: true }',
      '    coordinate: DmvAddress.street',
      '    record: { safeAtHome: true }',
      '    expect: DENY',
      '    rule: vc-1808-4-confidential',
    ].join('\n');
    const [subjectCase, ruleCase, ...rest] = run(text);
    // The reason is the gateway's own (decide.ts), quoted as it stands.
    expect(subjectCase).toMatch(
      /^cases\.yaml:5: Person\.name for SUBJECT stating RECORD_REVIEW without case on \{"_authz_id":"P0000002"\}: expected ALLOW, policy says DENY by .*own-record \(policies\/grants\.yaml:\d+\).* \(SUBJECT stating purpose RECORD_REVIEW .*may not see Person\.name for this record/,
    );
    expect(ruleCase).toBe(
      `cases.yaml:10: DmvAddress.street for INVESTIGATOR stating C with case on {"_authz_safeAtHome":true}: DENY as expected, but by safe-at-home (${sourceOf('dmv.yaml', '          - id: safe-at-home')}), not by rule vc-1808-4-confidential`,
    );
    expect(rest).toEqual([]);
  });

  it('refuse an invalid file with file:line errors and run none of it', () => {
    const text = [
      'cases:',
      '  - caller: { roles: [INVESTIGATR], purpose: C, case: true }',
      '    coordinate: DmvAddress.street',
      '    record: { safeAtHom: true }',
      '    expect: DENY',
      '  - caller: { roles: [INVESTIGATOR], purpose: CRIMINAL_JUSTIC }',
      '    coordinate: DmvAddress.stret',
      '    expect: DEPENDS',
      '  - caller: { roles: [INVESTIGATOR], purpose: C }',
      '    coordinate: DmvAddress.street',
      '    record: { safeAtHome: false }',
      '    expect: DEPENDS',
      '    colour: red',
    ].join('\n');
    expect(run(text)).toEqual(['cases.yaml:13: cases.2: unexpected key "colour"']);
    expect(run(text.replace('expect: DEPENDS\n    colour: red', 'expect: MAYBE'))).toEqual([
      'cases.yaml:12: cases.2.expect: must be equal to one of the allowed values (ALLOW, DENY, DEPENDS)',
    ]);
    expect(run(text.replace('    colour: red\n', '').replace(/\n {4}colour: red$/, ''))).toEqual([
      'cases.yaml:2: unknown role "INVESTIGATR" (did you mean "INVESTIGATOR"?)',
      'cases.yaml:4: no data condition reads "safeAtHom" on DmvAddress (they read: safeAtHome, confidentialReason) (did you mean "safeAtHome"?)',
      'cases.yaml:6: unknown purpose "CRIMINAL_JUSTIC"',
      'cases.yaml:7: the API schema has no field DmvAddress.stret (did you mean "DmvAddress.street"?)',
      'cases.yaml:12: DEPENDS is a decision without data: with a record, expect ALLOW or DENY',
    ]);
  });
});

describe('the expectation matrix (policies/tests/matrix.yaml)', () => {
  const matrixText = readFileSync(path.join(REPO_ROOT, 'policies', 'tests', 'matrix.yaml'), 'utf8');
  const lineOf = (entry: string) => matrixText.split('\n').indexOf(entry) + 1;
  const fixture = policyCopy({ 'grants.yaml': dropCaseNumber('dmv-residence-address') });
  afterAll(() => fixture.remove());

  it('catches a change of the policy that the law does not allow, at the line of the expectation', () => {
    const candidate = loadPolicy(fixture.dir, schema, { requireEveryField: false });
    const [result] = runPolicyTests([{ name: 'policies/tests/matrix.yaml', text: matrixText }], candidate, schema);
    const who =
      'for PATROL_OFFICER, DISPATCHER, RECORDS_CLERK, PROBATION_OFFICER stating C without case; INVESTIGATOR, COURT_CLERK stating C/D without case';
    expect(result.failures.filter((failure) => !failure.message.includes('no expectation'))).toEqual([
      {
        file: 'policies/tests/matrix.yaml',
        line: lineOf('  Person.residenceAddress: residence'),
        message: `Person.residenceAddress (residence): policy says allow, expected deny, ${who}`,
      },
      ...['street', 'city', 'zip'].map((field) => ({
        file: 'policies/tests/matrix.yaml',
        line: lineOf(`  OutOfStateDriverLicense.${field}: residence`),
        message: `OutOfStateDriverLicense.${field} (residence): policy says allow, expected deny, ${who}`,
      })),
    ]);
  });
});
