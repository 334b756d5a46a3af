import { GraphQLError } from 'graphql';
import { RECORD_NUMBER } from '../../common/vocabulary.ts';
import { badUserInput } from '../common/errors.ts';

/** Argument checks and refusals of the rms subgraph: bad input never reaches SQL. */

/**
 * A trimmed case or incident number upper-cased as stored, or undefined when it cannot be one (nothing to
 * look up). The caller trims.
 */
export function asNumber(trimmed: string): string | undefined {
  const number = trimmed.toUpperCase();
  return RECORD_NUMBER.test(number) ? number : undefined;
}

export function parseNumber(value: string, argument: string, example: string): string {
  const number = asNumber(value.trim());
  if (!number)
    throw badUserInput(argument, `"${value}" is not a number of this kind: use 1 to 20 letters, digits or "-" (e.g. ${example}).`);
  return number;
}

export const CASE_EXAMPLE = '24-000187';
export const INCIDENT_EXAMPLE = 'I26-0000001';

export function parseUserId(value: string, argument: string): string {
  const id = value.trim();
  if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(id))
    throw badUserInput(argument, `"${value}" is not a user id (1 to 64 letters, digits, ".", "_", "@" or "-").`);
  return id;
}

export function parsePersonId(value: string, argument: string): string {
  const id = value.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,20}$/.test(id)) throw badUserInput(argument, `"${value}" is not a person id (letters and digits, e.g. P9000001).`);
  return id;
}

export function parseCaseType(value: string, argument: string): string {
  const type = value.trim().toUpperCase();
  if (!/^[A-Z_]{2,40}$/.test(type))
    throw badUserInput(argument, `"${value}" is not a case type: use 2 to 40 capital letters or "_" (e.g. BURGLARY).`);
  return type;
}

export const INCIDENT_TYPES = ['TRAFFIC_STOP', 'CALL_FOR_SERVICE', 'SUSPICIOUS_PERSON', 'COLLISION', 'WELFARE_CHECK', 'ALARM'] as const;

export function parseIncidentType(value: string, argument: string): string {
  const type = value.trim().toUpperCase();
  if (!(INCIDENT_TYPES as readonly string[]).includes(type)) {
    throw badUserInput(argument, `"${value}" is not an incident type: use one of ${INCIDENT_TYPES.join(', ')}.`);
  }
  return type;
}

export function parseUnit(value: string, argument: string): string {
  const unit = value.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,8}$/.test(unit))
    throw badUserInput(argument, `"${value}" is not a call sign: use 1 to 8 letters or digits (e.g. 2A14).`);
  return unit;
}

/** Free text (title, location): 1 to `max` printable characters after trimming. */
export function parseText(value: string, argument: string, max = 200): string {
  const text = value.trim();
  if (text.length < 1 || text.length > max || [...text].some((c) => c < ' ' || c === '\u007f')) {
    throw badUserInput(argument, `use 1 to ${max} printable characters (got ${text.length}).`);
  }
  return text;
}

/** No such case or incident at the caller's agency; another agency's gets exactly this answer. */
export function notFound(what: 'case' | 'incident', number: string): GraphQLError {
  return new GraphQLError(`No ${what} ${number} at your agency.`, { extensions: { code: 'NOT_FOUND' } });
}

/** The caller may not do this to this case or incident (not assigned, not a unit, not their role). */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** The record is not in a state that allows this (already closed, already cleared, number taken). */
export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT' } });
}
