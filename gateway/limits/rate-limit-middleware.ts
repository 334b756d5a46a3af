import type { RequestHandler, Response } from 'express';
import type { AuditRecorder } from '../audit/recorder.ts';
import type { GatewayContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { RateDecision, RateLimits } from './rate-limiter.ts';
import { refuse } from './refuse.ts';

export const RATE_LIMITED = 'RATE_LIMITED';

const WHOSE: Record<Exclude<RateDecision, { allowed: true }>['limit'], string> = {
  user: 'this user',
  agency: "this user's agency",
  'bad-tokens': 'this client address, after too many invalid tokens',
};

/**
 * Before the token is verified: a client address that sent too many invalid tokens lately gets 429 without
 * its token being looked at, so the gateway cannot be used to test guessed or stolen tokens at speed. Every
 * 401 this request ends with counts against its address. A request without any token is not counted.
 */
export function throttleInvalidTokens(limits: RateLimits, recorder: AuditRecorder, logger: Logger): RequestHandler {
  return async (req, res, next) => {
    if (req.headers.authorization === undefined) {
      next();
      return;
    }
    const context = res.locals.gatewayContext as GatewayContext;
    const decision = await limits.badTokensExceeded(context.clientAddress);
    if (!decision.allowed) {
      await refuseRate(recorder, logger, context, res, decision);
      return;
    }
    res.once('finish', () => {
      if (res.statusCode !== 401 || context.caller) return;
      limits
        .countBadToken(context.clientAddress)
        .catch((error: unknown) => logger.error({ err: error }, 'counting an invalid token failed'));
    });
    next();
  };
}

/** After the token is verified: spends one request of the user's and of the agency's budget, else 429. */
export function enforceRateLimits(limits: RateLimits, recorder: AuditRecorder, logger: Logger): RequestHandler {
  return async (_req, res, next) => {
    const context = res.locals.gatewayContext as GatewayContext;
    if (!context.caller) {
      next();
      return;
    }
    const decision = await limits.admit(context.caller);
    if (decision.allowed) {
      next();
      return;
    }
    await refuseRate(recorder, logger, context, res, decision);
  };
}

async function refuseRate(
  recorder: AuditRecorder,
  logger: Logger,
  context: GatewayContext,
  res: Response,
  decision: Exclude<RateDecision, { allowed: true }>,
): Promise<void> {
  const { limit, retryAfterSeconds } = decision;
  logger.info(
    { requestId: context.requestId, sub: context.caller?.sub, ori: context.caller?.ori, client: context.clientAddress, limit },
    'request refused: rate limit',
  );
  await refuse(recorder, context, res, {
    status: 429,
    outcome: 'RATE_LIMITED',
    reason: `limit=${limit} retryAfterSeconds=${retryAfterSeconds}`,
    message: `Too many requests from ${WHOSE[limit]}: try again in ${retryAfterSeconds} s.`,
    extensions: { code: RATE_LIMITED, limit, retryAfterSeconds },
    retryAfterSeconds,
  });
}
