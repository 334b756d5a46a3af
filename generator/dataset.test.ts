import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCIES } from './agencies.ts';
import { isValidVin } from './ids.ts';
import { generate } from './index.ts';
import { columnsOf, openDataset, tablesOf, tempDir } from './test-support.ts';

const PERSONS = 5000;
const AS_OF = '2026-11-01';
const ADULT_DOB = '2008-11-01';
const out = tempDir('gen-dataset');
let db: Database.Database;

beforeAll(async () => {
  await generate({ persons: PERSONS, seed: 7, outDir: out.dir });
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

function column(sql: string, ...params: unknown[]): unknown[] {
  return (
    db
      .prepare(sql)
      .raw()
      .all(...params) as unknown[][]
  ).map((r) => r[0]);
}

/** Generated people only (showcase people have ids P9xxxxxx). */
const GENERATED = `id < 'P9'`;
const adults = (): number => value(`SELECT count(*) FROM persons WHERE ${GENERATED} AND dob <= ?`, ADULT_DOB);
const share = (sql: string, denominator: number): number => value(sql) / denominator;

describe('proportions (5,000 persons)', () => {
  it('licenses about 85% of adults, mostly class C and VALID', () => {
    const licensed = share(
      `SELECT count(*) FROM dmv.licenses l JOIN persons p ON p.id = l.person_id WHERE p.${GENERATED} AND p.dob <= '${ADULT_DOB}'`,
      adults(),
    );
    expect(licensed).toBeGreaterThan(0.78);
    expect(licensed).toBeLessThan(0.92);
    const total = value(`SELECT count(*) FROM dmv.licenses`);
    expect(value(`SELECT count(*) FROM dmv.licenses WHERE status = 'VALID'`) / total).toBeGreaterThan(0.75);
    expect(value(`SELECT count(*) FROM dmv.licenses WHERE class = 'C'`) / total).toBeGreaterThan(0.8);
    expect(column(`SELECT DISTINCT status FROM dmv.licenses ORDER BY 1`)).toEqual(
      expect.arrayContaining(['EXPIRED', 'REVOKED', 'SUSPENDED', 'VALID']),
    );
  });

  it('registers about 0.9 vehicles per licensed person, ~15% with a lienholder', () => {
    const perLicensed = value(`SELECT count(*) FROM dmv.vehicles`) / value(`SELECT count(*) FROM dmv.licenses`);
    expect(perLicensed).toBeGreaterThan(0.75);
    expect(perLicensed).toBeLessThan(1.05);
    const liens = value(`SELECT avg(legal_owner IS NOT NULL) FROM dmv.vehicles`);
    expect(liens).toBeGreaterThan(0.08);
    expect(liens).toBeLessThan(0.22);
  });

  it('gives about 20% of adults a CA criminal record, most with 1-3 arrests', () => {
    const cori = share(`SELECT count(*) FROM cori.subjects WHERE person_id < 'P9'`, adults());
    expect(cori).toBeGreaterThan(0.16);
    expect(cori).toBeLessThan(0.24);
    const fewArrests = value(`SELECT avg(n <= 3) FROM (SELECT count(*) n FROM cori.arrests GROUP BY cii)`);
    expect(fewArrests).toBeGreaterThan(0.7);
    expect(value(`SELECT max(n) FROM (SELECT count(*) n FROM cori.arrests GROUP BY cii)`)).toBeGreaterThanOrEqual(8);
  });

  it('fingerprints ~70% of record holders plus a few others; ~15% of III records are multi-state', () => {
    const withFbi = value(`SELECT avg(fbi IS NOT NULL) FROM cori.subjects WHERE person_id < 'P9'`);
    expect(withFbi).toBeGreaterThan(0.62);
    expect(withFbi).toBeLessThan(0.78);
    const extra = share(`SELECT count(*) FROM persons WHERE ${GENERATED} AND fbi IS NOT NULL AND cii IS NULL`, PERSONS);
    expect(extra).toBeGreaterThan(0.015);
    expect(extra).toBeLessThan(0.05);
    const multi = value(`SELECT avg(multi_state) FROM iii_records`);
    expect(multi).toBeGreaterThan(0.08);
    expect(multi).toBeLessThan(0.25);
  });

  it('has ~1.5% wanted, ~0.1% missing, ~1% restrained by an order, ~0.3% registered sex offenders', () => {
    const persons = (table: string): number => share(`SELECT count(DISTINCT person_id) FROM ncic.${table} WHERE person_id < 'P9'`, PERSONS);
    expect(persons('wanted')).toBeGreaterThan(0.009);
    expect(persons('wanted')).toBeLessThan(0.024);
    expect(persons('missing')).toBeLessThan(0.004);
    expect(persons('protection_orders')).toBeGreaterThan(0.005);
    expect(persons('protection_orders')).toBeLessThan(0.018);
    expect(persons('sex_offenders')).toBeGreaterThan(0.001);
    expect(persons('sex_offenders')).toBeLessThan(0.007);
    const cautioned =
      value(`SELECT count(DISTINCT c.nic) FROM ncic.cautions c JOIN ncic.wanted w ON w.nic = c.nic`) /
      value(`SELECT count(*) FROM ncic.wanted`);
    expect(cautioned).toBeGreaterThan(0.15);
    expect(cautioned).toBeLessThan(0.45);
  });

  it('mixes order types with DVRO the most common, and has expired and terminated orders', () => {
    const types = db.prepare(`SELECT order_type, count(*) n FROM ncic.protection_orders GROUP BY 1 ORDER BY 2 DESC`).all() as {
      order_type: string;
      n: number;
    }[];
    expect(types[0].order_type).toBe('DVRO');
    expect(value(`SELECT count(*) FROM ncic.protection_orders WHERE expiry_date < ?`, AS_OF)).toBeGreaterThan(0);
    expect(value(`SELECT count(*) FROM ncic.protection_orders WHERE status = 'TERMINATED'`)).toBeGreaterThan(0);
    expect(
      value(
        `SELECT count(*) FROM ncic.protection_orders WHERE order_type IN ('DVRO','GVRO','CRIMINAL_PROTECTIVE') AND firearm_prohibited = 0`,
      ),
    ).toBe(0);
    expect(
      value(
        `SELECT count(*) FROM ncic.protection_orders o WHERE NOT EXISTS (SELECT 1 FROM ncic.protection_order_confidential c WHERE c.nic = o.nic)`,
      ),
    ).toBe(0);
    expect(value(`SELECT avg(person_id IS NOT NULL) FROM ncic.protected_persons WHERE relation != 'CHILD'`)).toBeGreaterThan(0.4);
  });

  it('holds out-of-state licences for ~8% of persons', () => {
    const oos = share(`SELECT count(*) FROM nlets.oos_licenses WHERE person_id < 'P9'`, PERSONS);
    expect(oos).toBeGreaterThan(0.05);
    expect(oos).toBeLessThan(0.11);
    expect(value(`SELECT count(DISTINCT state) FROM nlets.oos_licenses`)).toBeGreaterThanOrEqual(5);
  });

  it('puts search noise in the identity index: AKAs, misspellings, DOB typos and common names', () => {
    const recordHolders = value(
      `SELECT count(*) FROM persons p WHERE p.${GENERATED} AND (p.cii IS NOT NULL OR EXISTS (SELECT 1 FROM ncic.wanted w WHERE w.person_id = p.id))`,
    );
    const withAka = value(`SELECT count(DISTINCT person_id) FROM person_names WHERE name_type = 'AKA' AND person_id < 'P9'`);
    expect(withAka / recordHolders).toBeGreaterThan(0.12);
    expect(withAka / recordHolders).toBeLessThan(0.3);
    expect(value(`SELECT count(*) FROM person_names WHERE name_type = 'MISSPELLING'`)).toBeGreaterThan(40);
    expect(value(`SELECT count(*) FROM person_names WHERE name_type = 'ALT_DOB'`)).toBeGreaterThan(10);
    expect(value(`SELECT max(n) FROM (SELECT count(*) n FROM persons GROUP BY last_name, first_name)`)).toBeGreaterThanOrEqual(5);
    const top = column(`SELECT last_name FROM persons GROUP BY 1 ORDER BY count(*) DESC LIMIT 10`);
    expect(top).toEqual(expect.arrayContaining(['GARCIA', 'SMITH']));
    expect(value(`SELECT count(*) FROM person_names WHERE last_soundex = '' OR first_soundex = ''`)).toBe(0);
  });

  it('has Safe at Home participants and VC 1808.4 confidential addresses', () => {
    expect(
      value(`SELECT count(*) FROM dmv.addresses WHERE safe_at_home = 1 AND street LIKE 'SAFE AT HOME, PO BOX%' AND city = 'SACRAMENTO'`),
    ).toBeGreaterThanOrEqual(2);
    const vc = share(`SELECT count(DISTINCT person_id) FROM dmv.addresses WHERE confidential = 'VC1808.4'`, PERSONS);
    expect(vc).toBeGreaterThan(0.001);
    expect(vc).toBeLessThan(0.012);
  });
});

describe('referential sanity', () => {
  const personRefs: readonly [string, string][] = [
    ['person_names', 'person_id'],
    ['iii_records', 'person_id'],
    ['cori.subjects', 'person_id'],
    ['dmv.licenses', 'person_id'],
    ['dmv.addresses', 'person_id'],
    ['dmv.vehicles', 'owner_person_id'],
    ['ncic.wanted', 'person_id'],
    ['ncic.cautions', 'person_id'],
    ['ncic.missing', 'person_id'],
    ['ncic.protection_orders', 'person_id'],
    ['ncic.protected_persons', 'person_id'],
    ['ncic.sex_offenders', 'person_id'],
    ['nlets.oos_licenses', 'person_id'],
    ['nlets.oos_registrations', 'owner_person_id'],
    ['nlets.state_histories', 'person_id'],
    ['personnel.agency_users', 'person_id'],
    ['personnel.relationships', 'person_id'],
    ['personnel.relationships', 'related_person_id'],
    ['personnel.high_profile', 'person_id'],
  ];

  it.each(personRefs)('every %s.%s exists in cjis.persons', (table, key) => {
    expect(value(`SELECT count(*) FROM ${table} WHERE ${key} IS NOT NULL AND ${key} NOT IN (SELECT id FROM persons)`)).toBe(0);
  });

  it('passes SQLite foreign_key_check in every store', () => {
    for (const schema of ['main', 'ncic', 'nlets', 'dmv', 'cori']) {
      expect(db.prepare(`PRAGMA ${schema}.foreign_key_check`).all(), schema).toEqual([]);
    }
  });

  it('links protected persons with the name, sex and DOB of the linked person', () => {
    expect(value(`SELECT count(*) FROM ncic.protected_persons WHERE person_id IS NOT NULL`)).toBeGreaterThan(10);
    expect(
      value(`
      SELECT count(*) FROM ncic.protected_persons pp JOIN persons p ON p.id = pp.person_id
      WHERE pp.name != p.last_name || ', ' || p.first_name || coalesce(' ' || p.middle_name, '') OR pp.dob != p.dob OR pp.sex != p.sex`),
    ).toBe(0);
    expect(
      value(
        `SELECT count(*) FROM ncic.protected_persons pp JOIN ncic.protection_orders o ON o.nic = pp.nic WHERE pp.person_id = o.person_id`,
      ),
    ).toBe(0);
  });

  it('records every name and DOB as entered in NCIC and CORI in the identity index', () => {
    const known = (table: string, name: string, dob = 'dob'): number =>
      value(`
      SELECT count(*) FROM ${table} r WHERE NOT EXISTS (
        SELECT 1 FROM person_names n WHERE n.person_id = r.person_id AND n.dob = r.${dob}
          AND n.last_name || ', ' || n.first_name || coalesce(' ' || n.middle_name, '') = ${name})`);
    expect(known('ncic.wanted', 'r.name')).toBe(0);
    expect(known('ncic.missing', 'r.name')).toBe(0);
    expect(known('ncic.protection_orders', 'r.name')).toBe(0);
    expect(known('cori.subjects', `r.last_name || ', ' || r.first_name || coalesce(' ' || r.middle_name, '')`)).toBe(0);
    // Some records really were entered with a misspelling or a DOB typo.
    expect(
      value(
        `SELECT count(*) FROM ncic.wanted w JOIN persons p ON p.id = w.person_id WHERE w.dob != p.dob OR w.name NOT LIKE p.last_name || ', %'`,
      ),
    ).toBeGreaterThan(0);
  });

  it('keeps the identity index consistent with the sources', () => {
    expect(
      value(
        `SELECT count(*) FROM persons p JOIN cori.subjects s ON s.person_id = p.id WHERE p.cii != s.cii OR coalesce(p.fbi, '') != coalesce(s.fbi, '')`,
      ),
    ).toBe(0);
    expect(value(`SELECT count(*) FROM cori.subjects s WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.cii = s.cii)`)).toBe(0);
    expect(
      value(`SELECT count(*) FROM persons p JOIN dmv.licenses l ON l.person_id = p.id WHERE p.oln != l.dl_number OR p.ols != 'CA'`),
    ).toBe(0);
    expect(value(`SELECT count(*) FROM iii_records r JOIN persons p ON p.id = r.person_id WHERE p.fbi != r.fbi`)).toBe(0);
  });

  it("makes III cycles consistent with CORI arrests and other states' histories", () => {
    expect(
      value(`
      SELECT count(*) FROM cori.subjects s WHERE s.fbi IS NOT NULL AND
        (SELECT count(*) FROM cori.arrests a WHERE a.cii = s.cii) != (SELECT count(*) FROM iii_cycles c WHERE c.fbi = s.fbi AND c.state = 'CA')`),
    ).toBe(0);
    expect(
      value(`
      SELECT count(*) FROM nlets.state_history_entries e JOIN nlets.state_histories h ON h.state = e.state AND h.sid = e.sid
      JOIN persons p ON p.id = h.person_id
      WHERE NOT EXISTS (SELECT 1 FROM iii_cycles c WHERE c.fbi = p.fbi AND c.state = e.state AND c.arrest_date = e.arrest_date AND c.offense = e.offense)`),
    ).toBe(0);
    expect(
      value(`SELECT count(*) FROM iii_records r WHERE r.multi_state != ((SELECT count(*) FROM iii_states s WHERE s.fbi = r.fbi) > 1)`),
    ).toBe(0);
    expect(value(`SELECT count(*) FROM iii_states s JOIN cori.subjects c ON c.fbi = s.fbi WHERE s.state = 'CA' AND s.sid != c.cii`)).toBe(
      0,
    );
  });

  it('gives every vehicle a valid VIN (check digit) and unique plates', () => {
    const vins = [
      ...column(`SELECT vin FROM dmv.vehicles`),
      ...column(`SELECT vin FROM ncic.stolen_vehicles`),
      ...column(`SELECT vin FROM nlets.oos_registrations`),
    ] as string[];
    expect(vins.length).toBeGreaterThan(3000);
    expect(vins.filter((vin) => !isValidVin(vin))).toEqual([]);
    expect(value(`SELECT count(*) FROM (SELECT plate FROM dmv.vehicles GROUP BY plate HAVING count(*) > 1)`)).toBe(0);
    expect(value(`SELECT count(*) FROM dmv.vehicles WHERE plate NOT GLOB '[1-9][A-Z][A-Z][A-Z][0-9][0-9][0-9]'`)).toBe(0);
    expect(value(`SELECT count(*) FROM ncic.stolen_vehicles s JOIN dmv.vehicles v ON v.vin = s.vin WHERE s.plate != v.plate`)).toBe(0);
  });

  it('uses only fictitious 9XX SSNs and well-formed identifiers', () => {
    const ssns = column(`SELECT ssn FROM cori.subjects WHERE ssn IS NOT NULL`) as string[];
    expect(ssns.length).toBeGreaterThan(100);
    expect(ssns.filter((ssn) => !/^9\d\d-\d\d-\d{4}$/.test(ssn))).toEqual([]);
    expect(value(`SELECT count(*) FROM dmv.licenses WHERE dl_number NOT GLOB '[A-Z][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`)).toBe(0);
    expect((column(`SELECT cii FROM cori.subjects`) as string[]).filter((cii) => !/^[A-Z]?\d{8}$/.test(cii))).toEqual([]);
    const nics = [
      ...column(`SELECT nic FROM ncic.wanted`),
      ...column(`SELECT nic FROM ncic.protection_orders`),
      ...column(`SELECT nic FROM ncic.stolen_vehicles`),
    ] as string[];
    expect(nics.filter((nic) => !/^[WMHXVLGA]\d{9}$/.test(nic))).toEqual([]);
    expect((column(`SELECT fcn FROM ncic.protection_orders`) as string[]).filter((fcn) => !/^\d{13}$/.test(fcn))).toEqual([]);
    expect((column(`SELECT fbi FROM persons WHERE fbi IS NOT NULL`) as string[]).filter((fbi) => !/^[A-Z0-9]{1,20}$/.test(fbi))).toEqual(
      [],
    );
  });

  it('uses agencies from the directory for every ORI', () => {
    const oris = new Set(AGENCIES.map((a) => a.ori));
    const used = [
      ...column(`SELECT DISTINCT ori FROM cori.arrests`),
      ...column(`SELECT DISTINCT agency_ori FROM cori.supervision`),
      ...column(`SELECT DISTINCT ori FROM ncic.wanted`),
      ...column(`SELECT DISTINCT ori FROM ncic.protection_orders`),
      ...column(`SELECT DISTINCT ori FROM ncic.stolen_vehicles`),
      ...column(`SELECT DISTINCT ori FROM iii_cycles`),
      ...column(`SELECT DISTINCT agency FROM nlets.state_history_entries`),
    ] as string[];
    expect(used.filter((ori) => !oris.has(ori))).toEqual([]);
    expect(value(`SELECT count(*) FROM nlets.agencies`)).toBe(AGENCIES.length);
  });

  it('dates no event after the as-of date (only expiry and scheduled end dates may be later)', () => {
    const mayBeLater = new Set([
      'dmv.licenses.expiry_date',
      'dmv.vehicles.reg_expiry',
      'ncic.protection_orders.expiry_date',
      'cori.supervision.end_date',
      'nlets.oos_licenses.expiry_date',
      'nlets.oos_registrations.expiry_date',
    ]);
    const late: string[] = [];
    let checked = 0;
    for (const schema of ['main', 'ncic', 'nlets', 'dmv', 'cori']) {
      for (const table of tablesOf(db, schema)) {
        for (const { name } of columnsOf(db, schema, table)) {
          const key = `${schema === 'main' ? 'cjis' : schema}.${table}.${name}`;
          const max = db
            .prepare(`SELECT max(${name}) FROM ${schema}.${table} WHERE ${name} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'`)
            .raw()
            .get() as [string | null];
          if (max[0] === null) continue;
          checked++;
          if (!mayBeLater.has(key) && max[0] > AS_OF) late.push(`${key} = ${max[0]}`);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(35);
    expect(late).toEqual([]);
    expect(value(`SELECT count(*) FROM persons WHERE dob > '2010-11-01' AND id < 'P9'`)).toBe(0);
  });

  it('keeps licence and registration status consistent with their dates', () => {
    expect(value(`SELECT count(*) FROM dmv.licenses WHERE status = 'VALID' AND expiry_date < ?`, AS_OF)).toBe(0);
    expect(value(`SELECT count(*) FROM dmv.licenses WHERE status = 'EXPIRED' AND expiry_date >= ?`, AS_OF)).toBe(0);
    expect(value(`SELECT count(*) FROM dmv.licenses WHERE issue_date > expiry_date OR issue_date > ?`, AS_OF)).toBe(0);
    expect(value(`SELECT count(*) FROM dmv.vehicles WHERE reg_status = 'CURRENT' AND reg_expiry < ?`, AS_OF)).toBe(0);
    expect(value(`SELECT count(*) FROM cori.supervision WHERE status = 'ACTIVE' AND end_date < ?`, AS_OF)).toBe(0);
    expect(value(`SELECT count(*) FROM cori.charges WHERE (disposition = 'PENDING') != (disposition_date IS NULL)`)).toBe(0);
    expect(
      value(`SELECT count(*) FROM cori.sentences s JOIN cori.charges c ON c.id = s.charge_id WHERE c.disposition != 'CONVICTED'`),
    ).toBe(0);
  });
});

describe('agency directory', () => {
  it('has ~40 fictitious CA agencies of every kind and ~15 out-of-state ones, with 9-character ORIs', () => {
    const ca = AGENCIES.filter((a) => a.state === 'CA');
    expect(ca.length).toBeGreaterThanOrEqual(35);
    expect(AGENCIES.length - ca.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ca.map((a) => a.kind))).toEqual(new Set(['POLICE', 'SHERIFF', 'COURT', 'PROBATION', 'DOJ', 'DMV', 'NONCRIMINAL']));
    expect(AGENCIES.filter((a) => !/^[A-Z]{2}\d{3}[A-Z0-9]{4}$/.test(a.ori))).toEqual([]);
    expect(ca.filter((a) => a.kind === 'COURT' && !a.ori.endsWith('J'))).toEqual([]);
    expect(new Set(AGENCIES.map((a) => a.ori)).size).toBe(AGENCIES.length);
    expect(AGENCIES.find((a) => a.ori === 'CA0190000')?.name).toBe("Sierra Vista County Sheriff's Office");
  });
});
