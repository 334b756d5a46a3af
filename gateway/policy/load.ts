import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type GraphQLSchema, isObjectType } from 'graphql';
import { CONDITIONS } from './conditions/index.ts';
import { coverageProblems } from './coverage.ts';
import { applyInvariants, checkDiscloseOnly, type Invariant } from './invariants.ts';
import { readSections, reporter, type PolicyFile, type PolicySections, type Report } from './policy-sections.ts';
import { PolicyError, type PolicyProblem } from './problems.ts';
import { RuleCompiler } from './rule-compiler.ts';
import { compileTypes } from './type-rules.ts';
import type { NeedToKnowKind, Policy } from './types.ts';
import { policyVersion } from './version.ts';
import type { Role } from '../../common/vocabulary.ts';

export { PolicyError, type PolicyProblem } from './problems.ts';
export type { PolicyFile } from './policy-sections.ts';

export interface CompileOptions {
  /**
   * Refuse the policy when a field of the schema has no rule (not reviewed, or a type without an entry).
   * Off only for tools and tests that look at part of a policy; such fields are denied either way.
   * @default true
   */
  requireEveryField?: boolean;
}

/**
 * Reads every *.yaml file in `dir` and validates it against the gateway's API schema. Throws PolicyError.
 * The version is the hash of exactly the bytes compiled, by path relative to `dir`.
 */
export function loadPolicy(dir: string, schema: GraphQLSchema, options: CompileOptions = {}): Policy {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
    .sort()
    .map((file) => ({ name: path.join(path.basename(dir), file), text: readFileSync(path.join(dir, file), 'utf8') }));
  return compilePolicy(files, schema, options);
}

/**
 * Parses, validates and compiles policy files into effective per-field rules. Throws PolicyError with
 * every problem of a step at once: parse (policy-sections.ts), resolve names (rule-compiler.ts),
 * compile types (type-rules.ts) and invariants, then the invariants applied and every field covered.
 */
export function compilePolicy(files: readonly PolicyFile[], schema: GraphQLSchema, options: CompileOptions = {}): Policy {
  const problems: PolicyProblem[] = [];
  const sections = readSections(files, problems);
  if (problems.length > 0) throw new PolicyError(problems);

  const report = reporter(sections, problems);
  const compiler = new RuleCompiler(schema, sections, report);
  const purposesByRole = compiler.purposesByRole();
  compiler.checkGroups();
  compiler.compileGrants();
  const { fields, entries } = compileTypes(schema, sections, compiler, report);
  const invariants = compileInvariants(schema, sections, compiler, report);
  if (problems.length > 0) throw new PolicyError(problems);

  problems.push(...applyInvariants(invariants, fields));
  if (options.requireEveryField ?? true) {
    problems.push(
      ...coverageProblems({
        schema,
        isCovered: (coordinate) => fields.has(coordinate),
        entries,
        fits: (grant, typeName) =>
          compiler.grants.get(grant)?.when.every((name) => typeName in (CONDITIONS.get(name)?.needs ?? {})) ?? false,
        fallbackFile: [...sections.types.values()][0]?.file ?? files[0]?.name ?? 'policies',
      }),
    );
  }
  if (problems.length > 0) throw new PolicyError(problems);
  return {
    purposesByRole,
    needToKnowByRole: needToKnowByRole(sections, purposesByRole.keys()),
    fields,
    files: files.map((f) => f.name),
    // By file name within the folder, so that a copy of the folder has the same version.
    version: policyVersion(files.map((f) => ({ relativePath: path.basename(f.name), bytes: f.text }))),
  };
}

/** What establishes need to know for each role (`roles.<ROLE>.needToKnow`); a case number unless it says more. */
function needToKnowByRole(sections: PolicySections, roles: Iterable<Role>): Map<Role, Set<NeedToKnowKind>> {
  return new Map([...roles].map((role) => [role, new Set(sections.roles.get(role)?.value.needToKnow ?? ['case'])]));
}

/** The `invariants:` section, its disclose-only lists checked against the schema. */
function compileInvariants(schema: GraphQLSchema, sections: PolicySections, compiler: RuleCompiler, report: Report): Invariant[] {
  const compiled: Invariant[] = [];
  for (const [id, { value, file, line }] of sections.invariants) {
    checkDiscloseOnly(value.discloseOnly, schema, (i, message) => report(file, ['invariants', id, 'discloseOnly', i], message));
    const purposes = compiler.resolvePurposeList(value.purposes, file, ['invariants', id, 'purposes']);
    compiled.push({ id, source: `${file}:${line}`, purposes, discloseOnly: value.discloseOnly, reason: value.reason });
  }
  return compiled;
}

/** Every field of every object type of the API schema that no rule covers. */
export function uncoveredFields(policy: Policy, schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.keys(type.getFields())) {
      if (!policy.fields.has(`${type.name}.${field}`)) missing.push(`${type.name}.${field}`);
    }
  }
  return missing;
}
