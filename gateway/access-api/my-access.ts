import { conditionalRules, decide, decideStatically } from '../policy/decide.ts';
import type { AllowedWith, DecisionContext, Policy } from '../policy/types.ts';

/** One field of the API and what the caller would get for it (gateway/access-api/schema.graphql). */
export interface FieldAccess {
  coordinate: string;
  access: 'ALLOWED' | 'DENIED' | 'DEPENDS_ON_DATA';
  reason: string;
  rules: readonly string[];
  conditions: readonly string[];
  allowedWith: readonly AllowedWith[];
}

export interface AccessReport {
  allowed: FieldAccess[];
  denied: FieldAccess[];
  dependsOnData: FieldAccess[];
}

/**
 * What a caller in `context` would get for every field the policy knows, before any data exists: the
 * gateway's own static decision (the one its prune pass makes), with the reason and the rules of `decide()`.
 * The policy covers every field of the API (the gateway does not start otherwise), so its coordinates are
 * the API's.
 */
export function accessReport(policy: Policy, context: DecisionContext): AccessReport {
  const report: AccessReport = { allowed: [], denied: [], dependsOnData: [] };
  for (const coordinate of [...policy.fields.keys()].sort()) {
    const access = fieldAccess(policy, context, coordinate);
    if (access.access === 'ALLOWED') report.allowed.push(access);
    else if (access.access === 'DENIED') report.denied.push(access);
    else report.dependsOnData.push(access);
  }
  return report;
}

/** One coordinate's static access, in words (the same words a FORBIDDEN error or `policy explain` gives). */
export function fieldAccess(policy: Policy, context: DecisionContext, coordinate: string): FieldAccess {
  const decision = decideStatically(policy, context, coordinate);
  if (decision.kind === 'deny') {
    const { reason, rules, allowedWith } = decision.decision;
    return { coordinate, access: 'DENIED', reason, rules, conditions: [], allowedWith: allowedWith ?? [] };
  }
  if (decision.kind === 'allow') {
    // Statically allowed: an unconditional grant applies and no deny rule can, so decide() without data names it.
    const { reason, rules } = decide(policy, context, coordinate);
    return { coordinate, access: 'ALLOWED', reason, rules, conditions: [], allowedWith: [] };
  }
  return {
    coordinate,
    access: 'DEPENDS_ON_DATA',
    reason: `Decided on each record: shown or withheld depending on ${decision.conditions.join(', ')}.`,
    rules: conditionalRules(policy, context, coordinate),
    conditions: decision.conditions,
    allowedWith: [],
  };
}
