import path from 'node:path';
import Database from 'better-sqlite3';
import { COUNTIES } from '../data/places.ts';
import { fromDay, toDay } from '../dates.ts';
import { pad } from '../ids.ts';
import { makeStreet, personId } from '../person.ts';
import { PERSONNEL_FILE } from '../personnel.ts';
import { Random, Weighted } from '../random.ts';
import { SHOWCASE } from '../showcase.ts';
import type { Row } from '../tables.ts';
import { StoreWriter } from '../writer.ts';

/**
 * Each agency's own records (`rms.sqlite`, contract C1): the records-management cases its investigators and
 * court clerks carry (agency case numbers, the OCA of NCIC entries) and the computer-aided-dispatch incidents
 * its patrol officers and dispatchers worked over the 30 days up to the as-of date. Written after the
 * population, from it: case parties are persons of cjis, traffic stops run real dmv plates, units are the
 * users of personnel.sqlite. Uses its own PRNG stream; same seed, same rows. The showcase rows the README
 * and tests rely on (24-000187 and others) are planted whatever the seed and size.
 */

type CaseRow = Row<'rms.cases'>;
type PersonRole = Row<'rms.case_persons'>['role'];

interface User {
  userId: string;
  ori: string;
  roles: string[];
  startHour: number;
  endHour: number;
}

interface Vehicle {
  vin: string;
  plate: string;
  owner: string;
}

interface IncidentDraft {
  ori: string;
  type: string;
  start: number;
  minutes: number;
  location: string;
  units: { userId: string; unit: string }[];
  persons: string[];
  vehicles: Vehicle[];
}

/** Days of CAD history before the as-of date. */
export const CAD_DAYS = 30;
/** Generated case numbers count from here (per agency and year), above every planted number. */
const CASE_SEQUENCE_START = 10_000;
/** Generated incident numbers count from here (per agency and year). */
const INCIDENT_SEQUENCE_START = 10_000;

const INVESTIGATION_TYPES = new Weighted<string>([
  ['BURGLARY', 20],
  ['ASSAULT', 16],
  ['DOMESTIC_VIOLENCE', 14],
  ['FRAUD', 14],
  ['VEHICLE_THEFT', 12],
  ['NARCOTICS', 8],
  ['ROBBERY', 8],
  ['IDENTITY_THEFT', 8],
]);
const TITLES: Readonly<Record<string, string>> = {
  BURGLARY: 'Residential burglary',
  ASSAULT: 'Assault with injury',
  DOMESTIC_VIOLENCE: 'Domestic violence report',
  FRAUD: 'Fraud complaint',
  VEHICLE_THEFT: 'Stolen vehicle',
  NARCOTICS: 'Narcotics sales investigation',
  ROBBERY: 'Street robbery',
  IDENTITY_THEFT: 'Identity theft report',
  COURT_PROTECTIVE_ORDER: 'Petition for domestic violence restraining order',
  CRIMINAL_COMPLAINT: 'Criminal complaint filed by the district attorney',
};
/** Cases where the first party is the victim, not a suspect. */
const VICTIM_FIRST = new Set(['FRAUD', 'IDENTITY_THEFT', 'VEHICLE_THEFT', 'BURGLARY']);
const OTHER_ROLES = new Weighted<PersonRole>([
  ['VICTIM', 4],
  ['WITNESS', 4],
  ['INVOLVED', 2],
  ['SUSPECT', 1],
]);
const DISPATCHED_TYPES = new Weighted<string>([
  ['CALL_FOR_SERVICE', 45],
  ['SUSPICIOUS_PERSON', 20],
  ['COLLISION', 15],
  ['WELFARE_CHECK', 12],
  ['ALARM', 8],
]);

export interface AgencyRecordsOptions {
  /** Directory holding the finished population stores and personnel.sqlite; rms.sqlite is written there. */
  dir: string;
  seed: number;
  asOf: string;
  /** Generated persons (P0000001..): the pool case parties are drawn from. */
  persons: number;
}

