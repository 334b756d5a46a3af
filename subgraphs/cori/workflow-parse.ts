import { GraphQLError } from 'graphql';
import { today } from '../common/clock.ts';
import { badUserInput } from '../common/errors.ts';
export { parseIdempotencyKey } from '../common/idempotency.ts';

/** Argument checks and refusals of the CORI record review workflow (PC 11120–11127). */

export const DISPOSITIONS = ['CONVICTED', 'DISMISSED', 'ACQUITTED', 'DIVERSION', 'PENDING', 'NO_COMPLAINT'] as const;
export const CHALLENGE_STATUSES = ['OPEN', 'CORRECTED', 'DENIED'] as const;
/** Largest page of `recordChallenges` and `recordCorrectionNotices`. */
export const MAX_PAGE = 200;
/** Longest free text (claimed error, materiality, evidence, reason). */
export const MAX_TEXT = 2000;

/** A business refusal: not the caller's record, not the caller's role, already resolved. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function parseFirst(value: number | null | undefined): number {
  const first = value ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw badUserInput('first', `${first} is not a page size: use 1 to ${MAX_PAGE}.`);
  return first;
}

/** A CORI record id (charge, challenge): letters, digits and `-`, 1–64 characters. */
export function parseRecordId(value: string, argument: string): string {
  const id = value.trim();
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw badUserInput(argument, `"${value}" is not a CORI id (1 to 64 letters, digits or "-").`);
  return id;
}

export function parseText(value: string, argument: string): string {
  const text = value.trim();
  if (text.length < 1 || text.length > MAX_TEXT) throw badUserInput(argument, `use 1 to ${MAX_TEXT} characters (got ${text.length}).`);
  return text;
}

export function parseOptionalText(value: string | null | undefined, argument: string): string | null {
  return value == null || value.trim() === '' ? null : parseText(value, argument);
}

export function parseStatus(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (!(CHALLENGE_STATUSES as readonly string[]).includes(value))
    throw badUserInput('status', `use one of ${CHALLENGE_STATUSES.join(', ')}.`);
  return value;
}

export interface CorrectionInput {
  disposition?: string | null;
  dispositionDate?: string | null;
  sealed?: boolean | null;
}

export interface ResolveInput {
  id: string;
  decision: string;
  correction?: CorrectionInput | null;
  reason: string;
}

/** A checked resolution: `correction` is set (with at least one field) exactly when the decision is CORRECTED. */
export interface ParsedResolution {
  id: string;
  decision: 'CORRECTED' | 'DENIED';
  correction: { disposition: string | null; dispositionDate: string | null; sealed: boolean | null } | null;
  reason: string;
}

export function parseResolution(input: ResolveInput): ParsedResolution {
  const id = parseRecordId(input.id, 'input.id');
  if (input.decision !== 'CORRECTED' && input.decision !== 'DENIED') throw badUserInput('input.decision', 'use CORRECTED or DENIED.');
  const reason = parseText(input.reason, 'input.reason');
  if (input.decision === 'DENIED') {
    if (input.correction) throw badUserInput('input.correction', 'a denied challenge changes nothing: leave the correction out.');
    return { id, decision: 'DENIED', correction: null, reason };
  }
  const c = input.correction;
  if (!c || (c.disposition == null && c.dispositionDate == null && c.sealed == null)) {
    throw badUserInput(
      'input.correction',
      'a CORRECTED decision needs a correction with at least one of disposition, dispositionDate, sealed.',
    );
  }
  return {
    id,
    decision: 'CORRECTED',
    correction: {
      disposition: c.disposition == null ? null : parseDisposition(c.disposition),
      dispositionDate: c.dispositionDate == null ? null : parsePastDate(c.dispositionDate, 'input.correction.dispositionDate'),
      sealed: c.sealed ?? null,
    },
    reason,
  };
}

function parseDisposition(value: string): string {
  const disposition = value.trim().toUpperCase();
  if (!(DISPOSITIONS as readonly string[]).includes(disposition)) {
    throw badUserInput('input.correction.disposition', `"${value}" is not a disposition: use one of ${DISPOSITIONS.join(', ')}.`);
  }
  return disposition;
}

/** An ISO YYYY-MM-DD calendar date that is not after today (UTC). */
function parsePastDate(value: string, argument: string): string {
  const date = value.trim();
  const parsed = new Date(`${date}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw badUserInput(argument, `"${value}" is not an ISO date (YYYY-MM-DD).`);
  }
  if (date > today()) throw badUserInput(argument, `${date} is in the future.`);
  return date;
}
