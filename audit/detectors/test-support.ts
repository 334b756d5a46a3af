import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../../common/config.ts';
import { generate } from '../../generator/index.ts';
import { PERSONNEL_PEOPLE, PERSONNEL_USERS } from '../../generator/personnel.ts';
import type { DetectionHistory } from '../detection.ts';
import { AUDIT_EVENT_VERSION, type AuditEvent, type AuditEventInput, type AuditView } from '../event.ts';
import { openDetectionFacts, type OpenDetectionFacts } from '../facts.ts';

/**
 * Test support for the detectors: scripted sessions of audit events (a small factory), an array-backed
 * history, and real detection facts over a generated dataset holding only the fixed people (showcase and
 * personnel: u-misuse-1 with his ex-spouse, brother and neighbour; u-honest-1; the celebrity; the DVRO of
 * P9000001 protecting P9000002).
 */

export interface TestUser {
  userId: string;
  userName: string;
  ori: string;
  roles: string[];
}

export const MISUSER: TestUser = {
  ...PERSONNEL_USERS.misuse,
  userName: PERSONNEL_USERS.misuse.name,
  roles: [...PERSONNEL_USERS.misuse.roles],
};
export const HONEST: TestUser = {
  ...PERSONNEL_USERS.honest,
  userName: PERSONNEL_USERS.honest.name,
  roles: [...PERSONNEL_USERS.honest.roles],
};
/** Colleagues at the same agency, unknown to personnel (their events are the agency's case activity). */
export const DETECTIVE: TestUser = { userId: 'u-test-detective', userName: 'DETECTIVE, TEST', ori: 'CA0190100', roles: ['INVESTIGATOR'] };
export const DISPATCHER: TestUser = { userId: 'u-test-dispatch', userName: 'DISPATCH, TEST', ori: 'CA0190100', roles: ['DISPATCHER'] };

export const home = (personId: string): AuditView => ({ kind: 'HOME_ADDRESS', personId });
export const car = (personId: string): AuditView => ({ kind: 'VEHICLE_REGISTRATION', personId });
export const order = (personId: string): AuditView => ({ kind: 'PROTECTION_ORDER', personId });

export interface Lookup {
  /** ISO time, or ms since the epoch. */
  at: string | number;
  subjects?: string[];
  /** Default: the subjects of the views. */
  views?: AuditView[];
  caseNumber?: string | null;
  /** What the records system said of the case number (contract C2). @default null */
  caseStatus?: string | null;
  incidentNumber?: string | null;
  incidentStatus?: string | null;
  /** Records disclosed (`Vehicle:<vin>` …). @default none */
  records?: string[];
  purpose?: string;
}

/** An audit trail being scripted: events get consecutive seqs in the order they are added. */
export class Trail {
  readonly events: AuditEvent[] = [];

  add(user: TestUser, lookup: Lookup): AuditEvent {
    const input = eventInput(user, lookup);
    const seq = this.events.length + 1;
    const prevHash = this.events[this.events.length - 1]?.hash ?? '0'.repeat(64);
    const event: AuditEvent = { ...input, seq, prevHash, hash: createHash('sha256').update(`${prevHash}${seq}`).digest('hex') };
    this.events.push(event);
    return event;
  }

  /** Events added after `seq` (what a detection run over new events sees). */
  after(seq: number): AuditEvent[] {
    return this.events.filter((e) => e.seq > seq);
  }

  /** The whole trail as the detectors' history. */
  get history(): DetectionHistory {
    return memoryHistory(this.events);
  }
}

export function eventInput(user: TestUser, lookup: Lookup): AuditEventInput {
  const views = lookup.views ?? [];
  const subjects = lookup.subjects ?? [...new Set(views.map((v) => v.personId))];
  return {
    version: AUDIT_EVENT_VERSION,
    time: typeof lookup.at === 'number' ? new Date(lookup.at).toISOString() : lookup.at,
    requestId: `req-${Math.random().toString(36).slice(2, 10)}`,
    userId: user.userId,
    userName: user.userName,
    ori: user.ori,
    roles: user.roles,
    purpose: lookup.purpose ?? 'C',
    caseNumber: lookup.caseNumber === undefined ? null : lookup.caseNumber,
    caseStatus: lookup.caseStatus ?? null,
    incidentNumber: lookup.incidentNumber ?? null,
    incidentStatus: lookup.incidentStatus ?? null,
    clientAddress: '10.19.0.7',
    operationName: 'Lookup',
    operationHash: 'a'.repeat(64),
    operationText: 'query Lookup { person(id: $id) { name { full } } }',
    subjects,
    records: lookup.records ?? [],
    fieldsDisclosed: subjects.length > 0 ? ['Person.name'] : [],
    fieldsDenied: [],
    views,
    sources: ['cjis'],
    outcome: 'ALLOWED',
    reason: null,
    latencyMs: 12,
    policyVersion: null,
    releasedBy: [],
    shadow: null,
  };
}

/** DetectionHistory over an array of events (what the store answers, without a store). */
export function memoryHistory(events: readonly AuditEvent[]): DetectionHistory {
  const inRange = (e: AuditEvent, from: string, to: string): boolean => {
    const t = Date.parse(e.time);
    return t >= Date.parse(from) && t < Date.parse(to);
  };
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  return {
    byUser: async (userId, from, to) => sorted.filter((e) => e.userId === userId && inRange(e, from, to)),
  };
}

