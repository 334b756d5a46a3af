import { badUserInput } from '../common/errors.ts';
import { parseDob, parseName, parseSex } from '../common/validate.ts';
import { CONDITION_MEANINGS } from './codes.ts';
import type { NewConfidential, NewProtectedPerson } from './workflow-queries.ts';
export { parseIdempotencyKey } from '../common/idempotency.ts';

/**
 * Input checks of the CLETS order mutations (docs/domain.md §4.5). Each returns normalised values or throws a
 * BAD_USER_INPUT error naming the input field (e.g. `input.expiryDate`), before anything is written.
 */

/** Judicial Council forms accepted for each order type. */
export const FORMS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  DVRO: ['DV-110', 'DV-130'],
  EPO: ['EPO-001'],
  ELDER_ABUSE: ['EA-110', 'EA-130'],
  CIVIL_HARASSMENT: ['CH-110', 'CH-130'],
  WORKPLACE_VIOLENCE: ['WV-110', 'WV-130'],
  GVRO: ['GV-110', 'GV-130', 'EPO-002'],
  CRIMINAL_PROTECTIVE: ['CR-160', 'CR-161'],
};

/** Longest an order may run, from its issue date: calendar days or years. */
const MAX_DURATION: Readonly<Record<string, { days?: number; years?: number; label: string }>> = {
  DVRO: { years: 5, label: '5 years' },
  EPO: { days: 7, label: '7 calendar days (Fam. Code 6256)' },
  ELDER_ABUSE: { years: 5, label: '5 years' },
  CIVIL_HARASSMENT: { years: 5, label: '5 years' },
  WORKPLACE_VIOLENCE: { years: 3, label: '3 years' },
  GVRO: { years: 5, label: '5 years' },
  CRIMINAL_PROTECTIVE: { years: 10, label: '10 years (Pen. Code 136.2(i))' },
};

/** Order types whose restrained person must be prohibited from firearms (Fam. Code 6389, Pen. Code 18100 ff.). */
export const FIREARM_PROHIBITED_TYPES: ReadonlySet<string> = new Set(['DVRO', 'GVRO', 'CRIMINAL_PROTECTIVE']);
export const RACE_CODES = ['W', 'B', 'I', 'A', 'P', 'U'];
export const RELATIONS = ['SPOUSE', 'EX_SPOUSE', 'DATING', 'CHILD', 'COHABITANT', 'COWORKER', 'OTHER'];
export const SERVICE_METHODS = ['PERSONAL', 'MAIL', 'IN_COURT', 'ELECTRONIC'];

/** A calendar date YYYY-MM-DD. */
export function parseDate(value: string, argument: string): string {
  const iso = value.trim();
  const date = new Date(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw badUserInput(argument, `"${value}" is not a calendar date YYYY-MM-DD.`);
  }
  return iso;
}

/** Free text of 1..max characters (trimmed), uppercase when `upper`. */
export function parseText(value: string, argument: string, max: number): string {
  const text = value.trim().replace(/\s+/g, ' ');
  if (text.length === 0) throw badUserInput(argument, 'cannot be empty.');
  if (text.length > max) throw badUserInput(argument, `has at most ${max} characters.`);
  return text;
}

function optionalText(value: string | null | undefined, argument: string, max: number): string | null {
  return value === null || value === undefined ? null : parseText(value, argument, max);
}

function oneOf(value: string, allowed: readonly string[], argument: string): string {
  const code = value.trim().toUpperCase();
  if (!allowed.includes(code)) throw badUserInput(argument, `"${value}" is not one of ${allowed.join(', ')}.`);
  return code;
}

function parsePersonId(value: string | null | undefined, argument: string): string | null {
  if (value === null || value === undefined) return null;
  if (!/^P\d{1,12}$/.test(value.trim())) throw badUserInput(argument, `"${value}" is not a person id (e.g. P0001234).`);
  return value.trim();
}

/** 'LAST, FIRST MIDDLE' as NCIC NAM fields are written. */
function ncicName(p: { lastName: string; firstName: string; middleName?: string | null }, argument: string): string {
  const last = parseName(p.lastName, `${argument}.lastName`);
  const first = parseName(p.firstName, `${argument}.firstName`);
  const middle = p.middleName ? parseName(p.middleName, `${argument}.middleName`) : null;
  return `${last}, ${first}${middle ? ` ${middle}` : ''}`;
}

export function parseConditions(codes: readonly string[], argument: string): string[] {
  if (codes.length === 0) throw badUserInput(argument, 'give at least one PCO condition code (01–09).');
  for (const code of codes) {
    if (!(code in CONDITION_MEANINGS)) throw badUserInput(argument, `"${code}" is not a PCO code 01–09.`);
  }
  return [...new Set(codes)].sort();
}

/** The last date an order of `orderType` issued on `issueDate` may run to. */
export function latestExpiry(orderType: string, issueDate: string): string {
  const max = MAX_DURATION[orderType];
  const date = new Date(`${issueDate}T00:00:00Z`);
  if (max?.days) date.setUTCDate(date.getUTCDate() + max.days);
  if (max?.years) date.setUTCFullYear(date.getUTCFullYear() + max.years);
  return date.toISOString().slice(0, 10);
}

/** Expiry on or after issue, within the type's maximum duration, not already past. */
export function checkExpiry(orderType: string, issueDate: string, expiryDate: string, today: string, argument: string) {
  if (expiryDate < issueDate) throw badUserInput(argument, `${expiryDate} is before the issue date ${issueDate}.`);
  if (expiryDate < today) throw badUserInput(argument, `${expiryDate} is already past.`);
  const latest = latestExpiry(orderType, issueDate);
  if (expiryDate > latest) {
    throw badUserInput(argument, `a ${orderType} order runs at most ${MAX_DURATION[orderType]?.label}: ${latest} at the latest.`);
  }
}

