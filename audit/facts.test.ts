import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../generator/index.ts';
import { PERSONNEL_PEOPLE, PERSONNEL_USERS } from '../generator/personnel.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { openDetectionFacts, type OpenDetectionFacts } from './facts.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'detection-facts-'));
let facts: OpenDetectionFacts;
let db: Database.Database;

beforeAll(async () => {
  await generate({ persons: 1500, seed: 5, outDir: dir });
  facts = openDetectionFacts(dir, { today: () => '2026-11-29' });
  db = new Database(path.join(dir, 'personnel.sqlite'), { readonly: true });
  db.prepare('ATTACH DATABASE ? AS ncic').run(path.join(dir, 'ncic.sqlite'));
});

afterAll(() => {
  facts?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openDetectionFacts', () => {
  it('knows each agency user as a person, with their shift', () => {
    expect(facts.personOfUser(PERSONNEL_USERS.misuse.userId)).toBe(PERSONNEL_PEOPLE.misuseOfficer.personId);
    expect(facts.shiftOf(PERSONNEL_USERS.misuse.userId)).toEqual({ startHour: 14, endHour: 0 });
    const generated = db.prepare(`SELECT user_id, person_id, shift_start_hour FROM agency_users WHERE user_id = 'u0001'`).get() as {
      user_id: string;
      person_id: string;
      shift_start_hour: number;
    };
    expect(facts.personOfUser('u0001')).toBe(generated.person_id);
    expect(facts.shiftOf('u0001')?.startHour).toBe(generated.shift_start_hour);
    expect(facts.personOfUser('u-nobody')).toBeUndefined();
    expect(facts.shiftOf('u-nobody')).toBeUndefined();
  });

  it("lists a person's relations, including the other party of any protection order", () => {
    expect(facts.relationsOf(PERSONNEL_PEOPLE.misuseOfficer.personId)).toEqual([
      { personId: PERSONNEL_PEOPLE.exSpouse.personId, relation: 'EX_SPOUSE' },
      { personId: PERSONNEL_PEOPLE.neighbour.personId, relation: 'NEIGHBOUR' },
      { personId: PERSONNEL_PEOPLE.sibling.personId, relation: 'SIBLING' },
    ]);
    expect(facts.relationsOf(SHOWCASE.protectedPerson.personId)).toEqual([
      { personId: SHOWCASE.wantedDriver.personId, relation: 'PROTECTIVE_ORDER_PARTY' },
    ]);
    expect(facts.relationsOf(SHOWCASE.wantedDriver.personId)).toEqual([
      { personId: SHOWCASE.protectedPerson.personId, relation: 'PROTECTIVE_ORDER_PARTY' },
    ]);
    const user = db.prepare(`SELECT person_id FROM agency_users WHERE user_id = 'u0001'`).get() as { person_id: string };
    const rows = db
      .prepare('SELECT related_person_id AS personId, relation FROM relationships WHERE person_id = ? ORDER BY relation, related_person_id')
      .all(user.person_id);
    expect(facts.relationsOf(user.person_id)).toEqual(rows);
    expect(facts.relationsOf('P0000000')).toEqual([]);
  });

  it('tells flagged public figures', () => {
    expect(facts.highProfile(PERSONNEL_PEOPLE.celebrity.personId)).toEqual({ reason: 'CELEBRITY' });
    expect(facts.highProfile(SHOWCASE.judge.personId)).toEqual({ reason: 'JUDGE' });
    expect(facts.highProfile(SHOWCASE.cleanDriver.personId)).toBeUndefined();
  });

  it('says who is protected by an order in force on the given day', () => {
    expect(facts.isProtectedPerson(SHOWCASE.protectedPerson.personId)).toBe(true);
    expect(facts.isProtectedPerson(SHOWCASE.wantedDriver.personId)).toBe(false);
    const later = openDetectionFacts(dir, { today: () => '2029-06-03' }); // the day after the showcase DVRO expires
    try {
      expect(later.isProtectedPerson(SHOWCASE.protectedPerson.personId)).toBe(false);
    } finally {
      later.close();
    }
    const terminated = db
      .prepare(
        `
      SELECT p.person_id FROM ncic.protected_persons p JOIN ncic.protection_orders o ON o.nic = p.nic
      WHERE p.person_id IS NOT NULL AND o.status = 'TERMINATED' AND p.person_id NOT IN (
        SELECT p2.person_id FROM ncic.protected_persons p2 JOIN ncic.protection_orders o2 ON o2.nic = p2.nic WHERE o2.status = 'ACTIVE' AND p2.person_id IS NOT NULL)
      LIMIT 1`,
      )
      .get() as { person_id: string } | undefined;
    if (terminated) expect(facts.isProtectedPerson(terminated.person_id)).toBe(false);
  });

  it('answers the same once its bounded cache has evicted entries', () => {
    const small = openDetectionFacts(dir, { cacheSize: 2 });
    try {
      for (let i = 0; i < 5; i++) expect(small.personOfUser(PERSONNEL_USERS.honest.userId)).toBe(PERSONNEL_PEOPLE.honestOfficer.personId);
      for (const id of ['u0001', 'u0002', 'u0003', PERSONNEL_USERS.honest.userId]) small.personOfUser(id);
      expect(small.personOfUser(PERSONNEL_USERS.honest.userId)).toBe(PERSONNEL_PEOPLE.honestOfficer.personId);
    } finally {
      small.close();
    }
  });

  it('refuses a data directory without the personnel store, saying how to make one', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'detection-facts-empty-'));
    try {
      expect(() => openDetectionFacts(empty)).toThrow(/personnel\.sqlite not found: .*npm run generate/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
