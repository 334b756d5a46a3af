import type { RequestHandler } from 'express';
import type { GatewayContext } from './context.ts';
import { httpErrorBody } from './http-errors.ts';
import { AuthenticationError, type VerifyToken } from './identity/verify.ts';
import { AUDIT_UNAVAILABLE } from './audit/plugin.ts';
import type { AuditRecorder } from './audit/recorder.ts';
import type { Logger } from './logger.ts';
import type { Policy } from './policy/types.ts';
import { PurposeError, statePurpose } from './purpose/stated-purpose.ts';
import { establishNeedToKnow } from './need-to-know/establish.ts';
import type { NeedToKnowLookup } from './need-to-know/rms-lookup.ts';

/**
 * Who is asking and why, decided before any GraphQL work: a request without a valid token gets 401,
 * one without a purpose its roles may state gets 400/403, and neither reaches a source.
 */

/**
 * Verifies the bearer token; 401 UNAUTHENTICATED otherwise, with `extensions.reason` (TOKEN_EXPIRED, …)
 * and a fixed message per reason; the details (jose's message, the offending claim) go to the log and the
 * audit trail only.
 */
export function authenticate(verifyToken: VerifyToken, recorder: AuditRecorder, logger: Logger): RequestHandler {
  return async (req, res, next) => {
    const context = res.locals.gatewayContext as GatewayContext;
    try {
      context.caller = await verifyToken(req.headers.authorization);
      next();
    } catch (error) {
      if (!(error instanceof AuthenticationError)) {
        next(error);
        return;
      }
      logger.info({ requestId: context.requestId, client: context.clientAddress, reason: error.message }, 'authentication refused');
      // A failed logon is an audit event too (CJIS AU-2).
      if (!(await audited(recorder, context, 'UNAUTHENTICATED', error.message, res))) return;
      const body = httpErrorBody(error.publicMessage, 'UNAUTHENTICATED');
      res
        .status(401)
        .setHeader('www-authenticate', bearerChallenge(error))
        .json({ errors: body.errors.map((e) => ({ ...e, extensions: { ...e.extensions, reason: error.reason } })) });
    }
  };
}

/** RFC 6750 challenge: `invalid_token` when a token was sent, a bare challenge when none was. */
function bearerChallenge(error: AuthenticationError): string {
  return error.reason === 'TOKEN_MISSING' ? 'Bearer realm="clets-gateway"' : 'Bearer realm="clets-gateway", error="invalid_token"';
}

/**
 * States the purpose (X-Purpose) against the policy, 400 or 403 otherwise; then checks a stated
 * X-Case-Number / X-Incident-Number against the agency's records (one rms lookup): only a confirmed number
 * goes into the decision context as need to know. The request runs either way.
 */
export function requirePurpose(
  /** The policy this request was pinned to (`context.policy`, set just before). */
  policyOf: (context: GatewayContext) => Policy | undefined,
  lookup: NeedToKnowLookup,
  recorder: AuditRecorder,
  logger: Logger,
): RequestHandler {
  return async (req, res, next) => {
    const context = res.locals.gatewayContext as GatewayContext;
    const policy = policyOf(context);
    if (!context.caller || !policy) {
      res.status(503).json(httpErrorBody('The gateway is not ready: no policy is loaded.', 'NOT_READY'));
      return;
    }
    try {
      const stated = statePurpose(
        { purpose: req.get('x-purpose'), caseNumber: req.get('x-case-number'), incidentNumber: req.get('x-incident-number') },
        context.caller,
        policy,
      );
      context.purpose = stated;
      const decisionContext = { sub: context.caller.sub, ori: context.caller.ori, roles: context.caller.roles, purpose: stated.purpose };
      // The lookup's signed context carries the caller, with no need to know yet.
      context.authorization = { decisionContext };
      context.needToKnow = await establishNeedToKnow(lookup, context, stated);
      context.authorization = { decisionContext: { ...decisionContext, ...context.needToKnow.decided } };
      next();
    } catch (error) {
      if (!(error instanceof PurposeError)) {
        next(error);
        return;
      }
      logger.info({ requestId: context.requestId, sub: context.caller.sub, code: error.code }, 'purpose refused');
      if (!(await audited(recorder, context, 'PURPOSE_REFUSED', `${error.code}: ${error.message}`, res))) return;
      res.status(error.status).json(httpErrorBody(error.message, error.code));
    }
  };
}

/** Records a refusal; when the record cannot be written, answers 503 instead and returns false. */
async function audited(
  recorder: AuditRecorder,
  context: GatewayContext,
  outcome: 'UNAUTHENTICATED' | 'PURPOSE_REFUSED',
  reason: string,
  res: Parameters<RequestHandler>[1],
): Promise<boolean> {
  try {
    await recorder.record(context, { outcome, reason });
    return true;
  } catch {
    res.status(503).json({ errors: [AUDIT_UNAVAILABLE] });
    return false;
  }
}
