/**
 * One behavioural suite, run against both audit stores: real SQLite files in temp dirs and a real
 * PostgreSQL (a fresh schema per test, dropped afterwards).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH } from './chain.ts';
import type { AuditEvent, AuditEventInput } from './event.ts';
import type { AuditStore } from './store.ts';
import { AuditPurgeRefusedError, AuditWriteError, EVENT_COLUMNS, eventToRow, rowValues } from './store-common.ts';
import {
  auditEvent,
  postgresHarness,
  postgresReachable,
  sqliteHarness,
  type StoreHarness,
  TEST_DATABASE_URL,
} from './store-test-support.ts';

const pgReachable = await postgresReachable();
if (!pgReachable) console.warn(`\n*** PostgreSQL is unreachable at ${TEST_DATABASE_URL}: the postgres audit store suite is SKIPPED ***\n`);

const backends = [
  { name: 'sqlite', harness: sqliteHarness, available: true },
  { name: 'postgres', harness: postgresHarness, available: pgReachable },
];

async function appendInOrder(store: AuditStore, inputs: AuditEventInput[]): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for (const input of inputs) events.push(await store.append(input));
  return events;
}

function minutes(n: number): string {
  return auditEvent(n).time;
}

/** The same text with one character (one byte, for ASCII) changed. */
function flipOneByte(text: string, at: number): string {
  return text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) + text.slice(at + 1);
}

const INSERT_ROW = `INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`;

if (!pgReachable) {
  describe('postgres audit store', () => {
    it.skip(`SKIPPED: PostgreSQL is unreachable at ${TEST_DATABASE_URL}`, () => undefined);
  });
}

