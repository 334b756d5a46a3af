import type { Request, RequestHandler, Response } from 'express';
import type { Role } from '../../common/vocabulary.ts';
import { AUDIT_UNAVAILABLE } from '../audit/plugin.ts';
import type { AuditRecorder, RequestOutcome } from '../audit/recorder.ts';
import type { GatewayContext } from '../context.ts';
import { httpErrorBody } from '../http-errors.ts';
import type { Caller } from '../identity/caller.ts';
import { AuthenticationError, type VerifyToken } from '../identity/verify.ts';
import type { Logger } from '../logger.ts';

/**
 * The JSON endpoints behind the gateway's own pages (`/policies/api/...`): the same bearer token as the API,
 * verified by the gateway's identity module, a role check, and one audit event per call, written before the
 * answer leaves (a read of policy data is an event too; CJIS AU-2). Refusals are audited the same way.
 */
export interface PageAccessOptions {
  verifyToken: VerifyToken;
  recorder: AuditRecorder;
  logger: Logger;
}

/** Bad input to a page endpoint: 400 with this message, audited as an error, nothing computed. */
export class PageInputError extends Error {}

/** Computes the JSON answer for a caller allowed in; throws (or rejects with) PageInputError for bad input. */
export type PageHandler = (req: Request, caller: Caller) => unknown;

export interface PageEndpoint {
  /** Named in the audit event as the operation, e.g. `policies.matrix`. */
  name: string;
  /** Roles that may call it (any one of them). */
  roles: readonly Role[];
  /** Says who may, in the 403 message: `the policy explorer is for POLICY_OFFICER (read-only: …)`. */
  refusal: string;
  handler: PageHandler;
}

export function pageEndpoint(options: PageAccessOptions, endpoint: PageEndpoint): RequestHandler {
  const { verifyToken, recorder, logger } = options;
  return async (req, res) => {
    const context = res.locals.gatewayContext as GatewayContext;
    const operation = { name: endpoint.name, hash: null, text: `${req.method} ${req.originalUrl}`.slice(0, 2000) };
    const record = (outcome: RequestOutcome['outcome'], reason?: string) => audited(recorder, context, { outcome, reason, operation }, res);
    res.setHeader('cache-control', 'no-store');

    let caller: Caller;
    try {
      caller = await verifyToken(req.headers.authorization);
      context.caller = caller;
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      logger.info({ requestId: context.requestId, page: endpoint.name, reason: error.message }, 'page authentication refused');
      if (!(await record('UNAUTHENTICATED', error.message))) return;
      res
        .status(401)
        // RFC 6750, as /graphql answers: `invalid_token` when a token was sent.
        .setHeader(
          'www-authenticate',
          error.reason === 'TOKEN_MISSING' ? 'Bearer realm="clets-gateway"' : 'Bearer realm="clets-gateway", error="invalid_token"',
        )
        .json({ errors: [{ message: error.publicMessage, extensions: { code: 'UNAUTHENTICATED', reason: error.reason } }] });
      return;
    }
    if (!caller.roles.some((role) => endpoint.roles.includes(role))) {
      const message = `Not permitted: your roles (${caller.roles.join(', ')}) may not use this page; ${endpoint.refusal}.`;
      if (!(await record('DENIED', message))) return;
      res.status(403).json(httpErrorBody(message, 'FORBIDDEN'));
      return;
    }
    let body: unknown;
    try {
      body = await endpoint.handler(req, caller);
    } catch (error) {
      if (!(await record('ERROR', (error as Error).message))) return;
      if (!(error instanceof PageInputError)) throw error; // 500 from the error handler, recorded all the same
      res.status(400).json(httpErrorBody(error.message, 'BAD_USER_INPUT'));
      return;
    }
    if (!(await record('ALLOWED'))) return;
    res.status(200).json(body);
  };
}

/** Records the call; when the record cannot be written, answers 503 with no data and returns false (fail closed). */
async function audited(recorder: AuditRecorder, context: GatewayContext, outcome: RequestOutcome, res: Response): Promise<boolean> {
  try {
    await recorder.record(context, outcome);
    return true;
  } catch {
    res.status(503).json({ errors: [AUDIT_UNAVAILABLE] });
    return false;
  }
}

/** The one query parameter `name` as a string (Express may give an array or an object for crafted URLs). */
export function queryParameter(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new PageInputError(`Give the query parameter "${name}" once, as text.`);
  return value;
}
