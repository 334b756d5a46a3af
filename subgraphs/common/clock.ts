/**
 * The one source of "now" for subgraph logic that depends on time (order expiry, answer deadlines).
 * Tests set it instead of waiting; production leaves it alone.
 */
let current: () => Date = () => new Date();

export function now(): Date {
  return current();
}

/** Today's date in ISO form (UTC), for comparisons with stored YYYY-MM-DD dates. */
export function today(): string {
  return now().toISOString().slice(0, 10);
}

/** Now as an ISO time to the second (UTC), e.g. `2026-01-31T14:05:09Z`. */
export function nowSeconds(): string {
  return now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Replaces the clock (tests only); returns a function that restores the previous one. */
export function setClock(fn: () => Date): () => void {
  const previous = current;
  current = fn;
  return () => {
    current = previous;
  };
}
