import path from 'node:path';
import Database from 'better-sqlite3';
import { phoneticKey } from '../subgraphs/common/phonetic.ts';
import { buildVin } from './ids.ts';
import { SHOWCASE } from './showcase.ts';
import type { Row } from './tables.ts';
import type { StoreWriter } from './writer.ts';

/**
 * Who the agency users are in the population: `personnel.sqlite`, read by the audit trail's misuse
 * detectors (audit/facts.ts). It is not a source behind the gateway — it is the ground truth an
 * auditor would reconstruct by hand (an officer's relatives, exes, household and neighbours; the parties of
 * each protection order; who is a public figure). Generated with the population (personnel-population.ts
 * places a few hundred users at the generated agencies and links their families), plus the fixed facts
 * below, the same in every dataset.
 */

export const PERSONNEL_FILE = 'personnel.sqlite';

/**
 * `relationships` rows are directed and always written in both directions: (A, B, R) means "B is A's R"
 * (B is A's PARENT, so A is B's CHILD). HOUSEHOLD: same residence address; NEIGHBOUR: same street.
 */
export const RELATIONS = [
  'PARENT',
  'CHILD',
  'SIBLING',
  'SPOUSE',
  'EX_SPOUSE',
  'EX_PARTNER',
  'HOUSEHOLD',
  'NEIGHBOUR',
  'PROTECTIVE_ORDER_PARTY',
] as const;
export type RelationKind = (typeof RELATIONS)[number];

export const HIGH_PROFILE_REASONS = ['ELECTED_OFFICIAL', 'JUDGE', 'CELEBRITY', 'ATHLETE'] as const;
export type HighProfileReason = (typeof HIGH_PROFILE_REASONS)[number];

export function inverseRelation(relation: RelationKind): RelationKind {
  return relation === 'PARENT' ? 'CHILD' : relation === 'CHILD' ? 'PARENT' : relation;
}

export const PERSONNEL_DDL = `
CREATE TABLE agency_users (
  user_id          TEXT PRIMARY KEY,  -- token sub, e.g. u0042 (planted: u-misuse-1, u-honest-1)
  person_id        TEXT NOT NULL,     -- the user as a person of the population (cjis.persons.id)
  ori              TEXT NOT NULL,     -- employing agency (nlets.agencies.ori)
  name             TEXT NOT NULL,     -- 'LAST, FIRST MIDDLE'
  roles            TEXT NOT NULL,     -- gateway roles joined by ',', e.g. 'DISPATCHER,AGENCY_COORDINATOR'
  shift_start_hour INTEGER NOT NULL,  -- scheduled shift as UTC hours [start, end), may wrap midnight
  shift_end_hour   INTEGER NOT NULL   --   (Pacific standard time + 8; daylight saving is not simulated)
);
CREATE INDEX agency_users_person ON agency_users(person_id);

CREATE TABLE relationships (
  person_id         TEXT NOT NULL,
  related_person_id TEXT NOT NULL,
  relation          TEXT NOT NULL,    -- related_person_id is person_id's: PARENT CHILD SIBLING SPOUSE EX_SPOUSE
                                      -- EX_PARTNER HOUSEHOLD NEIGHBOUR PROTECTIVE_ORDER_PARTY
  PRIMARY KEY (person_id, related_person_id, relation)
) WITHOUT ROWID;

CREATE TABLE high_profile (
  person_id TEXT PRIMARY KEY,
  reason    TEXT NOT NULL             -- ELECTED_OFFICIAL JUDGE CELEBRITY ATHLETE
);
`;

export interface AgencyUser {
  userId: string;
  personId: string;
  ori: string;
  name: string;
  roles: readonly string[];
  /** UTC hours [start, end); wraps midnight when start > end. */
  shift: { startHour: number; endHour: number };
}

/**
 * Writes personnel.sqlite beside the source stores while the population is generated (one transaction,
 * journal off, like StoreWriter); `finish` adds the protection-order parties from the finished ncic store.
 */
