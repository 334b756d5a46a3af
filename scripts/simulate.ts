/**
 * `npm run simulate -- [--persons N] [--days 30] [--seed S] [--data DIR] [--keep]`
 *
 * Measures the misuse detectors on a simulated month: generates (or reuses) a dataset, simulates the
 * roster's traffic with labelled misuse planted in it (generator/workload/), writes it to a fresh SQLite
 * audit store, then — in a process of its own, so that its time and memory are detection's alone — runs
 * detection and case grouping and prints per detector and overall: planted misuse, recall, false cases per
 * 1,000 honest user-days, events, time and peak memory.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { openDetectionFacts } from '../audit/facts.ts';
import { openSqliteAuditStore } from '../audit/store-sqlite.ts';
import { ensureData } from '../generator/index.ts';
import { simulateWorkload, writeWorkload, type PlantedMisuse } from '../generator/workload/index.ts';
import { measureDetection, type Measurement } from '../generator/workload/measure.ts';
import { integer } from './cli-options.ts';

interface Options {
  persons: number;
  days: number;
  seed: number;
  data?: string;
  keep?: boolean;
  /** Internal: measure the simulated month in this folder (the child process). */
  measure?: string;
}

/** What the simulating process hands the measuring one. */
interface Labels {
  dataDir: string;
  asOf: string;
  rmsFile: string;
  planted: PlantedMisuse[];
  /** Seq of each planted request. */
  seqs: [string, number][];
  honestUserDays: number;
}

const options = new Command('simulate')
  .description('Simulate a month of traffic with planted misuse and measure the misuse detectors.')
  .option('--persons <n>', 'persons in the dataset', integer(300), 3000)
  .option('--days <n>', 'days simulated (ending at the dataset as-of date)', integer(7), 30)
  .option('--seed <n>', 'seed of the dataset and of the simulation', integer(0), 1)
  .option('--data <dir>', 'dataset directory (generated there if missing)')
  .option('--keep', 'keep the simulated audit store and rms copy')
  .option('--measure <dir>', 'internal: measure a simulated month written by this script')
  .parse()
  .opts<Options>();

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number): string => `${Math.round(bytes / 1048576)} MB`;

try {
  if (options.measure) await measure(options.measure);
  else await simulate();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

async function simulate(): Promise<void> {
  const dataDir = path.resolve(options.data ?? path.join(tmpdir(), 'clets-simulate', `p${options.persons}-s${options.seed}`));
  const workDir = path.join(dataDir, `simulated-${options.days}d-s${options.seed}`);
  let t = performance.now();
  const manifest = await ensureData({ persons: options.persons, seed: options.seed, outDir: dataDir });
  console.log(
    `dataset ${dataDir}: ${manifest.persons.toLocaleString('en-US')} persons, as of ${manifest.asOf} (${seconds(performance.now() - t)})`,
  );
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  try {
    t = performance.now();
    const workload = simulateWorkload({ dataDir, outDir: workDir, days: options.days, seed: options.seed });
    const simulated = performance.now() - t;
    const store = await openSqliteAuditStore(path.join(workDir, 'audit.sqlite'));
    t = performance.now();
    let seqs: Map<string, number>;
    try {
      seqs = await writeWorkload(store, workload.events);
    } finally {
      await store.close();
    }
    console.log(
      `simulated ${workload.from.slice(0, 10)}..${workload.to.slice(0, 10)}: ${workload.users} users, ${workload.events.length.toLocaleString('en-US')} events, ${workload.planted.length} planted misuse (${seconds(simulated)} simulating, ${seconds(performance.now() - t)} writing; simulator peak RSS ${mb(process.resourceUsage().maxRSS * 1024)})`,
    );
    const planted = new Set(workload.planted.flatMap((p) => p.requestIds));
    const labels: Labels = {
      dataDir,
      asOf: manifest.asOf,
      rmsFile: workload.rmsFile,
      planted: workload.planted,
      seqs: [...seqs].filter(([id]) => planted.has(id)),
      honestUserDays: workload.honestUserDays,
    };
    writeFileSync(path.join(workDir, 'labels.json'), JSON.stringify(labels));
    const script = fileURLToPath(import.meta.url);
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, script, '--measure', workDir], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (status) => resolve(status ?? 1));
    });
    if (code !== 0) process.exitCode = code;
  } finally {
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

async function measure(workDir: string): Promise<void> {
  const labels = JSON.parse(readFileSync(path.join(workDir, 'labels.json'), 'utf8')) as Labels;
  const rssBefore = process.memoryUsage().rss;
  const store = await openSqliteAuditStore(path.join(workDir, 'audit.sqlite'));
  const facts = openDetectionFacts(labels.dataDir, { today: () => labels.asOf, rmsFile: labels.rmsFile });
  try {
    const result = await measureDetection(store, facts, labels.planted, new Map(labels.seqs), labels.honestUserDays);
    print(result, rssBefore);
  } finally {
    facts.close();
    await store.close();
  }
}

function print(m: Measurement, rssBefore: number): void {
  const rows = [
    ['detector', 'planted', 'found', 'recall', 'alerts', 'false alerts', 'false cases'],
    ...m.detectors.map((d) => [d.detector, d.planted, d.found, d.recall.toFixed(2), d.alerts, d.falseAlerts, d.falseCases].map(String)),
    ['overall', m.planted, m.found, m.recall.toFixed(2), m.alerts, '', m.falseCases].map(String),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('');
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  console.log('');
  console.log(`recall ${m.recall.toFixed(3)} (target >= 0.95)`);
  console.log(
    `false cases ${m.falseCases} in ${m.honestUserDays.toLocaleString('en-US')} honest user-days = ${m.falseCasesPer1000UserDays.toFixed(2)} per 1,000 (target <= 1)`,
  );
  console.log(`case drafts ${m.cases}; events examined ${m.events.toLocaleString('en-US')}`);
  console.log(
    `detection ${seconds(m.detectionMs)} (${Math.round(m.events / (m.detectionMs / 1000)).toLocaleString('en-US')} events/s); detection process RSS at start ${mb(rssBefore)}, peak ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
  for (const p of m.missed) console.log(`missed ${p.id} ${p.kind} by ${p.userId} (${p.subjectId ?? 'no subject'})`);
  for (const d of m.falseDrafts.slice(0, 20)) console.log(`false case ${d.severity} ${d.key} [${d.detectors.join(',')}] ${d.summaries[0]}`);
}
