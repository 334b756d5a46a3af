import { type GraphQLSchema, isObjectType } from 'graphql';
import { PURPOSES, ROLES, type Purpose, type Role } from '../../common/vocabulary.ts';
import { conditionalRules, decide, decideStatically, mayState, ruleRef } from './decide.ts';
import type { DecisionContext, Policy, StaticDecision } from './types.ts';

/**
 * The blast radius of a policy change: for every role × purpose × case number (present or absent) a role
 * may state under either policy, the fields whose static decision changes, with the rules responsible.
 * Decided by decideStatically(), the function the gateway prunes with, so the diff is what callers get.
 * Single-role callers only: several roles never add up (policies/tests/invariants.test.ts), so a token's
 * roles get the union of what each would get alone.
 */

export type Verdict = 'allow' | 'deny' | 'depends';

/**
 * One caller shape: a role stating a purpose, with or without a case number that establishes need to know;
 * for roles whose need to know an incident can show (roles.yaml `needToKnow`), also with an incident alone.
 */
export interface DiffCell {
  role: Role;
  purpose: Purpose;
  caseNumber: boolean;
  /** Present (true) only on the cells with an incident number and no case number. */
  incidentNumber?: true;
}

/** One side of a change: the verdict and the rules that made it (`id (file:line)`), data conditions when it depends. */
export interface SideDecision {
  verdict: Verdict;
  rules: string[];
  conditions?: string[];
}

export interface FieldChange {
  coordinate: string;
  before: SideDecision;
  after: SideDecision;
}

/** Cells with the very same changes, reported once. */
export interface ChangeGroup {
  cells: DiffCell[];
  /** The cells in words: `INVESTIGATOR, COURT_CLERK stating C/D without case`. */
  callers: string;
  changes: FieldChange[];
}

/** A role that may state a purpose under one policy and not the other (its requests are refused with 403 on that side). */
export interface StatedPurposeChange {
  role: Role;
  purpose: Purpose;
  before: boolean;
  after: boolean;
}

export interface PolicyDiff {
  /** Cells compared (role × purpose stateable under either policy × case number). */
  cells: number;
  changedCells: number;
  /** Field changes summed over cells, by kind. */
  totals: { gained: number; lost: number; dependsChanged: number };
  statedPurposes: StatedPurposeChange[];
  groups: ChangeGroup[];
}

/** Every field coordinate of the API schema's object types, in schema order. */
export function schemaCoordinates(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) => (isObjectType(type) ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : []));
}

export function diffPolicies(before: Policy, after: Policy, schema: GraphQLSchema): PolicyDiff {
  const coordinates = schemaCoordinates(schema);
  const statedPurposes: StatedPurposeChange[] = [];
  /** Each distinct change once, with every cell it happens in. */
  const byChange = new Map<string, { change: FieldChange; cells: DiffCell[] }>();
  let cells = 0;
  let changedCells = 0;
  const totals = { gained: 0, lost: 0, dependsChanged: 0 };
  for (const role of ROLES) {
    for (const purpose of PURPOSES) {
      const stated = { before: mayState(before, role, purpose), after: mayState(after, role, purpose) };
      if (!stated.before && !stated.after) continue;
      if (stated.before !== stated.after) statedPurposes.push({ role, purpose, ...stated });
      for (const cell of needToKnowCells(role, purpose, [before, after])) {
        cells++;
        const context = cellContext(cell);
        let changed = false;
        for (const coordinate of coordinates) {
          const was = decideStatically(before, context, coordinate);
          const now = decideStatically(after, context, coordinate);
          if (sameDecision(was, now)) continue;
          const change = {
            coordinate,
            before: sideDecision(before, context, coordinate, was),
            after: sideDecision(after, context, coordinate, now),
          };
          count(totals, change);
          changed = true;
          const key = JSON.stringify(change);
          const entry = byChange.get(key) ?? { change, cells: [] };
          entry.cells.push(cell);
          byChange.set(key, entry);
        }
        if (changed) changedCells++;
      }
    }
  }
  return { cells, changedCells, totals, statedPurposes, groups: groupByCells(byChange.values()) };
}

