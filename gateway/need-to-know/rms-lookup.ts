import type { GraphQLRequestBody } from '../../common/gateway-context.ts';
import type { GatewayContext } from '../context.ts';
import type { SubgraphHeaders } from '../gateway.ts';
import type { Logger } from '../logger.ts';
import { isNeedToKnowStatus, UNREACHABLE, type CheckedStatus } from './status.ts';

/** The numbers a request states (upper-cased, well-formed); at least one is present when rms is asked. */
export interface StatedNumbers {
  caseNumber?: string;
  incidentNumber?: string;
}

/** rms's answer per stated number; a number not stated has no status. */
export interface NeedToKnowAnswer {
  caseStatus?: CheckedStatus;
  incidentStatus?: CheckedStatus;
}

/** Asks the agency's records whether the stated numbers establish need to know for this request's caller. */
export type NeedToKnowLookup = (context: GatewayContext, numbers: StatedNumbers) => Promise<NeedToKnowAnswer>;

export interface RmsLookupOptions {
  /** The rms subgraph's URL (supergraph routing_url or RMS_URL); none: every stated number is UNREACHABLE. */
  url: string | undefined;
  /** Signs the fetch for audience `rms`, with the caller's context, like every data-source fetch. */
  subgraphHeaders: SubgraphHeaders;
  timeoutMs: number;
  logger: Logger;
}

export const RMS_SUBGRAPH = 'rms';

const QUERY =
  'query NeedToKnow($caseNumber: String, $incidentNumber: String) { needToKnow(caseNumber: $caseNumber, incidentNumber: $incidentNumber) { case { number status } incident { number status } } }';

interface NumberCheck {
  number?: unknown;
  status?: unknown;
}

/**
 * One POST to the rms subgraph's `needToKnow` root field (docs/contracts C2: `@inaccessible`, so the
 * public API never shows it; the gateway calls the subgraph directly). The caller's sub, ORI and roles
 * travel in the signed context, the numbers as variables. Fails closed: a refused connection, a timeout,
 * an HTTP or GraphQL error, or an answer about another number makes that number UNREACHABLE, and is logged.
 */
export function rmsNeedToKnowLookup(options: RmsLookupOptions): NeedToKnowLookup {
  return async (context, numbers) => {
    const variables = {
      ...(numbers.caseNumber ? { caseNumber: numbers.caseNumber } : {}),
      ...(numbers.incidentNumber ? { incidentNumber: numbers.incidentNumber } : {}),
    };
    const body: GraphQLRequestBody = { query: QUERY, operationName: 'NeedToKnow', variables };
    const unreachable = (why: string): NeedToKnowAnswer => {
      options.logger.error({ requestId: context.requestId, error: why }, 'need-to-know check failed: stated numbers do not count');
      return {
        ...(numbers.caseNumber ? { caseStatus: UNREACHABLE } : {}),
        ...(numbers.incidentNumber ? { incidentStatus: UNREACHABLE } : {}),
      };
    };
    // Not added to the request's `sources`: those are where disclosed data came from; the audit record's
    // caseStatus / incidentStatus say that rms was asked.
    if (!options.url) return unreachable('no rms subgraph in the supergraph');
    try {
      const headers = await options.subgraphHeaders({ subgraph: RMS_SUBGRAPH, body, context });
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json', 'x-request-id': context.requestId },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) return unreachable(`HTTP ${response.status}`);
      const answer = (await response.json()) as {
        data?: { needToKnow?: { case?: NumberCheck | null; incident?: NumberCheck | null } | null };
      };
      const check = answer.data?.needToKnow;
      if (!check) return unreachable(`unexpected answer: ${JSON.stringify(answer).slice(0, 200)}`);
      const caseStatus = numbers.caseNumber ? statusOf(check.case, numbers.caseNumber) : undefined;
      const incidentStatus = numbers.incidentNumber ? statusOf(check.incident, numbers.incidentNumber) : undefined;
      if (caseStatus === UNREACHABLE || incidentStatus === UNREACHABLE) {
        options.logger.error({ requestId: context.requestId, answer: check }, 'need-to-know check: rms answered about another number');
      }
      return { ...(caseStatus ? { caseStatus } : {}), ...(incidentStatus ? { incidentStatus } : {}) };
    } catch (error) {
      const name = (error as Error).name;
      return unreachable(name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (error as Error).message);
    }
  };
}

/** The status rms gave for exactly this number; anything else is not an answer. */
function statusOf(check: NumberCheck | null | undefined, number: string): CheckedStatus {
  return check && check.number === number && isNeedToKnowStatus(check.status) ? check.status : UNREACHABLE;
}
