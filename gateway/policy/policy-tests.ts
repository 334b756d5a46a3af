import { Ajv } from 'ajv';
import { type GraphQLSchema, isObjectType, Kind, parse } from 'graphql';
import { isRole, parsePurpose, PURPOSES, ROLES, type Purpose, type Role } from '../../common/vocabulary.ts';
import { CONDITIONS } from './conditions/index.ts';
import { decide, decideStatically } from './decide.ts';
import { cellContext, describeCells, schemaCoordinates, type DiffCell } from './diff.ts';
import { didYouMean, type PolicyProblem } from './problems.ts';
import type { DecisionContext, Policy } from './types.ts';
import { parsePolicyFile, type Segments } from './yaml-source.ts';

/**
 * Policy tests a policy officer writes in YAML (policies/tests/*.yaml), read from the law and not from
 * policies/*.yaml, and run against the policy with the gateway's own decision functions. A file holds
 * any of:
 * - `cases:` single expectations: a caller (roles, purpose, case number yes/no), a field coordinate,
 *   optionally a record (the values the data conditions read, e.g. `{ safeAtHome: true }`) → ALLOW, DENY
 *   or (without a record) DEPENDS, optionally the id of the rule that decides;
 * - a matrix: `purposes:` (who may state what), `categories:` of fields (who may see each: `allow:` and
 *   `depends:` clauses, everything else denied), and `types:` / `fields:` naming each coordinate's category.
 *   Every role × purpose it may state × case number × coordinate of the schema is checked, and a coordinate
 *   without a category fails (a new field needs a reading of the law before it ships).
 */

export type Expected = 'ALLOW' | 'DENY' | 'DEPENDS';

const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } as const;
const anyOrList = { anyOf: [stringList, { const: 'any' }] } as const;
const clause = {
  type: 'object',
  additionalProperties: false,
  required: ['roles', 'purposes'],
  properties: { roles: anyOrList, purposes: anyOrList, case: { const: 'required' } },
} as const;
const clauses = { type: 'array', items: clause, minItems: 1 } as const;

export const policyTestFileSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    purposes: { type: 'object', additionalProperties: stringList },
    groups: { type: 'object', additionalProperties: stringList },
    purposeGroups: { type: 'object', additionalProperties: stringList },
    incidentNeedToKnow: stringList,
    categories: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { about: { type: 'string' }, allow: clauses, depends: clauses },
      },
    },
    types: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
    fields: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['caller', 'coordinate', 'expect'],
        properties: {
          about: { type: 'string' },
          caller: {
            type: 'object',
            additionalProperties: false,
            required: ['roles', 'purpose'],
            properties: {
              roles: stringList,
              purpose: { type: 'string', minLength: 1 },
              case: { type: 'boolean' },
              incident: { type: 'boolean' },
              sub: { type: 'string', minLength: 1 },
              ori: { type: 'string', minLength: 1 },
            },
          },
          coordinate: { type: 'string', pattern: '^[_A-Za-z][_0-9A-Za-z]*\\.[_A-Za-z][_0-9A-Za-z]*$' },
          record: { type: 'object' },
          expect: { enum: ['ALLOW', 'DENY', 'DEPENDS'] },
          rule: { type: 'string', minLength: 1 },
        },
      },
    },
  },
  dependencies: { categories: ['purposes'], types: ['categories'], fields: ['categories'], incidentNeedToKnow: ['categories'] },
} as const;

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validateFile = ajv.compile(policyTestFileSchema);

interface Clause {
  roles: 'any' | string[];
  purposes: 'any' | string[];
  case?: 'required';
}
interface RawCase {
  about?: string;
  caller: { roles: string[]; purpose: string; case?: boolean; incident?: boolean; sub?: string; ori?: string };
  coordinate: string;
  record?: Record<string, unknown>;
  expect: Expected;
  rule?: string;
}
interface RawTestFile {
  purposes?: Record<string, string[]>;
  groups?: Record<string, string[]>;
  purposeGroups?: Record<string, string[]>;
  incidentNeedToKnow?: string[];
  categories?: Record<string, { about?: string; allow?: Clause[]; depends?: Clause[] }>;
  types?: Record<string, string>;
  fields?: Record<string, string>;
  cases?: RawCase[];
}

export interface PolicyTestFile {
  name: string;
  text: string;
}

