import { LruCache } from '../../common/lru.ts';
import type { GatewayContext } from '../context.ts';
import type { NeedToKnowAnswer, NeedToKnowLookup, StatedNumbers } from './rms-lookup.ts';

/** Longest a confirmation may be reused: a case closed or reassigned stops counting within this time. */
export const MAX_CONFIRMATION_TTL_MS = 2000;
const ENTRIES = 10_000;

/**
 * Reuses, for at most `ttlMs` (≤ 2 s), a number rms confirmed VALID for the same caller: same sub, ORI and
 * roles, same kind (case or incident), same number. Only VALID answers are kept — a refusal, or rms being
 * unreachable, is asked again on the next request — so a newly assigned case or a new incident counts at
 * once, and a closed, suspended or reassigned case, or a cleared incident past its grace period, stops
 * counting at most `ttlMs` later. Bounded (LRU), so no caller can grow it without limit. `ttlMs` 0: no
 * cache, every request with a number asks rms.
 */
export function cachingConfirmations(
  lookup: NeedToKnowLookup,
  ttlMs: number,
  now: () => number = () => performance.now(),
): NeedToKnowLookup {
  if (ttlMs <= 0) return lookup;
  const ttl = Math.min(ttlMs, MAX_CONFIRMATION_TTL_MS);
  const confirmedUntil = new LruCache<string, number>(ENTRIES);
  return async (context, numbers) => {
    const keyOf = (kind: 'case' | 'incident', number: string) => confirmationKey(context, kind, number);
    const fresh = (key: string) => (confirmedUntil.get(key) ?? 0) > now();
    const caseKey = numbers.caseNumber ? keyOf('case', numbers.caseNumber) : undefined;
    const incidentKey = numbers.incidentNumber ? keyOf('incident', numbers.incidentNumber) : undefined;
    const cached: NeedToKnowAnswer = {
      ...(caseKey && fresh(caseKey) ? { caseStatus: 'VALID' } : {}),
      ...(incidentKey && fresh(incidentKey) ? { incidentStatus: 'VALID' } : {}),
    };
    const ask: StatedNumbers = {
      ...(numbers.caseNumber && !cached.caseStatus ? { caseNumber: numbers.caseNumber } : {}),
      ...(numbers.incidentNumber && !cached.incidentStatus ? { incidentNumber: numbers.incidentNumber } : {}),
    };
    if (!ask.caseNumber && !ask.incidentNumber) return cached;
    const answer = await lookup(context, ask);
    const until = now() + ttl;
    if (caseKey && answer.caseStatus === 'VALID') confirmedUntil.set(caseKey, until);
    if (incidentKey && answer.incidentStatus === 'VALID') confirmedUntil.set(incidentKey, until);
    return { ...cached, ...answer };
  };
}

function confirmationKey(context: GatewayContext, kind: 'case' | 'incident', number: string): string {
  const caller = context.authorization?.decisionContext ?? context.caller;
  if (!caller) throw new Error('need-to-know lookup without a caller');
  return JSON.stringify([caller.sub, caller.ori, [...caller.roles].sort(), kind, number]);
}

/** `NEED_TO_KNOW_CACHE_MS`: 0 to 2000 (default 2000); anything else stops the gateway from starting. */
export function confirmationTtlFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.NEED_TO_KNOW_CACHE_MS;
  if (raw === undefined || raw === '') return MAX_CONFIRMATION_TTL_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_CONFIRMATION_TTL_MS) {
    throw new Error(`NEED_TO_KNOW_CACHE_MS must be a whole number of milliseconds from 0 to ${MAX_CONFIRMATION_TTL_MS}, got "${raw}"`);
  }
  return ms;
}
