import { orderCheck, personCheck, plateCheck } from './events.ts';
import { DAY, HOUR, MINUTE, type Simulation } from './simulation.ts';
import type { SimUser } from './world.ts';

/**
 * Planted misuse, labelled: what the detectors must find. Each kind is one pattern from the audits that
 * found real misuse (an officer checking on an ex-spouse, a neighbour's plate, a celebrity, a protected
 * person's address for the restrained party, a curious afternoon of strangers, browsing from home at
 * night, keeping track of where someone lives), with the detector expected to report it. None of these
 * requests states a case or incident: the person is on nothing the user works.
 */

export const MISUSE_KINDS = [
  'EX_PARTNER',
  'NEIGHBOUR',
  'CO_WORKER',
  'CELEBRITY',
  'PROTECTED_ADDRESS',
  'REPEATED_ADDRESS',
  'CURIOUS_BURST',
  'OFF_SHIFT',
] as const;
export type MisuseKind = (typeof MISUSE_KINDS)[number];

/** The detector whose alert should report each kind. */
export const EXPECTED_DETECTOR: Readonly<Record<MisuseKind, string>> = {
  EX_PARTNER: 'relativeLookup',
  NEIGHBOUR: 'relativeLookup',
  CO_WORKER: 'relativeLookup',
  CELEBRITY: 'highProfileAccess',
  PROTECTED_ADDRESS: 'protectedPersonAddress',
  REPEATED_ADDRESS: 'repeatedAddress',
  CURIOUS_BURST: 'unexplainedVolume',
  OFF_SHIFT: 'offShiftBrowsing',
};

export interface PlantedMisuse {
  id: string;
  kind: MisuseKind;
  detector: string;
  userId: string;
  /** The person targeted; null for a burst of strangers. */
  subjectId: string | null;
  /** The requests that are the misuse. */
  requestIds: string[];
}

const CLOSE_FIRST = ['EX_SPOUSE', 'EX_PARTNER', 'SPOUSE', 'SIBLING', 'PARENT', 'CHILD', 'HOUSEHOLD'];

/** Users who look up records (not the auditors). */
const LOOKS_UP = (u: SimUser): boolean => u.role !== 'DOJ_AUDITOR';

export function plantMisuse(sim: Simulation, count: number, days: number): PlantedMisuse[] {
  const users = sim.world.users.filter(LOOKS_UP);
  const planted: PlantedMisuse[] = [];
  for (let i = 0; i < count && users.length > 0; i++) {
    const kind = MISUSE_KINDS[i % MISUSE_KINDS.length];
    // A whole day before the end, so that every part of the misuse falls inside the month.
    const day = sim.from + sim.rng.int(0, Math.max(0, days - 6)) * DAY;
    const plan = tryPlant(sim, kind, users, day);
    if (plan) planted.push({ id: `M${String(i + 1).padStart(3, '0')}`, kind, detector: EXPECTED_DETECTOR[kind], ...plan });
  }
  return planted;
}

