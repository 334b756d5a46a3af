import { AGENCIES, type AgencyKind } from './agencies.ts';
import { COUNTIES } from './data/places.ts';
import { pad } from './ids.ts';
import { formatName, makeStreet, type Address, type Person } from './person.ts';
import type { HighProfileReason, PersonnelWriter, RelationKind } from './personnel.ts';
import type { Plan } from './plan.ts';
import { Random, Weighted } from './random.ts';

/**
 * Places the simulated agency users in the population, chunk by chunk before the chunk is written: each
 * user is a generated person living in (or moved to) the agency's county, given a family drawn from the same
 * chunk (spouse and young children share the user's address and surname, parents and siblings the surname,
 * exes keep their own lives) and neighbours moved onto the user's street. Also flags ~0.05% of persons as
 * high-profile (most of them officials with VC 1808.4 confidential addresses). Uses its own PRNG stream, so
 * the rest of the population draws exactly what it would draw without personnel.
 */

/** Scheduled shifts as UTC hours [start, end) (Pacific standard time + 8). */
const SHIFTS = {
  DAY: { startHour: 14, endHour: 0 }, // 06:00-16:00 PST
  SWING: { startHour: 22, endHour: 8 }, // 14:00-24:00
  NIGHT: { startHour: 5, endHour: 15 }, // 21:00-07:00
  DETECTIVE: { startHour: 15, endHour: 2 }, // 07:00-18:00
  OFFICE: { startHour: 16, endHour: 1 }, // 08:00-17:00
} as const;

/** Who an agency of each kind employs, most important position first (so small populations staff every agency). */
const COP_SHOP: readonly (readonly string[])[] = [
  ['DISPATCHER', 'AGENCY_COORDINATOR'],
  ['PATROL_OFFICER'],
  ['DISPATCHER'],
  ['INVESTIGATOR'],
  ['PATROL_OFFICER'],
  ['RECORDS_CLERK'],
  ['PATROL_OFFICER'],
  ['DISPATCHER'],
  ['INVESTIGATOR'],
  ['PATROL_OFFICER'],
];
const STAFFING: Readonly<Record<AgencyKind, readonly (readonly string[])[]>> = {
  POLICE: COP_SHOP,
  SHERIFF: COP_SHOP,
  COURT: [['COURT_CLERK', 'AGENCY_COORDINATOR'], ['COURT_CLERK'], ['COURT_CLERK'], ['COURT_CLERK']],
  PROBATION: [
    ['PROBATION_OFFICER', 'AGENCY_COORDINATOR'],
    ['PROBATION_OFFICER'],
    ['RECORDS_CLERK'],
    ['PROBATION_OFFICER'],
    ['PROBATION_OFFICER'],
  ],
  DOJ: [['RECORDS_CLERK', 'AGENCY_COORDINATOR'], ['DOJ_AUDITOR'], ['INVESTIGATOR'], ['RECORDS_CLERK']],
  DMV: [['RECORDS_CLERK', 'AGENCY_COORDINATOR'], ['RECORDS_CLERK']],
  NONCRIMINAL: [['NONCRIMINAL_AGENCY']],
};

export interface Position {
  ori: string;
  roles: readonly string[];
}

/** Every position at the California agencies, rank by rank (all coordinators first, then each agency's second hire...). */
export const ROSTER: readonly Position[] = (() => {
  const agencies = AGENCIES.filter((a) => a.state === 'CA');
  const depth = Math.max(...Object.values(STAFFING).map((s) => s.length));
  const roster: Position[] = [];
  for (let rank = 0; rank < depth; rank++) {
    for (const agency of agencies) {
      const roles = STAFFING[agency.kind][rank];
      if (roles) roster.push({ ori: agency.ori, roles });
    }
  }
  return roster;
})();

/** One agency user per 30 persons, at most one per roster position. */
export function userCount(persons: number): number {
  return Math.min(ROSTER.length, Math.floor(persons / 30));
}

const HIGH_PROFILE_OFFICIAL = new Weighted<HighProfileReason>([
  ['JUDGE', 1],
  ['ELECTED_OFFICIAL', 1],
]);
const HIGH_PROFILE_PUBLIC = new Weighted<HighProfileReason>([
  ['CELEBRITY', 3],
  ['ATHLETE', 2],
  ['ELECTED_OFFICIAL', 1],
]);
const COUNTY_BY_CODE = new Map(COUNTIES.map((c) => [c.code, c]));