export class PersonnelWriter {
  private readonly db: Database.Database;
  private readonly insertUser: Database.Statement;
  private readonly insertRelation: Database.Statement;
  private readonly insertHighProfile: Database.Statement;
  private readonly counts = { 'personnel.agency_users': 0, 'personnel.relationships': 0, 'personnel.high_profile': 0 };

  constructor(dir: string) {
    this.db = new Database(path.join(dir, PERSONNEL_FILE));
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(PERSONNEL_DDL);
    this.insertUser = this.db.prepare('INSERT INTO agency_users VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertRelation = this.db.prepare('INSERT OR IGNORE INTO relationships VALUES (?, ?, ?)');
    this.insertHighProfile = this.db.prepare('INSERT OR IGNORE INTO high_profile VALUES (?, ?)');
    this.db.exec('BEGIN');
  }

  user(u: AgencyUser): void {
    this.insertUser.run(u.userId, u.personId, u.ori, u.name, u.roles.join(','), u.shift.startHour, u.shift.endHour);
    this.counts['personnel.agency_users']++;
  }

  /** `b` is `a`'s `relation` (and `a` is `b`'s inverse relation). */
  relate(a: string, b: string, relation: RelationKind): void {
    if (a === b) return;
    this.counts['personnel.relationships'] += this.insertRelation.run(a, b, relation).changes;
    this.counts['personnel.relationships'] += this.insertRelation.run(b, a, inverseRelation(relation)).changes;
  }

  highProfile(personId: string, reason: HighProfileReason): void {
    this.counts['personnel.high_profile'] += this.insertHighProfile.run(personId, reason).changes;
  }

  /**
   * Links the restrained and the protected person of every order in the finished ncic store (when the
   * protected person is someone in the population), then commits and switches to WAL. Returns row counts.
   */
  finish(ncicFile: string): Record<string, number> {
    const ncic = new Database(ncicFile, { fileMustExist: true });
    try {
      const parties = ncic
        .prepare(
          `
        SELECT DISTINCT o.person_id AS restrained, p.person_id AS protected
        FROM protection_orders o JOIN protected_persons p ON p.nic = o.nic
        WHERE p.person_id IS NOT NULL ORDER BY 1, 2`,
        )
        .all() as { restrained: string; protected: string }[];
      for (const { restrained, protected: other } of parties) this.relate(restrained, other, 'PROTECTIVE_ORDER_PARTY');
    } finally {
      ncic.close();
    }
    this.db.exec('COMMIT');
    this.db.exec('ANALYZE');
    this.db.pragma('journal_mode = WAL');
    this.db.close();
    return { ...this.counts };
  }

  abort(): void {
    if (this.db.open) this.db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Fixed facts, planted in every dataset whatever the seed (ids P9000101.., beside the showcase's P90000xx).

export interface PlantedPerson {
  personId: string;
  /** `LAST, FIRST MIDDLE` */
  name: string;
  dob: string;
  sex: 'M' | 'F';
  race: string;
  /**
   * CA DL number. Its letter never matches the digits the way the generator issues them (context.ts draws
   * the letter from the number), so no generated licence can collide with it.
   */
  dlNumber: string;
  residence: { street: string; city: string; zip: string; since: string };
  /**
   * One vehicle. Plates carry a Q, which the generator's sequential plates never use (as California
   * skips I, O and Q), so they are unique whatever the size of the population.
   */
  vehicle?: { plate: string; vin: string; year: number; make: string; model: string; body: string; colour: string };
}

export const PERSONNEL_PEOPLE = {
  /** The officer who misuses the system: divorced, a brother in the next town, a neighbour two doors down. */
  misuseOfficer: {
    personId: 'P9000101',
    name: 'HARLAN, DEREK WADE',
    dob: '1984-05-17',
    sex: 'M',
    race: 'W',
    dlNumber: 'H9101017',
    residence: { street: '2214 QUAILRIDGE WAY', city: 'CLOVIS', zip: '93612', since: '2022-07-01' },
    vehicle: {
      plate: '8QDH101',
      vin: buildVin('1FT', 'EW1EP', 2020, 'K900101'),
      year: 2020,
      make: 'FORD',
      model: 'F150',
      body: 'PK',
      colour: 'GRY',
    },
  },
  /** His ex-wife, back to her own name (her married name is an AKA). */
  exSpouse: {
    personId: 'P9000102',
    name: 'CALDWELL, TANYA MARIE',
    dob: '1986-01-09',
    sex: 'F',
    race: 'W',
    dlNumber: 'C9102029',
    residence: { street: '5873 SYCAMORE BEND DR', city: 'FRESNO', zip: '93722', since: '2023-02-15' },
    vehicle: {
      plate: '7QTC102',
      vin: buildVin('5YJ', '3E1EA', 2022, 'K900102'),
      year: 2022,
      make: 'TESL',
      model: 'MODEL 3',
      body: '4D',
      colour: 'WHI',
    },
  },
  /** His brother. */
  sibling: {
    personId: 'P9000103',
    name: 'HARLAN, CRAIG ALLEN',
    dob: '1981-08-30',
    sex: 'M',
    race: 'W',
    dlNumber: 'H9103031',
    residence: { street: '640 FALCON CREEK CT', city: 'SANGER', zip: '93657', since: '2016-05-01' },
    vehicle: {
      plate: '6QCA103',
      vin: buildVin('1GC', 'UYDED', 2018, 'K900103'),
      year: 2018,
      make: 'CHEV',
      model: 'SILVERADO',
      body: 'PK',
      colour: 'RED',
    },
  },
  /** Lives on his street. */
  neighbour: {
    personId: 'P9000104',
    name: 'OKAFOR, GRACE ADAEZE',
    dob: '1990-12-02',
    sex: 'F',
    race: 'B',
    dlNumber: 'O9104043',
    residence: { street: '2218 QUAILRIDGE WAY', city: 'CLOVIS', zip: '93612', since: '2024-09-01' },
    vehicle: {
      plate: '8QNB104',
      vin: buildVin('JTD', 'KARFU', 2019, 'K900104'),
      year: 2019,
      make: 'TOYT',
      model: 'PRIUS',
      body: 'HB',
      colour: 'BLU',
    },
  },
  /** Same role, same agency, no ties to anyone the tests look up. */
  honestOfficer: {
    personId: 'P9000105',
    name: 'MENDOZA, ROSA ISABEL',
    dob: '1987-03-21',
    sex: 'F',
    race: 'W',
    dlNumber: 'M9105057',
    residence: { street: '9015 VINEYARD GLEN DR', city: 'FRESNO', zip: '93720', since: '2018-11-01' },
  },
  /** A public figure (high_profile CELEBRITY). */
  celebrity: {
    personId: 'P9000106',
    name: 'STERLING, JADE MONROE',
    dob: '1993-07-08',
    sex: 'F',
    race: 'W',
    dlNumber: 'S9106061',
    residence: { street: '1 CRYSTAL SUMMIT CT', city: 'LOS ANGELES', zip: '90049', since: '2021-03-01' },
    vehicle: {
      plate: '9QJS106',
      vin: buildVin('WBA', '53BJ0', 2024, 'K900106'),
      year: 2024,
      make: 'BMW',
      model: 'X5',
      body: 'UT',
      colour: 'BLK',
    },
  },
  /** The showcase investigator u-inv-1 (lead on case 24-000187 in rms.sqlite). */
  investigator: {
    personId: 'P9000107',
    name: 'ASHFORD, NATHAN COLE',
    dob: '1979-10-14',
    sex: 'M',
    race: 'W',
    dlNumber: 'A9107071',
    residence: { street: '318 LARKSPUR LN', city: 'FRESNO', zip: '93711', since: '2015-04-01' },
  },
  /** The showcase court clerk u-court-1 (protective-order case FL-24-0099). */
  courtClerk: {
    personId: 'P9000108',
    name: 'LINDQVIST, HANNA MAE',
    dob: '1991-06-03',
    sex: 'F',
    race: 'W',
    dlNumber: 'L9108083',
    residence: { street: '4470 N PALM AVE APT 12', city: 'FRESNO', zip: '93704', since: '2020-08-01' },
  },
  /** The showcase patrol officer u-patrol-1. */
  patrolOfficer: {
    personId: 'P9000109',
    name: 'WASHBURN, TERRELL JAMES',
    dob: '1993-02-25',
    sex: 'M',
    race: 'B',
    dlNumber: 'W9109097',
    residence: { street: '1127 HARVEST MOON DR', city: 'CLOVIS', zip: '93611', since: '2021-01-15' },
  },
  /** The showcase dispatcher u-disp-1. */
  dispatcher: {
    personId: 'P9000110',
    name: 'BALDERRAMA, LUZ ELENA',
    dob: '1985-12-19',
    sex: 'F',
    race: 'H',
    dlNumber: 'B9110101',
    residence: { street: '2906 ORCHARD PARK WAY', city: 'FRESNO', zip: '93720', since: '2017-03-01' },
  },
} as const satisfies Record<string, PlantedPerson>;

/** Patrol day shift at Cedar Valley PD: 06:00–16:00 Pacific = 14:00–00:00 UTC. */
const DAY_SHIFT = { startHour: 14, endHour: 0 };

export const PERSONNEL_USERS = {
  misuse: {
    userId: 'u-misuse-1',
    personId: PERSONNEL_PEOPLE.misuseOfficer.personId,
    ori: 'CA0190100',
    name: PERSONNEL_PEOPLE.misuseOfficer.name,
    roles: ['PATROL_OFFICER'],
    shift: DAY_SHIFT,
  },
  honest: {
    userId: 'u-honest-1',
    personId: PERSONNEL_PEOPLE.honestOfficer.personId,
    ori: 'CA0190100',
    name: PERSONNEL_PEOPLE.honestOfficer.name,
    roles: ['PATROL_OFFICER'],
    shift: DAY_SHIFT,
  },
  /** The users the README and tests act as; rms.sqlite plants their cases and incidents (contract C1). */
  investigator: {
    userId: 'u-inv-1',
    personId: PERSONNEL_PEOPLE.investigator.personId,
    ori: 'CA0190100',
    name: PERSONNEL_PEOPLE.investigator.name,
    roles: ['INVESTIGATOR'],
    shift: { startHour: 15, endHour: 2 },
  },
  courtClerk: {
    userId: 'u-court-1',
    personId: PERSONNEL_PEOPLE.courtClerk.personId,
    ori: 'CA019015J',
    name: PERSONNEL_PEOPLE.courtClerk.name,
    roles: ['COURT_CLERK'],
    shift: { startHour: 16, endHour: 1 },
  },
  patrol: {
    userId: 'u-patrol-1',
    personId: PERSONNEL_PEOPLE.patrolOfficer.personId,
    ori: 'CA0190100',
    name: PERSONNEL_PEOPLE.patrolOfficer.name,
    roles: ['PATROL_OFFICER'],
    shift: DAY_SHIFT,
  },
  dispatcher: {
    userId: 'u-disp-1',
    personId: PERSONNEL_PEOPLE.dispatcher.personId,
    ori: 'CA0190100',
    name: PERSONNEL_PEOPLE.dispatcher.name,
    roles: ['DISPATCHER'],
    shift: DAY_SHIFT,
  },
} as const satisfies Record<string, AgencyUser>;

/** (person, related person, relation): the related person is the person's relation. */
export const PERSONNEL_RELATIONS: readonly (readonly [string, string, RelationKind])[] = [
  [PERSONNEL_PEOPLE.misuseOfficer.personId, PERSONNEL_PEOPLE.exSpouse.personId, 'EX_SPOUSE'],
  [PERSONNEL_PEOPLE.misuseOfficer.personId, PERSONNEL_PEOPLE.sibling.personId, 'SIBLING'],
  [PERSONNEL_PEOPLE.misuseOfficer.personId, PERSONNEL_PEOPLE.neighbour.personId, 'NEIGHBOUR'],
];

export const PERSONNEL_HIGH_PROFILE: readonly (readonly [string, HighProfileReason])[] = [
  [PERSONNEL_PEOPLE.celebrity.personId, 'CELEBRITY'],
  [SHOWCASE.judge.personId, 'JUDGE'],
];

/** Writes the fixed people into the source stores and the fixed users and relations into personnel. */
export function plantPersonnel(out: StoreWriter, personnel: PersonnelWriter): void {
  for (const p of Object.values(PERSONNEL_PEOPLE) as PlantedPerson[]) plantPerson(out, p);
  out.add(
    'cjis.person_names',
    nameRow(PERSONNEL_PEOPLE.exSpouse.personId, 'AKA', 'HARLAN', 'TANYA', 'MARIE', PERSONNEL_PEOPLE.exSpouse.dob),
  );
  for (const user of Object.values(PERSONNEL_USERS)) personnel.user(user);
  for (const [a, b, relation] of PERSONNEL_RELATIONS) personnel.relate(a, b, relation);
  for (const [personId, reason] of PERSONNEL_HIGH_PROFILE) personnel.highProfile(personId, reason);
}

function plantPerson(out: StoreWriter, p: PlantedPerson): void {
  const [last, rest] = p.name.split(', ');
  const [first, ...middles] = rest.split(' ');
  const middle = middles.length > 0 ? middles.join(' ') : null;
  const body = p.sex === 'M' ? { height: 71, weight: 190 } : { height: 65, weight: 135 };
  const looks = { eye: 'BRO', hair: 'BRO' };
  out.add('cjis.persons', {
    id: p.personId,
    last_name: last,
    first_name: first,
    middle_name: middle,
    sex: p.sex,
    race: p.race,
    dob: p.dob,
    ...body,
    ...looks,
    skin: p.race === 'B' ? 'MBR' : 'FAR',
    fbi: null,
    cii: null,
    oln: p.dlNumber,
    ols: 'CA',
  });
  out.add('cjis.person_names', nameRow(p.personId, 'PRIMARY', last, first, middle, p.dob));
  const issue = `2024-${p.dob.slice(5)}`;
  out.add('dmv.licenses', {
    dl_number: p.dlNumber,
    person_id: p.personId,
    last_name: last,
    first_name: first,
    middle_name: middle,
    dob: p.dob,
    sex: p.sex,
    ...body,
    ...looks,
    class: 'C',
    commercial: 0,
    status: 'VALID',
    restrictions: null,
    issue_date: issue,
    expiry_date: `2029-${p.dob.slice(5)}`,
  });
  const r = p.residence;
  out.add('dmv.addresses', {
    person_id: p.personId,
    kind: 'RESIDENCE',
    street: r.street,
    city: r.city,
    state: 'CA',
    zip: r.zip,
    since: r.since,
    confidential: null,
    safe_at_home: 0,
  });
  const v = p.vehicle;
  if (v) {
    out.add('dmv.vehicles', {
      vin: v.vin,
      plate: v.plate,
      plate_state: 'CA',
      plate_type: 'PC',
      year: v.year,
      make: v.make,
      model: v.model,
      body_style: v.body,
      colour: v.colour,
      reg_status: 'CURRENT',
      reg_expiry: '2027-06-30',
      owner_person_id: p.personId,
      legal_owner: null,
    });
  }
}

function nameRow(
  personId: string,
  type: 'PRIMARY' | 'AKA',
  last: string,
  first: string,
  middle: string | null,
  dob: string,
): Row<'cjis.person_names'> {
  return {
    person_id: personId,
    name_type: type,
    last_name: last,
    first_name: first,
    middle_name: middle,
    dob,
    last_soundex: phoneticKey(last),
    first_soundex: phoneticKey(first),
  };
}