/** Changes that happen in exactly the same cells reported together, so that each change is listed once. */
function groupByCells(entries: Iterable<{ change: FieldChange; cells: DiffCell[] }>): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const { change, cells } of entries) {
    const key = JSON.stringify(cells);
    const group = groups.get(key) ?? { cells, callers: describeCells(cells), changes: [] };
    group.changes.push(change);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Without a number, with a case number, and with an incident where either policy lets one show need to know. */
export function needToKnowCells(role: Role, purpose: Purpose, policies: readonly Policy[]): DiffCell[] {
  const cells: DiffCell[] = [
    { role, purpose, caseNumber: false },
    { role, purpose, caseNumber: true },
  ];
  if (policies.some((policy) => policy.needToKnowByRole.get(role)?.has('incident'))) {
    cells.push({ role, purpose, caseNumber: false, incidentNumber: true });
  }
  return cells;
}

/** The decision context of a cell; a stated number stands for one that establishes need to know (contract C4). */
export function cellContext(cell: DiffCell): DecisionContext {
  return {
    sub: 'policy-diff',
    ori: 'XX0000000',
    roles: [cell.role],
    purpose: cell.purpose,
    caseNumber: cell.caseNumber ? 'CASE' : undefined,
    incidentNumber: cell.incidentNumber ? 'INCIDENT' : undefined,
  };
}

function sameDecision(a: StaticDecision, b: StaticDecision): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind !== 'depends' || b.kind !== 'depends') return true;
  return [...a.conditions].sort().join() === [...b.conditions].sort().join();
}

function count(totals: PolicyDiff['totals'], change: FieldChange): void {
  if (change.after.verdict === 'allow' && change.before.verdict === 'deny') totals.gained++;
  else if (change.after.verdict === 'deny' && change.before.verdict === 'allow') totals.lost++;
  else totals.dependsChanged++;
}

/**
 * The rules behind a static decision: the grant that allows, the deny rule that denies (a denial for want
 * of a matching grant names none: the other side's rules say what changed), or the conditional rules that
 * leave it to the data.
 */
export function sideDecision(policy: Policy, context: DecisionContext, coordinate: string, decision: StaticDecision): SideDecision {
  if (decision.kind === 'allow') return { verdict: 'allow', rules: [...decide(policy, context, coordinate).rules] };
  if (decision.kind === 'deny') {
    const denyIds = new Set(policy.fields.get(coordinate)?.deny.map((rule) => ruleRef(rule)) ?? []);
    return { verdict: 'deny', rules: decision.decision.rules.filter((rule) => denyIds.has(rule)) };
  }
  return { verdict: 'depends', rules: conditionalRules(policy, context, coordinate), conditions: [...decision.conditions].sort() };
}

/**
 * Cells in words, compactly: roles with the same purposes and case-number states are named together.
 * `INVESTIGATOR, COURT_CLERK stating C/D without case; PATROL_OFFICER stating C with or without case`.
 */
export function describeCells(cells: readonly DiffCell[]): string {
  const byRole = new Map<Role, Map<Purpose, Set<NeedToKnowState>>>();
  for (const cell of cells) {
    const purposes = byRole.get(cell.role) ?? new Map<Purpose, Set<NeedToKnowState>>();
    const states = purposes.get(cell.purpose) ?? new Set<NeedToKnowState>();
    states.add(cell.caseNumber ? 'case' : cell.incidentNumber ? 'incident' : 'none');
    purposes.set(cell.purpose, states);
    byRole.set(cell.role, purposes);
  }
  const rolesByText = new Map<string, Role[]>();
  for (const role of ROLES) {
    const purposes = byRole.get(role);
    if (!purposes) continue;
    const text = describePurposes(purposes);
    rolesByText.set(text, [...(rolesByText.get(text) ?? []), role]);
  }
  return [...rolesByText].map(([text, roles]) => `${roles.join(', ')} stating ${text}`).join('; ');
}

