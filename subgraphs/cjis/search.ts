import { phoneticKey } from '../common/phonetic.ts';

/**
 * NCIC-style name + DOB search, pure part: which DOBs a query reaches, and how well one name record
 * matches the query. No I/O; the resolver fetches candidates and hands them here.
 *
 * Scoring table (points; a score is their sum, clamped to 0–100):
 *
 * | component   | code                   | points |
 * |-------------|------------------------|--------|
 * | last name   | LAST_NAME_EXACT        | 35     |
 * |             | LAST_NAME_PHONETIC     | 25     |
 * | first name  | FIRST_NAME_EXACT       | 20     |
 * |             | FIRST_NAME_PHONETIC    | 12     |
 * |             | FIRST_INITIAL          | 8      |
 * | middle name | MIDDLE_NAME_EXACT      | 5      |
 * |             | MIDDLE_INITIAL         | 3      |
 * | DOB         | DOB_EXACT              | 30     |
 * |             | DOB_TRANSPOSED_DIGITS  | 20     |
 * |             | DOB_DAY_MONTH_SWAPPED  | 20     |
 * |             | DOB_SINGLE_DIGIT       | 15     |
 * |             | DOB_NEAR (±1 year)     | 10     |
 * | sex         | SEX_MATCH              | 10     |
 * |             | SEX_MISMATCH           | -15    |
 * | name record | MATCHED_AKA            | -5     |
 * |             | MATCHED_MISSPELLING    | -5     |
 * |             | MATCHED_ALT_DOB        | -5     |
 *
 * A query with every part given and an exact primary-record match scores 100. Names are compared
 * with everything but letters removed (O'NEIL = ONEIL). Within a component only the best code applies.
 */

export type NameRecordType = 'PRIMARY' | 'AKA' | 'MISSPELLING' | 'ALT_DOB';

export type MatchReasonCode =
  | 'LAST_NAME_EXACT'
  | 'LAST_NAME_PHONETIC'
  | 'FIRST_NAME_EXACT'
  | 'FIRST_NAME_PHONETIC'
  | 'FIRST_INITIAL'
  | 'MIDDLE_NAME_EXACT'
  | 'MIDDLE_INITIAL'
  | 'DOB_EXACT'
  | 'DOB_TRANSPOSED_DIGITS'
  | 'DOB_DAY_MONTH_SWAPPED'
  | 'DOB_SINGLE_DIGIT'
  | 'DOB_NEAR'
  | 'SEX_MATCH'
  | 'SEX_MISMATCH'
  | 'MATCHED_AKA'
  | 'MATCHED_MISSPELLING'
  | 'MATCHED_ALT_DOB';

export const POINTS: Readonly<Record<MatchReasonCode, number>> = Object.freeze({
  LAST_NAME_EXACT: 35,
  LAST_NAME_PHONETIC: 25,
  FIRST_NAME_EXACT: 20,
  FIRST_NAME_PHONETIC: 12,
  FIRST_INITIAL: 8,
  MIDDLE_NAME_EXACT: 5,
  MIDDLE_INITIAL: 3,
  DOB_EXACT: 30,
  DOB_TRANSPOSED_DIGITS: 20,
  DOB_DAY_MONTH_SWAPPED: 20,
  DOB_SINGLE_DIGIT: 15,
  DOB_NEAR: 10,
  SEX_MATCH: 10,
  SEX_MISMATCH: -15,
  MATCHED_AKA: -5,
  MATCHED_MISSPELLING: -5,
  MATCHED_ALT_DOB: -5,
});

/** A validated search query: names uppercased, DOB ISO, sex an NCIC code. */
export interface SearchQuery {
  lastName: string;
  firstName?: string;
  middleName?: string;
  dob: string;
  sex?: 'M' | 'F' | 'U';
}

/** One name/DOB record of the identity index, with the person's sex from the identity record. */
export interface NameRecord {
  personId: string;
  type: NameRecordType;
  lastName: string;
  firstName: string;
  middleName: string | null;
  dob: string;
  sex: string;
}

export interface MatchReason {
  code: MatchReasonCode;
  points: number;
  detail: string;
}

export interface ScoredRecord {
  record: NameRecord;
  score: number;
  reasons: MatchReason[];
}

/** The DOBs a query reaches besides its ±1 year window: digit typos and a day/month swap. */
export interface DobVariants {
  transposed: string[];
  swapped: string | null;
  singleDigit: string[];
}

