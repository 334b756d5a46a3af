/**
 * The long authorization fuzz: random callers and operations against a freshly started stack (the e2e
 * dataset, five subgraphs, the gateway), every answer judged by the independent oracle in test/oracle/.
 *   npm run fuzz -- [--runs 10000] [--seed N] [--mutant no-shield|no-prune] [--examples 20]
 * Exits 1 when the oracle finds a leak (or, with --mutant, when it finds none: the oracle must catch it).
 */
import { Command, InvalidArgumentError } from 'commander';
import type { TestProject } from 'vitest/node';
import setupDataset from '../test/support/global-setup.ts';
import { headersFor } from '../test/support/callers.ts';
import { startStack } from '../test/support/stack.ts';
import { OracleDataset } from '../test/oracle/dataset.ts';
import { formatReport, leaksOf, runOracleFuzz, type Send } from '../test/oracle/run.ts';
import { loadOracleSchemas } from '../test/oracle/schema.ts';

const MUTANTS = ['no-shield', 'no-prune'] as const;
type Mutant = (typeof MUTANTS)[number];

const integer = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number');
  return parsed;
};

const program = new Command('fuzz')
  .description('Fuzz the gateway with random callers and operations; judge every answer with the independent oracle.')
  .option('--runs <n>', 'operations to send', integer, 10_000)
  .option('--seed <n>', 'fast-check seed (same seed, same operations)', integer, 20261129)
  .option('--mutant <name>', `run against a deliberately broken gateway (${MUTANTS.join(', ')})`, (value: string): Mutant => {
    if (!(MUTANTS as readonly string[]).includes(value)) throw new InvalidArgumentError(`use one of ${MUTANTS.join(', ')}`);
    return value as Mutant;
  })
  .option('--examples <n>', 'kinds of finding to print, each with one example', integer, 20)
  .parse();

const options = program.opts<{ runs: number; seed: number; mutant?: Mutant; examples: number }>();
process.env.LOG_LEVEL ??= 'silent';

let dataDir = '';
// The e2e dataset, generated once and cached under data-test/ (the same one the tests use).
await setupDataset({ provide: (_key: string, value: string) => (dataDir = value) } as unknown as TestProject);
const oracle = { schemas: loadOracleSchemas(), data: new OracleDataset(dataDir) };
const stack = await startStack({ dataDir, authorizationMutant: options.mutant });
const send: Send = async (caller, operation) => {
  const headers = await headersFor({ ...caller, roles: [...caller.roles] });
  const { status, body } = await stack.query(operation.query, operation.variables, headers);
  return { status, body };
};

const started = performance.now();
try {
  const report = await runOracleFuzz({
    oracle,
    send,
    runs: options.runs,
    seed: options.seed,
    onProgress: (done, so) =>
      process.stderr.write(`\r${done}/${options.runs} operations, ${so.valuesChecked} values checked, ${so.findings.length} findings`),
  });
  process.stderr.write('\n');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${options.mutant ? `mutant ${options.mutant}: ` : ''}${formatReport(report, options.examples)}\n(${seconds} s, seed ${options.seed})\n`,
  );
  // Unmutated, any finding fails the run (a failed request too); a mutant must leak.
  const leaked = leaksOf(report).length > 0;
  process.exitCode = options.mutant ? (leaked ? 0 : 1) : report.findings.length > 0 ? 1 : 0;
  if (options.mutant && !leaked) process.stdout.write(`the oracle did not catch mutant ${options.mutant}\n`);
} finally {
  await stack.stop();
}
