import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCIES } from './agencies.ts';
import { generate, type Manifest } from './index.ts';
import { HIGH_PROFILE_REASONS, inverseRelation, PERSONNEL_PEOPLE, PERSONNEL_USERS, RELATIONS, type RelationKind } from './personnel.ts';
import { ROSTER, userCount } from './personnel-population.ts';
import { SHOWCASE } from './showcase.ts';
import { openDataset, tempDir } from './test-support.ts';

const PERSONS = 5000;
const out = tempDir('gen-personnel');
let db: Database.Database;
let manifest: Manifest;

beforeAll(async () => {
  manifest = await generate({ persons: PERSONS, seed: 3, outDir: out.dir });
  db = openDataset(out.dir);
});

afterAll(() => {
  db?.close();
  out.remove();
});

function value(sql: string, ...params: unknown[]): number {
  const row = db
    .prepare(sql)
    .raw()
    .get(...params) as unknown[] | undefined;
  return Number(row?.[0] ?? 0);
}

function rows<T>(sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).all(...params) as T[];
}

const ROLES = new Set([
  'PATROL_OFFICER',
  'DISPATCHER',
  'INVESTIGATOR',
  'RECORDS_CLERK',
  'COURT_CLERK',
  'PROBATION_OFFICER',
  'AGENCY_COORDINATOR',
  'DOJ_AUDITOR',
  'NONCRIMINAL_AGENCY',
]);

describe('agency users', () => {
  it('places one user per 30 persons (a few hundred at 10,000) at California agencies of the directory', () => {
    expect(ROSTER.length).toBeGreaterThanOrEqual(300);
    expect(userCount(10_000)).toBeGreaterThanOrEqual(300);
    const generated = value(`SELECT count(*) FROM personnel.agency_users WHERE user_id NOT LIKE 'u-%'`);
    expect(generated).toBe(userCount(PERSONS));
    expect(manifest.counts['personnel.agency_users']).toBe(generated + Object.keys(PERSONNEL_USERS).length);
    const caOris = new Set(AGENCIES.filter((a) => a.state === 'CA').map((a) => a.ori));
    const users = rows<{ ori: string; roles: string; shift_start_hour: number; shift_end_hour: number }>(
      `SELECT * FROM personnel.agency_users`,
    );
    expect(users.filter((u) => !caOris.has(u.ori))).toEqual([]);
    expect(users.filter((u) => !u.roles.split(',').every((r) => ROLES.has(r)))).toEqual([]);
    expect(users.filter((u) => ![u.shift_start_hour, u.shift_end_hour].every((h) => Number.isInteger(h) && h >= 0 && h <= 23))).toEqual([]);
    // Every California agency has its coordinator (or, for a licensing board, its one applicant-agency user).
    expect(new Set(users.map((u) => u.ori))).toEqual(caOris);
  });

  it('makes every user a licensed adult of working age with no record, living in the agency county', () => {
    expect(
      value(`
      SELECT count(*) FROM personnel.agency_users u JOIN persons p ON p.id = u.person_id
      WHERE p.dob > '2004-11-01' OR p.dob < '1963-11-01'`),
    ).toBe(0);
    expect(value(`SELECT count(*) FROM personnel.agency_users u JOIN persons p ON p.id = u.person_id WHERE p.cii IS NOT NULL`)).toBe(0);
    expect(value(`SELECT count(*) FROM personnel.agency_users u JOIN ncic.wanted w ON w.person_id = u.person_id`)).toBe(0);
    expect(
      value(
        `SELECT count(*) FROM personnel.agency_users u WHERE NOT EXISTS (SELECT 1 FROM dmv.licenses l WHERE l.person_id = u.person_id)`,
      ),
    ).toBe(0);
    expect(value(`SELECT count(DISTINCT person_id) FROM personnel.agency_users`)).toBe(
      value(`SELECT count(*) FROM personnel.agency_users`),
    );
  });

  it('gives most users relatives, exes or a household, and every user a neighbour', () => {
    const users = value(`SELECT count(*) FROM personnel.agency_users WHERE user_id NOT LIKE 'u-%'`);
    const family = value(`
      SELECT count(DISTINCT u.person_id) FROM personnel.agency_users u JOIN personnel.relationships r ON r.person_id = u.person_id
      WHERE r.relation IN ('PARENT', 'CHILD', 'SIBLING', 'SPOUSE', 'EX_SPOUSE', 'EX_PARTNER') AND u.user_id NOT LIKE 'u-%'`);
    expect(family / users).toBeGreaterThan(0.7);
    expect(
      value(`
      SELECT count(*) FROM personnel.agency_users u WHERE u.user_id NOT LIKE 'u-%' AND NOT EXISTS (
        SELECT 1 FROM personnel.relationships r WHERE r.person_id = u.person_id AND r.relation = 'NEIGHBOUR')`),
    ).toBe(0);
    const relations = rows<{ relation: string }>(`SELECT DISTINCT relation FROM personnel.relationships ORDER BY 1`).map((r) => r.relation);
    expect(relations).toEqual([...RELATIONS].sort());
  });
});

