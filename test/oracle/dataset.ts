import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * What the oracle knows about the generated records, read straight from the stores (read-only), never
 * through the gateway: whose record a CII, a NIC or a VIN is, which CORI entries are sealed, which
 * addresses are Safe at Home or VC 1808.4 confidential. Also the real ids operations are built from.
 */

export interface ChargeFacts {
  id: string;
  arrestId: string;
  sealed: boolean;
  disposition: string;
  level: string;
  statute: string;
  courtCaseNumber: string | null;
  dispositionDate: string | null;
}

export interface ArrestFacts {
  id: string;
  cii: string;
  arrestDate: string;
  charges: ChargeFacts[];
  /** Every charge sealed (an arrest without charges is not). */
  sealed: boolean;
}

/** Counts of a criminal history over its unsealed entries only. */
export interface UnsealedSummary {
  arrestCount: number;
  convictionCount: number;
  felonyConvictionCount: number;
  openCharges: number;
  lastArrestDate: string | null;
}

export interface AddressFlags {
  safeAtHome: boolean;
  confidential: boolean;
}

/** A person an operation is about, with the ids that lead to them through other entry points. */
export interface Focus {
  personId: string;
  cii?: string;
  plate?: string;
  dlNumber?: string;
  name: { last: string; first: string; dob: string };
  /** Persons whose records carry data-dependent protections (Safe at Home, VC 1808.4, sealed entries) weigh more. */
  weight: number;
}

/** Real values to build operations from. */
export interface Pools {
  personIds: string[];
  /** The same persons, as foci. */
  foci: Focus[];
  ciis: string[];
  fbis: string[];
  dlNumbers: string[];
  plates: string[];
  vins: string[];
  wantedNics: string[];
  orderNics: string[];
  missingNics: string[];
  fcns: string[];
  outOfStateLicenses: { state: string; oln: string }[];
  outOfStateRegistrations: { state: string; plate: string; vin: string }[];
  gunSerials: string[];
  articleSerials: string[];
  stolenPlates: { plate: string; state: string }[];
  oris: string[];
  names: { last: string; first: string; dob: string }[];
  /** Case numbers stated by the callers, each with who it gives need to know to and who it does not. */
  cases: StatedCase[];
}

/**
 * A case of the agency records (rms.sqlite) as a caller may state it. The oracle's own rule of need to know
 * (11 CCR 703(b); contracts C1/C2): the case is OPEN, of the caller's agency, and the caller is assigned.
 */
export interface StatedCase {
  ori: string;
  caseNumber: string;
  status: string;
  /** user ids assigned to it (LEAD, ASSIST or SUPERVISOR). */
  assigned: string[];
}

export class OracleDataset {
  readonly personOfCii = new Map<string, string>();
  readonly ciiOfPerson = new Map<string, string>();
  readonly personOfFbi = new Map<string, string>();
  readonly personOfOln = new Map<string, string>();
  readonly arrests = new Map<string, ArrestFacts>();
  readonly arrestsOfCii = new Map<string, ArrestFacts[]>();
  readonly charges = new Map<string, ChargeFacts>();
  readonly ownerOfVin = new Map<string, string>();
  readonly vinOfPlate = new Map<string, string>();
  readonly personOfDl = new Map<string, string>();
  readonly personOfNic = new Map<string, string>();
  readonly nicOfFcn = new Map<string, string>();
  readonly personOfOutOfStateLicense = new Map<string, string>();
  readonly ownerOfOutOfStateRegistration = new Map<string, string>();
  readonly personOfStateHistory = new Map<string, string>();
  readonly safeAtHomePersons = new Set<string>();
  private readonly addresses = new Map<string, AddressFlags>();
  readonly pools: Pools;

  constructor(dataDir: string) {
    const open = (name: string) => new Database(path.join(dataDir, `${name}.sqlite`), { readonly: true, fileMustExist: true });
    const cjis = open('cjis');
    const cori = open('cori');
    const dmv = open('dmv');
    const ncic = open('ncic');
    const nlets = open('nlets');
    const rms = open('rms');
    try {
      this.loadIdentity(cjis);
      this.loadCori(cori);
      this.loadDmv(dmv);
      this.loadNcic(ncic);
      this.loadNlets(nlets);
      const cases = this.loadRms(rms);
      this.pools = { ...this.buildPools(cjis, dmv, ncic, nlets), cases };
    } finally {
      for (const db of [cjis, cori, dmv, ncic, nlets, rms]) db.close();
    }
  }

