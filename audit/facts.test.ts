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

  it('knows the roster: each user, co-workers as persons, and peers (same agency, same roles)', () => {
    expect(facts.userOf(PERSONNEL_USERS.misuse.userId)).toEqual({
      userId: PERSONNEL_USERS.misuse.userId,
      personId: PERSONNEL_PEOPLE.misuseOfficer.personId,
      ori: 'CA0190100',
      roles: ['PATROL_OFFICER'],
      shift: { startHour: 14, endHour: 0 },
    });
    expect(facts.usersOfPerson(PERSONNEL_PEOPLE.honestOfficer.personId).map((u) => u.userId)).toEqual([PERSONNEL_USERS.honest.userId]);
    expect(facts.usersOfPerson(SHOWCASE.cleanDriver.personId)).toEqual([]);
    const peers = facts.peersOf(PERSONNEL_USERS.misuse.userId);
    expect(peers).toContain(PERSONNEL_USERS.honest.userId);
    expect(peers).not.toContain(PERSONNEL_USERS.misuse.userId);
    expect(peers.every((id) => facts.userOf(id)?.ori === 'CA0190100' && facts.userOf(id)?.roles.join() === 'PATROL_OFFICER')).toBe(true);
    expect(facts.peersOf('u-nobody')).toEqual([]);
  });

  it('explains a lookup by a case the user is assigned to that links the person, or an incident they were on, around its time', () => {
    const rms = new Database(path.join(dir, 'rms.sqlite'), { readonly: true });
    try {
      const linked = rms
        .prepare(
          `SELECT a.user_id AS userId, p.person_id AS personId, c.opened_on AS openedOn, c.closed_on AS closedOn FROM case_assignments a
           JOIN case_persons p USING (ori, case_number) JOIN cases c USING (ori, case_number) WHERE c.status = 'OPEN' LIMIT 1`,
        )
        .get() as { userId: string; personId: string; openedOn: string };
      const during = Date.parse(`${linked.openedOn}T18:00:00.000Z`) + 2 * 86_400_000;
      expect(facts.explains(linked.userId, { personId: linked.personId }, during)).toBe('CASE');
      expect(facts.explains('u-nobody', { personId: linked.personId }, during)).toBeUndefined();
      expect(facts.explains(linked.userId, { personId: linked.personId }, Date.parse(linked.openedOn) - 10 * 86_400_000)).toBeUndefined();

      const scene = rms
        .prepare(
          `SELECT u.user_id AS userId, p.person_id AS personId, i.started_at AS startedAt FROM incident_units u
           JOIN incident_persons p USING (ori, incident_number) JOIN incidents i USING (ori, incident_number) WHERE i.cleared_at IS NOT NULL LIMIT 1`,
        )
        .get() as { userId: string; personId: string; startedAt: string } | undefined;
      if (scene) {
        const started = Date.parse(scene.startedAt);
        expect(facts.explains(scene.userId, { personId: scene.personId }, started + 60_000)).toBe('INCIDENT');
        expect(facts.explains(scene.userId, { personId: scene.personId }, started + 2 * 86_400_000)).toBeUndefined();
      }
    } finally {
      rms.close();
    }
    const withoutRms = openDetectionFacts(dir, { rmsFile: path.join(dir, 'no-such-rms.sqlite') });
    try {
      expect(withoutRms.explains('u-inv-1', { personId: SHOWCASE.cleanDriver.personId }, Date.now())).toBeUndefined();
    } finally {
      withoutRms.close();
    }
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
