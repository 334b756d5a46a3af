import type { Context } from './context.ts';
import { PersonFactory, type Person } from './person.ts';
import { linkProtectedPersons, makePlan, type Plan } from './plan.ts';
import { writeCori, type Cycle } from './records/cori.ts';
import { writeAddresses, writeLicence, writeVehicles } from './records/dmv.ts';
import { KnownNames } from './records/names.ts';
import { writeMissing, writeSexOffender, writeStolenProperty, writeWants } from './records/ncic.ts';
import { writeOutOfStateLicence, writeStateHistory } from './records/nlets.ts';
import { writeOrder } from './records/orders.ts';

/** People are generated, linked and written in chunks of this size (one transaction per store per chunk). */
export const CHUNK_SIZE = 5000;

/**
 * Streams the population into the stores: each chunk is generated, planned and linked in memory,
 * then written person by person; only one chunk is ever held.
 */
export async function writePopulation(
  ctx: Context,
  persons: number,
  onProgress?: (done: number, total: number) => void,
  /** Sees each planned chunk before it is written (personnel placement; may edit names and addresses). */
  shapeChunk?: (people: Person[], plans: readonly Plan[]) => void,
): Promise<void> {
  const factory = new PersonFactory(ctx.rng, ctx.asOf);
  for (let start = 1; start <= persons; start += CHUNK_SIZE) {
    const end = Math.min(persons, start + CHUNK_SIZE - 1);
    const people: Person[] = [];
    for (let index = start; index <= end; index++) people.push(factory.make(index));
    const plans = people.map((person) => makePlan(person, ctx.rng));
    linkProtectedPersons(people, plans, ctx.rng);
    shapeChunk?.(people, plans);
    ctx.out.begin();
    people.forEach((person, i) => writePerson(ctx, person, plans[i]));
    ctx.out.commit();
    onProgress?.(end, persons);
    // Let timers and I/O run between chunks (progress bars, a server starting alongside).
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function writePerson(ctx: Context, person: Person, plan: Plan): void {
  const { rng, out } = ctx;
  const names = new KnownNames(person);
  const dlNumber = plan.licensed ? ctx.dlNumber() : null;
  const fbi = plan.fingerprinted ? ctx.fbi() : null;
  if ((plan.cori || plan.wanted) && rng.chance(0.2)) names.addAka(ctx);

  const cori = plan.cori ? writeCori(ctx, person, plan, names, { fbi, oln: dlNumber }) : undefined;
  const cycles: Cycle[] = cori ? [...cori.cycles] : [];
  const states: { state: string; sid: string }[] = cori ? [{ state: 'CA', sid: cori.cii }] : [];
  for (const state of plan.otherStates) {
    const history = writeStateHistory(ctx, person, state);
    cycles.push(...history.cycles);
    states.push({ state, sid: history.sid });
  }
  if (fbi && cycles.length > 0) writeIii(ctx, person, fbi, states, cycles);

  const classes = dlNumber ? writeLicence(ctx, person, dlNumber, cori?.lastDuiConviction).classes : [];
  if (dlNumber || plan.vehicles > 0) writeAddresses(ctx, person, plan);
  if (plan.vehicles > 0) writeVehicles(ctx, person, plan.vehicles, classes.length > 0 ? classes : ['C']);

  if (plan.wanted) writeWants(ctx, person, names, cori);
  if (plan.missing) writeMissing(ctx, person, names);
  if (plan.order) writeOrder(ctx, person, plan, names, cori);
  if (cori?.sexOffense) writeSexOffender(ctx, person, cori.sexOffense);
  writeStolenProperty(ctx, person);

  const oosOln = plan.oosLicence ? writeOutOfStateLicence(ctx, person, plan.oosLicence, dlNumber !== null) : undefined;

  // Noise from agencies outside these sources (a court clerk's misspelling, a mistyped DOB on a citation).
  if (rng.chance(0.012)) names.asEntered(ctx, 1, 0);
  if (rng.chance(0.005)) names.asEntered(ctx, 0, 1);

  out.add('cjis.persons', {
    id: person.id,
    last_name: person.last,
    first_name: person.first,
    middle_name: person.middle,
    sex: person.sex,
    race: person.race,
    dob: person.dob,
    height: person.height,
    weight: person.weight,
    eye: person.eye,
    hair: person.hair,
    skin: person.skin,
    fbi,
    cii: cori?.cii ?? null,
    oln: dlNumber ?? oosOln?.oln ?? null,
    ols: dlNumber ? 'CA' : (oosOln?.state ?? null),
  });
  names.write(ctx);
}

function writeIii(ctx: Context, person: Person, fbi: string, states: { state: string; sid: string }[], cycles: Cycle[]): void {
  const { out } = ctx;
  cycles.sort((a, b) => a.arrestDate.localeCompare(b.arrestDate) || a.state.localeCompare(b.state));
  const updated = cycles[cycles.length - 1].arrestDate;
  out.add('cjis.iii_records', { fbi, person_id: person.id, multi_state: states.length > 1 ? 1 : 0, updated_at: updated });
  for (const { state, sid } of states) out.add('cjis.iii_states', { fbi, state, sid });
  for (const c of cycles) {
    out.add('cjis.iii_cycles', {
      fbi,
      state: c.state,
      arrest_date: c.arrestDate,
      ori: c.ori,
      offense: c.offense,
      disposition: c.disposition,
    });
  }
}