  /** The showcase cases and a few generated ones of each status, with their assignments. */
  private loadRms(rms: Database.Database): StatedCase[] {
    const picked = rows<{ ori: string; case_number: string; status: string }>(
      rms,
      `SELECT ori, case_number, status FROM cases WHERE case_number IN ('24-000187', 'FL-24-0099', '23-000911', '24-000455', '24-000300', '24-005001')
       UNION SELECT * FROM (SELECT ori, case_number, status FROM cases WHERE status = 'OPEN' ORDER BY ori, case_number LIMIT 4)
       UNION SELECT * FROM (SELECT ori, case_number, status FROM cases WHERE status <> 'OPEN' ORDER BY ori, case_number LIMIT 2)`,
    );
    const assignees = rms.prepare('SELECT user_id AS v FROM case_assignments WHERE ori = ? AND case_number = ? ORDER BY user_id');
    return picked.map((row) => ({
      ori: row.ori,
      caseNumber: row.case_number,
      status: row.status,
      assigned: (assignees.all(row.ori, row.case_number) as { v: string }[]).map((r) => r.v),
    }));
  }

  addressFlags(person: string, kind: 'RESIDENCE' | 'MAILING'): AddressFlags | undefined {
    return this.addresses.get(`${person}|${kind}`);
  }

  hasSealedCharges(cii: string): boolean {
    return (this.arrestsOfCii.get(cii) ?? []).some((arrest) => arrest.charges.some((charge) => charge.sealed));
  }

  /** What a summary of this history may say to someone who may not see sealed entries. */
  unsealedSummary(cii: string): UnsealedSummary {
    const summary: UnsealedSummary = { arrestCount: 0, convictionCount: 0, felonyConvictionCount: 0, openCharges: 0, lastArrestDate: null };
    for (const arrest of this.arrestsOfCii.get(cii) ?? []) {
      if (arrest.sealed) continue;
      summary.arrestCount++;
      if (summary.lastArrestDate === null || arrest.arrestDate > summary.lastArrestDate) summary.lastArrestDate = arrest.arrestDate;
      for (const charge of arrest.charges) {
        if (charge.sealed) continue;
        if (charge.disposition === 'CONVICTED') {
          summary.convictionCount++;
          if (charge.level === 'F') summary.felonyConvictionCount++;
        }
        if (charge.disposition === 'PENDING') summary.openCharges++;
      }
    }
    return summary;
  }

  /** Convicted charges of a history, with the arrest date a conviction entry shows. */
  convictionsOf(cii: string): { charge: ChargeFacts; arrestDate: string }[] {
    return (this.arrestsOfCii.get(cii) ?? []).flatMap((arrest) =>
      arrest.charges.filter((charge) => charge.disposition === 'CONVICTED').map((charge) => ({ charge, arrestDate: arrest.arrestDate })),
    );
  }

  private loadIdentity(cjis: Database.Database): void {
    for (const row of rows<{ id: string; fbi: string | null; cii: string | null; oln: string | null; ols: string | null }>(
      cjis,
      'SELECT id, fbi, cii, oln, ols FROM persons',
    )) {
      if (row.fbi) this.personOfFbi.set(row.fbi, row.id);
      if (row.cii) this.personOfCii.set(row.cii, row.id);
      if (row.oln && row.ols) this.personOfOln.set(`${row.ols}|${row.oln}`, row.id);
    }
    for (const row of rows<{ fbi: string; person_id: string }>(cjis, 'SELECT fbi, person_id FROM iii_records'))
      this.personOfFbi.set(row.fbi, row.person_id);
  }

  private loadCori(cori: Database.Database): void {
    for (const row of rows<{ cii: string; person_id: string }>(cori, 'SELECT cii, person_id FROM subjects')) {
      this.personOfCii.set(row.cii, row.person_id);
      this.ciiOfPerson.set(row.person_id, row.cii);
    }
    for (const row of rows<{ id: string; cii: string; arrest_date: string }>(cori, 'SELECT id, cii, arrest_date FROM arrests')) {
      const arrest: ArrestFacts = { id: row.id, cii: row.cii, arrestDate: row.arrest_date, charges: [], sealed: false };
      this.arrests.set(row.id, arrest);
      push(this.arrestsOfCii, row.cii, arrest);
    }
    type ChargeRow = {
      id: string;
      arrest_id: string;
      sealed: number;
      disposition: string;
      level: string;
      statute: string;
      court_case_number: string | null;
      disposition_date: string | null;
    };
    for (const row of rows<ChargeRow>(
      cori,
      'SELECT id, arrest_id, sealed, disposition, level, statute, court_case_number, disposition_date FROM charges',
    )) {
      const charge: ChargeFacts = {
        id: row.id,
        arrestId: row.arrest_id,
        sealed: row.sealed === 1,
        disposition: row.disposition,
        level: row.level,
        statute: row.statute,
        courtCaseNumber: row.court_case_number,
        dispositionDate: row.disposition_date,
      };
      this.charges.set(row.id, charge);
      this.arrests.get(row.arrest_id)?.charges.push(charge);
    }
    for (const arrest of this.arrests.values())
      arrest.sealed = arrest.charges.length > 0 && arrest.charges.every((charge) => charge.sealed);
  }

