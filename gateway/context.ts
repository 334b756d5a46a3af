import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuthorizationState } from './authz/authorizing-gateway.ts';
import type { Caller } from './identity/caller.ts';
import type { PolicyInForce } from './policy/live-policy.ts';
import type { NeedToKnow } from './need-to-know/status.ts';
import type { StatedPurpose } from './purpose/stated-purpose.ts';

/**
 * What the gateway knows about one request. Every later concern (who is asking, why, what they may
 * see, the audit record) reads from or adds to this object; it is built once per HTTP request.
 */
export interface GatewayContext {
  /** Correlates the gateway's and the subgraphs' work and logs: the caller's `x-request-id` or a new UUID. */
  requestId: string;
  /** The peer address of the HTTP connection (no proxy headers are trusted). */
  clientAddress: string;
  /** When the gateway received the request (performance.now()), for the audit's latency. */
  startedAt: number;
  /** Subgraphs fetched from while answering, for the audit. */
  sources: Set<string>;
  /** Who is asking: set from the verified bearer token before any GraphQL work. */
  caller?: Caller;
  /** Why: the stated purpose and case number, checked against what the caller's roles may state. */
  purpose?: StatedPurpose;
  /** Stated case / incident numbers as the agency's records (rms) judged them, once per request. */
  needToKnow?: NeedToKnow;
  /**
   * The policies in force when the request reached the purpose check: the request is decided, shielded and
   * audited under these to the end, whatever a reload swaps in meanwhile.
   */
  policy?: PolicyInForce;
  /** What the authorizing gateway decides from, and what it reports back after execution. */
  authorization?: AuthorizationState;
  /**
   * This request's one audit record: not yet started, being written, written, or failed (the response is
   * then a 503). Moved on by the recorder only; whoever started the record owns the response, and nothing
   * records the request again. An object, so that it is shared with the shallow copy of this context that
   * Apollo Server hands its plugins.
   */
  audit: { state: 'none' | 'writing' | 'written' | 'failed' };
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** Caller-chosen request ids are kept only when short and plain, so they cannot forge log lines or headers. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function createContext(req: IncomingMessage): GatewayContext {
  return {
    requestId: requestIdOf(req),
    clientAddress: req.socket.remoteAddress ?? 'unknown',
    startedAt: performance.now(),
    sources: new Set(),
    audit: { state: 'none' },
  };
}

function requestIdOf(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}
