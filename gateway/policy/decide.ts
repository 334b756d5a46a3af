import { CONDITIONS } from './conditions/index.ts';
import type {
  AllowRule,
  AllowedWith,
  Decision,
  DecisionContext,
  DenyRule,
  FieldRules,
  Policy,
  StaticDecision,
} from './types.ts';
import { describePurpose } from './vocabulary.ts';

/**
 * The single place where field decisions are made. Pure: policy + who is asking + field coordinate
 * (+ the parent object, when the rules depend on data) -> allow or deny, with reasons.
 *
 * Combining rules (tested in decide.test.ts):
 * 1. Deny by default: a field without rules, or whose allow rules all fail, is denied.
 * 2. A field is allowed when at least one allow rule matches and no deny rule matches.
 * 3. A deny rule beats any allow rule.
 */
export function decide(
  policy: Policy,
  context: DecisionContext,
  coordinate: string,
  parent?: Readonly<Record<string, unknown>>,
): Decision {
  const rules = policy.fields.get(coordinate);
  if (!rules) {
    return { allowed: false, coordinate, rules: [], reason: `No policy rule covers ${coordinate}; denied by default.`, allowedWith: [] };
  }
  const deny = rules.deny.find((rule) => denyMatches(rule, context, parent));
  if (deny) {
    return { allowed: false, coordinate, rules: [ruleRef(deny)], reason: deny.reason, allowedWith: [] };
  }
  const allow = rules.allow.find((rule) => allowMatches(rule, context, parent));
  if (allow) {
    return { allowed: true, coordinate, rules: [ruleRef(allow)], reason: allow.reason ?? `Allowed by ${allow.id}.` };
  }
  return contextDenial(rules, context, coordinate, parent !== undefined);
}

/**
 * The decision that can be made from the caller alone, before any data exists. `depends` means at
 * least one rule that could decide needs the data: the field must be fetched and decided on its parent.
 */
export function decideStatically(policy: Policy, context: DecisionContext, coordinate: string): StaticDecision {
  const rules = policy.fields.get(coordinate);
  if (!rules) return { kind: 'deny', decision: decide(policy, context, coordinate) };

  const conditions = new Set<string>();
  for (const rule of rules.deny) {
    if (!denyAppliesTo(rule, context)) continue;
    if (rule.when.length === 0) return { kind: 'deny', decision: decide(policy, context, coordinate) };
    rule.when.forEach((name) => conditions.add(name));
  }
  const applicable = rules.allow.filter((rule) => allowAppliesTo(rule, context));
  if (applicable.length === 0) return { kind: 'deny', decision: contextDenial(rules, context, coordinate, false) };
  if (conditions.size === 0 && applicable.some((rule) => rule.when.length === 0)) return { kind: 'allow' };
  applicable.forEach((rule) => rule.when.forEach((name) => conditions.add(name)));
  return { kind: 'depends', conditions: [...conditions] };
}

function allowAppliesTo(rule: AllowRule, context: DecisionContext): boolean {
  return (
    rule.roles.some((role) => context.roles.includes(role)) &&
    (rule.purposes === 'any' || rule.purposes.includes(context.purpose)) &&
    (!rule.caseNumberRequired || Boolean(context.caseNumber))
  );
}

function allowMatches(rule: AllowRule, context: DecisionContext, parent?: Readonly<Record<string, unknown>>): boolean {
  return allowAppliesTo(rule, context) && conditionsHold(rule.when, context, parent);
}

function denyAppliesTo(rule: DenyRule, context: DecisionContext): boolean {
  const roleApplies =
    (rule.roles.length === 0 || rule.roles.some((role) => context.roles.includes(role))) &&
    !rule.exceptRoles.some((role) => context.roles.includes(role));
  return roleApplies && (rule.purposes === 'any' || rule.purposes.includes(context.purpose));
}

function denyMatches(rule: DenyRule, context: DecisionContext, parent?: Readonly<Record<string, unknown>>): boolean {
  if (!denyAppliesTo(rule, context)) return false;
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

function contextDenial(rules: FieldRules, context: DecisionContext, coordinate: string, withData: boolean): Decision {
  const allowedWith: AllowedWith[] = rules.allow.map((rule) => ({
    roles: rule.roles,
    purposes: rule.purposes,
    caseNumber: rule.caseNumberRequired,
    when: rule.when,
  }));
  const who = `${context.roles.join('+')} stating purpose ${describePurpose(context.purpose)}${context.caseNumber ? ' with a case number' : ' without a case number'}`;
  const options = allowedWith.map(describeAlternative);
  const reason =
    options.length === 0
      ? `${coordinate} is not disclosed to anyone through this gateway.`
      : `${who} may not see ${coordinate}${withData ? ' for this record' : ''}. Allowed for: ${options.join('; or ')}.`;
  return { allowed: false, coordinate, rules: rules.allow.map(ruleRef), reason, allowedWith };
}

function describeAlternative(alternative: AllowedWith): string {
  const purposes = alternative.purposes === 'any' ? 'any permitted purpose' : `purpose ${alternative.purposes.join('/')}`;
  const caseNumber = alternative.caseNumber ? ' with a case number' : '';
  const when = alternative.when.length > 0 ? ` when ${alternative.when.join(' and ')}` : '';
  return `${alternative.roles.join(', ')} stating ${purposes}${caseNumber}${when}`;
}

function ruleRef(rule: AllowRule | DenyRule): string {
  return `${rule.id} (${rule.source})`;
}