export function checkFirearms(orderType: string, firearmProhibited: boolean, argument: string): void {
  if (FIREARM_PROHIBITED_TYPES.has(orderType) && !firearmProhibited) {
    throw badUserInput(argument, `a ${orderType} order always prohibits firearms (Fam. Code 6389): must be true.`);
  }
}

export interface PartyInput {
  lastName: string;
  firstName: string;
  middleName?: string | null;
  sex: string;
  race: string;
  dob: string;
  personId?: string | null;
}

export interface ProtectionOrderInput {
  orderType: string;
  form: string;
  restrainedPerson: PartyInput;
  protectedPersons: (PartyInput & { relation: string })[];
  conditions: string[];
  firearmProhibited: boolean;
  issueDate: string;
  expiryDate: string;
  issuingCourt: string;
  courtCaseNumber: string;
  confidential?: {
    protectedAddress: string;
    protectedPhone?: string | null;
    restrainedAddress?: string | null;
    notes?: string | null;
  } | null;
}

export interface ParsedOrder {
  orderType: string;
  form: string;
  restrained: Omit<NewProtectedPerson, 'relation'>;
  protectedPersons: NewProtectedPerson[];
  conditions: string[];
  firearmProhibited: boolean;
  issueDate: string;
  expiryDate: string;
  issuingCourt: string;
  courtCaseNumber: string;
  confidential: NewConfidential | null;
}

function parseParty(p: PartyInput, argument: string, now: Date) {
  return {
    personId: parsePersonId(p.personId, `${argument}.personId`),
    name: ncicName(p, argument),
    sex: parseSex(p.sex, `${argument}.sex`),
    race: oneOf(p.race, RACE_CODES, `${argument}.race`),
    dob: parseDob(p.dob, `${argument}.dob`, now),
  };
}

export function parseOrderInput(input: ProtectionOrderInput, now: Date): ParsedOrder {
  const today = now.toISOString().slice(0, 10);
  const orderType = oneOf(input.orderType, Object.keys(FORMS_BY_TYPE), 'input.orderType');
  const form = oneOf(input.form, FORMS_BY_TYPE[orderType] ?? [], 'input.form');
  const restrained = parseParty(input.restrainedPerson, 'input.restrainedPerson', now);
  if (input.protectedPersons.length === 0) throw badUserInput('input.protectedPersons', 'give at least one protected person.');
  const protectedPersons = input.protectedPersons.map((p, i) => ({
    ...parseParty(p, `input.protectedPersons[${i}]`, now),
    relation: oneOf(p.relation, RELATIONS, `input.protectedPersons[${i}].relation`),
  }));
  const conditions = parseConditions(input.conditions, 'input.conditions');
  checkFirearms(orderType, input.firearmProhibited, 'input.firearmProhibited');
  const issueDate = parseDate(input.issueDate, 'input.issueDate');
  if (issueDate > today) throw badUserInput('input.issueDate', `${issueDate} is in the future.`);
  const expiryDate = parseDate(input.expiryDate, 'input.expiryDate');
  checkExpiry(orderType, issueDate, expiryDate, today, 'input.expiryDate');
  const c = input.confidential;
  return {
    orderType,
    form,
    restrained,
    protectedPersons,
    conditions,
    firearmProhibited: input.firearmProhibited,
    issueDate,
    expiryDate,
    issuingCourt: parseText(input.issuingCourt, 'input.issuingCourt', 120).toUpperCase(),
    courtCaseNumber: parseText(input.courtCaseNumber, 'input.courtCaseNumber', 30).toUpperCase(),
    confidential: c
      ? {
          protectedAddress: parseText(c.protectedAddress, 'input.confidential.protectedAddress', 200),
          protectedPhone: optionalText(c.protectedPhone, 'input.confidential.protectedPhone', 30),
          restrainedAddress: optionalText(c.restrainedAddress, 'input.confidential.restrainedAddress', 200),
          notes: optionalText(c.notes, 'input.confidential.notes', 1000),
        }
      : null,
  };
}

export interface ProofOfServiceInput {
  servedAt: string;
  serverLastName: string;
  serverFirstName: string;
  serverDob: string;
  method: string;
}

export interface ParsedService {
  servedAt: string;
  servedBy: string;
  method: string;
}

/** Proof of service: served on or before today, by a server at least 18 on that day. */
export function parseServiceInput(input: ProofOfServiceInput, now: Date): ParsedService {
  const today = now.toISOString().slice(0, 10);
  const servedAt = parseDate(input.servedAt, 'input.servedAt');
  if (servedAt > today) throw badUserInput('input.servedAt', `${servedAt} is in the future.`);
  const servedBy = `${parseName(input.serverLastName, 'input.serverLastName')}, ${parseName(input.serverFirstName, 'input.serverFirstName')}`;
  const dob = parseDob(input.serverDob, 'input.serverDob', now);
  const eighteenth = `${String(Number(dob.slice(0, 4)) + 18).padStart(4, '0')}${dob.slice(4)}`;
  if (eighteenth > servedAt) throw badUserInput('input.serverDob', 'the server must be at least 18 on the day of service.');
  return { servedAt, servedBy, method: oneOf(input.method, SERVICE_METHODS, 'input.method') };
}
