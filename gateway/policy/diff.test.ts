import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/config.ts';
import { apiSchemaOfSupergraphFile } from './api-schema.ts';
import { diffPolicies, formatPolicyDiff } from './diff.ts';
import { loadPolicy } from './load.ts';
import { dropCaseNumber, policyCopy, sourceOf } from './tools-test-support.ts';

const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
const live = loadPolicy(path.join(REPO_ROOT, 'policies'), schema, { requireEveryField: false });
const fixtures: { remove: () => void }[] = [];
afterAll(() => fixtures.forEach((fixture) => fixture.remove()));

let lastFixture = '';
function candidate(edits: Parameters<typeof policyCopy>[0]) {
  const fixture = policyCopy(edits);
  fixtures.push(fixture);
  lastFixture = fixture.dir;
  return loadPolicy(fixture.dir, schema, { requireEveryField: false });
}

// Where the rules are written today (other changes to the files move them).
const RESIDENCE_RULE = `dmv-residence-address (${sourceOf('grants.yaml', '  dmv-residence-address:')})`;
const SSN_RULE = `ssn (${sourceOf('grants.yaml', '  ssn:')})`;
const SAFE_AT_HOME = sourceOf('dmv.yaml', '          - id: safe-at-home');
const VC_1808_4 = sourceOf('dmv.yaml', '          - id: vc-1808-4-confidential');

describe('policy diff', () => {
  it('is empty between a policy and its copy', () => {
    const diff = diffPolicies(live, candidate({}), schema);
    expect(diff.groups).toEqual([]);
    expect(diff.totals).toEqual({ gained: 0, lost: 0, dependsChanged: 0 });
  });

  it('shows the blast radius of dropping caseNumber: required from a shared grant, cells grouped, fields by type', () => {
    const diff = diffPolicies(live, candidate({ 'grants.yaml': dropCaseNumber('dmv-residence-address') }), schema);
    expect(formatPolicyDiff(diff, { before: 'policies', after: 'candidate' }).slice(1)).toEqual([
      '',
      'PATROL_OFFICER, DISPATCHER, RECORDS_CLERK, PROBATION_OFFICER stating C without case; INVESTIGATOR, COURT_CLERK stating C/D without case:',
      `  + OutOfStateDriverLicense.{city, street, zip}  ${RESIDENCE_RULE}`,
      `  + Person.residenceAddress  ${RESIDENCE_RULE}`,
    ]);
    // Officers and dispatchers working an incident already had the address (contract C4): no change there.
    expect(diff.groups[0].cells.some((cell) => cell.incidentNumber)).toBe(false);
    expect(diff.totals).toEqual({ gained: 32, lost: 0, dependsChanged: 0 });
    expect(diff.changedCells).toBe(8);
  });

  it('gives JSON-serialisable data with both sides of each change', () => {
    const diff = diffPolicies(live, candidate({ 'grants.yaml': dropCaseNumber('dmv-residence-address') }), schema);
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff);
    expect(diff.groups[0].changes.find((change) => change.coordinate === 'Person.residenceAddress')).toEqual({
      coordinate: 'Person.residenceAddress',
      before: { verdict: 'deny', rules: [] },
      after: { verdict: 'allow', rules: [RESIDENCE_RULE] },
    });
    expect(diff.groups[0].cells.filter((cell) => cell.role === 'INVESTIGATOR')).toEqual([
      { role: 'INVESTIGATOR', purpose: 'C', caseNumber: false },
      { role: 'INVESTIGATOR', purpose: 'D', caseNumber: false },
    ]);
  });

  it('names the rule a lost field was allowed by', () => {
    const diff = diffPolicies(
      live,
      candidate({
        'grants.yaml': (text) => text.replace('  ssn:\n    roles: [INVESTIGATOR, COURT_CLERK]', '  ssn:\n    roles: [COURT_CLERK]'),
      }),
      schema,
    );
    expect(formatPolicyDiff(diff, { before: 'policies', after: 'candidate' })).toEqual([
      'policy diff policies -> candidate: 2 of 45 role x purpose x case cells change (0 fields gained, 2 lost, 0 now or no longer depending on data)',
      '',
      'INVESTIGATOR stating C/D with case:',
      `  - CriminalHistory.ssn  ${SSN_RULE}`,
    ]);
  });

  it('shows a change of the data conditions that decide a field', () => {
    // VC 1808.4 addresses without the investigators' and courts' exemption: they too depend on the flag.
    const CONDITIONS = 'depends on addressIsSafeAtHome -> depends on addressIsConfidential, addressIsSafeAtHome';
    const diff = diffPolicies(
      live,
      candidate({ 'dmv.yaml': (text) => text.replace('            exceptRoles: [INVESTIGATOR, COURT_CLERK]\n', '') }),
      schema,
    );
    // The candidate's rules, where the edit moved them.
    const aliasAt = (field: string) => sourceOf('dmv.yaml', `      ${field}: *protected-address`, lastFixture);
    expect(formatPolicyDiff(diff, { before: 'policies', after: 'candidate' }).slice(2)).toEqual([
      'INVESTIGATOR, COURT_CLERK stating C/D with or without case:',
      // city, zip and since repeat street's rules through a YAML alias: their rules are located where the alias is.
      `  ~ DmvAddress.street (${CONDITIONS})  safe-at-home (${SAFE_AT_HOME}), vc-1808-4-confidential (${VC_1808_4})`,
      ...['city', 'zip', 'since'].map(
        (field) => `  ~ DmvAddress.${field} (${CONDITIONS})  safe-at-home (${aliasAt(field)}), vc-1808-4-confidential (${aliasAt(field)})`,
      ),
    ]);
  });
});
