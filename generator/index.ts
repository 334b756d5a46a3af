import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AGENCIES } from './agencies.ts';
import { Context } from './context.ts';
import { isCalendarDate } from './dates.ts';
import { plantShowcase } from './plant.ts';
import { PERSONNEL_FILE, PersonnelWriter, plantPersonnel } from './personnel.ts';
import { PersonnelPlanner } from './personnel-population.ts';
import { writePopulation } from './population.ts';
import { Random } from './random.ts';
import { writeFingerprints } from './records/livescan.ts';
import { writeAgencyRecords } from './records/rms.ts';
import { POPULATION_SOURCES, SOURCES } from './tables.ts';
import { StoreWriter } from './writer.ts';

/**
 * The synthetic-data generator: one fictitious population written into each source's own SQLite store
 * (`cjis.sqlite`, `ncic.sqlite`, `nlets.sqlite`, `dmv.sqlite`, `cori.sqlite`), who the agency users are in
 * it (`personnel.sqlite`, for the audit trail's misuse detectors), the agencies' own cases and CAD incidents
 * (`rms.sqlite`, drawn from both) and `manifest.json`.
 * Same seed and options, same rows.
 */

export interface GenerateOptions {
  /** Number of generated people (the showcase people in generator/showcase.ts come on top). */
  persons: number;
  /** PRNG seed. @default 1 */
  seed?: number;
  /** Directory that receives the stores and manifest.json. */
  outDir: string;
  /** ISO date the data is "as of"; no event is dated after it. @default '2026-11-01' */
  asOf?: string;
  /** Called after each chunk of people is written. */
  onProgress?: (done: number, total: number) => void;
}

export interface Manifest {
  generatorVersion: number;
  seed: number;
  persons: number;
  asOf: string;
  /** Rows per table, e.g. `'dmv.vehicles' -> n`. */
  counts: Record<string, number>;
  /** When this dataset was written (not part of the content). */
  generatedAt: string;
  /** Wall-clock generation time. */
  seconds: number;
}

/** Bumped whenever the same options would produce different rows. */
export const GENERATOR_VERSION = 3;
export const DEFAULT_AS_OF = '2026-11-01';
export const STORE_FILES: readonly string[] = [...SOURCES.map((source) => `${source}.sqlite`), PERSONNEL_FILE];
const MANIFEST_FILE = 'manifest.json';
/** Generated person ids are P0000001..P8999999; P9xxxxxx belongs to the showcase. */
const MAX_PERSONS = 8_999_999;

export async function generate(options: GenerateOptions): Promise<Manifest> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const persons = options.persons;
  if (!Number.isInteger(persons) || persons < 0 || persons > MAX_PERSONS) {
    throw new Error(`persons must be an integer from 0 to ${MAX_PERSONS}, got ${persons}`);
  }
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!isCalendarDate(asOf)) throw new Error(`asOf must be a YYYY-MM-DD date, got "${asOf}"`);

  const outDir = path.resolve(options.outDir);
  await mkdir(path.dirname(outDir), { recursive: true });
  // A sibling, so the final renames stay on one filesystem; `data-generating-*` matches .gitignore's `data-*/`.
  const tmp = await mkdtemp(path.join(path.dirname(outDir), `${path.basename(outDir)}-generating-`));
  let writer: StoreWriter | undefined;
  let personnel: PersonnelWriter | undefined;
  try {
    writer = new StoreWriter(tmp, POPULATION_SOURCES);
    personnel = new PersonnelWriter(tmp);
    writer.begin();
    for (const agency of AGENCIES) writer.add('nlets.agencies', { ...agency });
    plantShowcase(writer);
    plantPersonnel(writer, personnel);
    writer.commit();
    const planner = new PersonnelPlanner(seed, persons, personnel);
    await writePopulation(new Context(new Random(seed), asOf, writer), persons, options.onProgress, (people, plans) =>
      planner.shapeChunk(people, plans),
    );
    const populationCounts = { ...writer.finish(), ...personnel.finish(path.join(tmp, 'ncic.sqlite')) };
    // The agencies' cases and CAD incidents are drawn from the finished population and roster.
    const counts = sortedCounts({
      ...populationCounts,
      'cori.fingerprints': writeFingerprints(tmp),
      ...writeAgencyRecords({ dir: tmp, seed, asOf, persons }),
    });
    const manifest: Manifest = {
      generatorVersion: GENERATOR_VERSION,
      seed,
      persons,
      asOf,
      counts,
      generatedAt: new Date().toISOString(),
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
    await writeFile(path.join(tmp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await install(tmp, outDir);
    return manifest;
  } catch (error) {
    writer?.abort();
    personnel?.abort();
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Returns the manifest if `outDir` already holds complete stores for these options, else generates them. */
export async function ensureData(options: GenerateOptions): Promise<Manifest> {
  const manifest = readManifest(options.outDir);
  const complete =
    manifest !== undefined &&
    manifest.generatorVersion === GENERATOR_VERSION &&
    manifest.seed === (options.seed ?? 1) &&
    manifest.persons === options.persons &&
    manifest.asOf === (options.asOf ?? DEFAULT_AS_OF) &&
    STORE_FILES.every((file) => existsSync(path.join(options.outDir, file)));
  return complete ? manifest : generate(options);
}

/** The manifest of a generated data directory, or undefined if there is none (or it is unreadable). */
export function readManifest(dataDir: string): Manifest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path.join(dataDir, MANIFEST_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  return isManifest(parsed) ? parsed : undefined;
}

function isManifest(value: unknown): value is Manifest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.generatorVersion === 'number' &&
    typeof m.seed === 'number' &&
    typeof m.persons === 'number' &&
    typeof m.asOf === 'string' &&
    typeof m.counts === 'object' &&
    m.counts !== null &&
    typeof m.generatedAt === 'string' &&
    typeof m.seconds === 'number'
  );
}

/**
 * Moves the finished stores from the temporary directory into `outDir`. The old manifest goes first and
 * the new one last, so a crash in between leaves no manifest and the next ensureData regenerates.
 * Other files in `outDir` (e.g. an audit store) are left alone.
 */
async function install(tmp: string, outDir: string): Promise<void> {
  if (!existsSync(outDir)) {
    await rename(tmp, outDir);
    return;
  }
  await rm(path.join(outDir, MANIFEST_FILE), { force: true });
  for (const file of STORE_FILES) {
    await rm(path.join(outDir, `${file}-wal`), { force: true });
    await rm(path.join(outDir, `${file}-shm`), { force: true });
    await rename(path.join(tmp, file), path.join(outDir, file));
  }
  await rename(path.join(tmp, MANIFEST_FILE), path.join(outDir, MANIFEST_FILE));
  await rm(tmp, { recursive: true, force: true });
}
