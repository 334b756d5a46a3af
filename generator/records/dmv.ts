import type { Context } from '../context.ts';
import { addYears, fromDay, toDay } from '../dates.ts';
import { COLOURS, COMMERCIAL_TABLE, LIENHOLDERS, MOTORCYCLE_TABLE, PASSENGER_TABLE, type Make } from '../data/vehicles.ts';
import type { Person } from '../person.ts';
import type { Plan } from '../plan.ts';
import { Weighted } from '../random.ts';
import { RESTRICTIONS } from '../../subgraphs/dmv/codes.ts';
import { lawEnforcement } from './local.ts';

/**
 * Restriction codes written on licences: a subset of the DMV subgraph's code table (the DMV is the
 * authority over its codes), so every code decodes.
 */
export const DL_RESTRICTIONS = {
  correctiveLenses: '01',
  daylightOnly: '03',
  automaticOnly: '04',
  outsideMirrors: '05',
  ignitionInterlock: '08',
} as const satisfies Record<string, keyof typeof RESTRICTIONS>;

const STATUS = new Weighted<string>([
  ['VALID', 84],
  ['EXPIRED', 7],
  ['SUSPENDED', 3.5],
  ['REVOKED', 1],
  ['RESTRICTED', 1.5],
  ['PROBATION', 1],
  ['CANCELLED', 1],
]);
const AFTER_DUI = new Weighted<string>([
  ['SUSPENDED', 40],
  ['RESTRICTED', 30],
  ['REVOKED', 5],
  ['PROBATION', 10],
  ['VALID', 15],
]);
const VEHICLE_AGE = new Weighted<number>(
  Array.from({ length: 26 }, (_, age): [number, number] => [age, age < 2 ? 4 : age < 12 ? 7 : age < 18 ? 4 : 1.5]),
);

/** Substitute address of Safe at Home participants (Gov. Code 6206; fictitious box number). */
export const SAFE_AT_HOME = { street: 'SAFE AT HOME, PO BOX 7600', city: 'SACRAMENTO', zip: '95812' };

export interface DmvResult {
  /** Classes held (empty if unlicensed). */
  classes: string[];
}

export function writeLicence(ctx: Context, person: Person, dlNumber: string, lastDuiConviction: string | undefined): DmvResult {
  const { rng } = ctx;
  const recentDui = lastDuiConviction !== undefined && toDay(lastDuiConviction) > ctx.asOfDay - 3 * 365;
  let status = person.age < 18 ? 'VALID' : recentDui ? AFTER_DUI.sample(rng) : STATUS.sample(rng);
  const future = status === 'VALID' || status === 'RESTRICTED' || status === 'PROBATION' || (status !== 'EXPIRED' && rng.chance(0.7));
  const firstIssue = toDay(addYears(person.dob, 16));
  let expiry: string;
  if (future) {
    expiry = addYears(person.dob, ctx.asOfYear - Number(person.dob.slice(0, 4)) + rng.int(0, 4));
    if (expiry <= ctx.asOf) expiry = addYears(expiry, 1);
  } else {
    expiry = addYears(person.dob, ctx.asOfYear - Number(person.dob.slice(0, 4)) - rng.int(0, 4));
    if (expiry >= ctx.asOf) expiry = addYears(expiry, -1);
  }
  let issueDay = toDay(addYears(expiry, -5));
  if (issueDay < firstIssue) issueDay = Math.min(ctx.asOfDay, firstIssue + rng.int(0, 120));
  if (toDay(expiry) <= issueDay) expiry = addYears(fromDay(issueDay), 5);
  // A young driver's first licence cannot have expired yet.
  if (status === 'EXPIRED' && expiry >= ctx.asOf) status = 'VALID';

  const classes = licenceClasses(person, ctx);
  const restrictions: string[] = [];
  if (rng.chance(person.age >= 45 ? 0.55 : 0.3)) restrictions.push(DL_RESTRICTIONS.correctiveLenses);
  if (person.age >= 75 && rng.chance(0.15)) restrictions.push(DL_RESTRICTIONS.daylightOnly);
  if (rng.chance(0.01)) restrictions.push(rng.pick([DL_RESTRICTIONS.automaticOnly, DL_RESTRICTIONS.outsideMirrors]));
  if (status === 'RESTRICTED' && recentDui) restrictions.push(DL_RESTRICTIONS.ignitionInterlock);
  ctx.out.add('dmv.licenses', {
    dl_number: dlNumber,
    person_id: person.id,
    last_name: person.last,
    first_name: person.first,
    middle_name: person.middle,
    dob: person.dob,
    sex: person.sex,
    height: person.height,
    weight: person.weight,
    eye: person.eye,
    hair: person.hair,
    class: classes.join(','),
    commercial: classes.includes('A') || classes.includes('B') ? 1 : 0,
    status,
    restrictions: restrictions.length > 0 ? restrictions.join(',') : null,
    issue_date: fromDay(issueDay),
    expiry_date: expiry,
  });
  return { classes };
}

