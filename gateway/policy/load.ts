import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { type GraphQLSchema, isInterfaceType, isObjectType } from 'graphql';
import { CONDITIONS } from './conditions/index.ts';
import { coverageProblems, type TypeEntry } from './coverage.ts';
import { policyFileSchema } from './file-schema.ts';
import { applyInvariants, checkDiscloseOnly, type Invariant } from './invariants.ts';
import { didYouMean, PolicyError, type PolicyProblem } from './problems.ts';
import type { AllowRule, DenyRule, FieldRules, Policy } from './types.ts';
import { isRole, parsePurpose, PURPOSE_NAMES, PURPOSES, ROLES, type Purpose, type Role } from '../../shared/vocabulary.ts';
import { parsePolicyFile, type ParsedFile, type Segments } from './yaml-source.ts';

export { PolicyError, type PolicyProblem } from './problems.ts';

const PURPOSE_WORDS = [...PURPOSES, ...Object.values(PURPOSE_NAMES)];

export interface PolicyFile {
  /** Path shown in messages, e.g. policies/dmv.yaml. */
  name: string;
  text: string;
}

export interface CompileOptions {
  /**
   * Refuse the policy when a field of the schema has no rule (not reviewed, or a type without an entry).
   * Off only for tools and tests that look at part of a policy; such fields are denied either way.
   * @default true
   */
  requireEveryField?: boolean;
}

/** Reads every *.yaml file in `dir` and validates it against the gateway's API schema. Throws PolicyError. */
export function loadPolicy(dir: string, schema: GraphQLSchema, options: CompileOptions = {}): Policy {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
    .sort()
    .map((file) => ({ name: path.join(path.basename(dir), file), text: readFileSync(path.join(dir, file), 'utf8') }));
  return compilePolicy(files, schema, options);
}

type Located<T> = { value: T; file: string; line: number };
type RawRule = Record<string, unknown>;
type RawRuleSet = unknown[] | { allow?: unknown[]; deny?: unknown[] };
type RawType = { default?: RawRuleSet; reviewed?: string[]; fields?: Record<string, RawRuleSet> };
type RawInvariant = { purposes: string[]; discloseOnly: string[]; reason: string };

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validateFile = ajv.compile(policyFileSchema);