export interface PolicyTestResult {
  file: string;
  /** Decisions compared: one per case, one per matrix cell × coordinate. */
  checks: number;
  /** What disagrees, at the line of the expectation (a case, or the coordinate's category entry). */
  failures: PolicyProblem[];
  /** The file could not be read as a test file (YAML, schema, unknown names): nothing of it was run. */
  problems: PolicyProblem[];
}

/** Runs each test file against the policy. Files are independent: one that is invalid does not stop the others. */
export function runPolicyTests(files: readonly PolicyTestFile[], policy: Policy, schema: GraphQLSchema): PolicyTestResult[] {
  return files.map((file) => runFile(file, policy, schema));
}

function runFile(file: PolicyTestFile, policy: Policy, schema: GraphQLSchema): PolicyTestResult {
  const problems: PolicyProblem[] = [];
  const parsed = parsePolicyFile(file, validateFile, problems);
  if (!parsed) return { file: file.name, checks: 0, failures: [], problems };
  const content = parsed.content as unknown as RawTestFile;
  const report = (at: Segments, message: string) => problems.push({ file: file.name, line: parsed.lineAt(at), message });
  const names = new Names(content, report);
  const coordinates = new Set(schemaCoordinates(schema));
  const cases = compileCases(content.cases ?? [], names, coordinates, schema, report);
  const matrix = content.categories ? compileMatrix(content, names, coordinates, schema, report) : undefined;
  if (problems.length > 0) return { file: file.name, checks: 0, failures: [], problems };

  const failures: PolicyProblem[] = [];
  let checks = 0;
  for (const [i, testCase] of cases.entries()) {
    checks++;
    const message = checkCase(policy, testCase);
    if (message) failures.push({ file: file.name, line: parsed.lineAt(['cases', i]), message });
  }
  if (matrix) {
    const result = checkMatrix(policy, matrix, [...coordinates], (at) => parsed.lineAt(at));
    checks += result.checks;
    failures.push(...result.failures.map((failure) => ({ file: file.name, ...failure })));
  }
  return { file: file.name, checks, failures: failures.sort((a, b) => a.line - b.line), problems };
}

/** Role and purpose names of a file, its groups resolved; unknown names are reported where written. */
class Names {
  constructor(
    private readonly content: RawTestFile,
    private readonly report: (at: Segments, message: string) => void,
  ) {
    // A group lists roles (purposes), not other groups.
    for (const [group, members] of Object.entries(content.groups ?? {})) this.roles(members, ['groups', group], false);
    for (const [group, members] of Object.entries(content.purposeGroups ?? {})) this.purposes(members, ['purposeGroups', group], false);
  }

  roles(names: readonly string[], at: Segments, groups = true): Role[] {
    return names.flatMap((name, i) => {
      if (isRole(name)) return [name];
      const members = groups ? this.content.groups?.[name] : undefined;
      if (members) return members.filter(isRole);
      const known = groups ? [...ROLES, ...Object.keys(this.content.groups ?? {})] : ROLES;
      this.report([...at, i], `unknown role${groups ? ' or group' : ''} "${name}"${didYouMean(name, known)}`);
      return [];
    });
  }

  purposes(names: readonly string[], at: Segments, groups = true): Purpose[] {
    return names.flatMap((name, i) => {
      const purpose = parsePurpose(name);
      if (purpose) return [purpose];
      const members = groups ? this.content.purposeGroups?.[name] : undefined;
      if (members) return members.flatMap((member) => parsePurpose(member) ?? []);
      const known = groups ? [...PURPOSES, ...Object.keys(this.content.purposeGroups ?? {})] : PURPOSES;
      this.report([...at, i], `unknown purpose${groups ? ' or purpose group' : ''} "${name}"${didYouMean(name, known)}`);
      return [];
    });
  }
}

// ---------------------------------------------------------------------------------------------------- cases

interface CompiledCase {
  context: DecisionContext;
  coordinate: string;
  parent?: Record<string, unknown>;
  expect: Expected;
  rule?: string;
  caller: string;
}

