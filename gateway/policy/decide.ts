import { CONDITIONS, hasNeedToKnow } from './conditions/index.ts';
import type { AllowRule, AllowedWith, Decision, DecisionContext, DenyRule, FieldRules, Policy, StaticDecision } from './types.ts';
import { describePurpose, type Purpose, type Role } from '../../common/vocabulary.ts';

/**
 * The single place where field decisions are made. Pure: policy + who is asking + field coordinate
 * (+ the parent object, when the rules depend on data) -> allow or deny, with reasons.
 *
 * Combining rules (tested in decide.test.ts):
 * 1. Deny by default: a field without rules, or whose allow rules all fail, is denied.
 * 2. Right to know belongs to a role. Only the caller's roles that may themselves state the purpose act
 *    in the request, and each acts alone: a caller with several roles gets what at least one of them,
 *    alone, would get. A grant counts through a role it names; a deny rule's `roles` and `exceptRoles`
 *    are read per role too, so an exemption helps only the role that holds it.
 * 3. For one role: allowed when one of its allow rules matches and no deny rule for it matches; a deny
 *    rule beats any allow rule.
 */
export function decide(policy: Policy, context: DecisionContext, coordinate: string, parent?: Readonly<Record<string, unknown>>): Decision {
  const rules = policy.fields.get(coordinate);
  if (!rules) {
    return { allowed: false, coordinate, rules: [], reason: `No policy rule covers ${coordinate}; denied by default.`, allowedWith: [] };
  }
  let denied: DenyRule | undefined;
  for (const role of actingRoles(policy, context)) {
    const deny = rules.deny.find((rule) => denyAppliesTo(rule, role, context.purpose) && denyMatches(rule, context, parent));
    if (deny) {
      denied ??= deny;
      continue;
    }
    const allow = rules.allow.find((rule) => allowAppliesTo(policy, rule, role, context) && conditionsHold(rule.when, context, parent));
    if (allow) {
      return { allowed: true, coordinate, rules: [ruleRef(allow)], reason: allow.reason ?? `Allowed by ${allow.id}.` };
    }
  }
  if (denied) {
    return { allowed: false, coordinate, rules: [ruleRef(denied)], reason: denied.reason, allowedWith: [] };
  }
  return contextDenial(policy, rules, context, coordinate, parent !== undefined);
}

/**
 * The decision that can be made from the caller alone, before any data exists. `depends` means at
 * least one rule that could decide needs the data: the field must be fetched and decided on its parent.
 */
export function decideStatically(policy: Policy, context: DecisionContext, coordinate: string): StaticDecision {
  const rules = policy.fields.get(coordinate);
  if (!rules) return { kind: 'deny', decision: decide(policy, context, coordinate) };

  let conditions: Set<string> | undefined;
  for (const role of actingRoles(policy, context)) {
    const denies = rules.deny.filter((rule) => denyAppliesTo(rule, role, context.purpose));
    if (denies.some((rule) => rule.when.length === 0)) continue;
    const allows = rules.allow.filter((rule) => allowAppliesTo(policy, rule, role, context));
    if (allows.length === 0) continue;
    if (denies.length === 0 && allows.some((rule) => rule.when.length === 0)) return { kind: 'allow' };
    conditions ??= new Set();
    for (const rule of [...denies, ...allows]) rule.when.forEach((name) => conditions!.add(name));
  }
  if (conditions) return { kind: 'depends', conditions: [...conditions] };
  return { kind: 'deny', decision: decide(policy, context, coordinate) };
}

/**
 * The rules with data conditions that could decide the field for this caller (what a `depends` waits on):
 * deny rules first, then grants, each as `id (file:line)`.
 */
export function conditionalRules(policy: Policy, context: DecisionContext, coordinate: string): string[] {
  const rules = policy.fields.get(coordinate);
  if (!rules) return [];
  const acting = actingRoles(policy, context);
  const denies = rules.deny.filter((rule) => rule.when.length > 0 && acting.some((role) => denyAppliesTo(rule, role, context.purpose)));
  const allows = rules.allow.filter((rule) => rule.when.length > 0 && acting.some((role) => allowAppliesTo(policy, rule, role, context)));
  return [...new Set([...denies, ...allows].map(ruleRef))];
}

/** The caller's roles that may state the request's purpose: the only roles whose grants and exemptions count. */
export function actingRoles(policy: Policy, context: DecisionContext): Role[] {
  return context.roles.filter((role, i) => context.roles.indexOf(role) === i && mayState(policy, role, context.purpose));
}

export function mayState(policy: Policy, role: Role, purpose: Purpose): boolean {
  return policy.purposesByRole.get(role)?.has(purpose) === true;
}