export class PersonnelPlanner {
  private readonly rng: Random;
  private readonly users: number;
  private placed = 0;
  private seen = 0;

  constructor(
    seed: number,
    private readonly persons: number,
    private readonly out: PersonnelWriter,
  ) {
    this.rng = new Random((Math.imul(seed, 0x2545f491) ^ 0x5e4f0a11) >>> 0);
    this.users = userCount(persons);
  }

  /** Called with each chunk after it is planned and before any of it is written; may edit names and addresses. */
  shapeChunk(people: Person[], plans: readonly Plan[]): void {
    this.seen += people.length;
    const pool = new Pool(people, plans, this.rng);
    const due = Math.floor((this.users * this.seen) / Math.max(1, this.persons));
    for (; this.placed < due; this.placed++) this.placeUser(pool, this.placed);
    people.forEach((person, i) => {
      if (pool.isTaken(i)) return;
      const confidential = plans[i].confidentialAddress;
      if (!this.rng.chance(confidential ? 0.05 : 0.00025)) return;
      let reason = (confidential ? HIGH_PROFILE_OFFICIAL : HIGH_PROFILE_PUBLIC).sample(this.rng);
      if (person.age < 30 && reason !== 'ATHLETE') reason = 'CELEBRITY';
      this.out.highProfile(person.id, reason);
    });
  }

  private placeUser(pool: Pool, index: number): void {
    const position = ROSTER[index];
    const county = position.ori.slice(2, 5);
    const eligible = (i: number): boolean => pool.adultAged(i, 22, 62) && pool.plans[i].licensed && pool.clean(i) && pool.hasHome(i);
    let u = pool.take((i) => eligible(i) && pool.people[i].address.county.code === county);
    if (u === undefined) {
      u = pool.take(eligible);
      if (u === undefined) return; // a tiny chunk: the position stays vacant
      this.moveToCounty(pool.people[u], county);
    }
    const user = pool.people[u];
    const rotating = position.roles.includes('PATROL_OFFICER') || (position.roles.includes('DISPATCHER') && position.roles.length === 1);
    const shift = rotating
      ? this.rng.pick([SHIFTS.DAY, SHIFTS.SWING, SHIFTS.NIGHT])
      : position.roles.includes('INVESTIGATOR')
        ? SHIFTS.DETECTIVE
        : SHIFTS.OFFICE;
    this.out.user({
      userId: `u${pad(index + 1, 4)}`,
      personId: user.id,
      ori: position.ori,
      name: formatName(user.last, user.first, user.middle),
      roles: position.roles,
      shift,
    });
    this.family(pool, user);
  }

  private family(pool: Pool, user: Person): void {
    const rng = this.rng;
    const near = (i: number, years: number): boolean => Math.abs(pool.people[i].age - user.age) <= years;
    const partnerSex = (i: number): boolean => (pool.people[i].sex !== user.sex) !== rng.chance(0.1);
    const relate = (a: Person, b: Person, relation: RelationKind): void => this.out.relate(a.id, b.id, relation);
    const household: Person[] = [user];

    const spouse = rng.chance(0.55)
      ? pool.person((i) => pool.adultAged(i, 18, 90) && near(i, 8) && partnerSex(i) && pool.hasHome(i))
      : undefined;
    if (spouse) {
      spouse.address = { ...user.address };
      if (rng.chance(0.6)) spouse.last = user.last;
      relate(user, spouse, 'SPOUSE');
      household.push(spouse);
    }
    if (user.age >= 26 && rng.chance(0.3)) {
      const ex = pool.person((i) => pool.adultAged(i, 18, 90) && near(i, 10) && partnerSex(i));
      if (ex) relate(user, ex, 'EX_SPOUSE');
    }
    if (rng.chance(0.25)) {
      const ex = pool.person((i) => pool.adultAged(i, 18, 90) && near(i, 10) && partnerSex(i));
      if (ex) relate(user, ex, 'EX_PARTNER');
    }
    const children: Person[] = [];
    for (let k = user.age >= 38 ? rng.int(0, 2) : 0; k > 0; k--) {
      const child = pool.person((i) => pool.adultAged(i, Math.max(16, user.age - 40), user.age - 20));
      if (!child) break;
      child.last = user.last;
      if (child.age < 24 && pool.hasHome(pool.indexOf(child))) {
        child.address = { ...user.address };
        household.push(child);
      }
      relate(user, child, 'CHILD');
      if (spouse) relate(spouse, child, 'CHILD');
      for (const other of children) relate(child, other, 'SIBLING');
      children.push(child);
    }
    const parent = rng.chance(0.6) ? pool.person((i) => pool.adultAged(i, user.age + 20, Math.min(90, user.age + 38))) : undefined;
    if (parent) {
      if (rng.chance(0.7)) parent.last = user.last;
      relate(user, parent, 'PARENT');
    }
    const sibling = rng.chance(0.5) ? pool.person((i) => pool.adultAged(i, 16, 90) && near(i, 8)) : undefined;
    if (sibling) {
      if (rng.chance(0.85)) sibling.last = user.last;
      relate(user, sibling, 'SIBLING');
      if (parent) relate(sibling, parent, 'PARENT');
    }
    for (let a = 0; a < household.length; a++) {
      for (let b = a + 1; b < household.length; b++) relate(household[a], household[b], 'HOUSEHOLD');
    }
    for (let k = rng.int(1, 2); k > 0; k--) {
      const neighbour = pool.person((i) => pool.adultAged(i, 18, 90) && pool.hasHome(i));
      if (!neighbour) break;
      neighbour.address = { ...user.address, street: this.neighbourStreet(user.address.street), since: neighbour.address.since };
      for (const member of household) relate(member, neighbour, 'NEIGHBOUR');
    }
  }

