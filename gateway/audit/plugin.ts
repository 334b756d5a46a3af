import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import type { AuditOutcome } from '../../audit/event.ts';
import { AuditUnavailableError, type AuditRecorder } from './recorder.ts';

export const AUDIT_UNAVAILABLE = {
  message: 'The audit trail cannot be written, so no data is released. Try again later.',
  extensions: { code: 'AUDIT_UNAVAILABLE' },
} as const;

/**
 * One audit record per GraphQL request, written (durably) before the response leaves: Apollo Server
 * serialises the response only after `willSendResponse` resolves. If the record cannot be written the
 * response is replaced by a 503 with no data.
 */
export function auditPlugin(recorder: AuditRecorder): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, source, queryHash, operationName }) {
          const body = response.body?.kind === 'single' ? response.body.singleResult : undefined;
          const disclosed = contextValue.authorization?.outcome?.disclosure.fields.size ?? 0;
          const denied = contextValue.authorization?.outcome?.denied.length ?? 0;
          const outcome: AuditOutcome = disclosed > 0 ? 'ALLOWED' : denied > 0 ? 'DENIED' : body?.data ? 'ALLOWED' : 'ERROR';
          const firstError = body?.errors?.find((e) => e.extensions?.code !== 'FORBIDDEN');
          try {
            await recorder.record(contextValue, {
              outcome,
              reason: outcome === 'ERROR' ? firstError?.message : undefined,
              operation: { name: operationName ?? null, hash: queryHash ?? null, text: source ?? null },
            });
          } catch (error) {
            if (!(error instanceof AuditUnavailableError)) throw error;
            response.body = { kind: 'single', singleResult: { errors: [AUDIT_UNAVAILABLE] } };
            response.http.status = 503;
          }
        },
      };
    },
  };
}
