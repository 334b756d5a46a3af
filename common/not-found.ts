import { GraphQLError } from 'graphql';

/**
 * The "no record matches" hint, part of the gateway-subgraph contract: a source answers a lookup by
 * identifier that matches nothing with `null` and this error, so that a caller can tell a mistyped plate
 * from a vehicle without data. The gateway drops these errors for callers that a record gate withholds
 * records from (gateway/authz/not-found.ts), for whom "no record" and "not yours" must be one answer.
 */
export const NOT_FOUND = 'NOT_FOUND';

export function notFound(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: NOT_FOUND, argument } });
}

export function isNotFound(error: { extensions?: Readonly<Record<string, unknown>> }): boolean {
  return error.extensions?.code === NOT_FOUND;
}