function compileCases(
  raw: readonly RawCase[],
  names: Names,
  coordinates: ReadonlySet<string>,
  schema: GraphQLSchema,
  report: (at: Segments, message: string) => void,
): CompiledCase[] {
  return raw.map((testCase, i) => {
    const at = ['cases', i];
    const roles = names.roles(testCase.caller.roles, [...at, 'caller', 'roles'], false);
    const [purpose] = names.purposes([testCase.caller.purpose], [...at, 'caller', 'purpose'], false);
    if (!coordinates.has(testCase.coordinate)) {
      report(
        [...at, 'coordinate'],
        `the API schema has no field ${testCase.coordinate}${didYouMean(testCase.coordinate, [...coordinates])}`,
      );
    }
    if (testCase.record && testCase.expect === 'DEPENDS') {
      report([...at, 'expect'], 'DEPENDS is a decision without data: with a record, expect ALLOW or DENY');
    }
    const parent =
      testCase.record &&
      recordInputs(testCase.coordinate.split('.')[0], testCase.record, schema, (key, message) => report([...at, 'record', key], message));
    const context: DecisionContext = {
      sub: testCase.caller.sub ?? 'policy-test',
      ori: testCase.caller.ori ?? 'XX0000000',
      roles,
      purpose: purpose ?? 'C',
      caseNumber: testCase.caller.case ? 'CASE' : undefined,
      incidentNumber: testCase.caller.incident ? 'INCIDENT' : undefined,
    };
    const caller = `${roles.join('+')} stating ${context.purpose} ${testCase.caller.case ? 'with' : 'without'} case${testCase.caller.incident ? ', with incident' : ''}`;
    return { context, coordinate: testCase.coordinate, parent, expect: testCase.expect, rule: testCase.rule, caller };
  });
}

/**
 * A record as the gateway would hand it to the conditions: each value the conditions of `typeName` read
 * (`safeAtHome`, `subject: { id }`) under the `_authz_` alias their `needs` selection gives it.
 */
function recordInputs(
  typeName: string,
  record: Record<string, unknown>,
  schema: GraphQLSchema,
  report: (key: string, message: string) => void,
): Record<string, unknown> {
  const aliases = new Map<string, string>();
  for (const condition of CONDITIONS.values()) {
    const need = condition.needs[typeName];
    if (!need) continue;
    for (const selection of parseSelections(need)) aliases.set(selection.field, selection.alias);
  }
  const parent: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const alias = aliases.get(key);
    if (alias) parent[alias] = value;
    else {
      const known = [...aliases.keys()];
      const type = schema.getType(typeName);
      report(
        key,
        `no data condition reads "${key}" on ${isObjectType(type) ? typeName : `type ${typeName}`}` +
          (known.length > 0 ? ` (they read: ${known.join(', ')})${didYouMean(key, known)}` : ' (no condition applies to this type)'),
      );
    }
  }
  return parent;
}

function parseSelections(need: string): { alias: string; field: string }[] {
  const operation = parse(`{ ${need} }`, { noLocation: true }).definitions[0];
  if (operation.kind !== Kind.OPERATION_DEFINITION) return [];
  return operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [{ alias: selection.alias?.value ?? selection.name.value, field: selection.name.value }] : [],
  );
}

function checkCase(policy: Policy, testCase: CompiledCase): string | undefined {
  const { context, coordinate, parent } = testCase;
  let actual: Expected;
  let rules: readonly string[];
  let reason: string | undefined;
  if (parent) {
    const decision = decide(policy, context, coordinate, parent);
    actual = decision.allowed ? 'ALLOW' : 'DENY';
    rules = decision.rules;
    reason = decision.reason;
  } else {
    const decision = decideStatically(policy, context, coordinate);
    actual = decision.kind === 'allow' ? 'ALLOW' : decision.kind === 'deny' ? 'DENY' : 'DEPENDS';
    rules = decision.kind === 'deny' ? decision.decision.rules : decision.kind === 'allow' ? decide(policy, context, coordinate).rules : [];
    reason =
      decision.kind === 'deny'
        ? decision.decision.reason
        : decision.kind === 'depends'
          ? `depends on ${decision.conditions.join(', ')}`
          : undefined;
  }
  const subject = `${coordinate} for ${testCase.caller}${parent ? ` on ${JSON.stringify(parent)}` : ''}`;
  if (actual !== testCase.expect) {
    return `${subject}: expected ${testCase.expect}, policy says ${actual}${rules.length > 0 ? ` by ${rules.join(', ')}` : ''}${reason ? ` (${reason})` : ''}`;
  }
  if (testCase.rule && !rules.some((rule) => rule === testCase.rule || rule.startsWith(`${testCase.rule} (`))) {
    return `${subject}: ${actual} as expected, but by ${rules.length > 0 ? rules.join(', ') : 'no rule'}, not by rule ${testCase.rule}`;
  }
  return undefined;
}