/** Writes rms.sqlite; returns its row counts keyed `rms.<table>`. */
export function writeAgencyRecords(options: AgencyRecordsOptions): Record<string, number> {
  const personnel = new Database(path.join(options.dir, PERSONNEL_FILE), { readonly: true, fileMustExist: true });
  const dmv = new Database(path.join(options.dir, 'dmv.sqlite'), { readonly: true, fileMustExist: true });
  const out = new StoreWriter(options.dir, ['rms']);
  try {
    const users = (
      personnel.prepare('SELECT user_id, ori, roles, shift_start_hour, shift_end_hour FROM agency_users ORDER BY user_id').all() as {
        user_id: string;
        ori: string;
        roles: string;
        shift_start_hour: number;
        shift_end_hour: number;
      }[]
    ).map((u) => ({ userId: u.user_id, ori: u.ori, roles: u.roles.split(','), startHour: u.shift_start_hour, endHour: u.shift_end_hour }));
    const generator = new AgencyRecords(options, users, dmv, out);
    out.begin();
    plantShowcaseRecords(out, users);
    generator.cases();
    generator.incidents();
    out.commit();
    return out.finish();
  } catch (error) {
    out.abort();
    throw error;
  } finally {
    personnel.close();
    dmv.close();
  }
}

class AgencyRecords {
  private readonly rng: Random;
  private readonly asOfDay: number;
  private readonly caseSequence = new Map<string, number>();
  private readonly vehicleByRowid: Database.Statement;
  private readonly vehiclesOfOwner: Database.Statement;
  private readonly vehicleCount: number;
  private readonly byOri = new Map<string, User[]>();
  private readonly units = new Map<string, string>();

  constructor(
    private readonly options: AgencyRecordsOptions,
    private readonly users: readonly User[],
    dmv: Database.Database,
    private readonly out: StoreWriter,
  ) {
    this.rng = new Random((Math.imul(options.seed, 0x27d4eb2f) ^ 0x0c0ffee5) >>> 0);
    this.asOfDay = toDay(options.asOf);
    this.vehicleByRowid = dmv.prepare('SELECT vin, plate, owner_person_id AS owner FROM vehicles WHERE rowid = ?');
    this.vehiclesOfOwner = dmv.prepare('SELECT vin, plate, owner_person_id AS owner FROM vehicles WHERE owner_person_id = ? ORDER BY vin');
    this.vehicleCount = Number((dmv.prepare('SELECT max(rowid) AS n FROM vehicles').get() as { n: number | null }).n ?? 0);
    for (const user of users) {
      const list = this.byOri.get(user.ori);
      if (list) list.push(user);
      else this.byOri.set(user.ori, [user]);
    }
  }

  /** Investigators carry 5–15 open cases and some closed or suspended ones; court clerks carry court cases. */
  cases(): void {
    for (const user of this.users) {
      if (user.userId.startsWith('u-')) continue; // planted users get only the planted cases
      if (user.roles.includes('INVESTIGATOR')) {
        const colleagues = (this.byOri.get(user.ori) ?? []).filter((u) => u !== user && u.roles.includes('INVESTIGATOR'));
        for (let k = this.rng.int(5, 15); k > 0; k--) this.investigation(user, colleagues, 'OPEN');
        for (let k = this.rng.int(2, 10); k > 0; k--) this.investigation(user, colleagues, 'CLOSED');
        if (this.rng.chance(0.3)) this.investigation(user, colleagues, 'SUSPENDED');
      }
      if (user.roles.includes('COURT_CLERK')) {
        for (let k = this.rng.int(3, 10); k > 0; k--) this.courtCase(user, 'OPEN');
        for (let k = this.rng.int(2, 6); k > 0; k--) this.courtCase(user, 'CLOSED');
      }
    }
  }

