import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT, SUBGRAPH_NAMES } from '../../common/config.ts';

/**
 * Generates the end-to-end dataset once: 3,000 persons, seed 1, into `data-test/<fingerprint>/` (git
 * ignored). The fingerprint covers the generator's code and the store contracts, so a run after either
 * changes gets fresh data, and every other run reuses what is there. Tests read the folder with
 * `inject('dataDir')`.
 */
export const E2E_PERSONS = 3000;
export const E2E_SEED = 1;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder holding the generated `<subgraph>.sqlite` stores for end-to-end tests. */
    dataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const root = path.join(REPO_ROOT, 'data-test');
  const dataDir = path.join(root, `p${E2E_PERSONS}-s${E2E_SEED}-${fingerprint()}`);
  mkdirSync(root, { recursive: true });
  await withLock(path.join(root, '.lock'), async () => {
    removeStaleDatasets(root, dataDir);
    const { ensureData } = await import('../../generator/index.ts');
    const started = performance.now();
    await ensureData({ persons: E2E_PERSONS, seed: E2E_SEED, outDir: dataDir });
    const seconds = (performance.now() - started) / 1000;
    if (seconds > 1) console.log(`e2e dataset ready in ${dataDir} (${seconds.toFixed(1)} s)`);
  });
  project.provide('dataDir', dataDir);
}

/** Hash of everything that decides what the generator writes. */
function fingerprint(): string {
  const hash = createHash('sha256');
  const generatorDir = path.join(REPO_ROOT, 'generator');
  const files = [
    ...listFiles(generatorDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')),
    // The audit subgraph has no generated store (and no store.sql).
    ...SUBGRAPH_NAMES.map((name) => path.join(REPO_ROOT, 'subgraphs', name, 'store.sql')).filter((file) => existsSync(file)),
  ].sort();
  for (const file of files) {
    hash.update(path.relative(REPO_ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** Datasets of older generator versions, untouched for an hour (so a concurrent run keeps its own). */
function removeStaleDatasets(root: string, keep: string): void {
  const hourAgo = Date.now() - 3600_000;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory() && full !== keep && statSync(full).mtimeMs < hourAgo) {
      rmSync(full, { recursive: true, force: true });
    }
  }
}

/** Serialises dataset generation between concurrent test runs on this machine. */
async function withLock(lockFile: string, fn: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      closeSync(openSync(lockFile, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left behind by a crashed run is broken after ten minutes.
      const since = statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 10 * 60_000) rmSync(lockFile, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
