import type { RequestHandler, Response } from 'express';
import type { GatewayContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import { AUDIT_UNAVAILABLE } from './plugin.ts';
import { AuditUnavailableError, type AuditRecorder } from './recorder.ts';

/** Longest error message kept as a refusal's reason (messages can echo what the caller sent). */
const MAX_REASON = 300;

/**
 * The HTTP half of "one audit record per request". The audit plugin records every request that reaches
 * the GraphQL pipeline, and the identity and purpose checks record their refusals; a request refused
 * anywhere else (a body that is too large or not JSON, Apollo's CSRF, batching or body-shape refusals, an
 * unacceptable Accept header, an unexpected error) would leave no trace. This handler, first on the route,
 * holds back the end of every response not yet recorded, records it as an ERROR with the status, code and
 * message it carries, and only then lets it leave; if the record cannot be written the caller gets 503
 * AUDIT_UNAVAILABLE instead (fail closed).
 *
 * Every `/graphql` response ends with `res.end` (express `res.send`/`res.json` included). Apollo Server
 * writes chunks before `end` only for incremental delivery, which graphql 16 does not produce.
 */
export function auditEveryResponse(recorder: AuditRecorder, logger: Logger): RequestHandler {
  return (_req, res, next) => {
    const context = res.locals.gatewayContext as GatewayContext;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let held = false;
    res.end = ((...args: unknown[]) => {
      if (held) return res; // a second end while the first waits for its record: nothing more to send
      if (context.audit.state !== 'none') return end(...args);
      held = true;
      void recordThenEnd(recorder, logger, context, res, end, args);
      return res;
    }) as Response['end'];
    next();
  };
}

async function recordThenEnd(
  recorder: AuditRecorder,
  logger: Logger,
  context: GatewayContext,
  res: Response,
  end: (...args: unknown[]) => Response,
  args: unknown[],
): Promise<void> {
  try {
    await recorder.record(context, { outcome: 'ERROR', reason: refusalReason(res.statusCode, args[0]) });
    end(...args);
  } catch (error) {
    if (!(error instanceof AuditUnavailableError)) logger.error({ err: error, requestId: context.requestId }, 'recording a refusal failed');
    if (res.headersSent) {
      res.destroy(); // the status line is out: cut the response rather than let it complete unrecorded
      return;
    }
    for (const header of res.getHeaderNames()) if (header !== 'x-request-id') res.removeHeader(header);
    res.statusCode = 503;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    end(JSON.stringify({ errors: [AUDIT_UNAVAILABLE] }));
  }
}

/** `HTTP 413 PAYLOAD_TOO_LARGE: The request body is larger ...`, from the status and the response body. */
export function refusalReason(status: number, chunk: unknown): string {
  const error = firstError(chunk);
  const code = typeof error?.extensions?.code === 'string' ? ` ${error.extensions.code}` : '';
  const message = typeof error?.message === 'string' ? `: ${error.message.slice(0, MAX_REASON)}` : '';
  return `HTTP ${status}${code}${message}`;
}

interface ErrorShape {
  message?: unknown;
  extensions?: { code?: unknown };
}

function firstError(chunk: unknown): ErrorShape | undefined {
  const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : undefined;
  if (text === undefined || text.length > 64 * 1024) return undefined; // refusals are small; anything else is not parsed
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    return Array.isArray(body.errors) && typeof body.errors[0] === 'object' ? (body.errors[0] as ErrorShape) : undefined;
  } catch {
    return undefined;
  }
}
