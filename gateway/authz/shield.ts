import { buildSchema, isObjectType, printSchema, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { deny, rule, shield } from 'graphql-shield';
import { decide } from '../policy/decide.ts';
import type { Decision, DecisionContext, Policy, StaticDecision } from '../policy/types.ts';
import { forbiddenError } from './forbidden.ts';

/** What the shield pass needs to know about the request. */
export interface ShieldContext {
  decisionContext: DecisionContext;
  /** Memoised context-only decisions for this caller shape. */
  decideStatically(coordinate: string): StaticDecision;
  /** Every denial, for the audit trail. */
  denied: Decision[];
}

/**
 * A copy of the API schema whose resolvers read the gateway's result (`parent[responseKey]`, so aliases
 * work), wrapped by graphql-shield with one rule on every field: the policy decision. Executing the
 * caller's original document over the gateway's data with this schema nulls every denied field, puts a
 * FORBIDDEN error at its exact path (list indices included), and applies data-dependent rules to the
 * real parent objects.
 */
export function buildShieldedSchema(apiSchema: GraphQLSchema, policy: Policy): GraphQLSchema {
  const schema = buildSchema(printSchema(apiSchema));
  // graphql-middleware wraps each field's own resolver and ignores execute({ fieldResolver }), so the
  // reading resolver is installed on every field before the middleware is applied.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) field.resolve = readResponseKey;
  }
  const policyRule = rule('policy', { cache: 'no_cache' })(
    (parent: Record<string, unknown>, _args: unknown, context: ShieldContext, info: GraphQLResolveInfo) => {
      const coordinate = `${info.parentType.name}.${info.fieldName}`;
      const known = context.decideStatically(coordinate);
      if (known.kind === 'allow') return true;
      const decision = known.kind === 'deny' ? known.decision : decide(policy, context.decisionContext, coordinate, parent);
      if (decision.allowed) return true;
      context.denied.push(decision);
      return forbiddenError(decision);
    },
  );
  const ruleTree: Record<string, Record<string, typeof policyRule>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && !type.name.startsWith('__')) ruleTree[type.name] = { '*': policyRule };
  }
  return applyMiddleware(schema, shield(ruleTree, { fallbackRule: deny, allowExternalErrors: false }));
}

function readResponseKey(parent: unknown, _args: unknown, _context: unknown, info: GraphQLResolveInfo): unknown {
  return parent === null || typeof parent !== 'object' ? null : (parent as Record<string, unknown>)[info.path.key];
}