describe('relationships', () => {
  it('are symmetric: every (A, B, R) has its (B, A, inverse R)', () => {
    const all = rows<{ person_id: string; related_person_id: string; relation: RelationKind }>(`SELECT * FROM personnel.relationships`);
    const keys = new Set(all.map((r) => `${r.person_id}|${r.related_person_id}|${r.relation}`));
    expect(all.filter((r) => !keys.has(`${r.related_person_id}|${r.person_id}|${inverseRelation(r.relation)}`))).toEqual([]);
    expect(all.filter((r) => r.person_id === r.related_person_id)).toEqual([]);
  });

  it('puts household members at the same DMV residence and neighbours on the same street of the same city', () => {
    const pairs = (relation: string): { a: string; b: string; ac: string; bc: string }[] =>
      rows(
        `
      SELECT a.street AS a, b.street AS b, a.city || a.zip AS ac, b.city || b.zip AS bc FROM personnel.relationships r
      JOIN dmv.addresses a ON a.person_id = r.person_id AND a.kind = 'RESIDENCE'
      JOIN dmv.addresses b ON b.person_id = r.related_person_id AND b.kind = 'RESIDENCE' WHERE r.relation = ?`,
        relation,
      );
    const household = pairs('HOUSEHOLD');
    expect(household.length).toBeGreaterThan(50);
    expect(household.filter((p) => p.a !== p.b || p.ac !== p.bc)).toEqual([]);
    const streetOf = (s: string): string => s.replace(/ APT .*$/, '').replace(/^\d+ /, '');
    const neighbours = pairs('NEIGHBOUR');
    expect(neighbours.length).toBeGreaterThan(100);
    expect(neighbours.filter((p) => streetOf(p.a) !== streetOf(p.b) || p.ac !== p.bc)).toEqual([]);
    expect(neighbours.filter((p) => p.a === p.b)).toEqual([]);
    expect(
      value(`SELECT count(*) FROM personnel.relationships WHERE relation IN ('HOUSEHOLD', 'NEIGHBOUR')
      AND related_person_id NOT IN (SELECT person_id FROM dmv.addresses WHERE kind = 'RESIDENCE')`),
    ).toBe(0);
  });

  it("gives children their parent's surname when a user is the parent", () => {
    expect(
      value(`
      SELECT count(*) FROM personnel.agency_users u JOIN personnel.relationships r ON r.person_id = u.person_id AND r.relation = 'CHILD'
      JOIN persons a ON a.id = u.person_id JOIN persons c ON c.id = r.related_person_id WHERE a.last_name != c.last_name`),
    ).toBe(0);
  });

  it('links the two parties of every protection order whose protected person is in the population', () => {
    const parties = value(`
      SELECT count(*) FROM (SELECT DISTINCT o.person_id, p.person_id FROM ncic.protection_orders o
      JOIN ncic.protected_persons p ON p.nic = o.nic WHERE p.person_id IS NOT NULL)`);
    expect(parties).toBeGreaterThan(10);
    expect(value(`SELECT count(*) FROM personnel.relationships WHERE relation = 'PROTECTIVE_ORDER_PARTY'`)).toBe(2 * parties);
    expect(
      value(
        `SELECT count(*) FROM personnel.relationships WHERE person_id = ? AND related_person_id = ? AND relation = 'PROTECTIVE_ORDER_PARTY'`,
        SHOWCASE.wantedDriver.personId,
        SHOWCASE.protectedPerson.personId,
      ),
    ).toBe(1);
  });
});