/** The ±1 year window around a DOB, as inclusive ISO bounds (string comparison is date order). */
export function dobWindow(dob: string): { from: string; to: string } {
  const year = Number(dob.slice(0, 4));
  const rest = dob.slice(4);
  return { from: `${year - 1}${rest}`, to: `${year + 1}${rest}` };
}

/** Every real calendar date that a typing slip in `dob` (ISO) could have produced. */
export function dobVariants(dob: string): DobVariants {
  const digits = dob.replace(/-/g, '');
  const transposed = new Set<string>();
  for (let i = 0; i < digits.length - 1; i++) {
    if (digits[i] === digits[i + 1]) continue;
    const swappedDigits = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
    const iso = toIsoDate(swappedDigits);
    if (iso) transposed.add(iso);
  }
  const singleDigit = new Set<string>();
  for (let i = 0; i < digits.length; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === digits[i]) continue;
      const iso = toIsoDate(digits.slice(0, i) + String(d) + digits.slice(i + 1));
      if (iso && !transposed.has(iso)) singleDigit.add(iso);
    }
  }
  const [year, month, day] = dob.split('-');
  const swapped = month !== day ? toIsoDate(`${year}${day}${month}`) : null;
  if (swapped) {
    transposed.delete(swapped);
    singleDigit.delete(swapped);
  }
  return { transposed: [...transposed].sort(), swapped, singleDigit: [...singleDigit].sort() };
}

/** Every typo variant of `dob` the candidate query must fetch besides its ±1 year window (some fall inside it). */
export function typoDobs(dob: string): string[] {
  const { transposed, swapped, singleDigit } = dobVariants(dob);
  return [...transposed, ...(swapped ? [swapped] : []), ...singleDigit];
}

/** Scores one name record against the query (see the table above). */
export function scoreRecord(
  query: SearchQuery,
  record: NameRecord,
  dobCodes: DobCodes = dobCodesFor(query.dob),
  key: (name: string) => string = phoneticKey,
): ScoredRecord {
  const reasons: MatchReason[] = [];
  const add = (code: MatchReasonCode, detail: string) => reasons.push({ code, points: POINTS[code], detail });

  const last = letters(record.lastName);
  if (last === letters(query.lastName)) add('LAST_NAME_EXACT', `Last name ${record.lastName} equals the query.`);
  else if (key(record.lastName) === key(query.lastName)) {
    add('LAST_NAME_PHONETIC', `Last name ${record.lastName} sounds like ${query.lastName} (Soundex ${key(query.lastName)}).`);
  }

  if (query.firstName) scoreGiven('first', query.firstName, record.firstName, add, key);
  if (query.middleName && record.middleName) scoreGiven('middle', query.middleName, record.middleName, add, key);

  const dobCode = dobRelation(query.dob, record.dob, dobCodes);
  if (dobCode) add(dobCode, dobDetail(dobCode, query.dob, record.dob));

  if (query.sex && query.sex !== 'U' && record.sex !== 'U') {
    if (query.sex === record.sex) add('SEX_MATCH', `Sex ${record.sex} matches.`);
    else add('SEX_MISMATCH', `Sex on record is ${record.sex}, the query says ${query.sex}.`);
  }

  if (record.type === 'AKA') add('MATCHED_AKA', 'Matched an alias (AKA) rather than the primary name.');
  if (record.type === 'MISSPELLING') add('MATCHED_MISSPELLING', 'Matched a misspelling of the name that an agency entered.');
  if (record.type === 'ALT_DOB') add('MATCHED_ALT_DOB', 'Matched an alternate date of birth on file.');

  const total = reasons.reduce((sum, r) => sum + r.points, 0);
  return { record, score: Math.max(0, Math.min(100, total)), reasons };
}

/** The DOB code of every typo variant of a query DOB (built once per query). */
export type DobCodes = ReadonlyMap<string, MatchReasonCode>;

export function dobCodesFor(dob: string): DobCodes {
  const { transposed, swapped, singleDigit } = dobVariants(dob);
  const codes = new Map<string, MatchReasonCode>([[dob, 'DOB_EXACT']]);
  for (const d of transposed) codes.set(d, 'DOB_TRANSPOSED_DIGITS');
  if (swapped) codes.set(swapped, 'DOB_DAY_MONTH_SWAPPED');
  for (const d of singleDigit) codes.set(d, 'DOB_SINGLE_DIGIT');
  return codes;
}

