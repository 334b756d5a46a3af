import type { Context } from '../context.ts';
import { addYears, fromDay, maxDate, minDate, toDay } from '../dates.ts';
import {
  ARTICLES,
  GUNS,
  MISSING_CIRCUMSTANCES,
  PROBATION_VIOLATION,
  SEX_OFFENSE_TIERS,
  WANTED_CAUTIONS,
  WANTED_MISC_TEXT,
  WANTED_OFFENSE_TABLE,
} from '../data/ncic.ts';
import { COLOURS, PASSENGER_TABLE } from '../data/vehicles.ts';
import { formatName, type Person } from '../person.ts';
import { Weighted } from '../random.ts';
import type { CoriResult } from './cori.ts';
import { lawEnforcement, outOfStateLawEnforcement } from './local.ts';
import type { KnownNames } from './names.ts';

const FELONY_EXTRADITION = new Weighted<string>([
  ['1', 70],
  ['2', 8],
  ['3', 7],
  ['4', 10],
  ['5', 5],
]);
const MISDEMEANOR_EXTRADITION = new Weighted<string>([
  ['A', 25],
  ['B', 10],
  ['C', 20],
  ['D', 40],
  ['E', 5],
]);
const MISSING_YOUNG = new Weighted<string>([
  ['EMJ', 50],
  ['EME', 20],
  ['EMI', 15],
  ['EMD', 10],
  ['EMV', 5],
]);
const MISSING_ADULT = new Weighted<string>([
  ['EME', 35],
  ['EMO', 25],
  ['EMD', 25],
  ['EMI', 8],
  ['EMV', 7],
]);

/** Wanted-person records (1, sometimes 2) with their caution codes. */
export function writeWants(ctx: Context, person: Person, names: KnownNames, cori: CoriResult | undefined): void {
  const { rng, out } = ctx;
  const count = rng.chance(0.1) ? 2 : 1;
  for (let i = 0; i < count; i++) {
    const offense = cori?.activeSupervision && rng.chance(0.4) ? PROBATION_VIOLATION : WANTED_OFFENSE_TABLE.sample(rng);
    const felony = rng.chance(offense.felonyShare);
    const extradition = felony ? FELONY_EXTRADITION.sample(rng) : MISDEMEANOR_EXTRADITION.sample(rng);
    const noExtradition = extradition === '4' || extradition === 'D';
    const earliest = Math.max(toDay(addYears(person.dob, 18)), ctx.asOfDay - 4 * 365);
    const warrantDay = rng.int(Math.min(earliest, ctx.asOfDay), ctx.asOfDay);
    const agency = lawEnforcement(person.address.county, rng);
    const entered = names.asEntered(ctx, 0.05, 0.02, 0.25);
    const nic = ctx.nic('W');
    out.add('ncic.wanted', {
      nic,
      person_id: person.id,
      name: formatName(entered.last, entered.first, entered.middle),
      sex: person.sex,
      race: person.race,
      dob: entered.dob,
      offense_code: offense.code,
      offense_text: offense.text,
      warrant_level: felony ? 'FELONY' : 'MISDEMEANOR',
      warrant_date: fromDay(warrantDay),
      extradition,
      misc: noExtradition && rng.chance(0.6) ? 'NOEX' : rng.chance(0.3) ? rng.pick(WANTED_MISC_TEXT) : null,
      ori: agency.ori,
      oca: ctx.oca(Number(fromDay(warrantDay).slice(0, 4))),
      entered_at: fromDay(Math.min(ctx.asOfDay, warrantDay + rng.int(0, 7))),
    });
    const cautions = new Set<string>();
    if (rng.chance(cori?.violent ? 0.45 : 0.2)) {
      cautions.add(cori?.violent && rng.chance(0.5) ? '05' : WANTED_CAUTIONS.sample(rng));
      if (rng.chance(0.3)) cautions.add(WANTED_CAUTIONS.sample(rng));
    }
    for (const cmc of [...cautions].sort()) out.add('ncic.cautions', { nic, person_id: person.id, cmc });
  }
}

