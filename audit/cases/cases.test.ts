/**
 * Misuse cases in the audit store, one suite run against both backends (SQLite file, PostgreSQL schema):
 * alerts filed into cases, triage transitions with their history, idempotency, filters and totals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertInput } from '../alert.ts';
import type { AuditStore } from '../store.ts';
import { postgresHarness, postgresReachable, sqliteHarness, type StoreHarness, TEST_DATABASE_URL } from '../store-test-support.ts';
import { CaseChangeError } from './case.ts';

const pgReachable = await postgresReachable();

const backends = [
  { name: 'sqlite', harness: sqliteHarness, available: true },
  { name: 'postgres', harness: postgresHarness, available: pgReachable },
];

if (!pgReachable) {
  describe('postgres misuse cases', () => {
    it.skip(`SKIPPED: PostgreSQL is unreachable at ${TEST_DATABASE_URL}`, () => undefined);
  });
}

const DAY = 24 * 3600_000;
const at = (days: number): string => new Date(Date.UTC(2026, 10, 1, 10) + days * DAY).toISOString();

function alert(key: string, overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    detector: 'relativeLookup',
    severity: 'MEDIUM',
    userId: 'u-misuse-1',
    ori: 'CA0190100',
    summary: `alert ${key}`,
    eventSeqs: [1],
    facts: {},
    key,
    time: at(0),
    subjectId: 'P0000001',
    signals: ['EX_SPOUSE'],
    ...overrides,
  };
}

describe.each(backends.filter((b) => b.available))('$name misuse cases', ({ harness }) => {
  let h: StoreHarness;
  let store: AuditStore;
  beforeEach(async () => {
    h = await harness();
    store = h.store;
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('files alerts into one case per user × subject × window; later alerts add evidence to the open case, not a new one', async () => {
    await store.addAlerts([
      alert('a', { eventSeqs: [3, 1], time: at(0) }),
      alert('b', { detector: 'protectedPersonAddress', severity: 'HIGH', eventSeqs: [5], time: at(2), signals: ['PROTECTED'] }),
      alert('c', { subjectId: 'P0000002', eventSeqs: [7], time: at(1) }),
    ]);
    let cases = await store.cases.list({ limit: 10 });
    expect(cases.map((c) => [c.subjectId, c.severity, c.detectors, c.alerts.map((a) => a.key)])).toEqual([
      ['P0000002', 'MEDIUM', ['relativeLookup'], ['c']],
      ['P0000001', 'HIGH', ['protectedPersonAddress', 'relativeLookup'], ['a', 'b']],
    ]);
    const [, first] = cases;
    expect(first).toMatchObject({
      status: 'OPEN',
      assignee: null,
      userId: 'u-misuse-1',
      ori: 'CA0190100',
      firstSeen: at(0),
      lastSeen: at(2),
    });
    expect(first.history).toEqual([expect.objectContaining({ by: 'detection', action: 'OPENED', fromStatus: null, toStatus: 'OPEN' })]);

    // A second detection run: a new alert for the same user and subject, a repeated one, and one after the window.
    await store.addAlerts([
      alert('a'),
      alert('d', { eventSeqs: [9], time: at(5), signals: ['UNEXPLAINED'] }),
      alert('e', { time: at(20) }),
    ]);
    cases = await store.cases.list({ subjectId: 'P0000001', limit: 10 });
    expect(cases).toHaveLength(2);
    const grown = cases.find((c) => c.id === first.id)!;
    expect(grown.alerts.map((a) => a.key)).toEqual(['a', 'b', 'd']);
    expect(grown.signals).toEqual(['EX_SPOUSE', 'PROTECTED', 'UNEXPLAINED']);
    expect(grown.lastSeen).toBe(at(5));
    expect(grown.history.map((e) => e.action)).toEqual(['OPENED', 'EVIDENCE_ADDED']);
    expect(grown.history[1].note).toMatch(/evidence seq 9/);
  });

  it('triage: OPEN → ASSIGNED → FOUNDED with notes, each change in the history; a resolved case is final', async () => {
    await store.addAlerts([alert('a')]);
    const [opened] = await store.cases.list({ limit: 1 });
    const id = opened.id;
    await expect(
      store.cases.change({ caseId: id, by: 'u-audit-1', idempotencyKey: 'k0', action: 'RESOLVE', status: 'FOUNDED', note: 'x' }),
    ).rejects.toThrow(/assign it before resolving/);
    const assigned = await store.cases.change({
      caseId: id,
      by: 'u-audit-1',
      idempotencyKey: 'k1',
      action: 'ASSIGN',
      assignee: 'u-audit-2',
      note: 'yours',
    });
    expect(assigned).toMatchObject({ replayed: false, case: { status: 'ASSIGNED', assignee: 'u-audit-2' } });
    await store.cases.change({ caseId: id, by: 'u-audit-2', idempotencyKey: 'k2', action: 'NOTE', note: 'interviewed the officer' });
    const founded = await store.cases.change({
      caseId: id,
      by: 'u-audit-2',
      idempotencyKey: 'k3',
      action: 'RESOLVE',
      status: 'FOUNDED',
      note: 'no case number; ex-spouse',
    });
    expect(founded.case.status).toBe('FOUNDED');
    expect(founded.case.history.map((e) => [e.action, e.by, e.fromStatus, e.toStatus, e.assignee, e.note])).toEqual([
      ['OPENED', 'detection', null, 'OPEN', null, expect.any(String)],
      ['ASSIGNED', 'u-audit-1', 'OPEN', 'ASSIGNED', 'u-audit-2', 'yours'],
      ['NOTE', 'u-audit-2', 'ASSIGNED', 'ASSIGNED', null, 'interviewed the officer'],
      ['RESOLVED', 'u-audit-2', 'ASSIGNED', 'FOUNDED', 'u-audit-2', 'no case number; ex-spouse'],
    ]);
    for (const change of [
      { action: 'ASSIGN', assignee: 'u-x', note: null },
      { action: 'RESOLVE', status: 'UNFOUNDED', note: 'changed my mind' },
    ] as const) {
      const refused = store.cases.change({ caseId: id, by: 'u-audit-2', idempotencyKey: `r-${change.action}`, ...change });
      await expect(refused).rejects.toThrow(CaseChangeError);
      await expect(refused).rejects.toThrow(/final/);
    }
    // A note is still possible after resolution.
    await store.cases.change({ caseId: id, by: 'u-audit-1', idempotencyKey: 'k4', action: 'NOTE', note: 'training scheduled' });
    const [after] = await store.cases.byIds([id]);
    expect(after.status).toBe('FOUNDED');
    expect(after.history).toHaveLength(5);
    await expect(store.cases.change({ caseId: 999, by: 'u-audit-1', idempotencyKey: 'k5', action: 'NOTE', note: 'n' })).rejects.toThrow(
      /no misuse case 999/,
    );
  });

  it('a change is made once per caller and key: a retry returns the first result and writes nothing; another operation with the key is refused', async () => {
    await store.addAlerts([alert('a')]);
    const [{ id }] = await store.cases.list({ limit: 1 });
    const change = { caseId: id, by: 'u-audit-1', idempotencyKey: 'same', action: 'NOTE', note: 'once' } as const;
    const first = await store.cases.change(change);
    const again = await store.cases.change(change);
    expect(again.replayed).toBe(true);
    expect(again.case.history).toEqual(first.case.history);
    await expect(store.cases.change({ ...change, action: 'ASSIGN', assignee: 'u-x', note: null })).rejects.toThrow(
      /already used for addMisuseCaseNote/,
    );
    // Another caller's key is their own.
    const other = await store.cases.change({ ...change, by: 'u-audit-2' });
    expect(other.replayed).toBe(false);
    expect(other.case.history).toHaveLength(3);
  });

  it('two stores on the same database (two detection runs, two replicas) filing the same alerts at once make one case', async () => {
    const other = await h.open();
    const batch = [
      alert('a', { eventSeqs: [1] }),
      alert('b', { eventSeqs: [2], time: at(1) }),
      alert('c', { eventSeqs: [3], time: at(2) }),
    ];
    const stored = await Promise.all([
      store.addAlerts(batch),
      other.addAlerts(batch),
      store.addAlerts(batch.slice(1)),
      other.addAlerts([batch[2]]),
    ]);
    expect(
      stored
        .flat()
        .map((a) => a.key)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    const cases = await store.cases.list({ limit: 10 });
    expect(cases).toHaveLength(1);
    expect(cases[0].alerts.map((a) => a.key)).toEqual(['a', 'b', 'c']);
  });

  it('alerts and their cases are written together: when the case cannot be written, the alert is not stored either', async () => {
    await h.raw.run('DROP TABLE misuse_case_history');
    await expect(store.addAlerts([alert('a')])).rejects.toThrow(/misuse_case_history/);
    expect(await store.alerts({ limit: 10 })).toEqual([]);
    expect(await store.cases.list({ limit: 10 })).toEqual([]);
  });

  it('the history is append-only through SQL', async () => {
    await store.addAlerts([alert('a')]);
    await expect(h.raw.run("UPDATE misuse_case_history SET note = 'rewritten'")).rejects.toThrow(/append-only/);
    await expect(h.raw.run('DELETE FROM misuse_case_history')).rejects.toThrow(/append-only/);
  });

  it('filters by detector, severity, status, user, agency, subject and time, pages newest first, and totals what matches', async () => {
    await store.addAlerts([
      alert('a', { time: at(0) }),
      alert('b', { userId: 'u-2', ori: 'CA0190200', detector: 'highProfileAccess', severity: 'HIGH', time: at(1) }),
      alert('c', { userId: 'u-3', subjectId: undefined, detector: 'unusualVolume', severity: 'LOW', time: at(30) }),
    ]);
    const ids = async (query: Parameters<AuditStore['cases']['list']>[0]) => (await store.cases.list(query)).map((c) => c.userId);
    expect(await ids({ limit: 10 })).toEqual(['u-3', 'u-2', 'u-misuse-1']);
    expect(await ids({ detector: 'highProfileAccess', limit: 10 })).toEqual(['u-2']);
    expect(await ids({ severity: 'LOW', limit: 10 })).toEqual(['u-3']);
    expect(await ids({ ori: 'CA0190100', limit: 10 })).toEqual(['u-3', 'u-misuse-1']);
    expect(await ids({ subjectId: 'P0000001', limit: 10 })).toEqual(['u-2', 'u-misuse-1']);
    expect(await ids({ from: at(10), limit: 10 })).toEqual(['u-3']);
    expect(await ids({ to: at(1), limit: 10 })).toEqual(['u-misuse-1']);
    const [newest, next] = await store.cases.list({ limit: 2 });
    expect(await ids({ beforeId: next.id, limit: 10 })).toEqual(['u-misuse-1']);
    await store.cases.change({ caseId: newest.id, by: 'a', idempotencyKey: 'k', action: 'ASSIGN', assignee: 'a', note: null });
    expect(await ids({ status: 'ASSIGNED', limit: 10 })).toEqual(['u-3']);
    expect(await store.cases.totals({})).toEqual({
      total: 3,
      byStatus: { OPEN: 2, ASSIGNED: 1, FOUNDED: 0, UNFOUNDED: 0, TRAINING: 0 },
      bySeverity: { LOW: 1, MEDIUM: 1, HIGH: 1 },
      byDetector: { highProfileAccess: 1, relativeLookup: 1, unusualVolume: 1 },
    });
    expect((await store.cases.totals({ ori: 'CA0190100' })).total).toBe(2);
    expect(await store.cases.byIds([newest.id, 12345])).toHaveLength(1);
  });
});
