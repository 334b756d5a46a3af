import path from 'node:path';
import type { AuditEventInput } from '../../audit/event.ts';
import type { AuditStore } from '../../audit/store.ts';
import { DEFAULT_AS_OF, readManifest } from '../index.ts';
import { Random } from '../random.ts';
import { HonestWork } from './honest.ts';
import { plantMisuse, type PlantedMisuse } from './misuse.ts';
import { RmsCopy } from './rms-copy.ts';
import { DAY, Simulation } from './simulation.ts';
import { readWorld } from './world.ts';

/**
 * The workload simulator: a month of realistic traffic for a generated dataset's roster, as the audit
 * events the gateway would have written, with labelled misuse planted in it, so that the misuse
 * detectors' recall and false-alarm rate can be measured (scripts/simulate.ts, test/misuse-precision.test.ts).
 * Deterministic by seed: the same dataset, seed and days give the same events and the same records.
 */

export { EXPECTED_DETECTOR, MISUSE_KINDS, type MisuseKind, type PlantedMisuse } from './misuse.ts';

export interface WorkloadOptions {
  /** A generated dataset (personnel, cjis, dmv, ncic and, when present, rms). */
  dataDir: string;
  /** Where the rms copy with the month's incidents and cases is written (`<outDir>/rms.sqlite`). */
  outDir: string;
  /** @default 30 */
  days?: number;
  /** @default 1 */
  seed?: number;
  /** Planted misuse scenarios. @default one per 250 user-days, at least one of each kind */
  misuse?: number;
}

export interface Workload {
  /** Every request of the month, oldest first. */
  events: AuditEventInput[];
  planted: PlantedMisuse[];
  /** The rms copy the detectors must read (openDetectionFacts `rmsFile`). */
  rmsFile: string;
  /** The month: [from, to) ISO; `to` is the dataset's as-of date (no event after it). */
  from: string;
  to: string;
  users: number;
  /** User-days with honest activity. */
  honestUserDays: number;
}

export function simulateWorkload(options: WorkloadOptions): Workload {
  const days = options.days ?? 30;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(days) || days < 7 || days > 366) throw new RangeError(`--days must be a whole number from 7 to 366, got ${days}`);
  const asOf = readManifest(options.dataDir)?.asOf ?? DEFAULT_AS_OF;
  const to = Date.parse(`${asOf}T00:00:00.000Z`);
  const from = to - days * DAY;
  const world = readWorld(options.dataDir, asOf);
  if (world.users.length === 0) throw new Error(`${options.dataDir} has no agency users: generate a dataset of at least 300 persons`);
  const rms = new RmsCopy(path.join(options.outDir, 'rms.sqlite'), options.dataDir);
  try {
    const rng = new Random((Math.imul(seed, 0x9e3779b1) ^ 0x51a1e7) >>> 0);
    const sim = new Simulation(rng, world, rms, from, to, seed);
    const honest = new HonestWork(sim);
    honest.prepare(world.users);
    // Shifts that start the day before the month run into its first hours.
    for (let d = -1; d < days; d++) for (const user of world.users) honest.day(user, from + d * DAY, d);
    const count = options.misuse ?? Math.max(8, Math.round((world.users.length * days) / 250));
    const planted = plantMisuse(sim, count, days);
    const events = sim.events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    return {
      events,
      planted,
      rmsFile: rms.file,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      users: world.users.length,
      honestUserDays: sim.honestUserDays.size,
    };
  } finally {
    rms.close();
  }
}

/**
 * Appends the events to an audit store, in order, many at a time (the store's group commit chains each
 * batch in one transaction). Returns each request id's seq.
 */
export async function writeWorkload(store: AuditStore, events: readonly AuditEventInput[], batch = 2000): Promise<Map<string, number>> {
  const seqs = new Map<string, number>();
  for (let i = 0; i < events.length; i += batch) {
    const slice = events.slice(i, i + batch);
    // Appended in order: each waits for the previous one to be queued, not committed.
    const written = await Promise.all(slice.map((event) => store.append(event)));
    for (const e of written) seqs.set(e.requestId, e.seq);
  }
  return seqs;
}
