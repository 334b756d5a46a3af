import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { CONDITIONS } from '../policy/conditions/index.ts';
import { decide } from '../policy/decide.ts';
import type { DecisionContext, Policy, StaticDecision } from '../policy/types.ts';

/**
 * When a record is not the caller's to see at all, "it exists but is not yours" must be the same answer
 * as "it does not exist"; otherwise a FORBIDDEN error is an existence oracle (a subject probing for other
 * people's records, a sealed arrest that is deemed never to have occurred, another agency's audit rows).
 *
 * A record gate holds, for one caller shape and one object type, what decides whether a record of that
 * type exists for the caller: the type is gated when nothing of it is disclosed whatever the data, and
 * at least one of its fields depends on a record-scope condition (`DataCondition.recordScope`). A record
 * of a gated type is visible when at least one of its fields is allowed on it; otherwise the shield
 * withholds it as if it were absent.
 */
export interface RecordGate {
  typeName: string;
  /** The fields (`Type.field`) the caller might be allowed on some record: one allowed makes it visible. */
  candidates: readonly string[];
  /** The data conditions those decisions depend on: their inputs must come with every record of the type. */
  conditions: readonly string[];
}

/** The gate of this type for a caller shape (its context-only decisions), or undefined when it has none. */
export function recordGateOf(type: GraphQLObjectType, decideStatically: (coordinate: string) => StaticDecision): RecordGate | undefined {
  const candidates: string[] = [];
  const conditions = new Set<string>();
  let recordScoped = false;
  for (const field of Object.values(type.getFields())) {
    const coordinate = `${type.name}.${field.name}`;
    const decision = decideStatically(coordinate);
    // Something of every record of this type is disclosed: whether one exists is not a secret to this caller.
    if (decision.kind === 'allow') return undefined;
    if (decision.kind === 'deny') continue;
    candidates.push(coordinate);
    for (const name of decision.conditions) {
      conditions.add(name);
      if (CONDITIONS.get(name)?.recordScope === true) recordScoped = true;
    }
  }
  return recordScoped ? { typeName: type.name, candidates, conditions: [...conditions] } : undefined;
}

/** Every gated object type of the schema for a caller shape, by name (root operation types excepted). */
export function recordGatesOf(
  schema: GraphQLSchema,
  decideStatically: (coordinate: string) => StaticDecision,
): ReadonlyMap<string, RecordGate> {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const gates = new Map<string, RecordGate>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type)) continue;
    const gate = recordGateOf(type, decideStatically);
    if (gate) gates.set(type.name, gate);
  }
  return gates;
}

/** The selections (under `_authz_` aliases) that the gate's conditions need on a record of its type. */
export function gateInputs(gate: RecordGate): string[] {
  return gate.conditions.flatMap((name) => {
    const need = CONDITIONS.get(name)?.needs[gate.typeName];
    return need ? [need] : [];
  });
}

/** Whether the caller may see anything of this record: the policy decision, field by field, on the record. */
export function recordIsVisible(
  policy: Policy,
  context: DecisionContext,
  gate: RecordGate,
  record: Readonly<Record<string, unknown>>,
): boolean {
  return gate.candidates.some((coordinate) => decide(policy, context, coordinate, record).allowed);
}