function licenceClasses(person: Person, ctx: Context): string[] {
  const { rng } = ctx;
  if (person.age < 18) return ['C'];
  const roll = rng.next();
  if (person.age >= 21 && roll < (person.sex === 'M' ? 0.045 : 0.006)) return ['A'];
  if (person.age >= 21 && roll < (person.sex === 'M' ? 0.06 : 0.01)) return ['B'];
  if (roll < (person.sex === 'M' ? 0.17 : 0.04)) return ['C', 'M1'];
  if (roll < (person.sex === 'M' ? 0.175 : 0.043)) return ['M1'];
  if (roll < (person.sex === 'M' ? 0.18 : 0.046)) return ['C', 'M2'];
  return ['C'];
}

/** Residence (or Safe at Home substitute), and sometimes a mailing address. */
export function writeAddresses(ctx: Context, person: Person, plan: Plan): void {
  const { rng, out } = ctx;
  const a = person.address;
  if (plan.safeAtHome) {
    out.add('dmv.addresses', {
      person_id: person.id,
      kind: 'RESIDENCE',
      street: `${SAFE_AT_HOME.street} #${rng.digits(5)}`,
      city: SAFE_AT_HOME.city,
      state: 'CA',
      zip: SAFE_AT_HOME.zip,
      since: a.since,
      confidential: null,
      safe_at_home: 1,
    });
    return;
  }
  out.add('dmv.addresses', {
    person_id: person.id,
    kind: 'RESIDENCE',
    street: a.street,
    city: a.city,
    state: 'CA',
    zip: a.zip,
    since: a.since,
    confidential: plan.confidentialAddress ? 'VC1808.4' : null,
    safe_at_home: 0,
  });
  if (rng.chance(0.12)) {
    out.add('dmv.addresses', {
      person_id: person.id,
      kind: 'MAILING',
      street: `PO BOX ${rng.int(1, 9999)}`,
      city: a.city,
      state: 'CA',
      zip: a.zip,
      since: a.since,
      confidential: plan.confidentialAddress ? 'VC1808.4' : null,
      safe_at_home: 0,
    });
  }
}

export function writeVehicles(ctx: Context, person: Person, count: number, classes: readonly string[]): void {
  const { rng } = ctx;
  for (let i = 0; i < count; i++) {
    let table = PASSENGER_TABLE;
    let plateType = 'PC';
    if (classes.includes('M1') && (classes.length === 1 || (i > 0 && rng.chance(0.5)) || (count === 1 && rng.chance(0.15)))) {
      table = MOTORCYCLE_TABLE;
      plateType = 'MC';
    } else if ((classes.includes('A') || classes.includes('B')) && i === 0 && rng.chance(0.4)) {
      table = COMMERCIAL_TABLE;
      plateType = 'CM';
    }
    writeVehicle(ctx, person, table.sample(rng), plateType);
  }
}

function writeVehicle(ctx: Context, person: Person, make: Make, plateType: string): void {
  const { rng, out } = ctx;
  const [model, body] = rng.pick(make.models);
  const year = ctx.asOfYear - VEHICLE_AGE.sample(rng);
  const vin = ctx.vin(make.wmis, year);
  const plate = ctx.caPlate();
  const colour = COLOURS.sample(rng);
  const expiryDay = ctx.asOfDay + rng.int(-300, 330);
  const current = expiryDay >= ctx.asOfDay;
  const recent = year >= ctx.asOfYear - 5;
  out.add('dmv.vehicles', {
    vin,
    plate,
    plate_state: 'CA',
    plate_type: plateType,
    year,
    make: make.code,
    model,
    body_style: body,
    colour,
    reg_status: current ? (rng.chance(0.04) ? 'SUSPENDED' : 'CURRENT') : 'EXPIRED',
    reg_expiry: fromDay(expiryDay),
    owner_person_id: person.id,
    legal_owner: rng.chance(recent ? 0.36 : 0.05) ? rng.pick(LIENHOLDERS) : null,
  });
  if (rng.chance(0.004)) {
    const theft = ctx.asOfDay - rng.int(0, 540);
    const agency = lawEnforcement(person.address.county, rng);
    out.add('ncic.stolen_vehicles', {
      nic: ctx.nic('V'),
      vin,
      plate,
      plate_state: 'CA',
      year,
      make: make.code,
      model,
      colour,
      theft_date: fromDay(theft),
      ori: agency.ori,
      oca: ctx.oca(Number(fromDay(theft).slice(0, 4))),
    });
  } else if (rng.chance(0.001)) {
    const theft = ctx.asOfDay - rng.int(0, 540);
    const agency = lawEnforcement(person.address.county, rng);
    out.add('ncic.stolen_plates', {
      nic: ctx.nic('L'),
      plate,
      plate_state: 'CA',
      plate_year: Number(fromDay(expiryDay).slice(0, 4)),
      plate_type: plateType,
      theft_date: fromDay(theft),
      ori: agency.ori,
      oca: ctx.oca(Number(fromDay(theft).slice(0, 4))),
    });
  }
}
