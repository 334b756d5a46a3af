import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from './index.ts';
import { COMMON_NAME_CLUSTER, SHOWCASE } from './showcase.ts';
import { isValidVin } from './ids.ts';
import { openDataset, tempDir } from './test-support.ts';

const AS_OF = '2026-11-01';
const out = tempDir('gen-showcase');
let db: Database.Database;

beforeAll(async () => {
  await generate({ persons: 300, seed: 42, outDir: out.dir });
  db = openDataset(out.dir);
});

afterAll(() => {
  db?.close();
  out.remove();
});

function rows<T>(sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).all(...params) as T[];
}

function count(sql: string, ...params: unknown[]): number {
  return Number(
    (
      db
        .prepare(sql)
        .raw()
        .get(...params) as unknown[]
    )[0],
  );
}

describe('showcase people', () => {
  it('exist in the identity index with the stated name, DOB and identifiers', () => {
    for (const person of Object.values(SHOWCASE)) {
      const [row] = rows<{
        last_name: string;
        first_name: string;
        middle_name: string | null;
        dob: string;
        sex: string;
        fbi: string | null;
        cii: string | null;
        oln: string | null;
      }>('SELECT * FROM persons WHERE id = ?', person.personId);
      expect(row, person.personId).toBeDefined();
      expect(`${row.last_name}, ${row.first_name}${row.middle_name ? ` ${row.middle_name}` : ''}`).toBe(person.name);
      expect(row.dob).toBe(person.dob);
      expect(row.sex).toBe(person.sex);
      expect(row.fbi).toBe('fbi' in person ? person.fbi : null);
      expect(row.cii).toBe('cii' in person ? person.cii : null);
      expect(row.oln).toBe('dlNumber' in person ? person.dlNumber : null);
    }
  });

  it('wantedDriver: suspended licence, two vehicles, armed-and-dangerous felony want', () => {
    const p = SHOWCASE.wantedDriver;
    expect(rows('SELECT status FROM dmv.licenses WHERE person_id = ?', p.personId)).toEqual([{ status: 'SUSPENDED' }]);
    expect(
      rows<{ plate: string }>('SELECT plate FROM dmv.vehicles WHERE owner_person_id = ? ORDER BY plate', p.personId).map((r) => r.plate),
    ).toEqual(['4RVR882', '7WNT123']);
    expect(p.vins.every(isValidVin)).toBe(true);
    const wants = rows<{ nic: string; warrant_level: string }>(
      'SELECT nic, warrant_level FROM ncic.wanted WHERE person_id = ?',
      p.personId,
    );
    expect(wants).toEqual([{ nic: 'W900000001', warrant_level: 'FELONY' }]);
    expect(rows<{ cmc: string }>('SELECT cmc FROM ncic.cautions WHERE nic = ? ORDER BY cmc', 'W900000001').map((r) => r.cmc)).toEqual([
      '00',
      '05',
    ]);
  });

  it('wantedDriver: restrained in an active, served DVRO protecting protectedPerson', () => {
    const p = SHOWCASE.wantedDriver;
    const [order] = rows<Record<string, unknown>>('SELECT * FROM ncic.protection_orders WHERE person_id = ?', p.personId);
    expect(order).toMatchObject({ order_type: 'DVRO', form: 'DV-130', status: 'ACTIVE', served: 1, firearm_prohibited: 1, fcn: p.fcn });
    expect(String(order.expiry_date) > AS_OF).toBe(true);
    expect(
      rows<{ pco: string }>('SELECT pco FROM ncic.protection_order_conditions WHERE nic = ? ORDER BY pco', order.nic).map((r) => r.pco),
    ).toEqual(['01', '04', '05', '07']);
    expect(rows('SELECT person_id, relation FROM ncic.protected_persons WHERE nic = ?', order.nic)).toEqual([
      { person_id: SHOWCASE.protectedPerson.personId, relation: 'EX_SPOUSE' },
    ]);
    expect(count('SELECT count(*) FROM ncic.protection_order_confidential WHERE nic = ?', order.nic)).toBe(1);
  });

  it('wantedDriver: CORI with a PC 273.5 conviction and active probation, III in CA and NV, NV licence and history', () => {
    const p = SHOWCASE.wantedDriver;
    expect(count('SELECT count(*) FROM cori.arrests WHERE cii = ?', p.cii)).toBeGreaterThanOrEqual(3);
    expect(
      count(
        `SELECT count(*) FROM cori.charges c JOIN cori.arrests a ON a.id = c.arrest_id WHERE a.cii = ? AND c.statute = 'PC 273.5(a)' AND c.disposition = 'CONVICTED'`,
        p.cii,
      ),
    ).toBe(1);
    expect(count(`SELECT count(*) FROM cori.supervision WHERE cii = ? AND kind = 'PROBATION' AND status = 'ACTIVE'`, p.cii)).toBe(1);
    expect(rows('SELECT multi_state FROM iii_records WHERE fbi = ?', p.fbi)).toEqual([{ multi_state: 1 }]);
    expect(rows<{ state: string }>('SELECT state FROM iii_states WHERE fbi = ? ORDER BY state', p.fbi).map((r) => r.state)).toEqual([
      'CA',
      'NV',
    ]);
    expect(rows('SELECT state, status FROM nlets.oos_licenses WHERE person_id = ?', p.personId)).toEqual([
      { state: 'NV', status: 'EXPIRED' },
    ]);
    expect(
      count(
        `SELECT count(*) FROM nlets.state_history_entries e JOIN nlets.state_histories h USING (state, sid) WHERE h.person_id = ? AND e.state = 'NV'`,
        p.personId,
      ),
    ).toBe(2);
  });

  it('protectedPerson: Safe at Home substitute as DMV residence', () => {
    expect(rows('SELECT street, city, safe_at_home FROM dmv.addresses WHERE person_id = ?', SHOWCASE.protectedPerson.personId)).toEqual([
      { street: 'SAFE AT HOME, PO BOX 7600 #41042', city: 'SACRAMENTO', safe_at_home: 1 },
    ]);
  });

  it('cleanDriver: valid licence, one vehicle, no records anywhere', () => {
    const id = SHOWCASE.cleanDriver.personId;
    expect(rows('SELECT status FROM dmv.licenses WHERE person_id = ?', id)).toEqual([{ status: 'VALID' }]);
    expect(rows('SELECT plate FROM dmv.vehicles WHERE owner_person_id = ?', id)).toEqual([{ plate: '8CLN456' }]);
    for (const table of [
      'ncic.wanted',
      'ncic.protection_orders',
      'ncic.missing',
      'ncic.sex_offenders',
      'cori.subjects',
      'iii_records',
      'nlets.oos_licenses',
      'nlets.state_histories',
    ]) {
      expect(count(`SELECT count(*) FROM ${table} WHERE person_id = ?`, id), table).toBe(0);
    }
    expect(count('SELECT count(*) FROM ncic.stolen_vehicles WHERE plate = ?', '8CLN456')).toBe(0);
  });

  it('stolenCar: a CA-registered car reported stolen under the same VIN and plate, owner with no record', () => {
    const p = SHOWCASE.stolenCar;
    expect(rows('SELECT vin, plate, plate_state FROM ncic.stolen_vehicles WHERE plate = ?', '6STL789')).toEqual([
      { vin: p.vins[0], plate: '6STL789', plate_state: 'CA' },
    ]);
    expect(rows('SELECT owner_person_id FROM dmv.vehicles WHERE vin = ?', p.vins[0])).toEqual([{ owner_person_id: p.personId }]);
    expect(count('SELECT count(*) FROM cori.subjects WHERE person_id = ?', p.personId)).toBe(0);
  });

  it('judge: VC 1808.4 confidential residence', () => {
    expect(rows('SELECT kind, confidential FROM dmv.addresses WHERE person_id = ?', SHOWCASE.judge.personId)).toEqual([
      { kind: 'RESIDENCE', confidential: 'VC1808.4' },
    ]);
  });

  it('commonName: four or more GARCIA, MARIA near 1990-07-04 (one exact, one ALT_DOB 1990-04-07, one via AKA)', () => {
    const primaries = rows<{ person_id: string; dob: string }>(`
      SELECT person_id, dob FROM person_names WHERE name_type = 'PRIMARY' AND last_name = 'GARCIA' AND first_name = 'MARIA'
        AND person_id >= 'P9' AND dob BETWEEN '1988-07-04' AND '1992-07-04'`);
    expect(primaries.length).toBeGreaterThanOrEqual(4);
    expect(primaries.filter((r) => r.dob === '1990-07-04').map((r) => r.person_id)).toEqual([SHOWCASE.commonName.personId]);
    expect(rows(`SELECT person_id FROM person_names WHERE name_type = 'ALT_DOB' AND last_name = 'GARCIA' AND dob = '1990-04-07'`)).toEqual([
      { person_id: 'P9000011' },
    ]);
    expect(
      rows(
        `SELECT person_id FROM person_names WHERE name_type = 'AKA' AND last_name = 'GARCIA' AND first_name = 'MARIA' AND person_id >= 'P9'`,
      ),
    ).toEqual([{ person_id: 'P9000012' }]);
    expect(COMMON_NAME_CLUSTER.every((m) => count('SELECT count(*) FROM persons WHERE id = ?', m.personId) === 1)).toBe(true);
  });

  it('recordSubject: CORI with a sealed charge and a dismissed one', () => {
    const cii = SHOWCASE.recordSubject.cii;
    const charges = rows<{ disposition: string; sealed: number }>(
      'SELECT c.disposition, c.sealed FROM cori.charges c JOIN cori.arrests a ON a.id = c.arrest_id WHERE a.cii = ?',
      cii,
    );
    expect(charges.some((c) => c.sealed === 1)).toBe(true);
    expect(charges.some((c) => c.disposition === 'DISMISSED' && c.sealed === 0)).toBe(true);
  });

  it('missingPerson: an endangered missing person (EME)', () => {
    expect(rows('SELECT category FROM ncic.missing WHERE person_id = ?', SHOWCASE.missingPerson.personId)).toEqual([{ category: 'EME' }]);
  });

  it('expiredOrder: the only order expired before the as-of date', () => {
    const orders = rows<{ expiry_date: string }>(
      'SELECT expiry_date FROM ncic.protection_orders WHERE person_id = ?',
      SHOWCASE.expiredOrder.personId,
    );
    expect(orders).toHaveLength(1);
    expect(orders[0].expiry_date < AS_OF).toBe(true);
  });
});
