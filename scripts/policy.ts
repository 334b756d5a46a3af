/**
 * The policy officer's tool. Every answer comes from the same decision function the gateway uses.
 *   npm run policy -- check
 *   npm run policy -- explain --role PATROL_OFFICER --purpose C [--case 24-001] [Person CriminalHistory.ssn ...]
 *   npm run policy -- diff HEAD~1 [policies/] [--json]         (directories or git revisions)
 *   npm run policy -- replay --candidate DIR [--from ISO] [--to ISO] [--store FILE|URL] [--json]
 *   npm run policy -- test [policies/tests/*.yaml ...]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { type GraphQLSchema, isObjectType } from 'graphql';
import { REPO_ROOT } from '../common/config.ts';
import { apiSchemaOfSupergraphFile } from '../gateway/policy/api-schema.ts';
import { actingRoles, decideStatically } from '../gateway/policy/decide.ts';
import { diffPolicies, formatPolicyDiff } from '../gateway/policy/diff.ts';
import { formatPolicyTestResults, runPolicyTests } from '../gateway/policy/policy-tests.ts';
import { formatReplayReport, PolicyReplayer } from '../gateway/policy/replay.ts';
import { openAuditStore } from '../audit/open-store.ts';
import { loadPolicy, PolicyError, type CompileOptions } from '../gateway/policy/load.ts';
import { formatProblem } from '../gateway/policy/problems.ts';
import { isRole, parsePurpose, ROLES, type Purpose, type Role } from '../common/vocabulary.ts';

const program = new Command('policy').description('Check and explain the field policies in policies/.');
program
  .option('--policies <dir>', 'policy directory', process.env.POLICY_DIR ?? path.join(REPO_ROOT, 'policies'))
  .option('--supergraph <file>', 'composed supergraph', process.env.SUPERGRAPH_PATH ?? path.join(REPO_ROOT, 'supergraph.graphql'));

function load(options: CompileOptions = {}, dir?: string, schema?: GraphQLSchema) {
  const { policies, supergraph } = program.opts<{ policies: string; supergraph: string }>();
  schema ??= apiSchemaOfSupergraphFile(supergraph);
  try {
    return { schema, policy: loadPolicy(dir ?? policies, schema, options) };
  } catch (error) {
    if (error instanceof PolicyError) {
      const count = error.problems.length;
      const what = dir === undefined ? 'the gateway will not start' : `in ${dir}`;
      process.stderr.write(`Policy is invalid (${count} problem${count === 1 ? '' : 's'}); ${what}:\n`);
      process.stderr.write(`${error.problems.map(formatProblem).join('\n')}\n`);
      throw new AlreadyReported();
    }
    throw error;
  }
}

/** A failure already explained on stderr: exit 1 once temporary copies are cleaned up. */
class AlreadyReported extends Error {}

/**
 * A policy directory, or a git revision (`HEAD~1`, `main`) whose policy directory is copied out of the
 * repository into a temporary `policies/` (so rule sources read `policies/grants.yaml:48` as in the tree).
 */
