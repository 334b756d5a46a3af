import { now } from './clock.ts';
import { badUserInput } from './errors.ts';
import type { Store } from './store.ts';

/**
 * Idempotent, atomic mutations: every workflow store has the table
 * `idempotency_keys(key, caller, operation, result_id, created_at, PRIMARY KEY (key, caller))`
 * (see each subgraph's workflow.sql). A retried request with the same client key returns the first result
 * and writes nothing.
 */
export interface PriorResult {
  operation: string;
  resultId: string;
}

/** A client-supplied key: 1 to 64 letters, digits, `-` or `_`. */
export function parseIdempotencyKey(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw badUserInput('idempotencyKey', 'use 1 to 64 letters, digits, "-" or "_".');
  return value;
}

/** What this caller's earlier request with this key produced, if any. */
export function priorResult(store: Store, caller: string, key: string): PriorResult | undefined {
  return store.get<PriorResult>('SELECT operation, result_id AS resultId FROM idempotency_keys WHERE key = ? AND caller = ?', key, caller);
}

/**
 * Runs `write` (which returns the id of what it wrote) in one transaction, at most once per (key, caller):
 * a known key returns the first result's id and writes nothing; the same key for another operation is refused.
 */
export function runOnce(store: Store, caller: string, key: string, operation: string, write: () => string): string {
  return store.transaction(() => {
    const prior = priorResult(store, caller, key);
    if (prior) {
      if (prior.operation !== operation)
        throw badUserInput('idempotencyKey', `this key was already used for ${prior.operation}: use a new key.`);
      return prior.resultId;
    }
    const resultId = write();
    store.run(
      'INSERT INTO idempotency_keys (key, caller, operation, result_id, created_at) VALUES (?, ?, ?, ?, ?)',
      key,
      caller,
      operation,
      resultId,
      now().toISOString(),
    );
    return resultId;
  });
}
