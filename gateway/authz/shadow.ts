import { TypeInfo, isAbstractType, isObjectType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { ShadowDifference, ShadowRecord } from '../../audit/event.ts';
import { decide } from '../policy/decide.ts';
import type { DecisionContext, Policy, StaticDecision } from '../policy/types.ts';
import { StaticDecisionMemo } from './caller-shape.ts';

type StaticDecider = (coordinate: string) => StaticDecision;

/**
 * Shadow mode (README, "Shipping a change: reload, version, shadow mode"): a candidate policy is consulted
 * beside the live one on real traffic, and wherever it would decide a field differently the request's audit
 * event says so. The response always follows the live policy. Compared are
 *  - the context-only decisions of every field coordinate the operation selects (before anything runs), and
 *  - on the data, every field the shield decides on a record where either policy depends on data (the prune
 *    fetches the candidate's condition inputs too, so its conditions see what they need).
 * A field the live policy nulled is not descended into, so differences below it show only statically.
 */
export class ShadowPolicy {
  private readonly memo: StaticDecisionMemo;

  constructor(readonly candidate: Policy) {
    this.memo = new StaticDecisionMemo(candidate);
  }

  /** The candidate's context-only decisions for callers of this shape (memoised like the live ones). */
  decider(shape: string, context: DecisionContext): StaticDecider {
    return this.memo.for(shape, context);
  }

  /** The comparison for one request. */
  compare(context: DecisionContext, decideCandidate: StaticDecider): ShadowComparison {
    return new ShadowComparison(this.candidate, context, decideCandidate);
  }
}

/** One request's differences between the live and the candidate policy, each (coordinate, live, candidate) once. */
export class ShadowComparison {
  private readonly differences = new Map<string, ShadowDifference>();

  constructor(
    private readonly candidate: Policy,
    private readonly context: DecisionContext,
    private readonly decideCandidate: StaticDecider,
  ) {}

  /** Differences already known before execution (`staticDifferences`, cached with the rewritten operation). */
  add(differences: readonly ShadowDifference[]): void {
    for (const difference of differences) this.note(difference.coordinate, difference.live === 'ALLOW', difference.candidate === 'ALLOW');
  }

  /** The shield decided `coordinate` on this record (`parent`): what would the candidate have decided? */
  onRecord(coordinate: string, liveAllowed: boolean, parent: Readonly<Record<string, unknown>>): void {
    const known = this.decideCandidate(coordinate);
    const allowed = known.kind === 'depends' ? decide(this.candidate, this.context, coordinate, parent).allowed : known.kind === 'allow';
    if (allowed !== liveAllowed) this.note(coordinate, liveAllowed, allowed);
  }

  /** What the audit event records: the candidate's version and the differences, sorted. */
  record(): ShadowRecord {
    return {
      policyVersion: this.candidate.version,
      differences: [...this.differences.values()].sort((a, b) => compareText(a.coordinate, b.coordinate) || compareText(a.live, b.live)),
    };
  }

  private note(coordinate: string, live: boolean, candidate: boolean): void {
    const key = `${coordinate}|${live ? 1 : 0}`;
    if (!this.differences.has(key)) {
      this.differences.set(key, { coordinate, live: live ? 'ALLOW' : 'DENY', candidate: candidate ? 'ALLOW' : 'DENY' });
    }
  }
}

/**
 * The context-only differences on the fields an operation selects: both policies decide without data and
 * disagree. Fields on an interface or union count for each possible type that has them.
 */
export function staticDifferences(
  schema: GraphQLSchema,
  document: DocumentNode,
  decideLive: StaticDecider,
  decideCandidate: StaticDecider,
): ShadowDifference[] {
  const differences: ShadowDifference[] = [];
  for (const coordinate of selectedCoordinates(schema, document)) {
    const live = decideLive(coordinate);
    const candidate = decideCandidate(coordinate);
    if (live.kind === 'depends' || candidate.kind === 'depends' || live.kind === candidate.kind) continue;
    differences.push({
      coordinate,
      live: live.kind === 'allow' ? 'ALLOW' : 'DENY',
      candidate: candidate.kind === 'allow' ? 'ALLOW' : 'DENY',
    });
  }
  return differences;
}

/** Every `Type.field` the operation selects (concrete types; `__` fields left out), each once. */
export function selectedCoordinates(schema: GraphQLSchema, document: DocumentNode): string[] {
  const coordinates = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = node.name.value;
        const parent = typeInfo.getParentType();
        if (!parent || field.startsWith('__')) return;
        if (isObjectType(parent)) coordinates.add(`${parent.name}.${field}`);
        else if (isAbstractType(parent)) {
          for (const type of schema.getPossibleTypes(parent)) if (field in type.getFields()) coordinates.add(`${type.name}.${field}`);
        }
      },
    }),
  );
  return [...coordinates];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
