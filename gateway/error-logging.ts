import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.ts';
import type { Logger } from './logger.ts';

/** Codes that describe the caller's mistake, not a fault of ours: logged at debug, not as errors. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'NOT_FOUND',
  // A denied field is the policy working, not a fault (each denial is in the audit trail).
  'FORBIDDEN',
]);

/** Logs one line per request that ended with errors: an error line when any is ours or a subgraph's fault. */
export function errorLoggingPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          const codes = errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'));
          const fields = { requestId: contextValue.requestId, operationName, codes };
          if (codes.every((code) => CLIENT_CODES.has(code))) {
            logger.debug(fields, 'request rejected');
          } else {
            logger.error({ ...fields, messages: errors.map((e) => e.message) }, 'request failed');
          }
        },
      };
    },
  };
}
