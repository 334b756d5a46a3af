/** `npm run policy -- diff | replay | test`, run as a policy officer runs them: a child process. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteAuditStore } from '../audit/store-sqlite.ts';
import { auditEvent } from '../audit/store-test-support.ts';
import { REPO_ROOT } from '../common/config.ts';
import { dropCaseNumber, policyCopy, sourceOf } from '../gateway/policy/tools-test-support.ts';

const run = promisify(execFile);

async function policy(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/policy.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each check starts `node --import tsx` (seconds on a busy machine): a hang guard, not a speed budget.
describe('npm run policy', { timeout: 180_000 }, () => {
  const candidate = policyCopy({ 'grants.yaml': dropCaseNumber('dmv-residence-address') });
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'policy-cli-'));
    const store = await openSqliteAuditStore(path.join(dir, 'audit.sqlite'));
    const profile = 'query Profile { person(id: "P0000001") { id residenceAddress { city } } }';
    const investigator = { userId: 'u-inv-1', roles: ['INVESTIGATOR'], purpose: 'C', operationName: 'Profile', operationText: profile };
    await store.append(auditEvent(1, { requestId: 'a1', ...investigator, time: '2026-11-02T10:00:00.000Z' }));
    await store.append(auditEvent(2, { requestId: 'a2', ...investigator, time: '2026-11-03T10:00:00.000Z' }));
    await store.append(
      auditEvent(3, { requestId: 'a3', ...investigator, caseNumber: '24-000187', caseStatus: 'VALID', time: '2026-11-03T11:00:00.000Z' }),
    );
    await store.close();
  });
  afterAll(() => {
    candidate.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('diff prints what each caller gains, grouped, and --json the same as data', async () => {
    const human = await policy(['diff', 'policies', candidate.dir]);
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n').slice(1)).toEqual([
      '',
      'PATROL_OFFICER, DISPATCHER, RECORDS_CLERK, PROBATION_OFFICER stating C without case; INVESTIGATOR, COURT_CLERK stating C/D without case:',
      `  + OutOfStateDriverLicense.{city, street, zip}  dmv-residence-address (${sourceOf('grants.yaml', '  dmv-residence-address:')})`,
      `  + Person.residenceAddress  dmv-residence-address (${sourceOf('grants.yaml', '  dmv-residence-address:')})`,
      '',
    ]);
    const json = JSON.parse((await policy(['diff', 'policies', candidate.dir, '--json'])).stdout) as { totals: unknown; groups: unknown[] };
    expect(json.totals).toEqual({ gained: 32, lost: 0, dependsChanged: 0 });
    expect(json.groups).toHaveLength(1);
  });

  it('diff reads the policies/ of a git revision out of the repository', async () => {
    const result = await policy(['diff', 'HEAD', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ before: 'HEAD:policies', after: expect.stringMatching(/policies$/) as unknown });
  });

  it('diff refuses what is neither a directory nor a git revision', async () => {
    const result = await policy(['diff', 'no-such-revision~9']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('error: "no-such-revision~9" is neither a policy directory nor a git revision\n');
  });

  it('replay reads the trail of a store within the time window', async () => {
    const result = await policy([
      'replay',
      '--candidate',
      candidate.dir,
      '--store',
      path.join(dir, 'audit.sqlite'),
      '--from',
      '2026-11-03',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      events: { read: number; replayed: number };
      newlyDisclosed: { coordinate: string; exampleRequestIds: string[] }[];
    };
    // a1 is before --from; a3 had a valid case, so nothing changes for it.
    expect(report.events).toMatchObject({ read: 2, replayed: 2 });
    expect(report.newlyDisclosed).toEqual([expect.objectContaining({ coordinate: 'Person.residenceAddress', exampleRequestIds: ['a2'] })]);
    const missing = await policy(['replay', '--candidate', candidate.dir, '--store', path.join(dir, 'nope.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
  });

  it('test runs the YAML policy tests, prints failures with file:line and exits 1', async () => {
    const file = path.join(dir, 'cases.yaml');
    writeFileSync(
      file,
      [
        'cases:',
        '  - caller: { roles: [PATROL_OFFICER], purpose: C }',
        '    coordinate: CriminalHistory.ssn',
        '    expect: ALLOW',
        '',
      ].join('\n'),
    );
    const result = await policy(['test', file]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^.*cases\.yaml:2: CriminalHistory\.ssn for PATROL_OFFICER stating C without case: expected ALLOW, policy says DENY/,
    );
    expect(result.stdout).toContain('policy tests: 1 file(s), 1 decisions checked, 1 file(s) failed');
  });
});
