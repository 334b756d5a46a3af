/** What is particular to the SQLite store (the shared behaviour is in store.test.ts). */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { chainEvents } from './chain.ts';
import { GENESIS_ANCHOR } from './chain.ts';
import { EVENT_V2_COLUMNS, SQLITE_SCHEMA } from './sqlite-schema.ts';
import { eventToRow, EVENT_COLUMNS, rowValues } from './store-common.ts';
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

  it('opens a store written before event version 2: adds the new columns, old events still verify, new ones chain on', async () => {
    const file = path.join(dir, 'audit.sqlite');
    // The table as version 1 created it: without the version 2 columns.
    const v1Schema = SQLITE_SCHEMA.split('\n')
      .filter((line) => !EVENT_V2_COLUMNS.some((column) => line.trimStart().startsWith(`${column} `)))
      .join('\n');
    const old = new Database(file);
    old.exec(v1Schema);
    const v1Columns = EVENT_COLUMNS.filter((c) => !(EVENT_V2_COLUMNS as readonly string[]).includes(c));
    const v1Events = chainEvents(
      GENESIS_ANCHOR,
      [0, 1].map((i) => ({ ...auditEvent(i), version: 1 as const })),
    );
    const insert = old.prepare(`INSERT INTO audit_events (${v1Columns.join(', ')}) VALUES (${v1Columns.map(() => '?').join(', ')})`);
    for (const event of v1Events) {
      const row = eventToRow(event);
      insert.run(...rowValues(row).filter((_, i) => v1Columns.includes(EVENT_COLUMNS[i])));
    }
    old.close();

    const store = await openSqliteAuditStore(file);
    const next = await store.append(
      auditEvent(2, { caseStatus: 'VALID', policyVersion: 'abc', releasedBy: ['Person.name=person-identity'] }),
    );
    expect(next).toMatchObject({ seq: 3, prevHash: v1Events[1].hash, version: 2 });
    expect(await store.verify()).toEqual({ ok: true, checked: 3 });
    const [read] = await store.events([3]);
    expect(read).toMatchObject({ caseStatus: 'VALID', policyVersion: 'abc', releasedBy: ['Person.name=person-identity'] });
    await store.close();
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
