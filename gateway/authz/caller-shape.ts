import { LruCache } from '../../common/lru.ts';
import { decideStatically } from '../policy/decide.ts';
import type { DecisionContext, Policy, StaticDecision } from '../policy/types.ts';

/**
 * Context-only decisions depend on roles, purpose, whether a confirmed case or incident number was given
 * and why a stated one did not count (a note from a small fixed set, naming no number) — not on who the
 * user is. Callers of the same shape share one memo of decisions and one cache of rewritten documents.
 */
export function callerShape(context: DecisionContext): string {
  const needToKnow = `${context.caseNumber ? 'case' : 'nocase'}|${context.incidentNumber ? 'incident' : 'noincident'}`;
  return `${[...context.roles].sort().join('+')}|${context.purpose}|${needToKnow}|${context.needToKnowNote ?? ''}`;
}

const SHAPES_MEMOISED = 256;

/** Memoised context-only decisions, per caller shape, for one policy. */
export class StaticDecisionMemo {
  /** Per shape, bounded like the shielded schemas; per coordinate, bounded by the schema's fields. */
  private readonly byShape = new LruCache<string, Map<string, StaticDecision>>(SHAPES_MEMOISED);

  constructor(private readonly policy: Policy) {}

  /** The memoised decider for callers of this shape (`callerShape(context)`). */
  for(shape: string, context: DecisionContext): (coordinate: string) => StaticDecision {
    const decisions = this.byShape.getOrSet(shape, () => new Map());
    return (coordinate) => {
      let decision = decisions.get(coordinate);
      if (!decision) {
        decision = decideStatically(this.policy, context, coordinate);
        decisions.set(coordinate, decision);
      }
      return decision;
    };
  }
}
