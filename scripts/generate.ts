/**
 * `npm run generate -- --persons 10000 --seed 1 --out data`
 *
 * Generates the synthetic population into the five source stores (generator/index.ts) and prints the
 * row counts and the elapsed time. Progress goes to stderr: a bar on a terminal, a line every 10%
 * otherwise (CI=true or output not a TTY).
 */
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { DEFAULT_AS_OF, generate } from '../generator/index.ts';
import { dataDirFromEnv } from '../common/config.ts';
import { integer } from './cli-options.ts';

interface Options {
  persons: number;
  seed: number;
  out?: string;
  asOf: string;
}

const program = new Command()
  .name('generate')
  .description('Generate one fictitious population into cjis/ncic/nlets/dmv/cori SQLite stores plus manifest.json.')
  .option('--persons <n>', 'number of generated persons (showcase persons come on top)', integer(0), 10_000)
  .option('--seed <n>', 'seed of the pseudo-random generator', integer(Number.MIN_SAFE_INTEGER), 1)
  .option('--out <dir>', 'output directory (default: DATA_DIR or ./data)')
  .option('--as-of <date>', 'ISO date the data is "as of"', DEFAULT_AS_OF)
  .parse();

const options = program.opts<Options>();
const outDir = path.resolve(options.out ?? dataDirFromEnv());

function progressReporter(total: number): { update(done: number): void; stop(): void } {
  if (process.stderr.isTTY && process.env.CI !== 'true') {
    const bar = new cliProgress.SingleBar(
      {
        format: 'Generating [{bar}] {percentage}% | {value}/{total} persons | {duration_formatted}',
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  let nextTenth = 1;
  return {
    update(done) {
      const tenth = total > 0 ? Math.floor((done * 10) / total) : 10;
      if (tenth < nextTenth) return;
      nextTenth = tenth + 1;
      const percent = Math.floor((done * 100) / Math.max(1, total));
      process.stderr.write(`generated ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} persons (${percent}%)\n`);
    },
    stop() {},
  };
}

const progress = progressReporter(options.persons);
try {
  const manifest = await generate({
    persons: options.persons,
    seed: options.seed,
    outDir,
    asOf: options.asOf,
    onProgress: (done) => progress.update(done),
  });
  progress.stop();
  const width = Math.max(...Object.keys(manifest.counts).map((k) => k.length));
  console.log(`\nWrote ${outDir} (seed ${manifest.seed}, ${manifest.persons.toLocaleString('en-US')} persons, as of ${manifest.asOf})`);
  for (const [table, count] of Object.entries(manifest.counts)) {
    console.log(`  ${table.padEnd(width)}  ${count.toLocaleString('en-US').padStart(12)}`);
  }
  console.log(`Done in ${manifest.seconds.toFixed(1)} s`);
} catch (error) {
  progress.stop();
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