// --------------------------------------------------------------------------------------------------- matrix

interface CompiledClause {
  roles: 'any' | Role[];
  purposes: 'any' | Purpose[];
  caseRequired: boolean;
}
interface Category {
  name: string;
  allow: CompiledClause[];
  depends: CompiledClause[];
}
interface Matrix {
  purposesByRole: Map<Role, Purpose[]>;
  /** Roles for whom a current incident shows need to know as a case number does (contract C4). */
  incidentRoles: Set<Role>;
  /** Per coordinate: its category, and whether a `fields:` entry (rather than its type's) gives it. */
  categoryOf: Map<string, { category: Category; ownEntry: boolean }>;
}

function compileMatrix(
  content: RawTestFile,
  names: Names,
  coordinates: ReadonlySet<string>,
  schema: GraphQLSchema,
  report: (at: Segments, message: string) => void,
): Matrix | undefined {
  const purposesByRole = new Map<Role, Purpose[]>();
  for (const [role, purposes] of Object.entries(content.purposes ?? {})) {
    const [resolved] = names.roles([role], ['purposes', role], false);
    if (resolved) purposesByRole.set(resolved, names.purposes(purposes, ['purposes', role], false));
  }
  const categories = new Map<string, Category>();
  for (const [name, raw] of Object.entries(content.categories ?? {})) {
    const compile = (list: Clause[] | undefined, kind: string): CompiledClause[] =>
      (list ?? []).map((entry, i) => ({
        roles: entry.roles === 'any' ? 'any' : names.roles(entry.roles, ['categories', name, kind, i, 'roles']),
        purposes: entry.purposes === 'any' ? 'any' : names.purposes(entry.purposes, ['categories', name, kind, i, 'purposes']),
        caseRequired: entry.case === 'required',
      }));
    categories.set(name, { name, allow: compile(raw.allow, 'allow'), depends: compile(raw.depends, 'depends') });
  }
  const categoryOf = new Map<string, { category: Category; ownEntry: boolean }>();
  const lookup = (name: string, at: Segments) => {
    const category = categories.get(name);
    if (!category) report(at, `unknown category "${name}"${didYouMean(name, [...categories.keys()])}`);
    return category;
  };
  for (const [typeName, name] of Object.entries(content.types ?? {})) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) {
      report(['types', typeName], `the API schema has no object type ${typeName} (stale expectation: remove it)`);
      continue;
    }
    const category = lookup(name, ['types', typeName]);
    if (!category) continue;
    for (const field of Object.keys(type.getFields())) categoryOf.set(`${typeName}.${field}`, { category, ownEntry: false });
  }
  for (const [coordinate, name] of Object.entries(content.fields ?? {})) {
    if (!coordinates.has(coordinate)) {
      report(['fields', coordinate], `the API schema has no field ${coordinate} (stale expectation: remove it)`);
      continue;
    }
    const category = lookup(name, ['fields', coordinate]);
    if (category) categoryOf.set(coordinate, { category, ownEntry: true });
  }
  const incidentRoles = new Set(names.roles(content.incidentNeedToKnow ?? [], ['incidentNeedToKnow'], false));
  return { purposesByRole, incidentRoles, categoryOf };
}