  /** Every patrol officer's shifts over the last 30 days; dispatched calls carry a dispatcher of the agency. */
  incidents(): void {
    const drafts: IncidentDraft[] = [];
    for (const user of this.users) {
      if (!user.roles.includes('PATROL_OFFICER') || user.userId.startsWith('u-')) continue;
      const agency = this.byOri.get(user.ori) ?? [];
      const dispatchers = agency.filter((u) => u.roles.includes('DISPATCHER'));
      const partners = agency.filter((u) => u !== user && u.roles.includes('PATROL_OFFICER') && !u.userId.startsWith('u-'));
      const shiftHours = (user.endHour - user.startHour + 24) % 24 || 24;
      for (let day = this.asOfDay - CAD_DAYS; day < this.asOfDay; day++) {
        if (!this.rng.chance(0.65)) continue;
        const shiftStart = day * 1440 + user.startHour * 60;
        for (let k = this.rng.int(1, 5); k > 0; k--) {
          const start = shiftStart + this.rng.int(0, shiftHours * 60 - 30);
          drafts.push(this.rng.chance(0.5) ? this.trafficStop(user, start) : this.dispatched(user, start, dispatchers, partners));
        }
      }
    }
    drafts.sort((a, b) => (a.ori < b.ori ? -1 : a.ori > b.ori ? 1 : a.start - b.start));
    const sequence = new Map<string, number>();
    for (const d of drafts) {
      const started = isoMinute(d.start);
      const key = `${d.ori}:${started.slice(2, 4)}`;
      const n = (sequence.get(key) ?? INCIDENT_SEQUENCE_START) + 1;
      sequence.set(key, n);
      this.writeIncident(d, `I${started.slice(2, 4)}-${pad(n, 7)}`);
    }
  }

  private writeIncident(d: IncidentDraft, number: string): void {
    const ori = d.ori;
    this.out.add('rms.incidents', {
      ori,
      incident_number: number,
      type: d.type,
      started_at: isoMinute(d.start),
      cleared_at: isoMinute(d.start + d.minutes),
      location: d.location,
    });
    for (const u of d.units) this.out.add('rms.incident_units', { ori, incident_number: number, user_id: u.userId, unit: u.unit });
    for (const p of d.persons) this.out.add('rms.incident_persons', { ori, incident_number: number, person_id: p });
    for (const v of d.vehicles) this.out.add('rms.incident_vehicles', { ori, incident_number: number, plate: v.plate, vin: v.vin });
  }

  /** Self-initiated: the officer is its only unit; the plate is a real dmv plate, the driver often its owner. */
  private trafficStop(user: User, start: number): IncidentDraft {
    const vehicle = this.randomVehicle();
    const persons = vehicle && this.rng.chance(0.75) ? [vehicle.owner] : this.partiesOf(this.rng.int(0, 1));
    return {
      ori: user.ori,
      type: 'TRAFFIC_STOP',
      start,
      minutes: this.rng.int(6, 40),
      location: this.location(user.ori),
      units: [{ userId: user.userId, unit: this.unitOf(user) }],
      persons,
      vehicles: vehicle ? [vehicle] : [],
    };
  }

  private dispatched(user: User, start: number, dispatchers: readonly User[], partners: readonly User[]): IncidentDraft {
    const type = DISPATCHED_TYPES.sample(this.rng);
    const units = [{ userId: user.userId, unit: this.unitOf(user) }];
    if (partners.length > 0 && this.rng.chance(0.3)) {
      const partner = this.rng.pick(partners);
      units.push({ userId: partner.userId, unit: this.unitOf(partner) });
    }
    if (dispatchers.length > 0) {
      const dispatcher = this.rng.pick(dispatchers);
      units.push({ userId: dispatcher.userId, unit: this.unitOf(dispatcher) });
    }
    const vehicles: Vehicle[] = [];
    if (type === 'COLLISION') {
      for (let k = this.rng.int(1, 2); k > 0; k--) {
        const v = this.randomVehicle();
        if (v && !vehicles.some((other) => other.plate === v.plate)) vehicles.push(v);
      }
    }
    const persons = type === 'COLLISION' ? [...new Set(vehicles.map((v) => v.owner))] : this.partiesOf(this.rng.int(0, 2));
    return {
      ori: user.ori,
      type,
      start,
      minutes: this.rng.int(10, 120),
      location: this.location(user.ori),
      units,
      persons,
      vehicles,
    };
  }

