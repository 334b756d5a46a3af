import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LruCache } from '../common/lru.ts';
import type { DetectionFacts, Relation } from './detection.ts';

/**
 * What the misuse detectors know beyond the audit trail, read from the generated data directory:
 * `personnel.sqlite` (agency users as persons of the population, their relatives, exes, household and
 * neighbours, high-profile persons; written by generator/personnel.ts) and `ncic.sqlite` (protection
 * orders: who is protected by an order in force, who were parties to one). Read-only connections; each
 * lookup is one indexed statement, remembered in a small bounded cache.
 */

/** The generator's personnel store (generator/personnel.ts `PERSONNEL_FILE`). */
const PERSONNEL_FILE = 'personnel.sqlite';
const NCIC_FILE = 'ncic.sqlite';

export interface DetectionFactsOptions {
  /**
   * Today's date (YYYY-MM-DD), against which an order's expiry date is judged, as the NCIC subgraph does.
   * @default the current UTC date
   */
  today?: () => string;
  /** Entries kept per lookup cache (persons, users). @default 10000 */
  cacheSize?: number;
}

export interface OpenDetectionFacts extends DetectionFacts {
  close(): void;
}

interface UserRow {
  person_id: string;
  shift_start_hour: number;
  shift_end_hour: number;
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

  const userStatement = personnel.prepare('SELECT person_id, shift_start_hour, shift_end_hour FROM agency_users WHERE user_id = ?');
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

  const users = new LruCache<string, UserRow | null>(cacheSize);
  const relations = new LruCache<string, Relation[]>(cacheSize);
  const highProfile = new LruCache<string, { reason: string } | null>(cacheSize);
  const protectedPersons = new LruCache<string, boolean>(cacheSize);

  const user = (userId: string): UserRow | null => users.getOrSet(userId, () => (userStatement.get(userId) as UserRow | undefined) ?? null);

  return {
    personOfUser: (userId) => user(userId)?.person_id,

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
    },
  };
}

function openReadOnly(dataDir: string, file: string): Database.Database {
  const full = path.join(dataDir, file);
  if (!existsSync(full)) {
    throw new Error(`${full} not found: the misuse detectors read the generated data (npm run generate, or start the product once)`);
  }
  return new Database(full, { readonly: true, fileMustExist: true });
}
