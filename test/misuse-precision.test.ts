/**
 * Precision and recall of misuse detection. (1) A simulated month of the e2e dataset's roster — patrol,
 * dispatch, investigations, court and records work, with labelled misuse planted in it — written to a real
 * audit store: the real detectors find at least 95% of the planted misuse and open at most one false case
 * per 1,000 honest user-days. (2) Through the real gateway, the README's example requests and 300 plate
 * checks by one patrol officer on traffic stops raise no case at all.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AlertInput } from '../audit/alert.ts';
import { groupAlerts } from '../audit/cases/group.ts';
import { runDetection } from '../audit/detect.ts';
import type { Detector } from '../audit/detection.ts';
import { DETECTORS } from '../audit/detectors/index.ts';
import { openDetectionFacts } from '../audit/facts.ts';
import type { ManagedAuditStore } from '../audit/store-common.ts';
import { openSqliteAuditStore } from '../audit/store-sqlite.ts';
import { readManifest } from '../generator/index.ts';
import { PERSONNEL_USERS } from '../generator/personnel.ts';
import { MISUSE_KINDS, simulateWorkload, writeWorkload, type Workload } from '../generator/workload/index.ts';
import { measureDetection, type Measurement } from '../generator/workload/measure.ts';
import { defaultLimitsConfig } from '../gateway/limits/config.ts';
import { CALLERS, headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

describe('a simulated month with planted misuse', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'misuse-precision-'));
  let workload: Workload;
  let store: ManagedAuditStore;
  let measured: Measurement;

  beforeAll(async () => {
    const dataDir = inject('dataDir');
    workload = simulateWorkload({ dataDir, outDir: work, days: 30, seed: 7 });
    store = await openSqliteAuditStore(path.join(work, 'audit.sqlite'));
    const seqs = await writeWorkload(store, workload.events);
    const asOf = readManifest(dataDir)!.asOf;
    const facts = openDetectionFacts(dataDir, { today: () => asOf, rmsFile: workload.rmsFile });
    try {
      measured = await measureDetection(store, facts, workload.planted, seqs, workload.honestUserDays);
    } finally {
      facts.close();
    }
  }, 600_000);

  afterAll(async () => {
    await store?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('is a realistic month: every role at work, honest lookups with no case, every kind of misuse planted', () => {
    const roles = new Set(workload.events.flatMap((e) => e.roles));
    expect([...roles]).toEqual(expect.arrayContaining(['PATROL_OFFICER', 'DISPATCHER', 'INVESTIGATOR', 'COURT_CLERK', 'RECORDS_CLERK']));
    const unstated = workload.events.filter((e) => e.caseNumber === null && e.incidentNumber === null);
    // Plate checks on patrol without an incident are ordinary, and the misuse is among them.
    expect(unstated.length).toBeGreaterThan(workload.planted.flatMap((p) => p.requestIds).length);
    expect(new Set(workload.planted.map((p) => p.kind))).toEqual(new Set(MISUSE_KINDS));
    expect(measured.honestUserDays).toBeGreaterThan(1000);
  });

  it('finds at least 95% of the planted misuse, every detector its own', () => {
    expect(measured.missed).toEqual([]);
    expect(measured.recall).toBeGreaterThanOrEqual(0.95);
    for (const d of measured.detectors)
      expect({ detector: d.detector, recall: d.recall >= 0.95 }).toEqual({ detector: d.detector, recall: true });
  });

  it('opens at most one false case per 1,000 honest user-days', () => {
    expect(measured.falseCasesPer1000UserDays, measured.falseDrafts.map((d) => d.summaries[0]).join('\n')).toBeLessThanOrEqual(1);
  });

  it('simulates the same month again from the same seed', () => {
    const again = mkdtempSync(path.join(tmpdir(), 'misuse-precision-again-'));
    try {
      const second = simulateWorkload({ dataDir: inject('dataDir'), outDir: again, days: 30, seed: 7 });
      const digest = (w: Workload): string =>
        createHash('sha256')
          .update(JSON.stringify([w.events, w.planted]))
          .digest('hex');
      expect(digest(second)).toBe(digest(workload));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe("the README's examples and a patrol officer's 300 traffic stops", () => {
  let stack: Stack;
  const patrol: TestCaller = {
    sub: PERSONNEL_USERS.patrol.userId,
    ori: PERSONNEL_USERS.patrol.ori,
    roles: ['PATROL_OFFICER'],
    purpose: 'C',
  };

  beforeAll(async () => {
    const limits = defaultLimitsConfig();
    stack = await startStack({
      dataDir: inject('dataDir'),
      limits: { ...limits, rate: { ...limits.rate, user: { perSecond: 1000, burst: 10_000 } } },
    });
  });

  afterAll(async () => stack?.stop());

  async function ask(caller: TestCaller, query: string): Promise<Record<string, unknown>> {
    const { status, body } = await stack.query(query, {}, await headersFor(caller));
    expect(status).toBe(200);
    return body as Record<string, unknown>;
  }

  it('raises no alert and so no case', async () => {
    // The README's examples, as written there.
    await ask(
      { sub: 'u1001', ori: 'CA0190100', roles: ['PATROL_OFFICER'], purpose: 'C' },
      '{ vehicle(plate: "7WNT123", state: "CA") { year make model colour registeredOwner { name { full } dob cautions { code meaning } wants { offenseDescription warrantLevel ori } protectionOrders { orderType active expiryDate firearmProhibited served conditions { meaning } } } } }',
    );
    await ask(
      CALLERS.investigator,
      '{ person(id: "P9000001") { name { full } identifiers { fbi cii } driverLicense { status } vehicles { plate } residenceAddress { street city } wants { offenseDescription } iii { statesOfRecord { state } } outOfStateLicenses { state status } criminalHistory { ssn convictions { statute description } supervision { kind status } } } }',
    );
    const stop = await ask(
      patrol,
      'mutation { createIncident(input: { type: "TRAFFIC_STOP", location: "N CEDAR AVE AND E SHIELDS AVE", unit: "2A14", plate: "7WNT123" }, idempotencyKey: "stop-1") { number } }',
    );
    const readmeStop = (stop.data as { createIncident: { number: string } }).createIncident.number;
    await ask(
      { ...patrol, incidentNumber: readmeStop },
      '{ vehicle(plate: "7WNT123", state: "CA") { make registeredOwner { name { full } residenceAddress { street city } } } }',
    );
    await ask(
      CALLERS.investigator,
      '{ searchPersons(lastName: "GARCIA", firstName: "MARIA", dob: "1990-07-04") { totalCandidates candidatesConnection(first: 5) { edges { node { score person { id name { full } dob } } } } } }',
    );
    await ask(
      { sub: 'P9000006', ori: 'CA0000000', roles: ['SUBJECT'], purpose: 'RECORD_REVIEW' },
      '{ person(id: "P9000006") { criminalHistory { arrests { arrestDate charges { statute disposition sealed } } } } }',
    );
    await ask(
      { sub: 'doj-1', ori: 'CA0349400', roles: ['DOJ_AUDITOR'], purpose: 'A' },
      '{ disclosuresOf(personId: "P9000001") { edges { node { time userId ori purpose caseNumber fieldsDisclosed } } } }',
    );

    // 300 traffic stops: the officer starts each one on the plate, then runs it and sees the owner's address.
    const dmv = new Database(path.join(inject('dataDir'), 'dmv.sqlite'), { readonly: true });
    const vehicles = dmv.prepare("SELECT plate, vin FROM vehicles WHERE plate_state = 'CA' ORDER BY vin LIMIT 300").all() as {
      plate: string;
      vin: string;
    }[];
    dmv.close();
    expect(vehicles).toHaveLength(300);
    for (const [i, v] of vehicles.entries()) {
      const created = await ask(
        patrol,
        `mutation { createIncident(input: { type: "TRAFFIC_STOP", location: "HWY 168 AT TEMPERANCE AVE", unit: "2A14", plate: "${v.plate}", vin: "${v.vin}" }, idempotencyKey: "stop-${i}-p") { number } }`,
      );
      const number = (created.data as { createIncident: { number: string } }).createIncident.number;
      const check = await ask(
        { ...patrol, incidentNumber: number },
        `{ vehicle(plate: "${v.plate}", state: "CA") { make model registeredOwner { name { full } wants { nic } residenceAddress { street city } } } }`,
      );
      // Owners with a confidential address (VC 1808.4) keep it: the rest of the answer comes back.
      expect((check.data as { vehicle: unknown }).vehicle).not.toBeNull();
    }
    const events = await stack.audit.query({ userId: patrol.sub, limit: 1000 });
    expect(events.filter((e) => e.incidentStatus === 'VALID' && e.views.length > 0).length).toBeGreaterThanOrEqual(300);

    const raised: AlertInput[] = [];
    const listening = DETECTORS.map((d): Detector => ({ ...d, detect: async (...args) => pushed(raised, await d.detect(...args)) }));
    const facts = openDetectionFacts(stack.dataDir);
    try {
      const result = await runDetection(stack.audit, facts, listening, { afterSeq: 0 });
      expect(result.events).toBeGreaterThanOrEqual(607);
    } finally {
      facts.close();
    }
    expect(raised.map((a) => a.summary)).toEqual([]);
    expect(groupAlerts(raised)).toEqual([]);
  }, 600_000);
});

function pushed(into: AlertInput[], alerts: AlertInput[]): AlertInput[] {
  into.push(...alerts);
  return alerts;
}
