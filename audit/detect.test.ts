import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONNEL_PEOPLE } from '../generator/personnel.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import type { Alert } from './alert.ts';
import { DetectionError, detectCommand, detectRange, formatAlert, runDetection, startContinuousDetection } from './detect.ts';
import type { Detector } from './detection.ts';
import { DETECTORS, relativeLookup } from './detectors/index.ts';
import {
  agencyCaseActivity,
  at,
  car,
  eventInput,
  FIXTURE_CASE,
  fixedFacts,
  HONEST,
  home,
  type Lookup,
  MISUSER,
  order,
  routineSession,
  type TestUser,
  Trail,
} from './detectors/test-support.ts';
import type { OpenDetectionFacts } from './facts.ts';
import type { ManagedAuditStore } from './store-common.ts';
import { postgresHarness, postgresReachable, sqliteHarness, type StoreHarness } from './store-test-support.ts';

const { exSpouse, sibling, celebrity } = PERSONNEL_PEOPLE;
const postgres = await postgresReachable();
let facts: OpenDetectionFacts;
let removeFacts: () => void;

beforeAll(async () => {
  ({ facts, remove: removeFacts } = await fixedFacts());
});

afterAll(() => removeFacts?.());

/**
 * A week at CA0190100, scripted, then appended to the real store in time order: the detective's cases;
 * the misusing officer's day (routine plate checks, his ex-wife's address under a made-up case, a
 * protected person's address right after her order, a celebrity looked up by name, a night-time burst of
 * strangers); and the honest officer's day with as many requests, explained by her case or harmless.
 */
async function appendWeek(store: ManagedAuditStore): Promise<void> {
  const trail = new Trail();
  const cases = agencyCaseActivity(trail);
  const script: [TestUser, Lookup][] = [];
  const add = (user: TestUser, lookup: Lookup): void => void script.push([user, lookup]);
  for (const user of [MISUSER, HONEST]) {
    const own = new Trail();
    routineSession(own, user, cases, at(0));
    for (const e of own.events) add(user, { at: e.time, caseNumber: e.caseNumber, views: e.views });
  }
  const valid = { caseNumber: FIXTURE_CASE, caseStatus: 'VALID' };
  const nextDay = 24 * 60;
  add(MISUSER, { at: at(60), caseNumber: '26-999999', caseStatus: 'UNKNOWN', views: [home(exSpouse.personId)] });
  add(MISUSER, {
    at: at(nextDay + 90),
    ...valid,
    views: [order(SHOWCASE.wantedDriver.personId), order(SHOWCASE.protectedPerson.personId)],
  });
  add(MISUSER, { at: at(nextDay + 102), ...valid, views: [home(SHOWCASE.protectedPerson.personId)] });
  add(MISUSER, { at: at(130), subjects: [celebrity.personId] });
  for (let i = 0; i < 5; i++) add(MISUSER, { at: Date.parse('2026-11-21T03:00:00.000Z') + i * 120_000, views: [car(`P800000${i + 1}`)] });
  add(HONEST, { at: at(60), ...valid, views: [home('P9000003')] });
  add(HONEST, { at: at(nextDay + 90), ...valid, views: [order(SHOWCASE.wantedDriver.personId), order(SHOWCASE.protectedPerson.personId)] });
  add(HONEST, { at: at(nextDay + 102), ...valid, views: [home(SHOWCASE.wantedDriver.personId)] });
  add(HONEST, { at: at(130), ...valid, views: [car('P9000004')] });
  for (let i = 0; i < 5; i++) add(HONEST, { at: at(200 + i * 2), views: [car(`P800000${i + 1}`)] });

  const detective = trail.events.map((e): [TestUser, Lookup] => [
    { userId: e.userId ?? '', userName: e.userName ?? '', ori: e.ori ?? '', roles: e.roles },
    { at: e.time, caseNumber: e.caseNumber, subjects: e.subjects },
  ]);
  const ms = (lookup: Lookup): number => (typeof lookup.at === 'number' ? lookup.at : Date.parse(lookup.at));
  const all = [...detective, ...script].sort(([, a], [, b]) => ms(a) - ms(b));
  for (const [user, lookup] of all) await store.append(eventInput(user, lookup));
}

const summary = (alerts: readonly Alert[]): string[][] =>
  alerts.map((a) => [a.detector, a.severity, a.userId, String(a.eventSeqs.length)]).sort((a, b) => a.join().localeCompare(b.join()));

