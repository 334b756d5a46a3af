import { GraphQLError } from 'graphql';
import type { Decision } from '../policy/types.ts';

/**
 * The error a caller gets for each denied path (README, "What a denial looks like"): code FORBIDDEN, the field
 * coordinate, a human reason and what would have allowed it. Built without a stack trace: many are made
 * per request and the stack says nothing useful to a client.
 */
export function forbiddenError(decision: Decision): GraphQLError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(`Not authorized to see ${decision.coordinate}: ${decision.reason}`, {
      extensions: {
        code: 'FORBIDDEN',
        coordinate: decision.coordinate,
        reason: decision.reason,
        allowedWith: decision.allowedWith ?? [],
      },
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
}
