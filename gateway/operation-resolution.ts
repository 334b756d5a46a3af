import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * An operation name the document does not define (or no name for a document of several operations) is
 * the caller's mistake: 400 OPERATION_RESOLUTION_FAILURE before execution. Left to the federation gateway
 * it surfaces as an INVALID_GRAPHQL error with status 500, as if the gateway had failed.
 */
export function operationResolutionPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : 'Must provide operation name if query contains multiple operations.';
          throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
        },
      };
    },
  };
}