type NeedToKnowState = 'none' | 'case' | 'incident';
const STATE_WORDS: Record<NeedToKnowState, string> = { none: 'without case', case: 'with case', incident: 'with incident' };

function describeStates(states: ReadonlySet<NeedToKnowState>): string {
  if (states.size === 3) return 'with or without case or incident';
  if (states.size === 2 && states.has('none') && states.has('case')) return 'with or without case';
  return (['none', 'case', 'incident'] as const)
    .filter((state) => states.has(state))
    .map((state) => STATE_WORDS[state])
    .join(' or ');
}

function describePurposes(purposes: ReadonlyMap<Purpose, ReadonlySet<NeedToKnowState>>): string {
  const byCase = new Map<string, Purpose[]>();
  for (const purpose of PURPOSES) {
    const states = purposes.get(purpose);
    if (!states) continue;
    const text = describeStates(states);
    byCase.set(text, [...(byCase.get(text) ?? []), purpose]);
  }
  return [...byCase].map(([text, list]) => `${list.join('/')} ${text}`).join(', ');
}

/** The diff for a person: one paragraph per group of cells, changes grouped by type. */
export function formatPolicyDiff(diff: PolicyDiff, labels: { before: string; after: string }): string[] {
  const lines = [
    `policy diff ${labels.before} -> ${labels.after}: ${diff.changedCells} of ${diff.cells} role x purpose x case cells change` +
      ` (${diff.totals.gained} fields gained, ${diff.totals.lost} lost, ${diff.totals.dependsChanged} now or no longer depending on data)`,
  ];
  for (const change of diff.statedPurposes) {
    lines.push(`${change.role} ${change.after ? 'may now state' : 'may no longer state'} purpose ${change.purpose}`);
  }
  for (const group of diff.groups) {
    lines.push('', `${group.callers}:`);
    lines.push(...formatChanges(group.changes));
  }
  return lines;
}

/** `  + Person.residenceAddress  dmv-residence-address (policies/grants.yaml:48)`, fields of one type and one change on one line. */
function formatChanges(changes: readonly FieldChange[]): string[] {
  const lines = new Map<string, { type: string; fields: string[]; text: (fields: string) => string }>();
  for (const change of changes) {
    const [type, field] = change.coordinate.split('.');
    const { sign, note } = describeChange(change);
    const rules = change.after.rules.length > 0 ? change.after.rules : change.before.rules;
    const suffix = `${note}${rules.length > 0 ? `  ${rules.join(', ')}` : ''}`;
    const key = `${type}|${sign}|${suffix}`;
    const line = lines.get(key) ?? { type, fields: [], text: (fields: string) => `  ${sign} ${type}.${fields}${suffix}` };
    line.fields.push(field);
    lines.set(key, line);
  }
  return [...lines.values()]
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
    .map((line) => line.text(line.fields.length === 1 ? line.fields[0] : `{${line.fields.sort().join(', ')}}`));
}

function describeChange({ before, after }: FieldChange): { sign: string; note: string } {
  const describe = (side: SideDecision) => (side.verdict === 'depends' ? `depends on ${side.conditions!.join(', ')}` : side.verdict);
  if (before.verdict === 'deny' && after.verdict === 'allow') return { sign: '+', note: '' };
  if (before.verdict === 'allow' && after.verdict === 'deny') return { sign: '-', note: '' };
  const sign =
    after.verdict === 'allow' || before.verdict === 'deny' ? '+' : after.verdict === 'deny' || before.verdict === 'allow' ? '-' : '~';
  return { sign, note: ` (${describe(before)} -> ${describe(after)})` };
}
