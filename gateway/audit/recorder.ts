import { createHash } from 'node:crypto';
import type { GatewayContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import { AUDIT_EVENT_VERSION, type AuditEvent, type AuditEventInput, type AuditOutcome } from '../../audit/event.ts';
import type { AuditStore } from '../../audit/store.ts';

/** The audit record could not be made durable: the caller must get 503 and no data (fail closed). */
export class AuditUnavailableError extends Error {}

export interface RequestOutcome {
  outcome: AuditOutcome;
  reason?: string;
  operation?: { name: string | null; hash: string | null; text: string | null };
}

/** Writes one audit event per request; the one place request facts become an audit record. */
export class AuditRecorder {
  constructor(
    private readonly store: AuditStore,
    private readonly logger: Logger,
  ) {}

  /** Writes the request's record; a request is recorded once (a second call is a programming error). */
  async record(context: GatewayContext, result: RequestOutcome): Promise<AuditEvent> {
    if (context.audit.state !== 'none') throw new Error(`request ${context.requestId} is already audited (${context.audit.state})`);
    const input = eventFromRequest(context, result);
    context.audit.state = 'writing';
    try {
      const event = await this.store.append(input);
      context.audit.state = 'written';
      return event;
    } catch (error) {
      context.audit.state = 'failed';
      // CJIS AU-5: an audit failure is an alert for the operators, and the request gets no data.
      this.logger.error({ err: error, requestId: context.requestId }, 'AUDIT WRITE FAILED: request refused (fail closed)');
      throw new AuditUnavailableError((error as Error).message);
    }
  }
}

export function eventFromRequest(context: GatewayContext, result: RequestOutcome): AuditEventInput {
  const outcome = context.authorization?.outcome;
  const decided = context.authorization?.decisionContext;
  const text = result.operation?.text ?? null;
  return {
    version: AUDIT_EVENT_VERSION,
    time: new Date().toISOString(),
    requestId: context.requestId,
    userId: context.caller?.sub ?? null,
    userName: context.caller?.name ?? null,
    ori: context.caller?.ori ?? null,
    roles: [...(context.caller?.roles ?? [])],
    purpose: decided?.purpose ?? null,
    // As stated (X-Case-Number / X-Incident-Number), with what the agency's records (rms) said of each.
    caseNumber: context.purpose?.caseNumber ?? null,
    caseStatus: context.needToKnow?.caseStatus ?? null,
    incidentNumber: context.purpose?.incidentNumber ?? null,
    incidentStatus: context.needToKnow?.incidentStatus ?? null,
    clientAddress: context.clientAddress,
    operationName: result.operation?.name ?? null,
    operationHash: result.operation?.hash ?? (text ? createHash('sha256').update(text).digest('hex') : null),
    operationText: text,
    subjects: [...(outcome?.disclosure.subjects ?? [])].sort(),
    records: [...(outcome?.disclosure.records ?? [])].sort(),
    fieldsDisclosed: [...(outcome?.disclosure.fields ?? [])].sort(),
    fieldsDenied: [...new Set((outcome?.denied ?? []).map((d) => d.coordinate))].sort(),
    views: outcome?.disclosure.views ?? [],
    sources: [...context.sources].sort(),
    outcome: result.outcome,
    reason: result.reason ?? null,
    latencyMs: Math.round((performance.now() - context.startedAt) * 100) / 100,
    // The policy the request was pinned to (none before the purpose check) and what it released.
    policyVersion: context.policy?.live.version ?? null,
    releasedBy: outcome?.releasedBy ?? [],
    shadow: outcome?.shadow ?? null,
  };
}