function allowAppliesTo(policy: Policy, rule: AllowRule, role: Role, context: DecisionContext): boolean {
  return (
    rule.roles.includes(role) &&
    (rule.purposes === 'any' || rule.purposes.includes(context.purpose)) &&
    (!rule.caseNumberRequired || hasNeedToKnow.holds(context, role, policy))
  );
}

function denyAppliesTo(rule: DenyRule, role: Role, purpose: Purpose): boolean {
  return (
    (rule.roles.length === 0 || rule.roles.includes(role)) &&
    !rule.exceptRoles.includes(role) &&
    (rule.purposes === 'any' || rule.purposes.includes(purpose))
  );
}

function denyMatches(rule: DenyRule, context: DecisionContext, parent?: Readonly<Record<string, unknown>>): boolean {
  if (rule.when.length === 0) return true;
  // Without data a conditional deny cannot be ruled out: callers that have no parent get `depends`.
  return parent !== undefined && conditionsHold(rule.when, context, parent);
}

/** Conditions are evaluated only on real data; with no parent a condition does not hold. */
function conditionsHold(names: readonly string[], context: DecisionContext, parent?: Readonly<Record<string, unknown>>): boolean {
  if (names.length === 0) return true;
  if (parent === undefined) return false;
  return names.every((name) => CONDITIONS.get(name)?.holds(parent, context) === true);
}

function contextDenial(policy: Policy, rules: FieldRules, context: DecisionContext, coordinate: string, withData: boolean): Decision {
  const allowedWith = rules.allow.flatMap((rule) => alternatives(policy, rules, rule));
  const who = `${context.roles.join('+')} stating purpose ${describePurpose(context.purpose)}${needToKnowShown(context)}`;
  const idle = context.roles.filter((role) => !mayState(policy, role, context.purpose));
  const idleNote =
    idle.length === 0
      ? ''
      : `; ${idle.join(', ')} may not state purpose ${context.purpose}, so ${idle.length === 1 ? 'its' : 'their'} grants do not count`;
  const options = allowedWith.map((alternative) => describeAlternative(policy, alternative));
  // Why a stated case or incident number did not count, where it would have mattered.
  const note = context.needToKnowNote && allowedWith.some((a) => a.caseNumber) ? ` (${context.needToKnowNote})` : '';
  const reason =
    options.length === 0
      ? `${coordinate} is not disclosed to anyone through this gateway.`
      : `${who} may not see ${coordinate}${withData ? ' for this record' : ''}${idleNote}${note}. Allowed for: ${options.join('; or ')}.`;
  return { allowed: false, coordinate, rules: rules.allow.map(ruleRef), reason, allowedWith };
}

/**
 * The ways a rule can allow the field: its roles grouped by the purposes each may state under it (`any`
 * resolved per role; purposes an unconditional deny rule excludes for that role left out).
 */
function alternatives(policy: Policy, rules: FieldRules, rule: AllowRule): AllowedWith[] {
  const byPurposes = new Map<string, AllowedWith & { roles: Role[] }>();
  for (const role of rule.roles) {
    const candidates = rule.purposes === 'any' ? [...(policy.purposesByRole.get(role) ?? [])] : rule.purposes;
    const purposes = candidates.filter(
      (purpose) =>
        mayState(policy, role, purpose) && !rules.deny.some((deny) => deny.when.length === 0 && denyAppliesTo(deny, role, purpose)),
    );
    if (purposes.length === 0) continue;
    const key = purposes.join('/');
    const group = byPurposes.get(key) ?? { roles: [], purposes, caseNumber: rule.caseNumberRequired, when: rule.when };
    group.roles.push(role);
    byPurposes.set(key, group);
  }
  return [...byPurposes.values()];
}

/** How the request showed need to know, as the reason tells it. */
function needToKnowShown(context: DecisionContext): string {
  if (context.caseNumber) return ' with a case number';
  if (context.incidentNumber) return ' with an incident number';
  return ' without a case number';
}

function describeAlternative(policy: Policy, alternative: AllowedWith): string {
  const byIncident = alternative.roles.every((role) => policy.needToKnowByRole.get(role)?.has('incident') === true);
  const caseNumber = alternative.caseNumber ? (byIncident ? ' with a case or incident number' : ' with a case number') : '';
  const when = alternative.when.length > 0 ? ` when ${alternative.when.join(' and ')}` : '';
  return `${alternative.roles.join(', ')} stating purpose ${alternative.purposes.join('/')}${caseNumber}${when}`;
}

/** A rule as decisions name it: `id (file:line)`. */
export function ruleRef(rule: AllowRule | DenyRule): string {
  return `${rule.id} (${rule.source})`;
}
