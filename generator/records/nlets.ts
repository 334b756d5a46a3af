import type { Context } from '../context.ts';
import { addYears, fromDay, toDay } from '../dates.ts';
import type { OutOfStateInfo } from '../data/places.ts';
import { OUT_OF_STATE_DISPOSITIONS, OUT_OF_STATE_OFFENSES } from '../data/statutes.ts';
import { COLOURS, PASSENGER_TABLE } from '../data/vehicles.ts';
import { formatName, makeStreet, type Person } from '../person.ts';
import type { Cycle } from './cori.ts';
import { outOfStateLawEnforcement } from './local.ts';

/**
 * An out-of-state driver licence (what that state answers to a DQ), sometimes with vehicles still
 * registered there (RR). People who now hold a CA licence mostly surrendered the old one.
 */
export function writeOutOfStateLicence(
  ctx: Context,
  person: Person,
  info: OutOfStateInfo,
  caLicensed: boolean,
): { state: string; oln: string } {
  const { rng, out } = ctx;
  const state = info.state;
  let status: string;
  if (caLicensed) status = rng.chance(0.6) ? 'SURRENDERED' : 'EXPIRED';
  else status = rng.chance(0.75) ? 'VALID' : rng.chance(0.72) ? 'EXPIRED' : 'SUSPENDED';
  const birthYears = ctx.asOfYear - Number(person.dob.slice(0, 4));
  const future = status === 'VALID' || (status === 'SUSPENDED' && rng.chance(0.5));
  let expiry = addYears(person.dob, birthYears + (future ? rng.int(0, 6) : -rng.int(0, Math.min(8, Math.max(0, person.age - 18)))));
  if (future && expiry <= ctx.asOf) expiry = addYears(expiry, 1);
  if (!future && expiry >= ctx.asOf) expiry = addYears(expiry, -1);
  const [city, zip3] = rng.pick(info.cities);
  const oln = ctx.oosOln(state);
  out.add('nlets.oos_licenses', {
    state,
    oln,
    person_id: person.id,
    name: formatName(person.last, person.first, person.middle),
    dob: person.dob,
    sex: person.sex,
    class: info.carClass,
    status,
    expiry_date: expiry,
    street: makeStreet(rng),
    city,
    zip: `${zip3}${rng.digits(2)}`,
  });
  if (rng.chance(0.35)) {
    for (let k = rng.chance(0.2) ? 2 : 1; k > 0; k--) {
      const make = PASSENGER_TABLE.sample(rng);
      const [model] = rng.pick(make.models);
      const year = ctx.asOfYear - rng.int(0, 18);
      const vin = ctx.vin(make.wmis, year);
      const plate = ctx.oosPlate(state);
      const colour = COLOURS.sample(rng);
      const current = status === 'VALID' && rng.chance(0.8);
      out.add('nlets.oos_registrations', {
        state,
        plate,
        vin,
        year,
        make: make.code,
        model,
        colour,
        expiry_date: fromDay(current ? ctx.asOfDay + rng.int(1, 365) : ctx.asOfDay - rng.int(1, 1500)),
        owner_person_id: person.id,
      });
      if (rng.chance(0.02)) {
        const theft = fromDay(ctx.asOfDay - rng.int(0, 400));
        out.add('ncic.stolen_vehicles', {
          nic: ctx.nic('V'),
          vin,
          plate,
          plate_state: state,
          year,
          make: make.code,
          model,
          colour,
          theft_date: theft,
          ori: outOfStateLawEnforcement(state, rng).ori,
          oca: ctx.oca(Number(theft.slice(0, 4))),
        });
      }
    }
  }
  return { state, oln };
}

/** Another state's criminal history for the person (IQ/FQ answer); returns its cycles for the III summary. */
export function writeStateHistory(ctx: Context, person: Person, state: string): { sid: string; cycles: Cycle[] } {
  const { rng, out } = ctx;
  const sid = ctx.sid(state);
  out.add('nlets.state_histories', { state, sid, person_id: person.id });
  const adultDay = toDay(addYears(person.dob, 18));
  const count = rng.chance(0.6) ? 1 : rng.int(2, 4);
  const days = Array.from({ length: count }, () => rng.int(adultDay, Math.max(adultDay, ctx.asOfDay - 1))).sort((a, b) => a - b);
  const cycles: Cycle[] = [];
  for (const day of days) {
    const arrestDate = fromDay(day);
    const agency = outOfStateLawEnforcement(state, rng);
    const offense = OUT_OF_STATE_OFFENSES.sample(rng);
    const disposition = day > ctx.asOfDay - 200 && rng.chance(0.5) ? 'PENDING' : OUT_OF_STATE_DISPOSITIONS.sample(rng);
    out.add('nlets.state_history_entries', { state, sid, arrest_date: arrestDate, agency: agency.ori, offense, disposition });
    cycles.push({ state, arrestDate, ori: agency.ori, offense, disposition });
  }
  return { sid, cycles };
}