/** `2026-11-20T15:00:00.000Z` plus `minutes` (default day: a Friday, inside the day shift 14:00-00:00 UTC). */
export function at(minutes: number, day = '2026-11-20T15:00:00.000Z'): number {
  return Date.parse(day) + minutes * 60_000;
}

/**
 * The agency's records the detector tests rely on (added to the generated rms.sqlite, contract C1): case
 * 26-000101 at CA0190100, OPEN, worked by both patrol officers, names P9000003 and P9000004; CAD incident
 * I26-0000001 (2026-11-20 15:00-15:45 UTC) with both officers as units names P9000006, the protected
 * person P9000002 (her order was checked at the scene) and the misusing officer's neighbour, whose car was
 * stopped.
 */
export const FIXTURE_CASE = '26-000101';
export const FIXTURE_INCIDENT = 'I26-0000001';
export const FIXTURE_INCIDENT_TIME = '2026-11-20T15:00:00.000Z';

function addRmsFixture(dir: string): void {
  const file = path.join(dir, 'rms.sqlite');
  const fresh = !existsSync(file);
  const db = new Database(file);
  try {
    if (fresh) db.exec(readFileSync(path.join(REPO_ROOT, 'subgraphs', 'rms', 'store.sql'), 'utf8'));
    const { neighbour } = PERSONNEL_PEOPLE;
    const ori = 'CA0190100';
    db.prepare('INSERT OR REPLACE INTO cases VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      ori,
      FIXTURE_CASE,
      'BURGLARY',
      'OPEN',
      'test case',
      '2026-11-01',
      null,
    );
    for (const user of [PERSONNEL_USERS.misuse, PERSONNEL_USERS.honest]) {
      db.prepare('INSERT OR REPLACE INTO case_assignments VALUES (?, ?, ?, ?, ?)').run(
        ori,
        FIXTURE_CASE,
        user.userId,
        'ASSIST',
        '2026-11-01',
      );
      db.prepare('INSERT OR REPLACE INTO incident_units VALUES (?, ?, ?, ?)').run(ori, FIXTURE_INCIDENT, user.userId, '2A14');
    }
    for (const person of ['P9000003', 'P9000004'])
      db.prepare('INSERT OR REPLACE INTO case_persons VALUES (?, ?, ?, ?)').run(ori, FIXTURE_CASE, person, 'INVOLVED');
    const cleared = new Date(Date.parse(FIXTURE_INCIDENT_TIME) + 45 * 60_000).toISOString();
    db.prepare('INSERT OR REPLACE INTO incidents VALUES (?, ?, ?, ?, ?, ?)').run(
      ori,
      FIXTURE_INCIDENT,
      'TRAFFIC_STOP',
      FIXTURE_INCIDENT_TIME,
      cleared,
      'HWY 168',
    );
    for (const person of ['P9000006', 'P9000002', neighbour.personId])
      db.prepare('INSERT OR REPLACE INTO incident_persons VALUES (?, ?, ?)').run(ori, FIXTURE_INCIDENT, person);
    db.prepare('INSERT OR REPLACE INTO incident_vehicles VALUES (?, ?, ?, ?)').run(
      ori,
      FIXTURE_INCIDENT,
      neighbour.vehicle.plate,
      neighbour.vehicle.vin,
    );
  } finally {
    db.close();
  }
}

/**
 * Real detection facts over a dataset of only the fixed people (no generated population) and the rms
 * fixture above, judged on 2026-11-29. Generates into a temporary directory; call `remove` when done.
 */
export async function fixedFacts(): Promise<{ facts: OpenDetectionFacts; remove: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'detect-facts-'));
  await generate({ persons: 0, outDir: dir });
  addRmsFixture(dir);
  const facts = openDetectionFacts(dir, { today: () => '2026-11-29' });
  return {
    facts,
    remove: () => {
      facts.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Routine case activity at CA0190100: the detective works cases 26-000101..26-000120 in the week before. */
export function agencyCaseActivity(trail: Trail): string[] {
  const cases = Array.from({ length: 20 }, (_, i) => `26-000${101 + i}`);
  cases.forEach((caseNumber, i) => trail.add(DETECTIVE, { at: at(-7 * 24 * 60 + i * 60), caseNumber, subjects: ['P9000003'] }));
  return cases;
}

/** People with no tie to the personnel users, not flagged, not protected. */
export const ROUTINE_PEOPLE = ['P9000003', 'P9000004', 'P9000006', 'P9000008', 'P9000010', 'P9000011', 'P9000012', 'P9000013', 'P9000014'];

/**
 * A patrol officer's ordinary hour: `count` plate checks (vehicle registration of a routine person), one
 * every 6 minutes from `start`, each under one of the agency's active cases.
 */
export function routineSession(trail: Trail, user: TestUser, cases: readonly string[], start: number, count = 9): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const personId = ROUTINE_PEOPLE[i % ROUTINE_PEOPLE.length];
    return trail.add(user, { at: start + i * 6 * 60_000, caseNumber: cases[i % cases.length], views: [car(personId)] });
  });
}