/** Parses, validates and compiles policy files into effective per-field rules. Throws PolicyError. */
export function compilePolicy(files: readonly PolicyFile[], schema: GraphQLSchema, options: CompileOptions = {}): Policy {
  const problems: PolicyProblem[] = [];
  const roles = new Map<string, Located<{ purposes: string[] }>>();
  const groups = new Map<string, Located<string[]>>();
  const grants = new Map<string, Located<RawRule>>();
  const types = new Map<string, Located<RawType>>();
  const invariants = new Map<string, Located<RawInvariant>>();
  const parsed = new Map<string, ParsedFile>();

  for (const file of files) {
    const result = parsePolicyFile(file, validateFile, problems);
    if (!result) continue;
    parsed.set(file.name, result);
    const merge = <T>(section: string, into: Map<string, Located<T>>) => {
      for (const [name, value] of Object.entries(result.content[section] ?? {})) {
        const line = result.lineAt([section, name]);
        const existing = into.get(name);
        if (existing) {
          problems.push({ file: file.name, line, message: `${section} "${name}" is already defined at ${existing.file}:${existing.line}` });
        } else {
          into.set(name, { value: value as T, file: file.name, line });
        }
      }
    };
    merge('roles', roles);
    merge('groups', groups);
    merge('grants', grants);
    merge('types', types);
    merge('invariants', invariants);
  }
  if (problems.length > 0) throw new PolicyError(problems);

  const lineAt = (file: string, segments: Segments) => parsed.get(file)?.lineAt(segments) ?? 1;
  const report = (file: string, segments: Segments, message: string) => problems.push({ file, line: lineAt(file, segments), message });

  // Roles and the purposes each may state.
  const purposesByRole = new Map<Role, Set<Purpose>>();
  for (const [name, { value, file }] of roles) {
    if (!isRole(name)) {
      report(file, ['roles', name], `unknown role "${name}"${didYouMean(name, ROLES)}`);
      continue;
    }
    const purposes = new Set<Purpose>();
    value.purposes.forEach((raw, i) => {
      const purpose = parsePurpose(raw);
      if (purpose) purposes.add(purpose);
      else report(file, ['roles', name, 'purposes', i], `unknown purpose "${raw}"${didYouMean(raw, PURPOSE_WORDS)}`);
    });
    purposesByRole.set(name, purposes);
  }

  const resolveRoles = (names: readonly string[], file: string, at: Segments): Role[] => {
    const result = new Set<Role>();
    names.forEach((name, i) => {
      if (isRole(name)) result.add(name);
      else if (groups.has(name)) groups.get(name)!.value.forEach((member) => isRole(member) && result.add(member));
      else report(file, [...at, i], `unknown role or group "${name}"${didYouMean(name, [...ROLES, ...groups.keys()])}`);
    });
    return [...result];
  };
  for (const [name, { value, file }] of groups) {
    value.forEach((member, i) => {
      if (!isRole(member)) report(file, ['groups', name, i], `unknown role "${member}" in group ${name}${didYouMean(member, ROLES)}`);
    });
  }
  const resolvePurposeList = (raw: readonly string[], file: string, at: Segments): Purpose[] =>
    raw.flatMap((name, i) => {
      const purpose = parsePurpose(name);
      if (!purpose) report(file, [...at, i], `unknown purpose "${name}"${didYouMean(name, PURPOSE_WORDS)}`);
      return purpose ? [purpose] : [];
    });
  const resolvePurposes = (raw: unknown, file: string, at: Segments): Purpose[] | 'any' =>
    raw === 'any' ? 'any' : resolvePurposeList(raw as string[], file, at);
  const resolveConditions = (raw: unknown, typeName: string, file: string, at: Segments): string[] => {
    const names = (raw as string[] | undefined) ?? [];
    names.forEach((name, i) => {
      const condition = CONDITIONS.get(name);
      if (!condition) report(file, [...at, i], `unknown condition "${name}"${didYouMean(name, [...CONDITIONS.keys()])}`);
      else if (!(typeName in condition.needs)) {
        report(file, [...at, i], `condition "${name}" cannot be evaluated on ${typeName} (only on ${Object.keys(condition.needs).join(', ')})`);
      } else if (isRootType(schema, typeName)) {
        report(file, [...at, i], `root fields (${typeName}) cannot depend on data: their decision must be made before anything runs`);
      }
    });
    return names;
  };
  // Grants are checked once, where they are written, whether or not a field uses them.
  const compiledGrants = new Map<string, AllowRule>();
  for (const [name, { value, file }] of grants) {
    compiledGrants.set(name, compileRuleBody(name, value, file, ['grants', name]));
  }
  function compileRuleBody(id: string, rule: RawRule, file: string, at: Segments): AllowRule {
    return {
      id,
      source: `${file}:${lineAt(file, at)}`,
      roles: resolveRoles(rule.roles as string[], file, [...at, 'roles']),
      purposes: resolvePurposes(rule.purposes, file, [...at, 'purposes']),
      caseNumberRequired: rule.caseNumber === 'required',
      when: (rule.when as string[] | undefined) ?? [],
      reason: rule.reason as string | undefined,
    };
  }
  const compileAllow = (entry: unknown, typeName: string, file: string, at: Segments): AllowRule | undefined => {
    if (typeof entry === 'string') {
      const grant = compiledGrants.get(entry);
      if (!grant) {
        report(file, at, `unknown grant "${entry}"${didYouMean(entry, [...grants.keys()])}`);
        return undefined;
      }
      // A grant's conditions must make sense on each type that uses it.
      return { ...grant, when: resolveConditions(grant.when, typeName, file, at) };
    }
    const rule = compileRuleBody((entry as RawRule).id as string, entry as RawRule, file, at);
    return { ...rule, when: resolveConditions(rule.when, typeName, file, [...at, 'when']) };
  };
  const compileDeny = (rule: RawRule, typeName: string, file: string, at: Segments): DenyRule => ({
    id: rule.id as string,
    source: `${file}:${lineAt(file, at)}`,
    roles: rule.roles ? resolveRoles(rule.roles as string[], file, [...at, 'roles']) : [],
    exceptRoles: rule.exceptRoles ? resolveRoles(rule.exceptRoles as string[], file, [...at, 'exceptRoles']) : [],
    purposes: rule.purposes ? resolvePurposes(rule.purposes, file, [...at, 'purposes']) : 'any',
    when: resolveConditions(rule.when, typeName, file, [...at, 'when']),
    reason: rule.reason as string,
  });
  const compileSet = (set: RawRuleSet | undefined, typeName: string, file: string, at: Segments) => {
    if (!set) return undefined;
    const allowList = Array.isArray(set) ? set : set.allow;
    const allowAt = Array.isArray(set) ? at : [...at, 'allow'];
    const denyList = Array.isArray(set) ? [] : (set.deny ?? []);
    return {
      allow: allowList?.map((entry, i) => compileAllow(entry, typeName, file, [...allowAt, i])).filter((r): r is AllowRule => !!r),
      deny: denyList.map((rule, i) => compileDeny(rule as RawRule, typeName, file, [...at, 'deny', i])),
    };
  };

  // Field rules: a field's own rule, or the type default for a field listed as reviewed. The field's own
  // `allow` replaces the default's; `deny` rules of both always apply. Any other field has no rule.
  const fields = new Map<string, FieldRules>();
  const entries = new Map<string, TypeEntry>();
  for (const [typeName, { value, file, line }] of types) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) && !isInterfaceType(type)) {
      const outputTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) || isInterfaceType(t)).map((t) => t.name);
      report(file, ['types', typeName], `no object type "${typeName}" in the supergraph${didYouMean(typeName, outputTypes)}`);
      continue;
    }
    const schemaFields = type.getFields();
    const defaults = compileSet(value.default, typeName, file, ['types', typeName, 'default']);
    const own = new Map<string, ReturnType<typeof compileSet>>();
    for (const [fieldName, set] of Object.entries(value.fields ?? {})) {
      if (!(fieldName in schemaFields)) {
        report(file, ['types', typeName, 'fields', fieldName], `${typeName} has no field "${fieldName}"${didYouMean(fieldName, Object.keys(schemaFields))}`);
        continue;
      }
      own.set(fieldName, compileSet(set, typeName, file, ['types', typeName, 'fields', fieldName]));
    }
    const reviewed = checkReviewed(typeName, value, Object.keys(schemaFields), {
      report: (at, message) => report(file, ['types', typeName, ...at], message),
      ruleLine: (fieldName) => lineAt(file, ['types', typeName, 'fields', fieldName]),
    });
    for (const fieldName of Object.keys(schemaFields)) {
      const field = own.get(fieldName);
      if (!field && !reviewed.has(fieldName)) continue; // not reviewed: no rule, denied (coverage check below)
      const allow = field?.allow ?? defaults?.allow ?? [];
      fields.set(`${typeName}.${fieldName}`, { allow, deny: [...(defaults?.deny ?? []), ...(field?.deny ?? [])] });
    }
    entries.set(typeName, typeEntry(value, file, line, reviewed, lineAt(file, ['types', typeName, 'reviewed'])));
  }

  const compiledInvariants: Invariant[] = [];
  for (const [id, { value, file, line }] of invariants) {
    checkDiscloseOnly(value.discloseOnly, schema, (i, message) => report(file, ['invariants', id, 'discloseOnly', i], message));
    const purposes = resolvePurposeList(value.purposes, file, ['invariants', id, 'purposes']);
    compiledInvariants.push({ id, source: `${file}:${line}`, purposes, discloseOnly: value.discloseOnly, reason: value.reason });
  }
  if (problems.length > 0) throw new PolicyError(problems);
  problems.push(...applyInvariants(compiledInvariants, fields));
  if (options.requireEveryField ?? true) {
    problems.push(
      ...coverageProblems({
        schema,
        isCovered: (coordinate) => fields.has(coordinate),
        entries,
        fits: (grant, typeName) => compiledGrants.get(grant)?.when.every((name) => typeName in (CONDITIONS.get(name)?.needs ?? {})) ?? false,
        fallbackFile: [...types.values()][0]?.file ?? files[0]?.name ?? 'policies',
      }),
    );
  }
  if (problems.length > 0) throw new PolicyError(problems);
  return { purposesByRole, fields, files: files.map((f) => f.name) };
}