describe('high-profile persons', () => {
  it('flags a few persons (about 0.05%) with a known reason, the fixed celebrity and the showcase judge among them', () => {
    const flagged = rows<{ person_id: string; reason: string }>(`SELECT * FROM personnel.high_profile`);
    expect(flagged.filter((f) => !(HIGH_PROFILE_REASONS as readonly string[]).includes(f.reason))).toEqual([]);
    expect(flagged.length / PERSONS).toBeLessThan(0.002);
    expect(flagged).toEqual(
      expect.arrayContaining([
        { person_id: PERSONNEL_PEOPLE.celebrity.personId, reason: 'CELEBRITY' },
        { person_id: SHOWCASE.judge.personId, reason: 'JUDGE' },
      ]),
    );
  });
});

describe('fixed personnel facts', () => {
  const { misuse, honest } = PERSONNEL_USERS;
  const people = PERSONNEL_PEOPLE;

  it('has u-misuse-1 and u-honest-1: patrol officers of the same agency, one with an ex-spouse, a brother and a neighbour', () => {
    expect(rows(`SELECT * FROM personnel.agency_users WHERE user_id IN ('u-honest-1', 'u-misuse-1') ORDER BY user_id`)).toEqual([
      {
        user_id: 'u-honest-1',
        person_id: people.honestOfficer.personId,
        ori: 'CA0190100',
        name: 'MENDOZA, ROSA ISABEL',
        roles: 'PATROL_OFFICER',
        shift_start_hour: 14,
        shift_end_hour: 0,
      },
      {
        user_id: 'u-misuse-1',
        person_id: people.misuseOfficer.personId,
        ori: 'CA0190100',
        name: 'HARLAN, DEREK WADE',
        roles: 'PATROL_OFFICER',
        shift_start_hour: 14,
        shift_end_hour: 0,
      },
    ]);
    expect(rows(`SELECT related_person_id, relation FROM personnel.relationships WHERE person_id = ? ORDER BY 1`, misuse.personId)).toEqual(
      [
        { related_person_id: people.exSpouse.personId, relation: 'EX_SPOUSE' },
        { related_person_id: people.sibling.personId, relation: 'SIBLING' },
        { related_person_id: people.neighbour.personId, relation: 'NEIGHBOUR' },
      ],
    );
    expect(value(`SELECT count(*) FROM personnel.relationships WHERE person_id = ?`, honest.personId)).toBe(0);
  });

  it('gives every fixed person an identity, a valid licence and a residence, and the vehicles their plates', () => {
    for (const p of Object.values(people)) {
      expect(value(`SELECT count(*) FROM persons WHERE id = ? AND oln = ?`, p.personId, p.dlNumber), p.personId).toBe(1);
      expect(value(`SELECT count(*) FROM dmv.licenses WHERE person_id = ? AND status = 'VALID'`, p.personId), p.personId).toBe(1);
      expect(rows(`SELECT street, city, zip FROM dmv.addresses WHERE person_id = ?`, p.personId)).toEqual([
        { street: p.residence.street, city: p.residence.city, zip: p.residence.zip },
      ]);
      if ('vehicle' in p) {
        expect(rows(`SELECT vin, owner_person_id FROM dmv.vehicles WHERE plate = ?`, p.vehicle.plate)).toEqual([
          { vin: p.vehicle.vin, owner_person_id: p.personId },
        ]);
      }
    }
    expect(
      value(
        `SELECT count(*) FROM person_names WHERE person_id = ? AND name_type = 'AKA' AND last_name = 'HARLAN'`,
        people.exSpouse.personId,
      ),
    ).toBe(1);
  });

  it('uses licence numbers and plates that the generator can never issue to anyone else', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const p of Object.values(people)) {
      const n = Number(p.dlNumber.slice(1));
      // context.ts issues letter = LETTERS[floor(n / 7) % 26] for number n.
      expect(letters[Math.floor(n / 7) % 26], p.dlNumber).not.toBe(p.dlNumber[0]);
      if ('vehicle' in p) expect(p.vehicle.plate).toMatch(/^[1-9][A-Z]*Q[A-Z]*\d{3}$/);
    }
  });
});
