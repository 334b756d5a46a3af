import { GraphQLError } from 'graphql';
import { badUserInput } from '../common/errors.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import type { NletsLoaders } from './loaders.ts';
export { parseIdempotencyKey, runOnce } from '../common/idempotency.ts';

/**
 * What the Nlets mutations share: argument checks, business refusals (FORBIDDEN) and idempotent,
 * atomic execution.
 */

export type Context = SubgraphContext<NletsLoaders>;

/** Largest page of `inbox`, `outbox` and `hitConfirmations`. */
export const MAX_PAGE = 200;

/** A business refusal: the caller's agency may not do this (not its message, not its request, ...). */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function parseFirst(value: number | null | undefined, argument = 'first'): number {
  const first = value ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw badUserInput(argument, `${first} is not a page size: use 1 to ${MAX_PAGE}.`);
  }
  return first;
}

/** Free text between `min` and `max` characters (after trimming); null/absent allowed when `optional`. */
export function parseText(value: string, argument: string, max: number): string {
  const text = value.trim();
  if (text.length < 1 || text.length > max) {
    throw badUserInput(argument, `use 1 to ${max} characters (got ${text.length}).`);
  }
  return text;
}

export function parseOptionalText(value: string | null | undefined, argument: string, max: number): string | null {
  return value == null || value.trim() === '' ? null : parseText(value, argument, max);
}

/** An id of a message or a hit confirmation, as this subgraph returned it. */
export function parseId(value: string, argument = 'id'): string {
  const id = value.trim();
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw badUserInput(argument, `"${value}" is not a message or hit confirmation id.`);
  return id;
}

/** An ISO 8601 date-time with time zone (e.g. 2026-11-29T17:30:00Z), normalised to UTC. */
export function parseIsoTime(value: string, argument: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value.trim());
  const time = Date.parse(value.trim());
  if (!ok || Number.isNaN(time)) {
    throw badUserInput(argument, `"${value}" is not an ISO date-time with time zone (e.g. 2026-11-29T17:30:00Z).`);
  }
  return new Date(time).toISOString();
}
