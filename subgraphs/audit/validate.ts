import { parsePurpose, type Purpose } from '../../common/vocabulary.ts';
import type { AuditOutcome } from '../../audit/event.ts';
import { badUserInput } from '../common/errors.ts';

/**
 * Argument checks of the audit entry points. Like subgraphs/common/validate.ts, each returns the normalised value or
 * throws a BAD_USER_INPUT error that names the argument, so bad input never reaches the store.
 */

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** A page size: an integer from 1 to 500; null (explicitly) means the default, 50. */
export function parseFirst(value: number | null | undefined, argument = 'first'): number {
  if (value === null || value === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badUserInput(argument, `${value} is not a page size: ask for 1 to ${MAX_PAGE_SIZE} items.`);
  }
  return value;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A time bound as the store compares it (ISO-8601 UTC with milliseconds). Accepts an ISO date or an ISO-8601
 * date-time with `Z` or an offset. A date alone means the start of that day for `from` and the end of that
 * day for `to` (so `to: "2024-05-31"` includes the 31st): the returned `to` is exclusive.
 */
export function parseTimeBound(value: string, bound: 'from' | 'to', argument: string = bound): string {
  const text = value.trim();
  const date = ISO_DATE.exec(text);
  const dateTime = date ? null : ISO_DATE_TIME.exec(text);
  const parts = date ?? dateTime;
  if (!parts) {
    throw badUserInput(argument, `"${value}" is not a date or time: use YYYY-MM-DD or an ISO-8601 date-time such as 2024-05-01T08:00:00Z.`);
  }
  const [, y, m, d] = parts;
  const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (day.toISOString().slice(0, 10) !== `${y}-${m}-${d}`) {
    throw badUserInput(argument, `${y}-${m}-${d} is not a calendar date.`);
  }
  if (date) {
    if (bound === 'to') day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString();
  }
  return new Date(text).toISOString();
}

/** The from/to pair of a request, checked together: `from` must come before `to`. */
export function parseTimeRange(
  from: string | null | undefined,
  to: string | null | undefined,
  prefix = '',
): { from?: string; to?: string } {
  const range = {
    from: from == null ? undefined : parseTimeBound(from, 'from', `${prefix}from`),
    to: to == null ? undefined : parseTimeBound(to, 'to', `${prefix}to`),
  };
  if (range.from !== undefined && range.to !== undefined && range.from >= range.to) {
    throw badUserInput(`${prefix}to`, `"${to}" is not after ${prefix}from "${from}": nothing can match.`);
  }
  return range;
}

/** An ORI: 9 characters, the 2-letter state code followed by 7 letters or digits (e.g. CA0190100). */
export function parseOri(value: string, argument = 'ori'): string {
  const ori = value.trim().toUpperCase();
  if (!/^[A-Z]{2}[A-Z0-9]{7}$/.test(ori)) {
    throw badUserInput(
      argument,
      `"${value}" is not an ORI: use 9 characters, a 2-letter state code then 7 letters or digits (e.g. CA0190100).`,
    );
  }
  return ori;
}

/** A user id (token `sub`): 1 to 128 printable characters, matched exactly. */
export function parseUserId(value: string, argument = 'userId'): string {
  const userId = value.trim();
  if (userId.length === 0 || userId.length > 128 || /[\p{Cc}]/u.test(userId)) {
    throw badUserInput(argument, 'a user id has 1 to 128 printable characters (the token `sub`, e.g. u1001).');
  }
  return userId;
}

/** A master person id: letters and digits (e.g. P0001234), uppercased. */
export function parsePersonId(value: string, argument: string): string {
  const id = value.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,20}$/.test(id)) {
    throw badUserInput(argument, `"${value}" is not a master person id (1 to 20 letters and digits, e.g. P0001234).`);
  }
  return id;
}

export const OUTCOMES: readonly AuditOutcome[] = [
  'ALLOWED',
  'DENIED',
  'UNAUTHENTICATED',
  'PURPOSE_REFUSED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'ERROR',
];

export function parseOutcome(value: string, argument = 'outcome'): AuditOutcome {
  const outcome = OUTCOMES.find((o) => o === value.trim().toUpperCase());
  if (!outcome) throw badUserInput(argument, `"${value}" is not an outcome: use one of ${OUTCOMES.join(', ')}.`);
  return outcome;
}

/** A purpose letter (C) or name (CRIMINAL_JUSTICE), or RECORD_REVIEW; returns the canonical code the trail stores. */
export function parsePurposeCode(value: string, argument = 'purpose'): Purpose {
  const purpose = parsePurpose(value);
  if (!purpose) {
    throw badUserInput(
      argument,
      `"${value}" is not a purpose: use a III purpose code (C, J, F, D, H, I, S, V, X, A), its name, or RECORD_REVIEW.`,
    );
  }
  return purpose;
}

/** A misuse case number: a positive decimal integer. */
export function parseCaseId(value: string, argument = 'id'): number {
  const text = String(value).trim();
  const id = Number(text);
  if (!/^[1-9]\d{0,14}$/.test(text) || !Number.isSafeInteger(id)) {
    throw badUserInput(argument, `"${value}" is not a misuse case number (a positive integer, as in MisuseCase.id).`);
  }
  return id;
}

/** One of a fixed list of words (severity, status …), case-insensitive; returns it as listed. */
export function parseWord<T extends string>(value: string, allowed: readonly T[], argument: string, what: string): T {
  const word = allowed.find((w) => w === value.trim().toUpperCase());
  if (!word) throw badUserInput(argument, `"${value}" is not a ${what}: use one of ${allowed.join(', ')}.`);
  return word;
}

/** A detector name: 1 to 64 letters and digits (e.g. relativeLookup), matched exactly. */
export function parseDetector(value: string, argument = 'detector'): string {
  const name = value.trim();
  if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name)) {
    throw badUserInput(argument, `"${value}" is not a detector name (letters and digits, e.g. relativeLookup).`);
  }
  return name;
}

export const MAX_NOTE = 2000;

/** A triage note: 1 to 2000 characters after trimming, no control characters but line breaks and tabs. */
export function parseNote(value: string, argument = 'note'): string {
  const note = value.trim();
  // Control characters other than tab and line breaks (\p{Cc} less \t \n \r).
  if (note.length < 1 || note.length > MAX_NOTE || /(?![\t\n\r])\p{Cc}/u.test(note)) {
    throw badUserInput(argument, `use 1 to ${MAX_NOTE} characters of text (got ${note.length}).`);
  }
  return note;
}

export function parseOptionalNote(value: string | null | undefined, argument = 'note'): string | null {
  return value == null || value.trim() === '' ? null : parseNote(value, argument);
}