  private investigation(user: User, colleagues: readonly User[], status: CaseRow['status']): void {
    const type = INVESTIGATION_TYPES.sample(this.rng);
    const { opened, closed } = this.dates(status);
    const number = this.caseNumber(user.ori, opened, '');
    this.out.add('rms.cases', {
      ori: user.ori,
      case_number: number,
      type,
      status,
      title: `${TITLES[type]}, ${makeStreet(this.rng)}`,
      opened_on: opened,
      closed_on: closed,
    });
    const assigned = fromDay(Math.min(this.asOfDay, toDay(opened) + this.rng.int(0, 10)));
    this.assign(user.ori, number, user.userId, 'LEAD', opened);
    if (colleagues.length > 0 && this.rng.chance(0.25)) this.assign(user.ori, number, this.rng.pick(colleagues).userId, 'ASSIST', assigned);
    const parties = this.partiesOf(this.rng.int(1, 4));
    parties.forEach((person, i) => {
      const role: PersonRole = i === 0 ? (VICTIM_FIRST.has(type) ? 'VICTIM' : 'SUSPECT') : OTHER_ROLES.sample(this.rng);
      this.out.add('rms.case_persons', { ori: user.ori, case_number: number, person_id: person, role });
      const involvesVehicle = (type === 'VEHICLE_THEFT' && i === 0) || (role === 'SUSPECT' && this.rng.chance(0.3));
      const vehicle = involvesVehicle ? (this.vehiclesOfOwner.get(person) as Vehicle | undefined) : undefined;
      if (vehicle) this.out.add('rms.case_vehicles', { ori: user.ori, case_number: number, vin: vehicle.vin, plate: vehicle.plate });
    });
  }

  private courtCase(user: User, status: CaseRow['status']): void {
    const type = this.rng.chance(0.5) ? 'COURT_PROTECTIVE_ORDER' : 'CRIMINAL_COMPLAINT';
    const { opened, closed } = this.dates(status);
    const number = this.caseNumber(user.ori, opened, type === 'COURT_PROTECTIVE_ORDER' ? 'FL-' : 'CR-');
    this.out.add('rms.cases', {
      ori: user.ori,
      case_number: number,
      type,
      status,
      title: TITLES[type],
      opened_on: opened,
      closed_on: closed,
    });
    this.assign(user.ori, number, user.userId, 'LEAD', opened);
    const parties = this.partiesOf(type === 'COURT_PROTECTIVE_ORDER' ? 2 : 1);
    parties.forEach((person, i) => {
      const role: PersonRole = type === 'COURT_PROTECTIVE_ORDER' && i === 1 ? 'VICTIM' : 'INVOLVED';
      this.out.add('rms.case_persons', { ori: user.ori, case_number: number, person_id: person, role });
    });
  }

  private assign(ori: string, caseNumber: string, userId: string, role: Row<'rms.case_assignments'>['role'], on: string): void {
    this.out.add('rms.case_assignments', { ori, case_number: caseNumber, user_id: userId, role, assigned_on: on });
  }

  /** Open cases were opened in the last 18 months; closed ones ran 20–300 days within the last 3 years. */
  private dates(status: CaseRow['status']): { opened: string; closed: string | null } {
    if (status !== 'CLOSED') return { opened: fromDay(this.asOfDay - this.rng.int(1, 540)), closed: null };
    const opened = this.asOfDay - this.rng.int(30, 1095);
    return { opened: fromDay(opened), closed: fromDay(Math.min(this.asOfDay, opened + this.rng.int(20, 300))) };
  }

  /** `26-010042` (investigations) or `FL-26-10007` (court), numbered per agency and year of opening. */
  private caseNumber(ori: string, opened: string, prefix: string): string {
    const yy = opened.slice(2, 4);
    const key = `${ori}:${prefix}${yy}`;
    const n = (this.caseSequence.get(key) ?? CASE_SEQUENCE_START) + 1;
    this.caseSequence.set(key, n);
    return prefix ? `${prefix}${yy}-${pad(n, 5)}` : `${yy}-${pad(n, 6)}`;
  }

