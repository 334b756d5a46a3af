import type { ApolloServerPlugin } from '@apollo/server';
import { context as otelContext, SpanStatusCode, type Context } from '@opentelemetry/api';
import type { RequestHandler, Response } from 'express';
import type { GatewayContext } from '../context.ts';
import { withRequestId } from '../logger.ts';
import type { GatewayMetrics } from './metrics.ts';
import { startRequestSpan } from './tracing.ts';

const SCOPE = 'observabilityScope';

/**
 * Runs the rest of the request inside its scope: log lines carry its request id, spans are children of its
 * span. Mount right after the request context is attached.
 */
export const enterRequestScope: RequestHandler = (req, res, next) => {
  const { requestId } = res.locals.gatewayContext as GatewayContext;
  const { span, context } = startRequestSpan('clets.request', req.headers, {
    'http.request.method': req.method,
    'url.path': req.path,
    'clets.request_id': requestId,
  });
  res.locals[SCOPE] = context;
  // 'close' comes after the response was sent, or when the connection closed before it could be.
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  withRequestId(requestId, () => otelContext.with(context, next));
};

/**
 * Re-enters the request's scope. Callbacks of the request's body stream run outside it (body parsing
 * resumes from the socket's own async context), so mount this after `express.json()`.
 */
export const resumeRequestScope: RequestHandler = (_req, res, next) => {
  const { requestId } = res.locals.gatewayContext as GatewayContext;
  withRequestId(requestId, () => otelContext.with(scopeOf(res), next));
};

function scopeOf(res: Response): Context {
  return (res.locals[SCOPE] as Context | undefined) ?? otelContext.active();
}

/** Counts the errors of every executed GraphQL response by `extensions.code`. */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (errors) metrics.responseErrors(errors.map((e) => e.extensions?.code));
        },
      };
    },
  };
}