function checkMatrix(
  policy: Policy,
  matrix: Matrix,
  coordinates: readonly string[],
  lineAt: (at: Segments) => number,
): { checks: number; failures: { line: number; message: string }[] } {
  const failures: { line: number; message: string }[] = [];
  // One failure per type: a new type reads as one decision to make, not one per field.
  const missingByType = new Map<string, { fields: string[]; total: number }>();
  for (const coordinate of coordinates) {
    const [typeName, field] = coordinate.split('.');
    const entry = missingByType.get(typeName) ?? { fields: [], total: 0 };
    entry.total++;
    if (!matrix.categoryOf.has(coordinate)) entry.fields.push(field);
    missingByType.set(typeName, entry);
  }
  for (const [typeName, { fields, total }] of missingByType) {
    if (fields.length === 0) continue;
    failures.push({
      line: lineAt(fields.length === total ? ['types'] : ['fields']),
      message:
        fields.length === total
          ? `type ${typeName} has no expectation: give it a category under types: (and its exceptions under fields:) from a reading of the law`
          : `${fields.map((field) => `${typeName}.${field}`).join(', ')} ${fields.length === 1 ? 'has' : 'have'} no expectation: give ${fields.length === 1 ? 'it a category' : 'each a category'} under fields: from a reading of the law`,
    });
  }
  for (const role of ROLES) {
    const expected = [...(matrix.purposesByRole.get(role) ?? [])].sort();
    const stated = PURPOSES.filter((purpose) => policy.purposesByRole.get(role)?.has(purpose)).sort();
    if (expected.join() !== stated.join()) {
      failures.push({
        line: lineAt(['purposes', role]),
        message: `${role} may state ${stated.join(', ') || 'nothing'} under the policy, expected ${expected.join(', ') || 'nothing'}`,
      });
    }
  }
  const byIncident = ROLES.filter((role) => policy.needToKnowByRole.get(role)?.has('incident'));
  const expectedByIncident = ROLES.filter((role) => matrix.incidentRoles.has(role));
  if (byIncident.join() !== expectedByIncident.join()) {
    failures.push({
      line: lineAt(['incidentNeedToKnow']),
      message: `an incident shows need to know for ${byIncident.join(', ') || 'nobody'} under the policy, expected ${expectedByIncident.join(', ') || 'nobody'}`,
    });
  }
  // Mismatches grouped per coordinate and verdicts, so that one wrong rule reads as one failure.
  const mismatches = new Map<string, { line: number; coordinate: string; actual: string; expected: string; cells: DiffCell[] }>();
  let checks = 0;
  for (const [role, purposes] of matrix.purposesByRole) {
    for (const purpose of purposes) {
      const cells: DiffCell[] = [
        { role, purpose, caseNumber: false },
        { role, purpose, caseNumber: true },
      ];
      if (matrix.incidentRoles.has(role)) cells.push({ role, purpose, caseNumber: false, incidentNumber: true });
      for (const cell of cells) {
        const context = cellContext(cell);
        for (const coordinate of coordinates) {
          const entry = matrix.categoryOf.get(coordinate);
          if (!entry) continue;
          checks++;
          const expected = expectation(entry.category, role, purpose, cell.caseNumber || (cell.incidentNumber ?? false));
          const actual = decideStatically(policy, context, coordinate).kind;
          if (actual === expected) continue;
          const key = `${coordinate}|${actual}|${expected}`;
          const [typeName] = coordinate.split('.');
          const line = entry.ownEntry ? lineAt(['fields', coordinate]) : lineAt(['types', typeName]);
          const mismatch = mismatches.get(key) ?? { line, coordinate, actual, expected, cells: [] };
          mismatch.cells.push(cell);
          mismatches.set(key, mismatch);
        }
      }
    }
  }
  for (const { line, coordinate, actual, expected, cells } of mismatches.values()) {
    const category = matrix.categoryOf.get(coordinate)!.category.name;
    failures.push({
      line,
      message: `${coordinate} (${category}): policy says ${actual}, expected ${expected}, for ${describeCells(cells)}`,
    });
  }
  return { checks, failures };
}

/** What a category says for one caller: the first matching `allow` clause, else `depends`, else deny. */
function expectation(category: Category, role: Role, purpose: Purpose, needToKnow: boolean): 'allow' | 'deny' | 'depends' {
  const matches = (clause: CompiledClause) =>
    (clause.roles === 'any' || clause.roles.includes(role)) &&
    (clause.purposes === 'any' || clause.purposes.includes(purpose)) &&
    (!clause.caseRequired || needToKnow);
  if (category.allow.some(matches)) return 'allow';
  if (category.depends.some(matches)) return 'depends';
  return 'deny';
}

/** `file:line: message` lines for a person, failures first. */
export function formatPolicyTestResults(results: readonly PolicyTestResult[]): string[] {
  return results.flatMap((result) =>
    [...result.problems, ...result.failures].map((problem) => `${problem.file}:${problem.line}: ${problem.message}`),
  );
}