describe.each([
  { kind: 'sqlite', harness: sqliteHarness, skip: false },
  { kind: 'postgres', harness: postgresHarness, skip: !postgres },
])('runDetection over the real $kind audit store', ({ harness, skip }) => {
  let first: Awaited<ReturnType<typeof runDetection>>;
  let store: ManagedAuditStore;
  let opened: StoreHarness | undefined;

  beforeAll(async () => {
    if (skip) return;
    opened = await harness();
    store = opened.store;
    await appendWeek(store);
    first = await runDetection(store, facts, DETECTORS, { afterSeq: 0, batchSize: 16 });
  });

  afterAll(async () => opened?.cleanup());

  it.skipIf(skip)('finds each planted misuse of the officer once, and nothing about the equally busy honest officer', async () => {
    expect(first.events).toBe(20 + 2 * 9 + 9 + 9);
    expect(first.lastSeq).toBe(first.events);
    expect(summary(first.alerts)).toEqual([
      ['highProfileAccess', 'HIGH', 'u-misuse-1', '1'],
      ['offShiftBrowsing', 'MEDIUM', 'u-misuse-1', '5'],
      ['protectedPersonAddress', 'HIGH', 'u-misuse-1', '2'],
      ['relativeLookup', 'HIGH', 'u-misuse-1', '1'], // the ex-wife's address under a made-up case
    ]);
    expect(first.found).toBe(4);
    const stored = await store.alerts({ limit: 100 });
    expect(stored.map((a) => a.key).sort()).toEqual(first.alerts.map((a) => a.key).sort());
    const evidence = await store.events(stored.find((a) => a.detector === 'relativeLookup')?.eventSeqs ?? []);
    expect(evidence.map((e) => [e.userId, e.caseNumber, e.caseStatus, e.views])).toEqual([
      ['u-misuse-1', '26-999999', 'UNKNOWN', [home(exSpouse.personId)]],
    ]);
  });

  it.skipIf(skip)('adds no alert when run again over the same events, from the start or over a time range', async () => {
    const again = await runDetection(store, facts, DETECTORS, { afterSeq: 0 });
    expect(again).toMatchObject({ alerts: [], found: 4, events: first.events, lastSeq: first.lastSeq });
    const range = await detectRange(store, facts, '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', { batchSize: 10 });
    expect(range).toMatchObject({ alerts: [], found: 4, events: first.events });
    expect(await store.alerts({ limit: 100 })).toHaveLength(4);
  });

  it.skipIf(skip)('examines at most maxEvents per call and resumes from lastSeq', async () => {
    const part = await runDetection(store, facts, [relativeLookup], { afterSeq: 0, maxEvents: 10, batchSize: 4 });
    expect(part).toMatchObject({ events: 10, lastSeq: 10 });
    const rest = await runDetection(store, facts, [relativeLookup], { afterSeq: part.lastSeq });
    expect(rest.events).toBe(first.events - 10);
    expect(part.found + rest.found).toBe(1);
  });

  it.skipIf(skip)('detectCommand prints each new alert and a summary; an unknown detector is refused', async () => {
    const lines: string[] = [];
    const result = await detectCommand(store, facts, { afterSeq: 0, print: (line) => lines.push(line) });
    expect(result.alerts).toEqual([]);
    expect(lines).toEqual([`examined ${first.events} events (through seq ${first.lastSeq}): 4 alerts found, 0 new`]);
    await expect(detectCommand(store, facts, { detectors: ['nope'] })).rejects.toThrow('unknown detector "nope"; known: relativeLookup');
    const alert = (await store.alerts({ limit: 1, userId: 'u-misuse-1' }))[0];
    expect(formatAlert(alert)).toBe(
      `#${alert.id} ${alert.severity} ${alert.detector} ${alert.time} u-misuse-1 CA0190100 events ${alert.eventSeqs.join(',')}: ${alert.summary}`,
    );
  });

  it.skipIf(skip)('keeps the alerts of the detectors that worked when one fails, and says where to resume', async () => {
    const broken: Detector = { name: 'broken', description: 'always fails', detect: async () => Promise.reject(new Error('boom')) };
    const appended = await store.append(eventInput(MISUSER, { at: at(300), subjects: [sibling.personId] }));
    const error = await runDetection(store, facts, [relativeLookup, broken], { afterSeq: first.lastSeq }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DetectionError);
    expect((error as DetectionError).message).toContain('detector broken failed: boom');
    expect((error as DetectionError).partial).toMatchObject({ lastSeq: first.lastSeq, events: 0, found: 1 });
    expect((error as DetectionError).partial.alerts.map((a) => a.eventSeqs)).toEqual([[appended.seq]]);
    expect((await store.alerts({ limit: 100 })).some((a) => a.eventSeqs[0] === appended.seq)).toBe(true);
  });
});

describe('startContinuousDetection', () => {
  let opened: StoreHarness;
  let store: ManagedAuditStore;

  beforeAll(async () => {
    opened = await sqliteHarness();
    store = opened.store;
    await appendWeek(store);
  });

  afterAll(async () => opened?.cleanup());

  it('starts with the last day of the trail, picks up new events as they are written, and stops', async () => {
    const seen: Alert[] = [];
    const errors: unknown[] = [];
    const detection = startContinuousDetection(store, facts, {
      intervalMs: 25,
      onAlerts: (a) => seen.push(...a),
      onError: (e) => errors.push(e),
    });
    await until(() => detection.lastSeq !== undefined);
    // The scripted week is older than a day: nothing of it is examined again.
    const start = detection.lastSeq ?? -1;
    const latest = (await store.query({ limit: 1 }))[0].seq;
    expect(start).toBe(latest);
    const event = await store.append(eventInput(MISUSER, { at: Date.now(), views: [home(sibling.personId)], caseNumber: '26-000101' }));
    await until(() => seen.length > 0);
    expect(seen.map((a) => [a.detector, a.eventSeqs])).toEqual([['relativeLookup', [event.seq]]]);
    await until(() => (detection.lastSeq ?? 0) >= event.seq);
    await detection.stop();
    expect(detection.state).toBe('stopped');
    expect(errors).toEqual([]);
  });
});

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
