import type { Context } from '../context.ts';
import { addYears, fromDay, toDay } from '../dates.ts';
import { COUNTIES } from '../data/places.ts';
import { COMPANION_CHARGES, DV_STATUTES, SEX_STATUTES, STATUTE_TABLE, type Statute } from '../data/statutes.ts';
import type { Person } from '../person.ts';
import type { Plan } from '../plan.ts';
import { Weighted } from '../random.ts';
import { writeSupervisionAndPrograms, type Conviction } from './cori-supervision.ts';
import { lawEnforcement, local } from './local.ts';
import type { KnownNames } from './names.ts';

/** One arrest cycle as the III summary shows it. */
export interface Cycle {
  state: string;
  arrestDate: string;
  ori: string;
  offense: string;
  disposition: string;
}

/** What other sources need to know about a person's California record. */
export interface CoriResult {
  cii: string;
  cycles: Cycle[];
  /** Date of the latest DUI conviction, if any. */
  lastDuiConviction: string | undefined;
  activeSupervision: boolean;
  /** The latest domestic-violence case (a criminal protective order is issued in it). */
  dvCase: { court: string; caseNumber: string; date: string; countyCode: string } | undefined;
  /** The registrable sex offence conviction, if any. */
  sexOffense: { text: string; date: string } | undefined;
  violent: boolean;
}

const ARREST_COUNT = new Weighted<number>([
  [1, 50],
  [2, 20],
  [3, 11],
  [4, 6],
  [5, 4],
  [6, 3],
  [7, 2],
  [8, 1.5],
  [10, 1],
  [12, 0.8],
  [15, 0.5],
]);
const LEAD_OUTCOME = new Weighted<string>([
  ['CONVICTED', 64],
  ['DISMISSED', 22],
  ['DIVERSION', 8],
  ['ACQUITTED', 3],
]);
const SEX_TABLE = new Weighted(SEX_STATUTES.map((s): [Statute, number] => [s, s.weight + 1]));
const DV_TABLE = new Weighted(DV_STATUTES.filter((s) => s.statute !== 'PC 646.9(a)').map((s): [Statute, number] => [s, s.weight]));
const COUNTY_BY_CODE = new Map(COUNTIES.map((c) => [c.code, c]));