  /** `n` distinct generated persons (showcase persons when the population is empty). */
  private partiesOf(n: number): string[] {
    const pool = this.options.persons;
    const chosen = new Set<string>();
    for (let attempt = 0; chosen.size < n && attempt < n * 4; attempt++) {
      chosen.add(pool > 0 ? personId(this.rng.int(1, pool)) : this.rng.pick(Object.values(SHOWCASE)).personId);
    }
    return [...chosen];
  }

  /** A registered vehicle drawn uniformly from dmv (undefined when dmv has none). */
  private randomVehicle(): Vehicle | undefined {
    if (this.vehicleCount === 0) return undefined;
    return this.vehicleByRowid.get(this.rng.int(1, this.vehicleCount)) as Vehicle | undefined;
  }

  /** The user's call sign for the whole month, e.g. `2A14`; dispatchers sit at a console, e.g. `DSP3`. */
  private unitOf(user: User): string {
    let unit = this.units.get(user.userId);
    if (!unit) {
      unit = user.roles.includes('PATROL_OFFICER') ? `${this.rng.int(1, 9)}A${pad(this.rng.int(1, 40), 2)}` : `DSP${this.rng.int(1, 4)}`;
      this.units.set(user.userId, unit);
    }
    return unit;
  }

  private location(ori: string): string {
    const county = COUNTIES.find((c) => c.code === ori.slice(2, 5));
    const street = makeStreet(this.rng).replace(/ APT .*$/, '');
    return county ? `${street}, ${this.rng.pick(county.cities)[0]}` : street;
  }
}

/** Minutes since the epoch as ISO-8601 UTC, e.g. `2026-10-14T17:42:00Z`. */
function isoMinute(minutes: number): string {
  const day = Math.floor(minutes / 1440);
  const rest = minutes - day * 1440;
  return `${fromDay(day)}T${pad(Math.floor(rest / 60), 2)}:${pad(rest % 60, 2)}:00Z`;
}

// ---------------------------------------------------------------------------------------------------------
// Showcase rows (contract C1), the same in every dataset.

export const SHOWCASE_CASES = {
  /** u-inv-1's case on RIVERA (P9000001): the README's investigator examples state it. */
  riveraAssault: { ori: 'CA0190100', caseNumber: '24-000187' },
  /** The court's protective-order case between RIVERA and MORALES, u-court-1's. */
  protectiveOrder: { ori: 'CA019015J', caseNumber: 'FL-24-0099' },
  /** u-inv-1's closed case. */
  closed: { ori: 'CA0190100', caseNumber: '23-000911' },
  /** Open at u-inv-1's agency but assigned to someone else. */
  someoneElses: { ori: 'CA0190100', caseNumber: '24-000455' },
  /** Open at another agency (the county sheriff). */
  otherAgency: { ori: 'CA0190000', caseNumber: '24-000300' },
  /** Another open case of u-inv-1, for tests that change it. */
  spare: { ori: 'CA0190100', caseNumber: '24-005001' },
} as const;

/** A planted CAD incident: u-disp-1 dispatched u-patrol-1 to a stop of RIVERA's car on the as-of date's eve. */
export const SHOWCASE_INCIDENT = { ori: 'CA0190100', incidentNumber: 'I26-0000001' } as const;

