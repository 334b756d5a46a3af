import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LruCache } from '../common/lru.ts';
import type { DetectionFacts, Relation, RosterUser } from './detection.ts';

/**
 * What the misuse detectors know beyond the audit trail, read from the generated data directory:
 * `personnel.sqlite` (agency users as persons of the population, their relatives, exes, household and
 * neighbours, high-profile persons; written by generator/personnel.ts), `ncic.sqlite` (protection
 * orders: who is protected by an order in force, who were parties to one) and `rms.sqlite` (the agencies'
 * cases and CAD incidents, contract C1: what explains a lookup). Read-only connections; each lookup is one
 * indexed statement, remembered in a small bounded cache.
 */

/** The generator's personnel store (generator/personnel.ts `PERSONNEL_FILE`). */
const PERSONNEL_FILE = 'personnel.sqlite';
const NCIC_FILE = 'ncic.sqlite';
export const RMS_FILE = 'rms.sqlite';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** A lookup is explained by an incident from a little before it started (the unit ran the plate on the way) … */
const INCIDENT_LEAD = 30 * MINUTE;
/** … until a while after it was cleared (reports are written after the scene), or 12 h after start while open. */
const INCIDENT_TAIL = 2 * 60 * MINUTE;
const INCIDENT_OPEN_LIMIT = 12 * 60 * MINUTE;
/** A case explains lookups from the day before it was opened or assigned to 30 days after it was closed. */
const CASE_LEAD = DAY;
const CASE_TAIL = 30 * DAY;

export interface DetectionFactsOptions {
  /**
   * Today's date (YYYY-MM-DD), against which an order's expiry date is judged, as the NCIC subgraph does.
   * @default the current UTC date
   */
  today?: () => string;
  /** Entries kept per lookup cache (persons, users). @default 10000 */
  cacheSize?: number;
  /**
   * The agencies' records store. Without it no lookup is explained by a case or incident (every detector
   * still needs a second fact before it alerts). @default `<dataDir>/rms.sqlite` when it exists
   */
  rmsFile?: string;
}

/**
 * How long what the records say about a user and a person or vehicle is remembered (ms). Cases and
 * incidents are created and linked all day; continuous detection must see them.
 */
const LINK_CACHE_MS = 60_000;

export interface OpenDetectionFacts extends DetectionFacts {
  close(): void;
}

interface UserRow {
  user_id: string;
  person_id: string;
  ori: string;
  roles: string;
  shift_start_hour: number;
  shift_end_hour: number;
}

interface CaseLink {
  opened_on: string;
  closed_on: string | null;
  assigned_on: string;
}

interface IncidentLink {
  started_at: string;
  cleared_at: string | null;
}

interface LinkWindow {
  from: number;
  to: number;
  kind: 'CASE' | 'INCIDENT';
}

