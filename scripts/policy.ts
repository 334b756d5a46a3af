/**
 * The policy officer's tool. Every answer comes from the same decision function the gateway uses.
 *   npm run policy -- check
 *   npm run policy -- explain --role PATROL_OFFICER --purpose C [--case 24-001] [Person CriminalHistory.ssn ...]
 */
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { isObjectType } from 'graphql';
import { REPO_ROOT } from '../common/config.ts';
import { apiSchemaOfSupergraphFile } from '../gateway/policy/api-schema.ts';
import { actingRoles, decideStatically } from '../gateway/policy/decide.ts';
import { loadPolicy, PolicyError, type CompileOptions } from '../gateway/policy/load.ts';
import { formatProblem } from '../gateway/policy/problems.ts';
import { isRole, parsePurpose, ROLES, type Purpose, type Role } from '../common/vocabulary.ts';

const program = new Command('policy').description('Check and explain the field policies in policies/.');
program
  .option('--policies <dir>', 'policy directory', process.env.POLICY_DIR ?? path.join(REPO_ROOT, 'policies'))
  .option('--supergraph <file>', 'composed supergraph', process.env.SUPERGRAPH_PATH ?? path.join(REPO_ROOT, 'supergraph.graphql'));

function load(options: CompileOptions = {}) {
  const { policies, supergraph } = program.opts<{ policies: string; supergraph: string }>();
  const schema = apiSchemaOfSupergraphFile(supergraph);
  try {
    return { schema, policy: loadPolicy(policies, schema, options) };
  } catch (error) {
    if (error instanceof PolicyError) {
      const count = error.problems.length;
      process.stderr.write(`Policy is invalid (${count} problem${count === 1 ? '' : 's'}); the gateway will not start:\n`);
      process.stderr.write(`${error.problems.map(formatProblem).join('\n')}\n`);
      process.exit(1);
    }
    throw error;
  }
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

await program.parseAsync();
