/**
 * `npm run compose [-- --check] [--config supergraph.yaml] [--out supergraph.graphql]`
 *
 * Composes the subgraph SDLs named in supergraph.yaml into supergraph.graphql (no rover binary).
 * On composition errors it prints each error's code, subgraphs and file:line, exits 1 and leaves the
 * existing supergraph.graphql untouched. `--check` writes nothing and exits 1 when the file is stale.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { composeFromConfig, formatProblem } from '../gateway/composition.ts';
import { REPO_ROOT } from '../common/config.ts';

const program = new Command('compose')
  .description('Compose the subgraph SDLs into the supergraph SDL')
  .option('--config <file>', 'rover supergraph config', path.join(REPO_ROOT, 'supergraph.yaml'))
  .option('--out <file>', 'supergraph SDL to write', path.join(REPO_ROOT, 'supergraph.graphql'))
  .option('--check', 'compare with the existing file instead of writing; exit 1 when it is stale', false)
  .option('--verbose', 'print every composition hint in full', false)
  .parse();

const options = program.opts<{ config: string; out: string; check: boolean; verbose: boolean }>();
const out = path.resolve(options.out);
const outcome = composeFromConfig(options.config);

if (!outcome.ok) {
  console.error(`Composition failed with ${outcome.problems.length} error(s); ${path.relative(process.cwd(), out)} was not changed.\n`);
  for (const problem of outcome.problems) console.error(`  ${formatProblem(problem, process.cwd())}\n`);
  process.exit(1);
}

const current = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
const fresh = outcome.supergraphSdl.endsWith('\n') ? outcome.supergraphSdl : `${outcome.supergraphSdl}\n`;
const subgraphList = outcome.config.subgraphs.map((s) => s.name).join(', ');

if (options.check) {
  if (current === fresh) {
    console.log(`${path.relative(process.cwd(), out)} is up to date (${subgraphList}).`);
  } else {
    console.error(`${path.relative(process.cwd(), out)} is ${current === undefined ? 'missing' : 'stale'}: run \`npm run compose\`.`);
    process.exit(1);
  }
} else {
  // Write beside and rename, so a reader never sees half a supergraph.
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, fresh);
  renameSync(temporary, out);
  const verb = current === fresh ? 'unchanged' : 'written';
  console.log(`${path.relative(process.cwd(), out)} ${verb}: ${subgraphList} composed (federation ${outcome.config.federationVersion}).`);
}
printHints();

/** Hints do not fail composition; a count per code, or each in full with --verbose. */
function printHints(): void {
  if (!outcome.ok || outcome.hints.length === 0) return;
  if (options.verbose) {
    for (const hint of outcome.hints) console.log(`  hint ${hint.code}: ${hint.message}`);
    return;
  }
  const counts = new Map<string, number>();
  for (const hint of outcome.hints) counts.set(hint.code, (counts.get(hint.code) ?? 0) + 1);
  const summary = [...counts].map(([code, n]) => `${code} x${n}`).join(', ');
  console.log(`  ${outcome.hints.length} composition hint(s): ${summary} (--verbose to see them)`);
}
