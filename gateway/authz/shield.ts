import {
  buildSchema,
  getNamedType,
  isAbstractType,
  isObjectType,
  printSchema,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { applyMiddleware, type IMiddlewareFieldMap, type IMiddlewareTypeMap } from 'graphql-middleware';
import { deny, rule, shield } from 'graphql-shield';
import { decide } from '../policy/decide.ts';
import type { Decision, DecisionContext, Policy, StaticDecision } from '../policy/types.ts';
import type { Disclosure } from '../audit/disclosure.ts';
import { LruCache } from '../../common/lru.ts';
import { forbiddenError } from './forbidden.ts';
import { recordGatesOf, recordIsVisible, type RecordGate } from './record-gate.ts';
import type { ShadowComparison } from './shadow.ts';
import type { WithheldRecords } from './withheld.ts';

/** Caller shapes whose shielded schema is kept (least recently used forgotten beyond). */
const SHAPES_CACHED = 256;

/** What the shield pass needs to know about the request. */
export interface ShieldContext {
  decisionContext: DecisionContext;
  /** Memoised context-only decisions for this caller shape. */
  decideStatically(coordinate: string): StaticDecision;
  /** Every denial, for the audit trail. */
  denied: Decision[];
  /** What the response discloses, for the audit trail. */
  disclosure: Disclosure;
  /** Records withheld as if absent (record gates), to keep source errors about them from the caller. */
  withheld: WithheldRecords;
  /** Shadow mode: where the candidate policy would decide differently (never changes the response). */
  shadow?: ShadowComparison;
}

/**
 * Builds, for one policy, the shielded schemas the second pass executes with: a copy of the API schema
 * whose resolvers read the gateway's result (`parent[responseKey]`, so aliases work), wrapped by
 * graphql-shield with the policy decision as the rule of each field. Executing the caller's original
 * document over the gateway's data with it nulls every denied field, puts a FORBIDDEN error at its exact
 * path (list indices included), and applies data-dependent rules to the real parent objects.
 *
 * One schema per caller shape (roles + purpose + case number present): fields that the policy allows to
 * that shape whatever the data keep their plain resolver — their decision was made before planning —
 * and only the others go through graphql-shield. Same decisions, far fewer asynchronous field calls.
 *
 * Records of a type gated for the shape (record-gate.ts) are withheld by the resolver of every field
 * returning that type, once per record, before any of their fields is decided: a record that is not the
 * caller's answers exactly like one that does not exist.
 */
export class ShieldedSchemas {
  /** Bounded: a schema per shape is large, and shapes come from the roles of whatever tokens are presented. */
  private readonly byShape = new LruCache<string, GraphQLSchema>(SHAPES_CACHED);
  private readonly middleware: IMiddlewareTypeMap;

  constructor(
    private readonly apiSchema: GraphQLSchema,
    private readonly policy: Policy,
  ) {
    const policyRule = rule('policy', { cache: 'no_cache' })((
      parent: Record<string, unknown>,
      _args: unknown,
      context: ShieldContext,
      info: GraphQLResolveInfo,
    ) => {
      const coordinate = `${info.parentType.name}.${info.fieldName}`;
      const known = context.decideStatically(coordinate);
      if (known.kind === 'allow') {
        context.shadow?.onRecord(coordinate, true, parent); // shielded only because the candidate depends on data
        return true;
      }
      const decision = known.kind === 'deny' ? known.decision : decide(this.policy, context.decisionContext, coordinate, parent);
      context.shadow?.onRecord(coordinate, decision.allowed, parent);
      if (decision.allowed) {
        context.disclosure.released(coordinate, decision.rules);
        return true;
      }
      context.denied.push(decision);
      return forbiddenError(decision);
    });
    const ruleTree: Record<string, Record<string, typeof policyRule>> = {};
    for (const type of Object.values(apiSchema.getTypeMap())) {
      if (isObjectType(type) && !type.name.startsWith('__')) ruleTree[type.name] = { '*': policyRule };
    }
    // graphql-shield's field middleware for every field; each shape's schema applies the part it needs.
    this.middleware = shield(ruleTree, { fallbackRule: deny, allowExternalErrors: false }).generate(apiSchema) as IMiddlewareTypeMap;
  }

  /**
   * The shielded schema for callers of this shape, built once. In shadow mode (`decideCandidate`), fields
   * on which the candidate depends on data are shielded too, so that it is asked on each record.
   */
  for(
    shape: string,
    decideStatically: (coordinate: string) => StaticDecision,
    decideCandidate?: (coordinate: string) => StaticDecision,
  ): GraphQLSchema {
    return this.byShape.getOrSet(shape, () => this.build(decideStatically, decideCandidate));
  }

  private build(
    decideStatically: (coordinate: string) => StaticDecision,
    decideCandidate?: (coordinate: string) => StaticDecision,
  ): GraphQLSchema {
    const schema = buildSchema(printSchema(this.apiSchema));
    const gates = recordGatesOf(schema, decideStatically);
    const withholding = withholdingResolver(this.policy, gates);
    const needed: IMiddlewareTypeMap = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const fields: IMiddlewareFieldMap = {};
      for (const field of Object.values(type.getFields())) {
        // graphql-middleware wraps each field's own resolver and ignores execute({ fieldResolver }), so the
        // reading resolver is installed on every field before the middleware is applied.
        field.resolve = returnsGatedType(schema, field.type, gates) ? withholding : readResponseKey;
        const coordinate = `${type.name}.${field.name}`;
        if (decideStatically(coordinate).kind !== 'allow' || decideCandidate?.(coordinate).kind === 'depends') {
          fields[field.name] = (this.middleware[type.name] as IMiddlewareFieldMap)[field.name];
        }
      }
      if (Object.keys(fields).length > 0) needed[type.name] = fields;
    }
    return Object.keys(needed).length > 0 ? applyMiddleware(schema, needed) : schema;
  }
}

/** Reads the field from the gateway's result and notes the disclosure; it runs only for allowed fields. */
function readResponseKey(parent: unknown, _args: unknown, context: ShieldContext, info: GraphQLResolveInfo): unknown {
  if (parent === null || typeof parent !== 'object') return null;
  const value = (parent as Record<string, unknown>)[info.path.key];
  if (value !== null && value !== undefined)
    context.disclosure.disclosed(info.parentType.name, info.fieldName, parent as Record<string, unknown>, value);
  return value;
}

/** `readResponseKey` for a field returning a gated type: records the caller may not see are withheld first. */
function withholdingResolver(policy: Policy, gates: ReadonlyMap<string, RecordGate>): GraphQLFieldResolver<unknown, ShieldContext> {
  return (parent, _args, context, info) => {
    if (parent === null || typeof parent !== 'object') return null;
    const found = (parent as Record<string, unknown>)[info.path.key];
    const value = context.withheld.filter(found, info.returnType, responsePathAsArray(info.path), (record, typeName) => {
      const gate = gates.get(typeName);
      if (!gate || recordIsVisible(policy, context.decisionContext, gate, record)) return false;
      context.disclosure.withheld(typeName, record);
      return true;
    });
    if (value !== null && value !== undefined)
      context.disclosure.disclosed(info.parentType.name, info.fieldName, parent as Record<string, unknown>, value);
    return value;
  };
}

function returnsGatedType(schema: GraphQLSchema, type: GraphQLOutputType, gates: ReadonlyMap<string, RecordGate>): boolean {
  if (gates.size === 0) return false;
  const named = getNamedType(type);
  if (isAbstractType(named)) return schema.getPossibleTypes(named).some((possible) => gates.has(possible.name));
  return gates.has(named.name);
}