  private moveToCounty(person: Person, code: string): void {
    const county = COUNTY_BY_CODE.get(code);
    if (!county) return;
    const [city, zip3] = this.rng.pick(county.cities);
    const address: Address = {
      street: makeStreet(this.rng),
      city,
      state: 'CA',
      zip: `${zip3}${this.rng.digits(2)}`,
      county,
      since: person.address.since,
    };
    person.address = address;
  }

  /** Another house on the same street: `2214 QUAILRIDGE WAY APT 3` -> `2230 QUAILRIDGE WAY`. */
  private neighbourStreet(street: string): string {
    const match = /^(\d+) (.+?)(?: APT .*)?$/.exec(street);
    if (!match) return street;
    const number = Number(match[1]);
    const step = 2 * this.rng.int(1, 12);
    return `${number > step && this.rng.chance(0.5) ? number - step : number + step} ${match[2]}`;
  }
}

/**
 * The people of one chunk that personnel may still use. Anyone tied to a protection order or reported
 * missing is left alone (their records quote their names and addresses), and nobody is used twice.
 */
class Pool {
  private readonly taken = new Set<number>();
  private readonly index: Map<string, number>;

  constructor(
    readonly people: Person[],
    readonly plans: readonly Plan[],
    private readonly rng: Random,
  ) {
    this.index = new Map(people.map((p, i) => [p.id, i]));
    plans.forEach((plan, i) => {
      if (plan.order || plan.isProtected || plan.missing) this.taken.add(i);
      const linked = plan.protectedLink && this.index.get(plan.protectedLink.person.id);
      if (linked !== undefined) this.taken.add(linked);
    });
  }

  isTaken(i: number): boolean {
    return this.taken.has(i);
  }

  indexOf(person: Person): number {
    return this.index.get(person.id) ?? -1;
  }

  adultAged(i: number, min: number, max: number): boolean {
    const age = this.people[i].age;
    return age >= min && age <= max;
  }

  /** No record in any source: what a background check for agency employment requires. */
  clean(i: number): boolean {
    const plan = this.plans[i];
    return !plan.cori && !plan.wanted && !plan.sexOffender && plan.otherStates.length === 0;
  }

  /** Has an ordinary DMV residence address (not Safe at Home, not VC 1808.4). */
  hasHome(i: number): boolean {
    const plan = this.plans[i];
    return (plan.licensed || plan.vehicles > 0) && !plan.safeAtHome && !plan.confidentialAddress;
  }

  /** Marks and returns the index of someone matching: random probes first, then a scan from a random start. */
  take(matches: (i: number) => boolean): number | undefined {
    const n = this.people.length;
    for (let attempt = 0; attempt < 60; attempt++) {
      const i = this.rng.int(0, n - 1);
      if (!this.taken.has(i) && matches(i)) return this.mark(i);
    }
    const start = this.rng.int(0, n - 1);
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      if (!this.taken.has(i) && matches(i)) return this.mark(i);
    }
    return undefined;
  }

  person(matches: (i: number) => boolean): Person | undefined {
    const i = this.take(matches);
    return i === undefined ? undefined : this.people[i];
  }

  private mark(i: number): number {
    this.taken.add(i);
    return i;
  }
}