function tryPlant(
  sim: Simulation,
  kind: MisuseKind,
  users: readonly SimUser[],
  day: number,
): Omit<PlantedMisuse, 'id' | 'kind' | 'detector'> | undefined {
  const { rng, world } = sim;
  const candidates = [...users];
  // Try users in a random order until one fits the pattern.
  for (let tries = 0; tries < candidates.length; tries++) {
    const user = candidates.splice(rng.int(0, candidates.length - 1), 1)[0];
    const { start, length } = sim.shift(user, day);
    const onShift = (): number => sim.within(start + HOUR, length - 3 * HOUR);
    const emit = (t: number, d: Parameters<Simulation['emit']>[2]): string[] => {
      const id = sim.emit(user, t, d, {}, false);
      return id ? [id] : [];
    };
    const related = world.relations.get(user.personId) ?? new Map<string, string[]>();
    switch (kind) {
      case 'EX_PARTNER': {
        const close = CLOSE_FIRST.flatMap((r) => [...related].filter(([, rs]) => rs.includes(r)).map(([p]) => p));
        if (close.length === 0) continue;
        const target = close[0];
        const t = onShift();
        const ids = [...emit(t, personCheck(target, true))];
        const car = world.vehiclesByOwner.get(target)?.[0];
        if (car) ids.push(...emit(t + rng.int(2, 10) * MINUTE, plateCheck(car)));
        if (rng.chance(0.5)) ids.push(...emit(t + rng.int(1, 3) * DAY, personCheck(target, true)));
        return { userId: user.userId, subjectId: target, requestIds: ids };
      }
      case 'NEIGHBOUR': {
        const neighbours = [...related].filter(([p, rs]) => rs.includes('NEIGHBOUR') && !sim.metAtWork(user, p)).map(([p]) => p);
        if (neighbours.length === 0) continue;
        const target = rng.pick(neighbours);
        const t = onShift();
        const car = world.vehiclesByOwner.get(target)?.[0];
        const ids = [...(car ? emit(t, plateCheck(car)) : []), ...emit(t + rng.int(2, 10) * MINUTE, personCheck(target, true))];
        return { userId: user.userId, subjectId: target, requestIds: ids };
      }
      case 'CO_WORKER': {
        const colleagues = world.users.filter(
          (u) => u.ori === user.ori && u.userId !== user.userId && !related.has(u.personId) && !sim.metAtWork(user, u.personId),
        );
        if (colleagues.length === 0) continue;
        const target = rng.pick(colleagues).personId;
        return { userId: user.userId, subjectId: target, requestIds: emit(onShift(), personCheck(target, true)) };
      }
      case 'CELEBRITY': {
        const famous = world.highProfile.filter((p) => !related.has(p) && p !== user.personId && !sim.metAtWork(user, p));
        if (famous.length === 0) continue;
        const target = rng.pick(famous);
        return { userId: user.userId, subjectId: target, requestIds: emit(onShift(), personCheck(target, rng.chance(0.5))) };
      }
      case 'PROTECTED_ADDRESS': {
        const orders = world.orders.filter(
          (o) => !related.has(o.protectedPerson) && o.protectedPerson !== user.personId && !sim.metAtWork(user, o.protectedPerson),
        );
        if (orders.length === 0) continue;
        const order = rng.pick(orders);
        const t = onShift();
        const ids = [
          ...emit(t, orderCheck(order, order.restrained)),
          ...emit(t + rng.int(3, 20) * MINUTE, personCheck(order.protectedPerson, true)),
        ];
        return { userId: user.userId, subjectId: order.protectedPerson, requestIds: ids };
      }
      case 'REPEATED_ADDRESS': {
        const target = stranger(sim, user);
        const ids = [0, 1, 3].flatMap((d) => emit(sim.shift(user, day + d * DAY).start + rng.int(1, 7) * HOUR, personCheck(target, true)));
        return { userId: user.userId, subjectId: target, requestIds: ids };
      }
      case 'CURIOUS_BURST': {
        const t = onShift();
        const ids: string[] = [];
        for (let i = rng.int(30, 40); i > 0; i--) {
          const at = t + rng.next() * 150 * MINUTE;
          ids.push(...emit(at, rng.chance(0.7) ? personCheck(stranger(sim, user), rng.chance(0.3)) : plateCheck(sim.vehicle(user))));
        }
        return { userId: user.userId, subjectId: null, requestIds: ids };
      }
      case 'OFF_SHIFT': {
        if (length >= 20 * HOUR) continue;
        const t = start + length + rng.int(90, 180) * MINUTE;
        const ids: string[] = [];
        for (let i = rng.int(6, 9); i > 0; i--)
          ids.push(...emit(t + rng.next() * 40 * MINUTE, personCheck(stranger(sim, user), rng.chance(0.4))));
        return { userId: user.userId, subjectId: null, requestIds: ids };
      }
    }
  }
  return undefined;
}

/** Someone the user has no work with. */
function stranger(sim: Simulation, user: SimUser): string {
  for (;;) {
    const p = sim.person(user);
    if (!sim.metAtWork(user, p)) return p;
  }
}