export function writeCori(
  ctx: Context,
  person: Person,
  plan: Plan,
  names: KnownNames,
  ids: { fbi: string | null; oln: string | null },
): CoriResult {
  const { rng, out } = ctx;
  const cii = ctx.cii();
  const entered = names.asEntered(ctx, 0.03, 0.01);
  out.add('cori.subjects', {
    cii,
    person_id: person.id,
    last_name: entered.last,
    first_name: entered.first,
    middle_name: entered.middle,
    dob: entered.dob,
    sex: person.sex,
    race: person.race,
    ssn: rng.chance(0.85) ? ctx.ssn() : null,
    oln: ids.oln,
    fbi: ids.fbi,
  });

  const result: CoriResult = {
    cii,
    cycles: [],
    lastDuiConviction: undefined,
    activeSupervision: false,
    dvCase: undefined,
    sexOffense: undefined,
    violent: false,
  };
  const adultDay = toDay(addYears(person.dob, 18));
  const span = Math.max(1, ctx.asOfDay - 1 - adultDay);
  const careerStart = adultDay + Math.floor(span * rng.next() ** 1.6);
  const count = ARREST_COUNT.sample(rng);
  const days = Array.from({ length: count }, () => rng.int(careerStart, ctx.asOfDay - 1)).sort((a, b) => a - b);
  const convictions: Conviction[] = [];

  days.forEach((day, index) => {
    const agency = lawEnforcement(person.address.county, rng);
    const county = COUNTY_BY_CODE.get(agency.ori.slice(2, 5)) ?? person.address.county;
    const arrestId = ctx.nextId('AR');
    const arrestDate = fromDay(day);
    out.add('cori.arrests', {
      id: arrestId,
      cii,
      arrest_date: arrestDate,
      ori: agency.ori,
      booking_number: `B${arrestDate.slice(2, 4)}${rng.digits(7)}`,
    });
    // Booking: a night or a few in the county jail.
    out.add('cori.custody', {
      id: ctx.nextId('CU'),
      cii,
      facility: `${county.name.toUpperCase()} COUNTY MAIN JAIL`,
      kind: 'JAIL',
      start_date: arrestDate,
      end_date: fromDay(Math.min(ctx.asOfDay, day + rng.int(0, 3))),
    });

    const sexCharge = plan.sexOffender && index === 0 && day < ctx.asOfDay - 400;
    const dvCharge = plan.order?.type === 'CRIMINAL_PROTECTIVE' && index === days.length - 1;
    const lead = sexCharge ? SEX_TABLE.sample(rng) : dvCharge ? DV_TABLE.sample(rng) : STATUTE_TABLE.sample(rng);
    const statutes = [lead];
    const companions = COMPANION_CHARGES[lead.kind];
    if (companions && rng.chance(0.4)) {
      for (const extra of [rng.pick(companions), rng.pick(companions)].slice(0, rng.chance(0.25) ? 2 : 1)) {
        if (!statutes.includes(extra)) statutes.push(extra);
      }
    }

    const noComplaint = !sexCharge && rng.chance(0.1);
    const dispositionDay = noComplaint ? day + rng.int(3, 30) : day + rng.int(20, 420);
    const pending = dispositionDay > ctx.asOfDay;
    const level = statutes.some((s) => s.level === 'F') ? 'F' : 'M';
    const courtCase = noComplaint ? null : `${level}${arrestDate.slice(2, 4)}-${rng.digits(6)}`;
    const court = noComplaint ? null : local(county).court.name;
    const leadOutcome = pending ? 'PENDING' : noComplaint ? 'NO_COMPLAINT' : sexCharge ? 'CONVICTED' : LEAD_OUTCOME.sample(rng);

    statutes.forEach((statute, seq) => {
      let disposition = leadOutcome;
      if (seq > 0 && leadOutcome === 'CONVICTED') disposition = rng.chance(0.65) ? 'DISMISSED' : 'CONVICTED';
      const dispositionDate = pending ? null : fromDay(dispositionDay);
      const age = ctx.asOfDay - dispositionDay;
      const sealed =
        dispositionDate !== null &&
        ((disposition !== 'CONVICTED' && age > 730 && rng.chance(0.12)) ||
          (disposition === 'CONVICTED' && statute.level === 'M' && age > 1825 && rng.chance(0.04)));
      const chargeId = ctx.nextId('CH');
      out.add('cori.charges', {
        id: chargeId,
        arrest_id: arrestId,
        seq: seq + 1,
        statute: statute.statute,
        description: statute.description,
        level: statute.level,
        court,
        court_case_number: courtCase,
        disposition,
        disposition_date: dispositionDate,
        sealed: sealed ? 1 : 0,
      });
      if (disposition === 'CONVICTED' && dispositionDate) {
        convictions.push({ chargeId, statute, date: dispositionDate, day: dispositionDay, county, lead: seq === 0 });
      }
      if (disposition === 'DIVERSION' && dispositionDate && statute.kind === 'DRUG' && seq === 0) {
        convictions.push({ chargeId, statute, date: dispositionDate, day: dispositionDay, county, lead: false, diversion: true });
      }
    });

    result.cycles.push({
      state: 'CA',
      arrestDate,
      ori: agency.ori,
      offense: `${lead.description} (${lead.statute})`,
      disposition: leadOutcome,
    });
    if (lead.kind === 'DV' && court && courtCase)
      result.dvCase = { court, caseNumber: courtCase, date: arrestDate, countyCode: county.code };
    if (sexCharge && !pending) result.sexOffense = { text: `${lead.statute} ${lead.description}`, date: fromDay(dispositionDay) };
  });

  for (const c of convictions) {
    if (c.diversion) continue;
    if (c.statute.kind === 'DUI') result.lastDuiConviction = c.date;
    if (c.statute.kind === 'VIOLENT' || c.statute.kind === 'DV' || c.statute.kind === 'WEAPON') result.violent = true;
  }
  result.activeSupervision = writeSupervisionAndPrograms(ctx, cii, convictions);
  return result;
}