/**
 * The fields a type's `reviewed:` list leaves to the type default. A listed field must exist (a field
 * removed from the schema is a stale review), must not also have its own rule, and needs a default.
 */
function checkReviewed(
  typeName: string,
  value: RawType,
  schemaFields: readonly string[],
  { report, ruleLine }: { report: (at: Segments, message: string) => void; ruleLine: (fieldName: string) => number },
): Set<string> {
  const reviewed = new Set<string>();
  if (value.reviewed && !value.default) {
    report(['reviewed'], `${typeName} lists reviewed fields but has no default: give each field a rule under fields instead`);
    return reviewed;
  }
  (value.reviewed ?? []).forEach((fieldName, i) => {
    const at = ['reviewed', i];
    if (!schemaFields.includes(fieldName)) {
      report(at, `${typeName}.${fieldName} is listed as reviewed but the supergraph has no such field (stale review: remove it)${didYouMean(fieldName, schemaFields)}`);
    } else if (value.fields?.[fieldName] !== undefined) {
      report(at, `${typeName}.${fieldName} has its own rule (line ${ruleLine(fieldName)}); list only fields the type default covers as reviewed`);
    } else if (reviewed.has(fieldName)) {
      report(at, `${typeName}.${fieldName} is listed as reviewed twice`);
    } else {
      reviewed.add(fieldName);
    }
  });
  return reviewed;
}

/** What the coverage check needs of a type entry: where it is, and the grants a suggestion may repeat. */
function typeEntry(value: RawType, file: string, line: number, reviewed: ReadonlySet<string>, reviewedLine: number): TypeEntry {
  const fieldGrants = new Map<string, string[]>();
  for (const [name, set] of Object.entries(value.fields ?? {})) {
    const names = grantNames(set);
    if (names) fieldGrants.set(name, names);
  }
  const defaultAllow = value.default && (Array.isArray(value.default) ? value.default : value.default.allow);
  return {
    file,
    line,
    reviewedLine: value.reviewed ? reviewedLine : undefined,
    hasDefault: value.default !== undefined,
    ownRules: new Set(Object.keys(value.fields ?? {})),
    defaultGrants: defaultAllow && defaultAllow.every((entry) => typeof entry === 'string') ? (defaultAllow as string[]) : undefined,
    fieldGrants,
    reviewed,
  };
}

/** The grant names of a plain rule list (`[a, b]`); undefined for inline rules or deny rules, which a suggestion should not copy. */
function grantNames(set: RawRuleSet): string[] | undefined {
  return Array.isArray(set) && set.every((entry) => typeof entry === 'string') ? (set as string[]) : undefined;
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

function isRootType(schema: GraphQLSchema, typeName: string): boolean {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].some((t) => t?.name === typeName);
}
