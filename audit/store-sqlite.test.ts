/** What is particular to the SQLite store (the shared behaviour is in store.test.ts). */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteAuditStore } from './store-sqlite.ts';
import { auditEvent } from './store-test-support.ts';

describe('SQLite audit store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-sqlite-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its file (and folder) on first use; a reopened store continues the same chain', async () => {
    const file = path.join(dir, 'nested', 'audit.sqlite');
    const store = await openSqliteAuditStore(file);
    expect(store.location).toBe(file);
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await store.append(auditEvent(i)));
    await store.close();

    const reopened = await openSqliteAuditStore(file);
    const next = await reopened.append(auditEvent(3));
    expect(next).toMatchObject({ seq: 4, prevHash: first[2].hash });
    expect(await reopened.verify()).toEqual({ ok: true, checked: 4 });
    await reopened.close();
  });

  it('catches ONE byte flipped in the database file itself, outside SQLite (ALTERED at that event)', async () => {
    const file = path.join(dir, 'audit.sqlite');
    const store = await openSqliteAuditStore(file);
    for (let i = 0; i < 5; i++) await store.append(auditEvent(i, { userName: `Officer Marker-${i}` }));
    await store.close(); // the last connection checkpoints the WAL into the file
    expect(existsSync(`${file}-wal`)).toBe(false);

    const bytes = readFileSync(file);
    const at = bytes.indexOf('Marker-3');
    expect(at).toBeGreaterThan(0);
    bytes[at] ^= 0x01; // 'M' -> 'L'
    writeFileSync(file, bytes);

    const reopened = await openSqliteAuditStore(file);
    expect(await reopened.verify()).toEqual({
      ok: false,
      checked: 3,
      problem: { seq: 4, kind: 'ALTERED', detail: 'event 4: its content does not match its hash (content or hash changed)' },
    });
    expect((await reopened.events([4]))[0].userName).toBe('Officer Larker-3');
    await reopened.close();
  });

  it('refuses to open a path that cannot hold a database', async () => {
    await expect(openSqliteAuditStore(dir)).rejects.toThrow();
  });
});