function policySource(spec: string): { dir: string; label: string; cleanup: () => void } {
  if (existsSync(spec) && statSync(spec).isDirectory()) return { dir: spec, label: shown(spec), cleanup: () => {} };
  if (spec.startsWith('-')) throw new InvalidArgumentError(`"${spec}" is neither a policy directory nor a git revision`);
  const { policies } = program.opts<{ policies: string }>();
  const inRepo = path.relative(REPO_ROOT, path.resolve(policies)).split(path.sep).join('/');
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', REPO_ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', '--quiet', `${spec}^{commit}`).trim();
  } catch {
    throw new InvalidArgumentError(`"${spec}" is neither a policy directory nor a git revision`);
  }
  const names = git('ls-tree', '--name-only', commit, `${inRepo}/`)
    .split('\n')
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'));
  if (names.length === 0) throw new InvalidArgumentError(`revision ${spec} has no policy files under ${inRepo}/`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'policy-rev-'));
  const dir = path.join(root, path.basename(inRepo));
  mkdirSync(dir);
  for (const name of names) writeFileSync(path.join(dir, path.basename(name)), git('show', `${commit}:${name}`));
  return { dir, label: `${spec}:${inRepo}`, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

program
  .command('check')
  .description('validate every policy file and check that every supergraph field has a reviewed rule')
  .action(() => {
    const { policy } = load();
    process.stdout.write(`policy OK: ${policy.files.length} files, every one of ${policy.fields.size} fields has a reviewed rule.\n`);
  });

program
  .command('explain')
  .description('show what a caller (roles + purpose + case number) may see, field by field')
  .requiredOption('--role <role>', 'a role (repeatable)', (value: string, previous: Role[] = []) => {
    const name = value.toUpperCase();
    if (!isRole(name)) throw new InvalidArgumentError(`unknown role; use one of ${ROLES.join(', ')}`);
    return [...previous, name];
  })
  .requiredOption('--purpose <purpose>', 'purpose letter or name', (value: string): Purpose => {
    const purpose = parsePurpose(value);
    if (!purpose) throw new InvalidArgumentError('unknown purpose');
    return purpose;
  })
  .option('--case <number>', 'case number (OCA)')
  .argument('[targets...]', 'types (Person) or fields (Person.ssn); default: every type')
  .action((targets: string[], options: { role: Role[]; purpose: Purpose; case?: string }) => {
    // Fields awaiting review are shown (denied) rather than refused: explain helps decide them.
    const { schema, policy } = load({ requireEveryField: false });
    const context = { sub: 'explain', ori: 'XX0000000', roles: options.role, purpose: options.purpose, caseNumber: options.case };
    const acting = actingRoles(policy, context);
    const idle = options.role.filter((role) => !acting.includes(role));
    if (acting.length === 0)
      process.stdout.write(
        `note: ${options.role.join('+')} may not state purpose ${options.purpose}: the gateway refuses such requests (403).\n`,
      );
    else if (idle.length > 0)
      process.stdout.write(
        `note: ${idle.join(', ')} may not state purpose ${options.purpose}: only the grants of ${acting.join(', ')} count.\n`,
      );
    const coordinates = expand(targets, schema);
    for (const coordinate of coordinates) {
      const decision = decideStatically(policy, context, coordinate);
      const verdict = decision.kind === 'allow' ? 'ALLOW ' : decision.kind === 'deny' ? 'DENY  ' : 'DEPENDS';
      const detail =
        decision.kind === 'depends'
          ? ` on ${decision.conditions.join(', ')}`
          : decision.kind === 'deny'
            ? `  ${decision.decision.reason}`
            : '';
      process.stdout.write(`${verdict} ${coordinate}${detail}\n`);
    }
  });

program
  .command('diff')
  .description('what every role x purpose x case number gains and loses between two policies (directories or git revisions)')
  .argument('<before>', 'policy directory or git revision (HEAD~1, main)')
  .argument('[after]', 'policy directory or git revision; default: --policies')
  .option('--json', 'machine-readable output')
  .action((beforeSpec: string, afterSpec: string | undefined, options: { json?: boolean }) => {
    const before = policySource(beforeSpec);
    const after = policySource(afterSpec ?? program.opts<{ policies: string }>().policies);
    try {
      // Fields a side leaves unreviewed are denied on that side; the diff shows them, `check` refuses them.
      const { schema, policy: was } = load({ requireEveryField: false }, before.dir);
      const { policy: now } = load({ requireEveryField: false }, after.dir, schema);
      const diff = diffPolicies(was, now, schema);
      if (options.json) process.stdout.write(`${JSON.stringify({ before: before.label, after: after.label, ...diff }, null, 2)}\n`);
      else process.stdout.write(`${formatPolicyDiff(diff, { before: before.label, after: after.label }).join('\n')}\n`);
    } finally {
      before.cleanup();
      after.cleanup();
    }
  });

program
  .command('replay')
  .description('re-decide the requests of the audit trail under a candidate policy and report what would change')
  .requiredOption('--candidate <dir>', 'candidate policy directory (or git revision)')
  .option('--from <iso>', 'first event time (inclusive)')
  .option('--to <iso>', 'last event time (exclusive)')
  .option('--store <file|url>', 'audit store: a SQLite file or a postgres:// URL; default: as the gateway (DATABASE_URL, AUDIT_DB)')
  .option('--json', 'machine-readable output')
  .action(async (options: { candidate: string; from?: string; to?: string; store?: string; json?: boolean }) => {
    const from = options.from === undefined ? undefined : isoOption(options.from, '--from');
    const to = options.to === undefined ? undefined : isoOption(options.to, '--to');
    const { policies } = program.opts<{ policies: string }>();
    const candidate = policySource(options.candidate);
    const started = performance.now();
    try {
      const { schema, policy: live } = load({ requireEveryField: false });
      const { policy: next } = load({ requireEveryField: false }, candidate.dir, schema);
      const replayer = new PolicyReplayer(live, next, schema);
      const store = await openAuditStore(storeEnv(options.store));
      try {
        const PAGE = 5000;
        for (let afterSeq = 0; ;) {
          const page = await store.after(afterSeq, PAGE);
          for (const event of page) {
            if ((from === undefined || event.time >= from) && (to === undefined || event.time < to)) replayer.add(event);
          }
          if (page.length < PAGE) break;
          afterSeq = page[page.length - 1].seq;
        }
      } finally {
        await store.close();
      }
      const report = replayer.report();
      const seconds = (performance.now() - started) / 1000;
      if (options.json)
        process.stdout.write(`${JSON.stringify({ live: shown(policies), candidate: candidate.label, seconds, ...report }, null, 2)}\n`);
      else {
        const lines = formatReplayReport(report, { live: shown(policies), candidate: candidate.label });
        process.stdout.write(`${lines.join('\n')}\nreplayed in ${seconds.toFixed(1)} s\n`);
      }
    } finally {
      candidate.cleanup();
    }
  });

/** A folder as a person reads it: relative to where the command runs. */
function shown(dir: string): string {
  return path.relative(process.cwd(), path.resolve(dir)) || '.';
}

/** The environment openAuditStore reads, pointed at `--store` when given. */
function storeEnv(store: string | undefined): NodeJS.ProcessEnv {
  if (store === undefined) return process.env;
  if (/^postgres(ql)?:\/\//.test(store)) return { ...process.env, DATABASE_URL: store };
  if (!existsSync(store)) throw new InvalidArgumentError(`--store ${store}: no such file (a SQLite audit store, or a postgres:// URL)`);
  return { ...process.env, DATABASE_URL: '', AUDIT_DB: store };
}

function isoOption(value: string, name: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new InvalidArgumentError(`${name} must be an ISO-8601 date or time, got "${value}"`);
  return new Date(time).toISOString();
}

program
  .command('test')
  .description('run the policy tests written in YAML (policies/tests/*.yaml: cases and the expectation matrix)')
  .argument('[files...]', 'test files; default: every *.yaml in <policies>/tests')
  .action((files: string[]) => {
    const { policies } = program.opts<{ policies: string }>();
    const testDir = path.join(policies, 'tests');
    if (files.length === 0 && !existsSync(testDir)) throw new InvalidArgumentError(`no test files given and no folder ${testDir}`);
    const chosen =
      files.length > 0
        ? files
        : readdirSync(testDir)
            .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
            .sort()
            .map((file) => path.join(testDir, file));
    // Decisions are tested whether or not every field is reviewed yet (`check` says that); unreviewed = denied.
    const { schema, policy } = load({ requireEveryField: false });
    const results = runPolicyTests(
      chosen.map((file) => ({ name: path.relative(process.cwd(), file) || file, text: readFileSync(file, 'utf8') })),
      policy,
      schema,
    );
    const lines = formatPolicyTestResults(results);
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    const checks = results.reduce((sum, result) => sum + result.checks, 0);
    const failed = results.filter((result) => result.failures.length > 0 || result.problems.length > 0).length;
    process.stdout.write(
      `policy tests: ${results.length} file(s), ${checks} decisions checked, ${failed === 0 ? 'all passed' : `${failed} file(s) failed`}\n`,
    );
    if (failed > 0) process.exitCode = 1;
  });

function expand(targets: string[], schema: ReturnType<typeof apiSchemaOfSupergraphFile>): string[] {
  const types = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__'));
  const chosen = targets.length === 0 ? types.map((t) => t.name) : targets;
  return chosen.flatMap((target) => {
    if (target.includes('.')) return [target];
    const type = schema.getType(target);
    if (!isObjectType(type)) throw new InvalidArgumentError(`no object type ${target}`);
    return Object.keys(type.getFields()).map((field) => `${target}.${field}`);
  });
}

try {
  await program.parseAsync();
} catch (error) {
  // Bad input (an unknown revision, a missing store, an invalid policy) is the user's to fix: say what, without a stack.
  if (!(error instanceof InvalidArgumentError) && !(error instanceof AlreadyReported)) throw error;
  if (error instanceof InvalidArgumentError) process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
}
