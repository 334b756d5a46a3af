import type { Response } from 'express';
import type { AuditOutcome } from '../../audit/event.ts';
import { AUDIT_UNAVAILABLE } from '../audit/plugin.ts';
import type { AuditRecorder, RequestOutcome } from '../audit/recorder.ts';
import type { GatewayContext } from '../context.ts';

export interface Refusal {
  status: 400 | 429;
  outcome: Extract<AuditOutcome, 'QUERY_TOO_COMPLEX' | 'RATE_LIMITED'>;
  /** For the auditor: which limit and the numbers, e.g. `limit=depth value=28 max=10`. */
  reason: string;
  message: string;
  /** `extensions` of the one error (the code included). */
  extensions: Record<string, unknown>;
  /** Seconds until the caller may try again (429: the `Retry-After` header). */
  retryAfterSeconds?: number;
  operation?: RequestOutcome['operation'];
}

/**
 * Answers a refusal decided before any GraphQL work, after recording it as the request's one audit event
 * (the outcome and the limit are what an auditor or the agency's coordinator filters on). When the record
 * cannot be written the caller gets 503 AUDIT_UNAVAILABLE instead, as for every other request.
 */
export async function refuse(recorder: AuditRecorder, context: GatewayContext, res: Response, refusal: Refusal): Promise<void> {
  try {
    await recorder.record(context, { outcome: refusal.outcome, reason: refusal.reason, operation: refusal.operation });
  } catch {
    res.status(503).json({ errors: [AUDIT_UNAVAILABLE] });
    return;
  }
  if (refusal.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(refusal.retryAfterSeconds));
  res.status(refusal.status).json({ errors: [{ message: refusal.message, extensions: refusal.extensions }] });
}
