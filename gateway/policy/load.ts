import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { type GraphQLSchema, isInterfaceType, isObjectType } from 'graphql';
import { suggestionList } from 'graphql/jsutils/suggestionList.js';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { CONDITIONS } from './conditions/index.ts';
import { policyFileSchema } from './file-schema.ts';
import type { AllowRule, DenyRule, FieldRules, Policy } from './types.ts';
import { isRole, parsePurpose, PURPOSE_NAMES, PURPOSES, ROLES, type Purpose, type Role } from './vocabulary.ts';

const PURPOSE_WORDS = [...PURPOSES, ...Object.values(PURPOSE_NAMES)];

/** One problem found in the policy, located at file:line. */
export interface PolicyProblem {
  file: string;
  line: number;
  message: string;
}

export class PolicyError extends Error {
  constructor(readonly problems: readonly PolicyProblem[]) {
    super(`Policy is invalid:\n${problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n')}`);
  }
}

export interface PolicyFile {
  /** Path shown in messages, e.g. policies/dmv.yaml. */
  name: string;
  text: string;
}

/** Reads every *.yaml file in `dir` and validates it against the gateway's API schema. Throws PolicyError. */
export function loadPolicy(dir: string, schema: GraphQLSchema): Policy {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
    .sort()
    .map((file) => ({ name: path.join(path.basename(dir), file), text: readFileSync(path.join(dir, file), 'utf8') }));
  return compilePolicy(files, schema);
}

type Located<T> = { value: T; file: string; line: number };
type RawRule = Record<string, unknown>;
type RawRuleSet = unknown[] | { allow?: unknown[]; deny?: unknown[] };
type RawType = { default?: RawRuleSet; fields?: Record<string, RawRuleSet> };

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validateFile = ajv.compile(policyFileSchema);

