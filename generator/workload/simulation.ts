import type { AuditEventInput } from '../../audit/event.ts';
import { Random } from '../random.ts';
import { auditEvent, type Stated } from './events.ts';
import type { RmsCopy } from './rms-copy.ts';
import type { SimUser, SimVehicle, World } from './world.ts';

/**
 * The state of one simulated month: the random stream, the world, the records being written, and the
 * events emitted so far (each honest or belonging to one planted misuse).
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Relations an honest user never looks up (policy: hand the matter to a colleague); see audit/detectors/relative-lookup.ts. */
const RECUSED = new Set(['SPOUSE', 'EX_SPOUSE', 'EX_PARTNER', 'PROTECTIVE_ORDER_PARTY', 'HOUSEHOLD', 'PARENT', 'CHILD', 'SIBLING']);

export class Simulation {
  readonly events: AuditEventInput[] = [];
  /** `userId|day` with honest activity. */
  readonly honestUserDays = new Set<string>();
  private requests = 0;
  /** Persons each user met at work (looked up honestly, or on their caseload). */
  private readonly met = new Map<string, Set<string>>();
  private readonly numbers = new Map<string, number>();
  private readonly recused = new Map<string, Set<string>>();

  constructor(
    readonly rng: Random,
    readonly world: World,
    readonly rms: RmsCopy,
    readonly from: number,
    readonly to: number,
    private readonly seed: number,
  ) {}

  /** Records one request; returns its request id. Events outside the month are dropped (undefined). */
  emit(user: SimUser, time: number, disclosure: Parameters<typeof auditEvent>[2], stated: Stated = {}, honest = true): string | undefined {
    const at = Math.round(time);
    if (at < this.from || at >= this.to) return undefined;
    const requestId = `sim-${this.seed}-${++this.requests}`;
    this.events.push(auditEvent(user, at, disclosure, stated, requestId));
    if (honest) {
      this.honestUserDays.add(`${user.userId}|${Math.floor(at / DAY)}`);
      this.knowAbout(user, disclosure.subjects);
    }
    return requestId;
  }

  /** A new number at an agency: `I26-S0000001` (incident) or `26-S000001` (case); the S keeps them apart from rms's own. */
  number(kind: 'incident' | 'case', ori: string, time: number): string {
    const key = `${kind}|${ori}`;
    const n = (this.numbers.get(key) ?? 0) + 1;
    this.numbers.set(key, n);
    const yy = new Date(time).toISOString().slice(2, 4);
    return kind === 'incident' ? `I${yy}-S${String(n).padStart(7, '0')}` : `${yy}-S${String(n).padStart(6, '0')}`;
  }

  private recusedFor(user: SimUser): Set<string> {
    let set = this.recused.get(user.userId);
    if (!set) {
      set = new Set([user.personId]);
      for (const [other, relations] of this.world.relations.get(user.personId) ?? []) {
        if (relations.some((r) => RECUSED.has(r))) set.add(other);
      }
      this.recused.set(user.userId, set);
    }
    return set;
  }

  knowAbout(user: SimUser, persons: readonly string[]): void {
    let set = this.met.get(user.userId);
    if (!set) this.met.set(user.userId, (set = new Set()));
    for (const p of persons) set.add(p);
  }

  /** Whether the user met the person at work this month (planted misuse is about persons the user has no work with). */
  metAtWork(user: SimUser, personId: string): boolean {
    return this.met.get(user.userId)?.has(personId) ?? false;
  }

  /** Whether an honest user leaves this person to a colleague (themselves, their family). */
  isRecused(user: SimUser, personId: string): boolean {
    return this.recusedFor(user).has(personId);
  }

  /** A person an honest user may meet: anyone but the user and their family. */
  person(user: SimUser): string {
    const recused = this.recusedFor(user);
    for (;;) {
      const p = this.rng.pick(this.world.persons);
      if (!recused.has(p)) return p;
    }
  }

  vehicle(user: SimUser): SimVehicle {
    const recused = this.recusedFor(user);
    for (;;) {
      const v = this.rng.pick(this.world.vehicles);
      if (!recused.has(v.owner)) return v;
    }
  }

  /** Start of the user's shift on the day starting at `day` (ms), and its length. */
  shift(user: SimUser, day: number): { start: number; length: number } {
    const { startHour, endHour } = user.shift;
    const hours = (endHour - startHour + 24) % 24 || 24;
    return { start: day + startHour * HOUR, length: hours * HOUR };
  }

  /** Whether the user works the day (five days of seven, staggered by user). */
  works(user: SimUser, dayIndex: number): boolean {
    let h = 0;
    for (const c of user.userId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    return (dayIndex + h) % 7 < 5;
  }

  /** Uniform time in [start, start + length). */
  within(start: number, length: number): number {
    return start + this.rng.next() * length;
  }
}