export function writeMissing(ctx: Context, person: Person, names: KnownNames): void {
  const { rng } = ctx;
  const category = person.age < 21 ? MISSING_YOUNG.sample(rng) : MISSING_ADULT.sample(rng);
  const lastContact = ctx.asOfDay - Math.floor(730 * rng.next() ** 2);
  const agency = lawEnforcement(person.address.county, rng);
  const entered = names.asEntered(ctx, 0.03, 0.01);
  ctx.out.add('ncic.missing', {
    nic: ctx.nic('M'),
    person_id: person.id,
    name: formatName(entered.last, entered.first, entered.middle),
    sex: person.sex,
    race: person.race,
    dob: entered.dob,
    category,
    last_contact: fromDay(lastContact),
    circumstances: rng.pick(MISSING_CIRCUMSTANCES[category] ?? MISSING_CIRCUMSTANCES.EMO),
    ori: agency.ori,
    oca: ctx.oca(Number(fromDay(lastContact).slice(0, 4))),
    entered_at: fromDay(Math.min(ctx.asOfDay, lastContact + rng.int(0, 2))),
  });
}

/** A sex offender registration (PC 290) with the CMC 35 caution. */
export function writeSexOffender(ctx: Context, person: Person, offense: { text: string; date: string }): void {
  const { rng, out } = ctx;
  const nic = ctx.nic('X');
  const tier = SEX_OFFENSE_TIERS.sample(rng);
  const registration = maxDate(offense.date, fromDay(ctx.asOfDay - rng.int(0, 364)));
  out.add('ncic.sex_offenders', {
    nic,
    person_id: person.id,
    registration_date: minDate(registration, ctx.asOf),
    registering_ori: lawEnforcement(person.address.county, rng).ori,
    offense: offense.text,
    tier,
    street: person.address.street,
    city: person.address.city,
    zip: person.address.zip,
  });
  out.add('ncic.cautions', { nic, person_id: person.id, cmc: '35' });
  if (tier === '3' && rng.chance(0.2)) out.add('ncic.cautions', { nic, person_id: person.id, cmc: '30' });
}

/** Property reported stolen by this person (guns, articles, an out-of-state car): not linked to them in NCIC. */
export function writeStolenProperty(ctx: Context, person: Person): void {
  const { rng, out } = ctx;
  const theft = (): { day: number; date: string; ori: string; oca: string } => {
    const day = ctx.asOfDay - rng.int(0, 1500);
    const date = fromDay(day);
    return { day, date, ori: lawEnforcement(person.address.county, rng).ori, oca: ctx.oca(Number(date.slice(0, 4))) };
  };
  if (rng.chance(0.002)) {
    const gun = rng.pick(GUNS);
    const t = theft();
    out.add('ncic.stolen_guns', {
      nic: ctx.nic('G'),
      serial: `${rng.letters(rng.int(0, 3))}${rng.digits(rng.int(5, 8))}`,
      make: gun.make,
      model: gun.model,
      caliber: gun.caliber,
      gun_type: gun.type,
      theft_date: t.date,
      ori: t.ori,
      oca: t.oca,
    });
  }
  if (rng.chance(0.003)) {
    const [type, brand, description] = rng.pick(ARTICLES);
    const t = theft();
    out.add('ncic.stolen_articles', {
      nic: ctx.nic('A'),
      serial: `${rng.letters(2)}${rng.digits(8)}`,
      article_type: type,
      brand,
      description,
      theft_date: t.date,
      ori: t.ori,
      oca: t.oca,
    });
  }
  if (rng.chance(0.0003)) {
    // A car stolen in another state and never registered in California.
    const make = PASSENGER_TABLE.sample(rng);
    const [model] = rng.pick(make.models);
    const year = ctx.asOfYear - rng.int(0, 15);
    const state = rng.pick(['NV', 'AZ', 'OR', 'TX']);
    const plated = rng.chance(0.7);
    const t = theft();
    out.add('ncic.stolen_vehicles', {
      nic: ctx.nic('V'),
      vin: ctx.vin(make.wmis, year),
      plate: plated ? ctx.oosPlate(state) : null,
      plate_state: plated ? state : null,
      year,
      make: make.code,
      model,
      colour: COLOURS.sample(rng),
      theft_date: t.date,
      ori: outOfStateLawEnforcement(state, rng).ori,
      oca: t.oca,
    });
  }
}