function plantShowcaseRecords(out: StoreWriter, users: readonly User[]): void {
  const { wantedDriver, protectedPerson, cleanDriver, recordSubject, stolenCar, commonName, expiredOrder } = SHOWCASE;
  const c = SHOWCASE_CASES;
  const kase = (
    ref: { ori: string; caseNumber: string },
    type: string,
    status: CaseRow['status'],
    title: string,
    opened: string,
    closed: string | null = null,
  ): void => out.add('rms.cases', { ori: ref.ori, case_number: ref.caseNumber, type, status, title, opened_on: opened, closed_on: closed });
  const assign = (ref: { ori: string; caseNumber: string }, userId: string, role: Row<'rms.case_assignments'>['role'], on: string): void =>
    out.add('rms.case_assignments', { ori: ref.ori, case_number: ref.caseNumber, user_id: userId, role, assigned_on: on });
  const party = (ref: { ori: string; caseNumber: string }, person: string, role: PersonRole): void =>
    out.add('rms.case_persons', { ori: ref.ori, case_number: ref.caseNumber, person_id: person, role });

  kase(c.riveraAssault, 'ASSAULT', 'OPEN', 'Assault with a deadly weapon, 1400 block E Shaw Ave', '2024-03-02');
  assign(c.riveraAssault, 'u-inv-1', 'LEAD', '2024-03-02');
  party(c.riveraAssault, wantedDriver.personId, 'SUSPECT');
  party(c.riveraAssault, protectedPerson.personId, 'VICTIM');
  party(c.riveraAssault, cleanDriver.personId, 'WITNESS');
  party(c.riveraAssault, recordSubject.personId, 'INVOLVED');
  out.add('rms.case_vehicles', {
    ori: c.riveraAssault.ori,
    case_number: c.riveraAssault.caseNumber,
    vin: wantedDriver.vins[0],
    plate: wantedDriver.plates[0],
  });

  kase(c.protectiveOrder, 'COURT_PROTECTIVE_ORDER', 'OPEN', 'Petition for domestic violence restraining order (DV-100)', '2024-06-11');
  assign(c.protectiveOrder, 'u-court-1', 'LEAD', '2024-06-11');
  party(c.protectiveOrder, wantedDriver.personId, 'INVOLVED');
  party(c.protectiveOrder, protectedPerson.personId, 'VICTIM');

  kase(c.closed, 'VEHICLE_THEFT', 'CLOSED', 'Stolen vehicle recovered, 300 block N Blackstone Ave', '2023-05-10', '2023-11-20');
  assign(c.closed, 'u-inv-1', 'LEAD', '2023-05-10');
  party(c.closed, stolenCar.personId, 'VICTIM');

  kase(c.someoneElses, 'BURGLARY', 'OPEN', 'Commercial burglary, 2100 block W Herndon Ave', '2024-08-19');
  assign(c.someoneElses, 'u-honest-1', 'LEAD', '2024-08-19');
  party(c.someoneElses, commonName.personId, 'VICTIM');

  kase(c.otherAgency, 'FRAUD', 'OPEN', 'Elder financial abuse complaint', '2024-04-30');
  const sheriffInvestigator = users.find((u) => u.ori === c.otherAgency.ori && u.roles.includes('INVESTIGATOR'));
  if (sheriffInvestigator) assign(c.otherAgency, sheriffInvestigator.userId, 'LEAD', '2024-04-30');
  party(c.otherAgency, expiredOrder.personId, 'SUSPECT');

  kase(c.spare, 'FRAUD', 'OPEN', 'Check fraud, 500 block W Olive Ave', '2024-09-03');
  assign(c.spare, 'u-inv-1', 'LEAD', '2024-09-03');
  party(c.spare, expiredOrder.personId, 'SUSPECT');

  const i = SHOWCASE_INCIDENT;
  out.add('rms.incidents', {
    ori: i.ori,
    incident_number: i.incidentNumber,
    type: 'TRAFFIC_STOP',
    started_at: '2026-10-31T18:05:00Z',
    cleared_at: '2026-10-31T18:41:00Z',
    location: 'N CEDAR AVE AND E SHIELDS AVE, FRESNO',
  });
  out.add('rms.incident_units', { ori: i.ori, incident_number: i.incidentNumber, user_id: 'u-patrol-1', unit: '2A14' });
  out.add('rms.incident_units', { ori: i.ori, incident_number: i.incidentNumber, user_id: 'u-disp-1', unit: 'DSP1' });
  out.add('rms.incident_persons', { ori: i.ori, incident_number: i.incidentNumber, person_id: wantedDriver.personId });
  out.add('rms.incident_vehicles', {
    ori: i.ori,
    incident_number: i.incidentNumber,
    plate: wantedDriver.plates[0],
    vin: wantedDriver.vins[0],
  });
}
