import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { AuditRecorder } from '../audit/recorder.ts';
import type { GatewayContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { OperationLimits } from './config.ts';
import { checkOperationLimits, limitMessage } from './operation-limits.ts';
import { refuse } from './refuse.ts';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** Keeps the API schema Apollo Server serves, for the limits (the cost reads list types and arguments). */
export class ServedSchema {
  private current?: GraphQLSchema;

  get schema(): GraphQLSchema | undefined {
    return this.current;
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      serverWillStart: async () => ({
        schemaDidLoadOrUpdate: ({ apiSchema }) => {
          this.current = apiSchema;
        },
      }),
    };
  }
}

/**
 * Refuses an operation over the operation limits before Apollo Server parses, validates or plans it:
 * 400 with one error, `extensions: { code: "QUERY_TOO_COMPLEX", limit, value, max }`, recorded in the audit
 * trail with the outcome QUERY_TOO_COMPLEX and the limit. Runs after the body is parsed (POST) and reads
 * GET's query string the same way. Anything that is not a string query is left to Apollo Server to refuse.
 */
export function enforceOperationLimits(options: {
  limits: OperationLimits;
  served: ServedSchema;
  recorder: AuditRecorder;
  logger: Logger;
}): RequestHandler {
  const { limits, served, recorder, logger } = options;
  return async (req, res, next) => {
    const schema = served.schema;
    const operation = operationOf(req);
    if (!schema || !operation) {
      next();
      return;
    }
    const check = checkOperationLimits(operation.query, operation.variables, schema, limits);
    if (check.ok) {
      next();
      return;
    }
    const context = res.locals.gatewayContext as GatewayContext;
    const { limit, value, max } = check;
    logger.info({ requestId: context.requestId, sub: context.caller?.sub, limit, value, max }, 'operation refused: too complex');
    await refuse(recorder, context, res, {
      status: 400,
      outcome: 'QUERY_TOO_COMPLEX',
      reason: `limit=${limit} value=${limit === 'tokens' ? `>${max}` : value} max=${max}`,
      message: limitMessage(check),
      extensions: { code: QUERY_TOO_COMPLEX, limit, value, max },
      operation: { name: operation.operationName ?? null, hash: null, text: operation.query },
    });
  };
}

interface Operation {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/** The operation as Apollo Server will read it: the JSON body (POST) or the query string (GET). */
function operationOf(req: Request): Operation | undefined {
  const source: unknown = req.method === 'GET' ? req.query : req.body;
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return undefined;
  const { query, operationName, variables } = source as Record<string, unknown>;
  if (typeof query !== 'string') return undefined;
  return {
    query,
    operationName: typeof operationName === 'string' ? operationName : undefined,
    variables: variablesOf(variables),
  };
}

function variablesOf(raw: unknown): Record<string, unknown> | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown; // GET sends variables as JSON text
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
