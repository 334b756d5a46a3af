import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../index.ts';
import { PERSONNEL_USERS } from '../personnel.ts';
import { SHOWCASE } from '../showcase.ts';
import { openDataset, tempDir } from '../test-support.ts';
import { SHOWCASE_CASES, SHOWCASE_INCIDENT } from './rms.ts';

const PERSONS = 6000;
const out = tempDir('gen-rms');
let db: Database.Database;

beforeAll(async () => {
  await generate({ persons: PERSONS, seed: 3, outDir: out.dir });
  db = openDataset(out.dir);
});

afterAll(() => {
  db?.close();
  out.remove();
});

const value = (sql: string, ...params: unknown[]): number =>
  Number(
    (
      db
        .prepare(sql)
        .raw()
        .get(...params) as unknown[]
    )[0] ?? 0,
  );
const rows = <T>(sql: string, ...params: unknown[]): T[] => db.prepare(sql).all(...params) as T[];

describe('agency records (rms.sqlite, contract C1)', () => {
  it('plants the showcase cases and incident whatever the seed and size', () => {
    const status = (ref: { ori: string; caseNumber: string }) =>
      rows<{ status: string }>(`SELECT status FROM rms.cases WHERE ori = ? AND case_number = ?`, ref.ori, ref.caseNumber)[0]?.status;
    const assigned = (ref: { ori: string; caseNumber: string }) =>
      rows<{ user_id: string }>(`SELECT user_id FROM rms.case_assignments WHERE ori = ? AND case_number = ?`, ref.ori, ref.caseNumber).map(
        (r) => r.user_id,
      );
    const c = SHOWCASE_CASES;
    expect([status(c.riveraAssault), assigned(c.riveraAssault)]).toEqual(['OPEN', ['u-inv-1']]);
    expect([status(c.protectiveOrder), assigned(c.protectiveOrder)]).toEqual(['OPEN', ['u-court-1']]);
    expect([status(c.closed), assigned(c.closed)]).toEqual(['CLOSED', ['u-inv-1']]);
    expect(status(c.someoneElses)).toBe('OPEN');
    expect(assigned(c.someoneElses)).not.toContain('u-inv-1');
    expect(status(c.otherAgency)).toBe('OPEN');
    expect(c.otherAgency.ori).not.toBe('CA0190100');
    expect([status(c.spare), assigned(c.spare)]).toEqual(['OPEN', ['u-inv-1']]);
    expect(
      value(`SELECT count(*) FROM rms.case_persons WHERE case_number = '24-000187' AND person_id = ?`, SHOWCASE.wantedDriver.personId),
    ).toBe(1);
    expect(
      rows(`SELECT user_id FROM rms.incident_units WHERE incident_number = ? ORDER BY 1`, SHOWCASE_INCIDENT.incidentNumber).map(
        (r) => (r as { user_id: string }).user_id,
      ),
    ).toEqual(['u-disp-1', 'u-patrol-1']);
  });

  it('has the roster users the contract names', () => {
    const users = rows<{ user_id: string; ori: string; roles: string }>(
      `SELECT user_id, ori, roles FROM personnel.agency_users WHERE user_id IN ('u-inv-1', 'u-court-1', 'u-patrol-1', 'u-disp-1') ORDER BY 1`,
    );
    expect(users).toEqual([
      { user_id: 'u-court-1', ori: 'CA019015J', roles: 'COURT_CLERK' },
      { user_id: 'u-disp-1', ori: 'CA0190100', roles: 'DISPATCHER' },
      { user_id: 'u-inv-1', ori: 'CA0190100', roles: 'INVESTIGATOR' },
      { user_id: 'u-patrol-1', ori: 'CA0190100', roles: 'PATROL_OFFICER' },
    ]);
    expect(Object.values(PERSONNEL_USERS).map((u) => u.userId)).toEqual(expect.arrayContaining(users.map((u) => u.user_id)));
  });

  it('gives every generated investigator 5-15 open cases at their agency, each with 1-4 persons of the population', () => {
    const open = rows<{ n: number }>(`
      SELECT count(a.case_number) AS n FROM personnel.agency_users u
      LEFT JOIN rms.case_assignments a ON a.user_id = u.user_id AND a.role = 'LEAD' AND a.ori = u.ori
        AND EXISTS (SELECT 1 FROM rms.cases c WHERE c.ori = a.ori AND c.case_number = a.case_number AND c.status = 'OPEN')
      WHERE u.roles LIKE '%INVESTIGATOR%' AND u.user_id NOT LIKE 'u-%' GROUP BY u.user_id`);
    expect(open.length).toBeGreaterThan(5);
    expect(open.every((r) => r.n >= 5 && r.n <= 15)).toBe(true);
    expect(value(`SELECT count(*) FROM rms.cases WHERE status = 'CLOSED'`)).toBeGreaterThan(0);
    const parties = rows<{ n: number }>(`SELECT count(p.person_id) AS n FROM rms.cases c
      LEFT JOIN rms.case_persons p ON p.ori = c.ori AND p.case_number = c.case_number GROUP BY c.ori, c.case_number`);
    expect(parties.every((r) => r.n >= 1 && r.n <= 4)).toBe(true);
    expect(value(`SELECT count(*) FROM rms.case_persons WHERE person_id NOT IN (SELECT id FROM persons)`)).toBe(0);
    expect(value(`SELECT count(*) FROM rms.case_vehicles`)).toBeGreaterThan(0);
    expect(
      value(
        `SELECT count(*) FROM rms.case_vehicles v WHERE NOT EXISTS (SELECT 1 FROM dmv.vehicles d WHERE d.vin = v.vin AND d.plate = v.plate)`,
      ),
    ).toBe(0);
    // Every assignee is a user of the roster, at the case's agency.
    expect(
      value(`SELECT count(*) FROM rms.case_assignments a WHERE NOT EXISTS (
        SELECT 1 FROM personnel.agency_users u WHERE u.user_id = a.user_id AND u.ori = a.ori)`),
    ).toBe(0);
    expect(
      value(`SELECT count(*) FROM rms.cases WHERE ori LIKE '%J' AND type NOT IN ('COURT_PROTECTIVE_ORDER', 'CRIMINAL_COMPLAINT')`),
    ).toBe(0);
  });

  it('gives every patrol officer incidents on their shifts in the 30 days before the as-of date; dispatchers are units too', () => {
    const officers = value(`SELECT count(*) FROM personnel.agency_users WHERE roles LIKE '%PATROL_OFFICER%' AND user_id NOT LIKE 'u-%'`);
    const working = value(`SELECT count(DISTINCT i.user_id) FROM rms.incident_units i JOIN personnel.agency_users u
      ON u.user_id = i.user_id AND u.ori = i.ori WHERE u.roles LIKE '%PATROL_OFFICER%' AND u.user_id NOT LIKE 'u-%'`);
    expect(officers).toBeGreaterThan(10);
    expect(working).toBe(officers);
    expect(
      value(`SELECT count(DISTINCT i.user_id) FROM rms.incident_units i JOIN personnel.agency_users u
      ON u.user_id = i.user_id WHERE u.roles LIKE '%DISPATCHER%'`),
    ).toBeGreaterThan(0);
    expect(value(`SELECT count(*) FROM rms.incidents WHERE started_at < '2026-10-02' OR started_at > '2026-11-02'`)).toBe(0);
    expect(value(`SELECT count(*) FROM rms.incidents WHERE cleared_at IS NOT NULL AND cleared_at < started_at`)).toBe(0);
    // Every self-initiated stop has exactly one unit; the plates run are real DMV plates of the VIN recorded.
    expect(
      value(
        `SELECT count(*) FROM rms.incidents i WHERE type = 'TRAFFIC_STOP' AND incident_number <> ?
      AND (SELECT count(*) FROM rms.incident_units u WHERE u.ori = i.ori AND u.incident_number = i.incident_number) <> 1`,
        SHOWCASE_INCIDENT.incidentNumber,
      ),
    ).toBe(0);
    expect(value(`SELECT count(*) FROM rms.incident_vehicles`)).toBeGreaterThan(100);
    expect(
      value(
        `SELECT count(*) FROM rms.incident_vehicles v WHERE NOT EXISTS (SELECT 1 FROM dmv.vehicles d WHERE d.vin = v.vin AND d.plate = v.plate)`,
      ),
    ).toBe(0);
    expect(value(`SELECT count(*) FROM rms.incident_persons WHERE person_id NOT IN (SELECT id FROM persons)`)).toBe(0);
  });
});
