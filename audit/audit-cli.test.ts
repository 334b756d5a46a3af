/** `npm run audit -- verify | purge | stats`, run as the operator runs it: a child process on a real store. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../common/config.ts';
import { openSqliteAuditStore } from './store-sqlite.ts';
import { auditEvent } from './store-test-support.ts';

const run = promisify(execFile);

async function audit(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/audit.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each check starts `node --import tsx` (seconds on a busy machine; the purge test starts four): a hang
// guard, not a speed budget.
describe('npm run audit', { timeout: 180_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-cli-'));
    env = { AUDIT_DB: path.join(dir, 'audit.sqlite') };
    const store = await openSqliteAuditStore(env.AUDIT_DB);
    // Six events in 2020 (past any retention), two recent ones.
    for (let i = 0; i < 6; i++) await store.append({ ...auditEvent(i), time: `2020-03-0${i + 1}T12:00:00.000Z` });
    await store.append(auditEvent(0, { outcome: 'DENIED' }));
    await store.append({ ...auditEvent(1), time: new Date().toISOString() });
    await store.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('verify: exit 0 and the count when the chain is intact', async () => {
    const result = await audit(['verify'], env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^audit chain OK: 8 events verified in \d+\.\d s \(sqlite: .*audit\.sqlite\)\n$/);
  });

  it('stats: events, seq and time range, outcomes, purges', async () => {
    const result = await audit(['stats'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('events:   8 (seq 1-8, 2020-03-01T12:00:00.000Z to ');
    expect(result.stdout).toContain('outcomes: ALLOWED 7, DENIED 1');
    expect(result.stdout).toContain('purged:   never');
    const json = await audit(['stats', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'sqlite', events: 8, purges: 0, alerts: 0 });
  });

  it('purge: refuses a retention under 365 days and a cutoff under a year ago; purges by retention', async () => {
    const short = await audit(['purge'], { ...env, AUDIT_RETENTION_DAYS: '90' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('AUDIT_RETENTION_DAYS=90 is too short');
    const recent = await audit(['purge', '--before', new Date().toISOString()], env);
    expect(recent.code).toBe(1);
    expect(recent.stderr).toContain('would delete audit records younger than 365 days (CJIS AU-11)');

    const purged = await audit(['purge'], env);
    expect(purged.code).toBe(0);
    expect(purged.stdout).toMatch(/^purged 6 events older than \d{4}-.*Z \(retention 1095 days; sqlite: /);
    expect((await audit(['verify'], env)).stdout).toContain('audit chain OK: 2 events verified');
  });

  it('verify: exit 1 with the first problem and its seq when the chain is broken', async () => {
    const db = new Database(env.AUDIT_DB);
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare("UPDATE audit_events SET case_number = '24-999999' WHERE seq = 8").run();
    db.close();
    const result = await audit(['verify'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^audit chain BROKEN at seq 8: ALTERED - event 8: its content does not match its hash/);
    expect(result.stdout).toContain('(1 events verified before it;');
  });
});
