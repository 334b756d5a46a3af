import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * What the workload simulator needs to know of a generated dataset, read once: the roster (who works
 * where, in which role and shift), the people and vehicles officers meet, the protection orders court
 * clerks work, the public figures, each user's relations (so honest traffic leaves the user's own family
 * alone, as policy requires them to hand such matters to a colleague) and the agencies' existing cases.
 */

export interface SimUser {
  userId: string;
  personId: string;
  ori: string;
  name: string;
  roles: string[];
  /** The role that decides the day's work (the first listed: DISPATCHER for `DISPATCHER,AGENCY_COORDINATOR`). */
  role: string;
  shift: { startHour: number; endHour: number };
}

export interface SimVehicle {
  vin: string;
  plate: string;
  owner: string;
}

export interface SimOrder {
  nic: string;
  restrained: string;
  protectedPerson: string;
}

export interface ExistingCase {
  ori: string;
  caseNumber: string;
  userId: string;
  persons: string[];
  vins: string[];
}

export interface World {
  users: SimUser[];
  persons: string[];
  vehicles: SimVehicle[];
  vehiclesByOwner: Map<string, SimVehicle[]>;
  /** Orders in force whose protected person is a person of the population. */
  orders: SimOrder[];
  highProfile: string[];
  /** person → (related person → relations). */
  relations: Map<string, Map<string, string[]>>;
  /** OPEN cases in rms assigned to someone, with what they link. */
  cases: ExistingCase[];
}

export function readWorld(dataDir: string, asOf: string): World {
  const personnel = open(dataDir, 'personnel.sqlite');
  const cjis = open(dataDir, 'cjis.sqlite');
  const dmv = open(dataDir, 'dmv.sqlite');
  const ncic = open(dataDir, 'ncic.sqlite');
  try {
    const users = (
      personnel
        .prepare('SELECT user_id, person_id, ori, name, roles, shift_start_hour, shift_end_hour FROM agency_users ORDER BY user_id')
        .all() as {
        user_id: string;
        person_id: string;
        ori: string;
        name: string;
        roles: string;
        shift_start_hour: number;
        shift_end_hour: number;
      }[]
    ).map((r): SimUser => {
      const roles = r.roles.split(',').filter(Boolean);
      return {
        userId: r.user_id,
        personId: r.person_id,
        ori: r.ori,
        name: r.name,
        roles,
        role: roles[0] ?? 'NONE',
        shift: { startHour: r.shift_start_hour, endHour: r.shift_end_hour },
      };
    });
    const userPersons = new Set(users.map((u) => u.personId));
    const relations = new Map<string, Map<string, string[]>>();
    const relationRows = personnel
      .prepare('SELECT person_id, related_person_id, relation FROM relationships ORDER BY 1, 2, 3')
      .iterate() as Iterable<{
      person_id: string;
      related_person_id: string;
      relation: string;
    }>;
    for (const r of relationRows) {
      if (!userPersons.has(r.person_id)) continue;
      const own = relations.get(r.person_id) ?? new Map<string, string[]>();
      own.set(r.related_person_id, [...(own.get(r.related_person_id) ?? []), r.relation]);
      relations.set(r.person_id, own);
    }
    const highProfile = (personnel.prepare('SELECT person_id FROM high_profile ORDER BY 1').all() as { person_id: string }[]).map(
      (r) => r.person_id,
    );
    const persons = (cjis.prepare('SELECT id FROM persons ORDER BY id').raw().all() as string[][]).map((r) => r[0]);
    const vehicles = (dmv.prepare('SELECT vin, plate, owner_person_id AS owner FROM vehicles ORDER BY vin').all() as SimVehicle[]).filter(
      (v) => v.owner !== null,
    );
    const vehiclesByOwner = new Map<string, SimVehicle[]>();
    for (const v of vehicles) vehiclesByOwner.set(v.owner, [...(vehiclesByOwner.get(v.owner) ?? []), v]);
    const orders = ncic
      .prepare(
        `SELECT o.nic, o.person_id AS restrained, p.person_id AS protectedPerson FROM protection_orders o
         JOIN protected_persons p ON p.nic = o.nic
         WHERE p.person_id IS NOT NULL AND o.status = 'ACTIVE' AND o.expiry_date >= ? ORDER BY o.nic, p.person_id`,
      )
      .all(asOf) as SimOrder[];
    return { users, persons, vehicles, vehiclesByOwner, orders, highProfile, relations, cases: readCases(dataDir) };
  } finally {
    for (const db of [personnel, cjis, dmv, ncic]) db.close();
  }
}

function readCases(dataDir: string): ExistingCase[] {
  const file = path.join(dataDir, 'rms.sqlite');
  if (!existsSync(file)) return [];
  const rms = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = rms
      .prepare(
        `SELECT c.ori, c.case_number AS caseNumber, a.user_id AS userId FROM cases c
         JOIN case_assignments a ON a.ori = c.ori AND a.case_number = c.case_number
         WHERE c.status = 'OPEN' ORDER BY 1, 2, 3`,
      )
      .all() as { ori: string; caseNumber: string; userId: string }[];
    const persons = rms.prepare('SELECT person_id FROM case_persons WHERE ori = ? AND case_number = ? ORDER BY 1').raw();
    const vins = rms.prepare('SELECT vin FROM case_vehicles WHERE ori = ? AND case_number = ? ORDER BY 1').raw();
    return rows.map((r) => ({
      ...r,
      persons: (persons.all(r.ori, r.caseNumber) as string[][]).map((x) => x[0]),
      vins: (vins.all(r.ori, r.caseNumber) as string[][]).map((x) => x[0]),
    }));
  } finally {
    rms.close();
  }
}

function open(dataDir: string, file: string): Database.Database {
  const full = path.join(dataDir, file);
  if (!existsSync(full)) throw new Error(`${full} not found: generate the dataset first (npm run generate)`);
  return new Database(full, { readonly: true, fileMustExist: true });
}