  private loadDmv(dmv: Database.Database): void {
    for (const row of rows<{ person_id: string; kind: 'RESIDENCE' | 'MAILING'; confidential: string | null; safe_at_home: number }>(
      dmv,
      'SELECT person_id, kind, confidential, safe_at_home FROM addresses',
    )) {
      this.addresses.set(`${row.person_id}|${row.kind}`, {
        safeAtHome: row.safe_at_home === 1,
        confidential: row.confidential !== null && row.confidential !== '',
      });
      if (row.safe_at_home === 1) this.safeAtHomePersons.add(row.person_id);
    }
    for (const row of rows<{ vin: string; plate: string; plate_state: string; owner_person_id: string }>(
      dmv,
      'SELECT vin, plate, plate_state, owner_person_id FROM vehicles',
    )) {
      this.ownerOfVin.set(row.vin, row.owner_person_id);
      this.vinOfPlate.set(`${row.plate_state}|${row.plate}`, row.vin);
    }
    for (const row of rows<{ dl_number: string; person_id: string }>(dmv, 'SELECT dl_number, person_id FROM licenses'))
      this.personOfDl.set(row.dl_number, row.person_id);
  }

  private loadNcic(ncic: Database.Database): void {
    for (const table of ['wanted', 'missing', 'protection_orders', 'sex_offenders']) {
      for (const row of rows<{ nic: string; person_id: string }>(ncic, `SELECT nic, person_id FROM ${table}`))
        this.personOfNic.set(row.nic, row.person_id);
    }
    for (const row of rows<{ nic: string; fcn: string }>(ncic, 'SELECT nic, fcn FROM protection_orders'))
      this.nicOfFcn.set(row.fcn, row.nic);
  }

  private loadNlets(nlets: Database.Database): void {
    for (const row of rows<{ state: string; oln: string; person_id: string }>(nlets, 'SELECT state, oln, person_id FROM oos_licenses')) {
      this.personOfOutOfStateLicense.set(`${row.state}|${row.oln}`, row.person_id);
    }
    for (const row of rows<{ state: string; plate: string; owner_person_id: string }>(
      nlets,
      'SELECT state, plate, owner_person_id FROM oos_registrations',
    )) {
      this.ownerOfOutOfStateRegistration.set(`${row.state}|${row.plate}`, row.owner_person_id);
    }
    for (const row of rows<{ state: string; sid: string; person_id: string }>(nlets, 'SELECT state, sid, person_id FROM state_histories')) {
      this.personOfStateHistory.set(`${row.state}|${row.sid}`, row.person_id);
    }
  }

  private foci(cjis: Database.Database, dmv: Database.Database, personIds: readonly string[]): Focus[] {
    const person = cjis.prepare('SELECT last_name AS last, first_name AS first, dob FROM persons WHERE id = ?');
    const plate = dmv.prepare('SELECT plate FROM vehicles WHERE owner_person_id = ? ORDER BY vin LIMIT 1');
    const licence = dmv.prepare('SELECT dl_number FROM licenses WHERE person_id = ? LIMIT 1');
    const confidential = new Set(column(dmv, 'SELECT DISTINCT person_id AS v FROM addresses WHERE confidential IS NOT NULL'));
    return personIds.map((personId) => ({
      personId,
      weight:
        this.safeAtHomePersons.has(personId) || confidential.has(personId) || this.hasSealedCharges(this.ciiOfPerson.get(personId) ?? '')
          ? 3
          : 1,
      cii: this.ciiOfPerson.get(personId),
      plate: (plate.get(personId) as { plate: string } | undefined)?.plate,
      dlNumber: (licence.get(personId) as { dl_number: string } | undefined)?.dl_number,
      name: person.get(personId) as { last: string; first: string; dob: string },
    }));
  }