export function openDetectionFacts(dataDir: string, options: DetectionFactsOptions = {}): OpenDetectionFacts {
  const today = options.today ?? ((): string => new Date().toISOString().slice(0, 10));
  const cacheSize = options.cacheSize ?? 10_000;
  const personnel = openReadOnly(dataDir, PERSONNEL_FILE);
  let ncic: Database.Database;
  try {
    ncic = openReadOnly(dataDir, NCIC_FILE);
  } catch (error) {
    personnel.close();
    throw error;
  }

  const rmsFile = options.rmsFile ?? path.join(dataDir, RMS_FILE);
  const rms = existsSync(rmsFile) ? new Database(rmsFile, { readonly: true, fileMustExist: true }) : undefined;

  const USER_COLUMNS = 'user_id, person_id, ori, roles, shift_start_hour, shift_end_hour';
  const userStatement = personnel.prepare(`SELECT ${USER_COLUMNS} FROM agency_users WHERE user_id = ?`);
  const usersOfPersonStatement = personnel.prepare(`SELECT ${USER_COLUMNS} FROM agency_users WHERE person_id = ? ORDER BY user_id`);
  const agencyStatement = personnel.prepare(`SELECT ${USER_COLUMNS} FROM agency_users WHERE ori = ? ORDER BY user_id`);
  const relationsStatement = personnel.prepare(
    'SELECT related_person_id AS personId, relation FROM relationships WHERE person_id = ? ORDER BY relation, related_person_id',
  );
  const highProfileStatement = personnel.prepare('SELECT reason FROM high_profile WHERE person_id = ?');
  const coPartiesStatement = ncic.prepare(`
    SELECT p.person_id AS personId FROM protection_orders o JOIN protected_persons p ON p.nic = o.nic
    WHERE o.person_id = ? AND p.person_id IS NOT NULL
    UNION
    SELECT o.person_id FROM protected_persons p JOIN protection_orders o ON o.nic = p.nic WHERE p.person_id = ?
    ORDER BY 1`);
  const protectedStatement = ncic.prepare(`
    SELECT 1 FROM protected_persons p JOIN protection_orders o ON o.nic = p.nic
    WHERE p.person_id = ? AND o.status = 'ACTIVE' AND o.expiry_date >= ? LIMIT 1`);

  // Everything a user's cases and incidents link, in four statements per user (index on user_id), rather
  // than statements per user and person: a patrol officer's month is a few hundred incidents.
  const caseLinks = rms?.prepare(`
    SELECT 'P:' || p.person_id AS id, c.opened_on, c.closed_on, a.assigned_on FROM case_assignments a
    JOIN case_persons p ON p.ori = a.ori AND p.case_number = a.case_number
    JOIN cases c ON c.ori = a.ori AND c.case_number = a.case_number
    WHERE a.user_id = ?
    UNION ALL
    SELECT 'V:' || v.vin, c.opened_on, c.closed_on, a.assigned_on FROM case_assignments a
    JOIN case_vehicles v ON v.ori = a.ori AND v.case_number = a.case_number
    JOIN cases c ON c.ori = a.ori AND c.case_number = a.case_number
    WHERE a.user_id = ?`);
  const incidentLinks = rms?.prepare(`
    SELECT 'P:' || p.person_id AS id, i.started_at, i.cleared_at FROM incident_units u
    JOIN incident_persons p ON p.ori = u.ori AND p.incident_number = u.incident_number
    JOIN incidents i ON i.ori = u.ori AND i.incident_number = u.incident_number
    WHERE u.user_id = ?
    UNION ALL
    SELECT 'V:' || v.vin, i.started_at, i.cleared_at FROM incident_units u
    JOIN incident_vehicles v ON v.ori = u.ori AND v.incident_number = u.incident_number
    JOIN incidents i ON i.ori = u.ori AND i.incident_number = u.incident_number
    WHERE u.user_id = ? AND v.vin IS NOT NULL`);

  const users = new LruCache<string, UserRow | null>(cacheSize);
  const agencies = new LruCache<string, RosterUser[]>(cacheSize);
  const usersOfPerson = new LruCache<string, RosterUser[]>(cacheSize);
  const links = new LruCache<string, { at: number; windows: Map<string, LinkWindow[]> }>(cacheSize);
  const relations = new LruCache<string, Relation[]>(cacheSize);
  const highProfile = new LruCache<string, { reason: string } | null>(cacheSize);
  const protectedPersons = new LruCache<string, boolean>(cacheSize);

  const user = (userId: string): UserRow | null => users.getOrSet(userId, () => (userStatement.get(userId) as UserRow | undefined) ?? null);

  /** Per linked person (`P:id`) or vehicle (`V:vin`), the times the user's cases and incidents explain it. */
  const linksOf = (userId: string): Map<string, LinkWindow[]> => {
    const cached = links.get(userId);
    if (cached && Date.now() - cached.at < LINK_CACHE_MS) return cached.windows;
    const windows = new Map<string, LinkWindow[]>();
    const add = (id: string, window: LinkWindow): void => {
      const list = windows.get(id);
      if (list) list.push(window);
      else windows.set(id, [window]);
    };
    for (const c of (caseLinks?.all(userId, userId) ?? []) as (CaseLink & { id: string })[]) {
      const from = Math.max(Date.parse(c.opened_on), Date.parse(c.assigned_on)) - CASE_LEAD;
      const to = c.closed_on === null ? Number.POSITIVE_INFINITY : Date.parse(c.closed_on) + DAY + CASE_TAIL;
      add(c.id, { from, to, kind: 'CASE' });
    }
    for (const i of (incidentLinks?.all(userId, userId) ?? []) as (IncidentLink & { id: string })[]) {
      const started = Date.parse(i.started_at);
      const ended = i.cleared_at === null ? started + INCIDENT_OPEN_LIMIT : Date.parse(i.cleared_at);
      add(i.id, { from: started - INCIDENT_LEAD, to: ended + INCIDENT_TAIL + 1, kind: 'INCIDENT' });
    }
    links.set(userId, { at: Date.now(), windows });
    return windows;
  };

  return {
    personOfUser: (userId) => user(userId)?.person_id,

    userOf(userId) {
      const row = user(userId);
      return row ? rosterUser(row) : undefined;
    },

    usersOfPerson: (personId) =>
      usersOfPerson.getOrSet(personId, () => (usersOfPersonStatement.all(personId) as UserRow[]).map(rosterUser)),

    peersOf(userId) {
      const row = user(userId);
      if (!row) return [];
      const staff = agencies.getOrSet(row.ori, () => (agencyStatement.all(row.ori) as UserRow[]).map(rosterUser));
      return staff.filter((u) => u.userId !== userId && u.roles.join(',') === row.roles).map((u) => u.userId);
    },

    explains(userId, link, time) {
      const windows = linksOf(userId).get('personId' in link ? `P:${link.personId}` : `V:${link.vin}`) ?? [];
      // A case before an incident, when both explain it.
      const explaining = windows.filter((w) => time >= w.from && time < w.to);
      return explaining.find((w) => w.kind === 'CASE')?.kind ?? explaining[0]?.kind;
    },

    shiftOf(userId) {
      const row = user(userId);
      return row ? { startHour: row.shift_start_hour, endHour: row.shift_end_hour } : undefined;
    },

    relationsOf: (personId) =>
      relations.getOrSet(personId, () => {
        const known = relationsStatement.all(personId) as Relation[];
        const seen = new Set(known.map((r) => `${r.personId}|${r.relation}`));
        for (const { personId: other } of coPartiesStatement.all(personId, personId) as { personId: string }[]) {
          if (other === personId || seen.has(`${other}|PROTECTIVE_ORDER_PARTY`)) continue;
          known.push({ personId: other, relation: 'PROTECTIVE_ORDER_PARTY' });
        }
        return known;
      }),

    highProfile: (personId) =>
      highProfile.getOrSet(personId, () => (highProfileStatement.get(personId) as { reason: string } | undefined) ?? null) ?? undefined,

    isProtectedPerson(personId) {
      const date = today();
      return protectedPersons.getOrSet(`${personId}|${date}`, () => protectedStatement.get(personId, date) !== undefined);
    },

    close() {
      personnel.close();
      ncic.close();
      rms?.close();
    },
  };
}

function rosterUser(row: UserRow): RosterUser {
  return {
    userId: row.user_id,
    personId: row.person_id,
    ori: row.ori,
    roles: row.roles.split(',').filter((r) => r !== ''),
    shift: { startHour: row.shift_start_hour, endHour: row.shift_end_hour },
  };
}

function openReadOnly(dataDir: string, file: string): Database.Database {
  const full = path.join(dataDir, file);
  if (!existsSync(full)) {
    throw new Error(`${full} not found: the misuse detectors read the generated data (npm run generate, or start the product once)`);
  }
  return new Database(full, { readonly: true, fileMustExist: true });
}
