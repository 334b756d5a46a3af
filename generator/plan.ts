import { OUT_OF_STATE, type OutOfStateInfo } from './data/places.ts';
import { ORDER_TYPE_TABLE, ORDER_TYPES, type OrderType } from './data/ncic.ts';
import { Weighted, type Random } from './random.ts';
import type { Person } from './person.ts';

/**
 * What each person will have in each source, decided before any row is written so that people can be
 * linked to each other (a protection order's protected person is often someone in the population).
 */
export interface Plan {
  cori: boolean;
  sexOffender: boolean;
  wanted: boolean;
  missing: boolean;
  /** Restrained person in a protection order of this type. */
  order: OrderType | undefined;
  /** The protected person of that order when it is someone in the population, and how they are related. */
  protectedLink: { person: Person; relation: string; plan: Plan } | undefined;
  /** This person is protected by someone else's domestic-violence-type order. */
  isProtected: boolean;
  fingerprinted: boolean;
  /** Other states holding a criminal history for the person (III multi-state, or out-of-state only). */
  otherStates: string[];
  licensed: boolean;
  oosLicence: OutOfStateInfo | undefined;
  vehicles: number;
  safeAtHome: boolean;
  confidentialAddress: boolean;
}

const OOS_TABLE = new Weighted(OUT_OF_STATE.map((s): [OutOfStateInfo, number] => [s, s.weight]));
const VEHICLE_COUNT = new Weighted<number>([
  [0, 38],
  [1, 40],
  [2, 15],
  [3, 5],
  [4, 2],
]);
const DOMESTIC_TYPES = new Set(['DVRO', 'EPO', 'CRIMINAL_PROTECTIVE']);
const DVRO = ORDER_TYPES[0];

export function makePlan(person: Person, rng: Random): Plan {
  const adult = person.age >= 18;
  const ageFactor = person.age < 21 ? 0.45 : person.age < 30 ? 0.9 : person.age < 60 ? 1.15 : person.age < 75 ? 0.85 : 0.5;
  const cori = adult && rng.chance((person.sex === 'M' ? 0.29 : 0.125) * ageFactor);
  const sexOffender = cori && rng.chance(person.sex === 'M' ? 0.024 : 0.001);
  const wanted = rng.chance(cori ? 0.066 : adult ? 0.0036 : 0.002);
  const missing = rng.chance(person.age < 21 ? 0.004 : 0.0008);
  let order = adult && rng.chance(cori ? 0.032 : 0.0045) ? ORDER_TYPE_TABLE.sample(rng) : undefined;
  if (order?.type === 'CRIMINAL_PROTECTIVE' && !cori) order = DVRO;

  const oosOnly = adult && !cori && rng.chance(0.004);
  const fingerprinted = oosOnly || (cori ? rng.chance(0.7) : adult && rng.chance(0.03));
  const otherStates: string[] = [];
  if (oosOnly || (cori && fingerprinted && rng.chance(0.15))) {
    otherStates.push(OOS_TABLE.sample(rng).state);
    if (rng.chance(0.1)) {
      const second = OOS_TABLE.sample(rng).state;
      if (!otherStates.includes(second)) otherStates.push(second);
    }
  }

  const oosLicence = adult && rng.chance(0.08) ? OOS_TABLE.sample(rng) : undefined;
  const licenceRate = person.age < 18 ? 0.35 : person.age < 21 ? 0.72 : person.age < 80 ? 0.92 : 0.7;
  const licensed = rng.chance(oosLicence ? licenceRate * 0.5 : licenceRate);
  const vehicles = licensed ? VEHICLE_COUNT.sample(rng) : adult && rng.chance(0.03) ? 1 : 0;
  return {
    cori,
    sexOffender,
    wanted,
    missing,
    order,
    protectedLink: undefined,
    isProtected: false,
    fingerprinted,
    otherStates,
    licensed,
    oosLicence,
    vehicles,
    safeAtHome: rng.chance(0.0007),
    confidentialAddress: !cori && adult && rng.chance(0.0065),
  };
}

/**
 * Finds, within the chunk, the protected person for each order: a partner of similar age for
 * domestic orders, an elder for elder-abuse orders, a coworker or neighbour otherwise. Some orders
 * protect someone outside the population (no link).
 */
export function linkProtectedPersons(people: readonly Person[], plans: readonly Plan[], rng: Random): void {
  people.forEach((person, i) => {
    const order = plans[i].order;
    if (!order) return;
    const domestic = DOMESTIC_TYPES.has(order.type);
    const linkShare = domestic ? 0.75 : order.type === 'GVRO' ? 0.5 : 0.45;
    if (!rng.chance(linkShare)) return;
    for (let attempt = 0; attempt < 40; attempt++) {
      const j = rng.int(0, people.length - 1);
      const other = people[j];
      if (j === i || other.age < 18 || plans[j].order || plans[j].isProtected || plans[j].missing) continue;
      if (domestic || order.type === 'GVRO') {
        if (other.sex === person.sex && rng.chance(0.9)) continue;
        if (Math.abs(other.age - person.age) > 10) continue;
      } else if (order.type === 'ELDER_ABUSE' && other.age < 65) {
        continue;
      }
      plans[i].protectedLink = { person: other, relation: relationFor(order.type, rng), plan: plans[j] };
      if (domestic) {
        plans[j].isProtected = true;
        if (rng.chance(0.08)) plans[j].safeAtHome = true;
      }
      return;
    }
  });
}

export function relationFor(type: OrderType['type'], rng: Random): string {
  switch (type) {
    case 'DVRO':
    case 'EPO':
    case 'CRIMINAL_PROTECTIVE':
      return rng.weighted(DOMESTIC_RELATIONS);
    case 'GVRO':
      return rng.chance(0.6) ? 'SPOUSE' : 'OTHER';
    case 'WORKPLACE_VIOLENCE':
      return 'COWORKER';
    default:
      return 'OTHER';
  }
}

const DOMESTIC_RELATIONS = new Weighted<string>([
  ['SPOUSE', 30],
  ['EX_SPOUSE', 20],
  ['DATING', 30],
  ['COHABITANT', 20],
]);