describe.each(backends.filter((b) => b.available))('$name audit store', ({ harness }) => {
  let h: StoreHarness;
  let store: AuditStore;
  beforeEach(async () => {
    h = await harness();
    store = h.store;
  });
  afterEach(async () => {
    await h.cleanup();
  });

  describe('readiness', () => {
    it('ping answers while the store is open and rejects once it is closed', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow(/closed/);
    });
  });

  describe('appending and reading', () => {
    it('places each event in the chain: seq from 1, prevHash from the genesis hash, hash = sha256(prevHash + canonical JSON)', async () => {
      const [a, b] = [auditEvent(0), auditEvent(1)];
      const first = await store.append(a);
      const second = await store.append(b);
      expect(first).toEqual({ ...a, seq: 1, prevHash: GENESIS_HASH, hash: eventHash(GENESIS_HASH, a) });
      expect(second).toEqual({ ...b, seq: 2, prevHash: first.hash, hash: eventHash(first.hash, b) });
      expect(await store.events([2, 1, 99])).toEqual([first, second]);
      expect(await store.verify()).toEqual({ ok: true, checked: 2 });
    });

    it('reads back exactly what was written; NUL and lone surrogates (unstorable) are stored, and hashed, as U+FFFD', async () => {
      const written = await store.append(
        auditEvent(0, {
          userId: null,
          userName: 'Zoë Ångström 👮',
          ori: null,
          roles: [],
          purpose: null,
          caseNumber: '24-000123',
          operationName: null,
          operationHash: null,
          operationText: 'query { a }\u0000',
          subjects: ['P1', 'P2'],
          views: [
            { kind: 'HOME_ADDRESS', personId: 'P1' },
            { kind: 'PROTECTION_ORDER', personId: 'P2' },
          ],
          outcome: 'ERROR',
          reason: 'lone \uD800 surrogate',
          latencyMs: 0,
        }),
      );
      expect(written.operationText).toBe('query { a }\uFFFD');
      expect(written.reason).toBe('lone \uFFFD surrogate');
      expect(await store.query({ limit: 10 })).toEqual([written]);
      expect(await store.after(0, 10)).toEqual([written]);
      expect(await store.verify()).toEqual({ ok: true, checked: 1 });
    });

    it('filters by user, agency, subject, purpose, outcome and time (AND), newest first, and pages with beforeSeq', async () => {
      await appendInOrder(store, [
        auditEvent(0, { userId: 'U1', ori: 'ORI-A', subjects: ['P1'], purpose: 'C', outcome: 'ALLOWED' }),
        auditEvent(1, { userId: 'U2', ori: 'ORI-A', subjects: ['P2'], purpose: 'D', outcome: 'DENIED' }),
        auditEvent(2, { userId: 'U1', ori: 'ORI-B', subjects: ['P1', 'P3', 'P1'], purpose: 'C', outcome: 'ALLOWED' }),
        auditEvent(3, { userId: null, ori: null, subjects: [], purpose: null, outcome: 'UNAUTHENTICATED' }),
        auditEvent(4, { userId: 'U1', ori: 'ORI-A', subjects: ['P3'], purpose: 'F', outcome: 'ALLOWED' }),
        auditEvent(5, { userId: 'U2', ori: 'ORI-B', subjects: ['P1'], purpose: 'C', outcome: 'PURPOSE_REFUSED' }),
      ]);
      const seqs = async (query: Parameters<AuditStore['query']>[0]) => (await store.query(query)).map((e) => e.seq);
      expect(await seqs({ limit: 100 })).toEqual([6, 5, 4, 3, 2, 1]);
      expect(await seqs({ userId: 'U1', limit: 100 })).toEqual([5, 3, 1]);
      expect(await seqs({ ori: 'ORI-B', limit: 100 })).toEqual([6, 3]);
      expect(await seqs({ subject: 'P1', limit: 100 })).toEqual([6, 3, 1]);
      expect(await seqs({ subject: 'P3', limit: 100 })).toEqual([5, 3]);
      expect(await seqs({ purpose: 'C', limit: 100 })).toEqual([6, 3, 1]);
      expect(await seqs({ outcome: 'ALLOWED', limit: 100 })).toEqual([5, 3, 1]);
      expect(await seqs({ from: minutes(2), to: minutes(5), limit: 100 })).toEqual([5, 4, 3]);
      expect(await seqs({ from: '2025-01-06T10:02:00+02:00', limit: 100 })).toEqual([6, 5, 4, 3]); // any ISO offset
      expect(await seqs({ userId: 'U1', subject: 'P1', ori: 'ORI-A', limit: 100 })).toEqual([1]);
      expect(await seqs({ userId: 'nobody', limit: 100 })).toEqual([]);

      const pages: number[][] = [];
      let beforeSeq: number | undefined;
      for (;;) {
        const page = await seqs({ limit: 4, beforeSeq });
        if (page.length === 0) break;
        pages.push(page);
        beforeSeq = page[page.length - 1];
      }
      expect(pages).toEqual([
        [6, 5, 4, 3],
        [2, 1],
      ]);
      expect(await seqs({ purpose: 'C', beforeSeq: 6, limit: 1 })).toEqual([3]);
    });

    it('streams events oldest first with after(), and loads events by seq (missing ones absent)', async () => {
      const events = await appendInOrder(
        store,
        [0, 1, 2, 3, 4].map((i) => auditEvent(i)),
      );
      expect((await store.after(0, 2)).map((e) => e.seq)).toEqual([1, 2]);
      expect((await store.after(2, 10)).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect(await store.after(5, 10)).toEqual([]);
      expect(await store.events([4, 2, 7])).toEqual([events[1], events[3]]);
      expect(await store.events([])).toEqual([]);
    });

    it('refuses bad query arguments', async () => {
      await expect(store.query({ limit: 0 })).rejects.toThrow(/limit must be a positive integer/);
      await expect(store.query({ from: 'last tuesday', limit: 5 })).rejects.toThrow(/from must be an ISO-8601 time/);
      await expect(store.after(0, 1.5)).rejects.toThrow(/limit/);
    });

    it('refuses an invalid event on its own: the appends committed with it still succeed', async () => {
      const results = await Promise.allSettled([
        store.append(auditEvent(0)),
        store.append(auditEvent(1, { time: 'yesterday' })),
        store.append(auditEvent(2, { outcome: 'MAYBE' as AuditEventInput['outcome'] })),
        store.append(auditEvent(3)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect(results[1]).toMatchObject({
        reason: expect.objectContaining({ message: expect.stringMatching(/time must be ISO-8601 UTC with milliseconds/) }),
      });
      expect((await store.query({ limit: 10 })).map((e) => e.seq)).toEqual([2, 1]);
    });
  });

  describe('durability and group commit', () => {
    it('2,000 appends at once: each is committed (visible to another connection) when it resolves; one linear chain', async () => {
      const appended = await Promise.all(
        Array.from({ length: 2000 }, (_, i) =>
          store.append(auditEvent(i)).then(async (event) => {
            expect(await h.raw.all('SELECT hash FROM audit_events WHERE seq = ?', event.seq)).toEqual([{ hash: event.hash }]);
            return event;
          }),
        ),
      );
      const bySeq = [...appended].sort((a, b) => a.seq - b.seq);
      expect(bySeq.map((e) => e.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
      bySeq.forEach((event, i) => expect(event.prevHash).toBe(i === 0 ? GENESIS_HASH : bySeq[i - 1].hash));
      expect(h.store.writes).toMatchObject({ committed: 2000, failed: 0 });
      expect(h.store.writes.commits).toBeLessThanOrEqual(4);

      const reopened = await h.open();
      expect(await reopened.verify()).toEqual({ ok: true, checked: 2000 });
      expect(await h.raw.all('SELECT count(*) AS n FROM audit_events')).toEqual([{ n: h.kind === 'sqlite' ? 2000 : '2000' }]);
    });

    it('appends arriving while a commit runs are written together in the next one (200 writers x 10 appends)', async () => {
      await Promise.all(
        Array.from({ length: 200 }, async (_, writer) => {
          for (let i = 0; i < 10; i++) await store.append(auditEvent(i, { userId: `U${writer}` }));
        }),
      );
      const { commits, committed } = h.store.writes;
      expect(committed).toBe(2000);
      expect(commits).toBeLessThan(2000 / 10);
      expect(await store.verify()).toEqual({ ok: true, checked: 2000 });
    });

    it('two stores on the same database (two gateway replicas) keep one linear chain', async () => {
      const replica = await h.open();
      const both = await Promise.all([
        ...Array.from({ length: 300 }, (_, i) => store.append(auditEvent(i, { userId: 'U-A' }))),
        ...Array.from({ length: 300 }, (_, i) => replica.append(auditEvent(i, { userId: 'U-B' }))),
      ]);
      expect(new Set(both.map((e) => e.seq)).size).toBe(600);
      expect(Math.max(...both.map((e) => e.seq))).toBe(600);
      expect(await store.verify()).toEqual({ ok: true, checked: 600 });
    });

    it('while another connection holds the write lock past the timeout, every append of the batch rejects; afterwards the chain continues without a gap', async () => {
      // Long enough that no statement of a busy machine hits it unless the lock is held, which it is here.
      const impatient = await h.open({ lockTimeoutMs: 2_000 });
      await impatient.append(auditEvent(0));
      const release = await h.raw.holdWriteLock();
      const results = await Promise.allSettled([1, 2, 3].map((i) => impatient.append(auditEvent(i))));
      await release();
      for (const result of results) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(AuditWriteError);
      }
      expect((await impatient.append(auditEvent(4))).seq).toBe(2);
      expect(await impatient.verify()).toEqual({ ok: true, checked: 2 });
    });

    it('when the events table disappears underneath, appends reject; once it is back, they continue the chain', async () => {
      await store.append(auditEvent(0));
      await h.raw.run('ALTER TABLE audit_events RENAME TO audit_events_moved');
      await expect(store.append(auditEvent(1))).rejects.toThrow(AuditWriteError);
      await expect(store.append(auditEvent(2))).rejects.toThrow(/audit events could not be written/);
      await h.raw.run('ALTER TABLE audit_events_moved RENAME TO audit_events');
      expect((await store.append(auditEvent(3))).seq).toBe(2);
      expect(await store.verify()).toEqual({ ok: true, checked: 2 });
    });

    it('a closed store refuses appends', async () => {
      await store.close();
      await expect(store.append(auditEvent(0))).rejects.toThrow(/closed/);
    });
  });

  describe('append-only', () => {
    it('refuses UPDATE and DELETE through SQL (the triggers), leaving the trail intact', async () => {
      await appendInOrder(
        store,
        [0, 1, 2].map((i) => auditEvent(i)),
      );
      await expect(h.raw.run("UPDATE audit_events SET user_name = 'someone else' WHERE seq = 2")).rejects.toThrow(
        /append-only: UPDATE refused/,
      );
      await expect(h.raw.run('DELETE FROM audit_events WHERE seq = 2')).rejects.toThrow(/append-only: DELETE refused/);
      await expect(h.raw.run('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
      await expect(h.raw.run('DELETE FROM audit_subjects')).rejects.toThrow(/append-only/);
      await expect(h.raw.run("UPDATE audit_subjects SET person_id = 'P9'")).rejects.toThrow(/append-only/);
      if (h.kind === 'postgres') await expect(h.raw.run('TRUNCATE audit_events CASCADE')).rejects.toThrow(/append-only: TRUNCATE refused/);
      expect(await store.verify()).toEqual({ ok: true, checked: 3 });
    });

    it('refuses UPDATE and DELETE of the purge anchor', async () => {
      await appendInOrder(
        store,
        [0, 1, 2].map((i) => auditEvent(i)),
      );
      await store.purge(minutes(1));
      await expect(h.raw.run('UPDATE audit_anchor SET through_seq = 2')).rejects.toThrow(/append-only/);
      await expect(h.raw.run('DELETE FROM audit_anchor')).rejects.toThrow(/append-only/);
    });
  });

  describe('verify', () => {
    it('passes on an empty store and on an intact chain', async () => {
      expect(await store.verify()).toEqual({ ok: true, checked: 0 });
      await appendInOrder(
        store,
        [0, 1, 2].map((i) => auditEvent(i)),
      );
      expect(await store.verify()).toEqual({ ok: true, checked: 3 });
    });

    it('flipping ONE byte of one stored event fails at that seq with ALTERED', async () => {
      await appendInOrder(
        store,
        Array.from({ length: 10 }, (_, i) => auditEvent(i)),
      );
      const [{ user_name }] = await h.raw.all<{ user_name: string }>('SELECT user_name FROM audit_events WHERE seq = 6');
      await h.raw.runWithoutTriggers('UPDATE audit_events SET user_name = ? WHERE seq = 6', flipOneByte(user_name, 3));
      expect(await store.verify()).toEqual({
        ok: false,
        checked: 5,
        problem: { seq: 6, kind: 'ALTERED', detail: expect.stringMatching(/content does not match its hash/) },
      });
    });

    it('a changed stored hash, or a changed list column, is ALTERED at that seq', async () => {
      const events = await appendInOrder(
        store,
        Array.from({ length: 6 }, (_, i) => auditEvent(i)),
      );
      await h.raw.runWithoutTriggers('UPDATE audit_events SET fields_disclosed = ? WHERE seq = 4', JSON.stringify(['Query.vehicle']));
      expect((await store.verify()).problem).toMatchObject({ seq: 4, kind: 'ALTERED' });
      await h.raw.runWithoutTriggers('UPDATE audit_events SET hash = ? WHERE seq = 2', flipOneByte(events[1].hash, 10));
      expect((await store.verify()).problem).toMatchObject({ seq: 2, kind: 'ALTERED' });
    });

    it('deleting a middle event fails at the deleted seq with DELETED', async () => {
      await appendInOrder(
        store,
        Array.from({ length: 10 }, (_, i) => auditEvent(i)),
      );
      await h.raw.runWithoutTriggers('DELETE FROM audit_events WHERE seq = 5');
      expect(await store.verify()).toEqual({
        ok: false,
        checked: 4,
        problem: { seq: 5, kind: 'DELETED', detail: 'event 5 is missing (the next stored event is 6)' },
      });
    });

    it('a forged event chained from an event that already has a successor fails at the forgery with INSERTED', async () => {
      const events = await appendInOrder(
        store,
        Array.from({ length: 10 }, (_, i) => auditEvent(i)),
      );
      const forged = auditEvent(3, { userId: 'U-SOMEONE-ELSE', subjects: ['P0000042'] });
      const hash = eventHash(events[3].hash, forged);
      // A plain INSERT: the triggers allow appends, the chain is what catches this.
      await h.raw.run(INSERT_ROW, ...rowValues(eventToRow({ ...forged, seq: 11, prevHash: events[3].hash, hash })));
      const result = await store.verify();
      expect(result).toMatchObject({ ok: false, checked: 10, problem: { seq: 11, kind: 'INSERTED' } });
      expect(result.problem?.detail).toMatch(/chains from event 4, which already has a successor \(event 5\)/);
    });
  });

  describe('purge (retention)', () => {
    it('removes the oldest events and records the anchor; the rest verifies, and new appends chain on', async () => {
      const events = await appendInOrder(
        store,
        Array.from({ length: 10 }, (_, i) => auditEvent(i)),
      );
      expect(await store.purge(minutes(4))).toBe(4);
      expect(await store.verify()).toEqual({ ok: true, checked: 6 });
      expect((await store.after(0, 100)).map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10]);
      expect(await h.store.stats()).toMatchObject({
        events: 6,
        firstSeq: 5,
        purgedThrough: 4,
        purges: 1,
        lastPurge: { before: minutes(4), count: 4 },
      });
      expect((await store.query({ subject: 'P0000001', limit: 100 })).map((e) => e.seq)).toEqual([10, 9, 8, 7, 6, 5]);

      expect(await store.purge(minutes(4))).toBe(0);
      expect(await store.purge(minutes(100))).toBe(6);
      expect(await store.verify()).toEqual({ ok: true, checked: 0 });
      const next = await store.append(auditEvent(200));
      expect(next).toMatchObject({ seq: 11, prevHash: events[9].hash });
      expect(await store.verify()).toEqual({ ok: true, checked: 1 });
      expect(await h.store.stats()).toMatchObject({ events: 1, purgedThrough: 10, purges: 2 });
    });

    it('removes a prefix of the chain only: an older event appended after a newer one is kept', async () => {
      await appendInOrder(
        store,
        [0, 1, 10, 2, 11].map((i) => auditEvent(i)),
      );
      expect(await store.purge(minutes(5))).toBe(2);
      expect((await store.after(0, 10)).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect(await store.verify()).toEqual({ ok: true, checked: 3 });
    });

    it('after a purge, an altered first remaining event is still caught (ALTERED)', async () => {
      await appendInOrder(
        store,
        Array.from({ length: 6 }, (_, i) => auditEvent(i)),
      );
      await store.purge(minutes(3));
      await h.raw.runWithoutTriggers("UPDATE audit_events SET ori = 'CA0000000' WHERE seq = 4");
      expect((await store.verify()).problem).toMatchObject({ seq: 4, kind: 'ALTERED' });
    });

    it('after a purge, a deleted first remaining event is still caught (DELETED)', async () => {
      await appendInOrder(
        store,
        Array.from({ length: 6 }, (_, i) => auditEvent(i)),
      );
      await store.purge(minutes(3));
      await h.raw.runWithoutTriggers('DELETE FROM audit_events WHERE seq = 4');
      expect((await store.verify()).problem).toMatchObject({ seq: 4, kind: 'DELETED' });
    });

    it('after a purge, a rewritten anchor is caught (ANCHOR_MISMATCH at the first remaining event)', async () => {
      await appendInOrder(
        store,
        Array.from({ length: 6 }, (_, i) => auditEvent(i)),
      );
      await store.purge(minutes(3));
      await h.raw.runWithoutTriggers('UPDATE audit_anchor SET hash = ?', 'f'.repeat(64));
      expect((await store.verify()).problem).toMatchObject({ seq: 4, kind: 'ANCHOR_MISMATCH' });
    });

    it('refuses to purge a broken part of the chain (it would erase the evidence), and deletes nothing', async () => {
      await appendInOrder(
        store,
        Array.from({ length: 6 }, (_, i) => auditEvent(i)),
      );
      await h.raw.runWithoutTriggers("UPDATE audit_events SET user_id = 'U-OTHER' WHERE seq = 2");
      const refused = store.purge(minutes(4));
      await expect(refused).rejects.toThrow(AuditPurgeRefusedError);
      await expect(refused).rejects.toThrow(/broken at seq 2 \(ALTERED/);
      expect(await h.store.stats()).toMatchObject({ events: 6, purges: 0 });
    });
  });

  describe('alerts', () => {
    const alert = (key: string, overrides: Record<string, unknown> = {}) => ({
      detector: 'relativeLookup',
      severity: 'HIGH' as const,
      userId: 'U-PATROL-1',
      ori: 'CA0194200',
      summary: 'Officer looked up their ex-spouse',
      eventSeqs: [3, 4],
      facts: { relation: 'EX_SPOUSE', personId: 'P0000042' },
      key,
      time: minutes(5),
      ...overrides,
    });

    it('stores each alert once per key (across and within calls) and reads newest first, filtered and paged', async () => {
      const stored = await store.addAlerts([alert('a'), alert('b', { userId: 'U-2', time: minutes(9) }), alert('a')]);
      expect(stored.map((a) => [a.id, a.key])).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
      expect(stored[0]).toEqual({ ...alert('a'), id: 1, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      const [c, ...none] = await store.addAlerts([alert('b'), alert('c', { ori: 'CA0000001' })]);
      expect(none).toEqual([]);
      expect(c.key).toBe('c');
      expect(c.id).toBeGreaterThan(2); // ids only grow (a refused duplicate may use one up)
      const keys = async (query: Parameters<AuditStore['alerts']>[0]) => (await store.alerts(query)).map((a) => a.key);
      expect(await keys({ limit: 10 })).toEqual(['c', 'b', 'a']);
      expect(await keys({ ori: 'CA0194200', limit: 10 })).toEqual(['b', 'a']);
      expect(await keys({ userId: 'U-2', limit: 10 })).toEqual(['b']);
      expect(await keys({ from: minutes(6), limit: 10 })).toEqual(['b']);
      expect(await keys({ to: minutes(6), limit: 10 })).toEqual(['c', 'a']);
      expect(await keys({ beforeId: c.id, limit: 1 })).toEqual(['b']);
    });
  });
});
