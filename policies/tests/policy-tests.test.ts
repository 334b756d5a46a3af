/**
 * Runs every policy test file of policies/tests/*.yaml (cases and the expectation matrix, written from the
 * law: see matrix.yaml) against the committed policy, as `npm run policy -- test` does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/config.ts';
import { apiSchemaOfSupergraphFile } from '../../gateway/policy/api-schema.ts';
import { loadPolicy, uncoveredFields } from '../../gateway/policy/load.ts';
import { formatPolicyTestResults, runPolicyTests } from '../../gateway/policy/policy-tests.ts';

const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
// Every field reviewed is checked on its own below, so that a missing rule reads as one failure.
const policy = loadPolicy(path.join(REPO_ROOT, 'policies'), schema, { requireEveryField: false });
const testDir = path.join(REPO_ROOT, 'policies', 'tests');
const files = readdirSync(testDir)
  .filter((file) => file.endsWith('.yaml'))
  .sort();

describe('policy coverage', () => {
  it('has a rule for every field of the supergraph', () => {
    expect(uncoveredFields(policy, schema)).toEqual([]);
  });
});

describe('policy tests (policies/tests/*.yaml)', () => {
  it('include the expectation matrix', () => {
    expect(files).toContain('matrix.yaml');
  });

  it.each(files)('%s', (file) => {
    const [result] = runPolicyTests(
      [{ name: `policies/tests/${file}`, text: readFileSync(path.join(testDir, file), 'utf8') }],
      policy,
      schema,
    );
    expect(formatPolicyTestResults([result])).toEqual([]);
    expect(result.checks).toBeGreaterThan(0);
  });
});