/** How a record's DOB relates to the query's: the best applicable DOB code, or null if none does. */
export function dobRelation(queryDob: string, recordDob: string, dobCodes: DobCodes = dobCodesFor(queryDob)): MatchReasonCode | null {
  const code = dobCodes.get(recordDob);
  if (code) return code;
  const { from, to } = dobWindow(queryDob);
  return recordDob >= from && recordDob <= to ? 'DOB_NEAR' : null;
}

/**
 * Scores every record against one query. The query's DOB variants are computed once and phonetic keys
 * once per distinct name (candidates share a few names).
 */
export function scoreRecords(query: SearchQuery, records: readonly NameRecord[]): ScoredRecord[] {
  const dobCodes = dobCodesFor(query.dob);
  const keys = new Map<string, string>();
  const key = (name: string) => {
    let k = keys.get(name);
    if (k === undefined) {
      k = phoneticKey(name);
      keys.set(name, k);
    }
    return k;
  };
  return records.map((record) => scoreRecord(query, record, dobCodes, key));
}

/**
 * Keeps each person's best-scoring record and orders the result by score (highest first), then by
 * person id so equal scores come back in a stable order.
 */
export function rankCandidates(scored: readonly ScoredRecord[]): ScoredRecord[] {
  const best = new Map<string, ScoredRecord>();
  for (const s of scored) {
    const current = best.get(s.record.personId);
    if (!current || s.score > current.score || (s.score === current.score && typeRank(s) < typeRank(current))) {
      best.set(s.record.personId, s);
    }
  }
  return [...best.values()].sort(
    (a, b) => b.score - a.score || (a.record.personId < b.record.personId ? -1 : a.record.personId > b.record.personId ? 1 : 0),
  );
}

const TYPE_ORDER: Record<NameRecordType, number> = { PRIMARY: 0, AKA: 1, ALT_DOB: 2, MISSPELLING: 3 };
function typeRank(s: ScoredRecord): number {
  return TYPE_ORDER[s.record.type];
}

function scoreGiven(
  part: 'first' | 'middle',
  wanted: string,
  actual: string,
  add: (code: MatchReasonCode, detail: string) => void,
  key: (name: string) => string,
): void {
  const q = letters(wanted);
  const r = letters(actual);
  if (q.length === 0 || r.length === 0) return;
  const label = part === 'first' ? 'First name' : 'Middle name';
  if (q === r) {
    add(part === 'first' ? 'FIRST_NAME_EXACT' : 'MIDDLE_NAME_EXACT', `${label} ${actual} equals the query.`);
  } else if (part === 'first' && q.length > 1 && r.length > 1 && key(q) === key(r)) {
    add('FIRST_NAME_PHONETIC', `First name ${actual} sounds like ${wanted} (Soundex ${key(q)}).`);
  } else if (q[0] === r[0] && (q.length === 1 || r.length === 1 || part === 'first')) {
    add(part === 'first' ? 'FIRST_INITIAL' : 'MIDDLE_INITIAL', `${label} ${actual} has the same initial as ${wanted}.`);
  }
}

function dobDetail(code: MatchReasonCode, queryDob: string, recordDob: string): string {
  switch (code) {
    case 'DOB_EXACT':
      return `DOB ${recordDob} equals the query.`;
    case 'DOB_TRANSPOSED_DIGITS':
      return `DOB ${recordDob} is ${queryDob} with two adjacent digits transposed.`;
    case 'DOB_DAY_MONTH_SWAPPED':
      return `DOB ${recordDob} is ${queryDob} with day and month swapped.`;
    case 'DOB_SINGLE_DIGIT':
      return `DOB ${recordDob} differs from ${queryDob} in one digit.`;
    default:
      return `DOB ${recordDob} is within one year of ${queryDob}.`;
  }
}

function letters(name: string): string {
  return name.toUpperCase().replace(/[^A-Z]/g, '');
}

/** `YYYYMMDD` digits to ISO if they form a real calendar date from 1900 on, else null. */
function toIsoDate(digits: string): string | null {
  const y = Number(digits.slice(0, 4));
  const m = Number(digits.slice(4, 6));
  const d = Number(digits.slice(6, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}
