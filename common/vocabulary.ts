/**
 * The public vocabulary of the contract (README; docs/domain.md §3.1, §5): roles and stated purposes.
 * What each role may do is policy data (policies/*.yaml), not code; this file only names things.
 */

export const ROLES = [
  'PATROL_OFFICER',
  'DISPATCHER',
  'INVESTIGATOR',
  'RECORDS_CLERK',
  'COURT_CLERK',
  'PROBATION_OFFICER',
  'AGENCY_COORDINATOR',
  'DOJ_AUDITOR',
  'POLICY_OFFICER',
  'NONCRIMINAL_AGENCY',
  'SUBJECT',
] as const;
export type Role = (typeof ROLES)[number];

/** III purpose codes (letter -> name) plus RECORD_REVIEW, a subject reviewing their own record. */
export const PURPOSE_NAMES = {
  C: 'CRIMINAL_JUSTICE',
  J: 'CJ_EMPLOYMENT',
  F: 'FIREARMS',
  D: 'DOMESTIC_VIOLENCE',
  H: 'HOUSING',
  I: 'LICENSING_EMPLOYMENT',
  S: 'NATIONAL_SECURITY',
  V: 'VISA',
  X: 'EXIGENT_PLACEMENT',
  A: 'ADMINISTRATIVE',
  RECORD_REVIEW: 'RECORD_REVIEW',
} as const;
/** A purpose in its canonical form: the III letter, or RECORD_REVIEW. */
export type Purpose = keyof typeof PURPOSE_NAMES;
export const PURPOSES = Object.keys(PURPOSE_NAMES) as Purpose[];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Accepts a purpose letter (`C`) or name (`CRIMINAL_JUSTICE`), any case; returns the canonical code. */
export function parsePurpose(value: string): Purpose | undefined {
  const upper = value.trim().toUpperCase();
  if ((PURPOSES as string[]).includes(upper)) return upper as Purpose;
  const byName = PURPOSES.find((code) => PURPOSE_NAMES[code] === upper);
  return byName;
}

export function describePurpose(purpose: Purpose): string {
  return purpose === 'RECORD_REVIEW' ? 'RECORD_REVIEW' : `${purpose} (${PURPOSE_NAMES[purpose]})`;
}

/**
 * What the records system (rms, contract C2) says about a stated case or incident number: VALID when it
 * establishes need to know, else why not.
 */
export const NEED_TO_KNOW_STATUSES = ['VALID', 'UNKNOWN', 'CLOSED', 'SUSPENDED', 'NOT_ASSIGNED', 'NOT_DISPATCHED', 'EXPIRED'] as const;
export type NeedToKnowStatus = (typeof NEED_TO_KNOW_STATUSES)[number];

/**
 * A record number (upper-cased): an agency case number (NCIC OCA) or a CAD incident number, 1 to 20
 * letters, digits or `-`, not starting with `-`.
 */
export const RECORD_NUMBER = /^[A-Z0-9][A-Z0-9-]{0,19}$/;