  /** A few of each interesting kind of record: the planted showcase, then some of the generated population. */
  private buildPools(
    cjis: Database.Database,
    dmv: Database.Database,
    ncic: Database.Database,
    nlets: Database.Database,
  ): Omit<Pools, 'cases'> {
    const sealedCiis = [...new Set([...this.arrests.values()].filter((a) => a.charges.some((c) => c.sealed)).map((a) => a.cii))]
      .sort()
      .slice(0, 8);
    const withRecord = (ids: readonly string[]) => ids.filter((id) => this.ciiOfPerson.has(id));
    const interesting = [
      ...column(cjis, "SELECT id AS v FROM persons WHERE id LIKE 'P9%' ORDER BY id"),
      ...sealedCiis.map((cii) => this.personOfCii.get(cii)!),
      ...[...this.safeAtHomePersons].sort().slice(0, 4),
      ...column(dmv, 'SELECT DISTINCT person_id AS v FROM addresses WHERE confidential IS NOT NULL ORDER BY person_id LIMIT 4'),
      ...column(ncic, 'SELECT DISTINCT person_id AS v FROM wanted ORDER BY person_id LIMIT 4'),
      ...column(ncic, 'SELECT DISTINCT person_id AS v FROM protection_orders ORDER BY person_id LIMIT 4'),
      ...column(ncic, 'SELECT DISTINCT person_id AS v FROM protected_persons WHERE person_id IS NOT NULL ORDER BY person_id LIMIT 4'),
      ...column(ncic, 'SELECT DISTINCT person_id AS v FROM sex_offenders ORDER BY person_id LIMIT 2'),
      ...column(nlets, 'SELECT DISTINCT person_id AS v FROM oos_licenses ORDER BY person_id LIMIT 3'),
      ...column(nlets, 'SELECT DISTINCT person_id AS v FROM state_histories ORDER BY person_id LIMIT 3'),
      ...withRecord(column(cjis, 'SELECT id AS v FROM persons WHERE cii IS NOT NULL ORDER BY id LIMIT 6')),
      ...column(cjis, "SELECT id AS v FROM persons WHERE id NOT LIKE 'P9%' ORDER BY id LIMIT 4"),
    ];
    return {
      personIds: [...new Set(interesting)],
      foci: this.foci(cjis, dmv, [...new Set(interesting)]),
      ciis: [...new Set([...sealedCiis, ...column(cjis, 'SELECT cii AS v FROM persons WHERE cii IS NOT NULL ORDER BY id LIMIT 8')])],
      fbis: column(cjis, 'SELECT fbi AS v FROM persons WHERE fbi IS NOT NULL ORDER BY id LIMIT 6'),
      dlNumbers: column(dmv, "SELECT dl_number AS v FROM licenses ORDER BY (person_id NOT LIKE 'P9%'), person_id LIMIT 8"),
      plates: column(dmv, "SELECT plate AS v FROM vehicles ORDER BY (owner_person_id NOT LIKE 'P9%'), vin LIMIT 10"),
      vins: column(dmv, "SELECT vin AS v FROM vehicles ORDER BY (owner_person_id NOT LIKE 'P9%'), vin LIMIT 6"),
      wantedNics: column(ncic, 'SELECT nic AS v FROM wanted ORDER BY nic LIMIT 5'),
      orderNics: column(ncic, 'SELECT nic AS v FROM protection_orders ORDER BY nic LIMIT 5'),
      missingNics: column(ncic, 'SELECT nic AS v FROM missing ORDER BY nic'),
      fcns: column(ncic, 'SELECT fcn AS v FROM protection_orders ORDER BY nic LIMIT 4'),
      outOfStateLicenses: rows<{ state: string; oln: string }>(nlets, 'SELECT state, oln FROM oos_licenses ORDER BY person_id LIMIT 5'),
      outOfStateRegistrations: rows<{ state: string; plate: string; vin: string }>(
        nlets,
        'SELECT state, plate, vin FROM oos_registrations ORDER BY owner_person_id LIMIT 4',
      ),
      gunSerials: column(ncic, 'SELECT serial AS v FROM stolen_guns ORDER BY nic LIMIT 3'),
      articleSerials: column(ncic, 'SELECT serial AS v FROM stolen_articles ORDER BY nic LIMIT 3'),
      stolenPlates: rows<{ plate: string; state: string }>(
        ncic,
        'SELECT plate, plate_state AS state FROM stolen_plates ORDER BY nic LIMIT 3',
      ),
      oris: column(nlets, 'SELECT ori AS v FROM agencies ORDER BY ori LIMIT 6'),
      names: rows<{ last: string; first: string; dob: string }>(
        cjis,
        "SELECT last_name AS last, first_name AS first, dob FROM persons WHERE id LIKE 'P9%' OR cii IS NOT NULL ORDER BY id LIMIT 12",
      ),
    };
  }
}

function rows<T>(db: Database.Database, sql: string): T[] {
  return db.prepare(sql).all() as T[];
}

function column(db: Database.Database, sql: string): string[] {
  return rows<{ v: string }>(db, sql).map((row) => row.v);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