/** Parses, validates and compiles policy files into effective per-field rules. Throws PolicyError. */
export function compilePolicy(files: readonly PolicyFile[], schema: GraphQLSchema): Policy {
  const problems: PolicyProblem[] = [];
  const roles = new Map<string, Located<{ purposes: string[] }>>();
  const groups = new Map<string, Located<string[]>>();
  const grants = new Map<string, Located<RawRule>>();
  const types = new Map<string, Located<RawType>>();
  const locate = new Map<string, (segments: (string | number)[]) => number>();

  for (const file of files) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter, prettyErrors: false });
    for (const error of doc.errors) {
      problems.push({ file: file.name, line: lineCounter.linePos(error.pos[0]).line, message: `YAML: ${error.message}` });
    }
    if (doc.errors.length > 0) continue;
    const lineAt = (segments: (string | number)[]) => lineOf(doc, lineCounter, segments);
    locate.set(file.name, lineAt);
    const content = (doc.toJS() ?? {}) as Record<string, Record<string, unknown>>;
    if (!validateFile(content)) {
      for (const error of mostSpecific(validateFile.errors ?? [])) {
        problems.push({ file: file.name, ...describeSchemaError(error, lineAt) });
      }
      continue;
    }
    const merge = <T>(section: string, into: Map<string, Located<T>>) => {
      for (const [name, value] of Object.entries(content[section] ?? {})) {
        const line = lineAt([section, name]);
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
  }
  if (problems.length > 0) throw new PolicyError(problems);

  const report = (file: string, segments: (string | number)[], message: string) =>
    problems.push({ file, line: locate.get(file)?.(segments) ?? 1, message });

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

  const resolveRoles = (names: readonly string[], file: string, at: (string | number)[]): Role[] => {
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
  const resolvePurposes = (raw: unknown, file: string, at: (string | number)[]): Purpose[] | 'any' => {
    if (raw === 'any') return 'any';
    return (raw as string[]).flatMap((name, i) => {
      const purpose = parsePurpose(name);
      if (!purpose) report(file, [...at, i], `unknown purpose "${name}"${didYouMean(name, PURPOSE_WORDS)}`);
      return purpose ? [purpose] : [];
    });
  };
  const resolveConditions = (raw: unknown, typeName: string, file: string, at: (string | number)[]): string[] => {
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
  const compiledGrants = new Map<string, Omit<AllowRule, 'when'> & { when: readonly string[] }>();
  for (const [name, { value, file }] of grants) {
    compiledGrants.set(name, compileRuleBody(name, value, file, ['grants', name]));
  }
  function compileRuleBody(id: string, rule: RawRule, file: string, at: (string | number)[]) {
    return {
      id,
      source: `${file}:${locate.get(file)?.(at) ?? 1}`,
      roles: resolveRoles(rule.roles as string[], file, [...at, 'roles']),
      purposes: resolvePurposes(rule.purposes, file, [...at, 'purposes']),
      caseNumberRequired: rule.caseNumber === 'required',
      when: (rule.when as string[] | undefined) ?? [],
      reason: rule.reason as string | undefined,
    };
  }
  const compileAllow = (entry: unknown, typeName: string, file: string, at: (string | number)[]): AllowRule | undefined => {
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
  const compileDeny = (rule: RawRule, typeName: string, file: string, at: (string | number)[]): DenyRule => ({
    id: rule.id as string,
    source: `${file}:${locate.get(file)?.(at) ?? 1}`,
    roles: rule.roles ? resolveRoles(rule.roles as string[], file, [...at, 'roles']) : [],
    exceptRoles: rule.exceptRoles ? resolveRoles(rule.exceptRoles as string[], file, [...at, 'exceptRoles']) : [],
    purposes: rule.purposes ? resolvePurposes(rule.purposes, file, [...at, 'purposes']) : 'any',
    when: resolveConditions(rule.when, typeName, file, [...at, 'when']),
    reason: rule.reason as string,
  });
  const compileSet = (set: RawRuleSet | undefined, typeName: string, file: string, at: (string | number)[]) => {
    if (!set) return undefined;
    const allowList = Array.isArray(set) ? set : set.allow;
    const allowAt = Array.isArray(set) ? at : [...at, 'allow'];
    const denyList = Array.isArray(set) ? [] : (set.deny ?? []);
    return {
      allow: allowList?.map((entry, i) => compileAllow(entry, typeName, file, [...allowAt, i])).filter((r): r is AllowRule => !!r),
      deny: denyList.map((rule, i) => compileDeny(rule as RawRule, typeName, file, [...at, 'deny', i])),
    };
  };

  // Field rules: a field's own `allow` replaces the type default's; `deny` rules of both always apply.
  const fields = new Map<string, FieldRules>();
  for (const [typeName, { value, file }] of types) {
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
    for (const fieldName of Object.keys(schemaFields)) {
      const field = own.get(fieldName);
      const allow = field?.allow ?? defaults?.allow;
      if (!allow && !field?.deny.length) continue; // uncovered: reported by the coverage check
      fields.set(`${typeName}.${fieldName}`, { allow: allow ?? [], deny: [...(defaults?.deny ?? []), ...(field?.deny ?? [])] });
    }
  }
  if (problems.length > 0) throw new PolicyError(problems);
  return { purposesByRole, fields, files: files.map((f) => f.name) };
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

function didYouMean(input: string, options: readonly string[]): string {
  const [best] = suggestionList(input, options);
  return best ? ` (did you mean "${best}"?)` : '';
}

/**
 * Where a value may take several shapes (`anyOf`), ajv reports why every shape failed. Keep the errors
 * of the shape the author evidently meant: those deepest in the document.
 */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject[] {
  return errors.filter(
    (error) =>
      error.keyword !== 'anyOf' &&
      !errors.some((other) => other !== error && other.keyword !== 'anyOf' && other.instancePath.startsWith(`${error.instancePath}/`)),
  );
}

function describeSchemaError(error: ErrorObject, lineAt: (segments: (string | number)[]) => number): { line: number; message: string } {
  const segments = error.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  const where = segments.length > 0 ? segments.join('.') : 'file';
  if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    return { line: lineAt([...segments, key]), message: `${where}: unexpected key "${key}"` };
  }
  return { line: lineAt(segments), message: `${where}: ${error.message ?? 'invalid'}` };
}

/** The 1-based line of the node at `segments` (a key's line for map entries), or of its nearest ancestor. */
function lineOf(doc: Document, lineCounter: LineCounter, segments: (string | number)[]): number {
  for (let depth = segments.length; depth >= 0; depth--) {
    const parentNode = depth === 0 ? doc.contents : doc.getIn(segments.slice(0, depth - 1), true);
    if (depth > 0 && isMap(parentNode)) {
      const pair = parentNode.items.find((item) => isScalar(item.key) && item.key.value === segments[depth - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    const node = doc.getIn(segments.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
