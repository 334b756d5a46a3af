import { badUserInput } from './errors.ts';

/**
 * Input checks shared by every entry point. Each parser returns the normalised value or throws a
 * BAD_USER_INPUT GraphQL error naming the argument, so bad input never reaches SQL.
 */

/** Two-letter state codes accepted by NCIC/Nlets for US states, DC and territories. */
export const STATE_CODES: ReadonlySet<string> = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK ' +
    'OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI'
  ).split(' '),
);

export function parseStateCode(value: string, argument = 'state'): string {
  const code = value.trim().toUpperCase();
  if (!STATE_CODES.has(code)) {
    throw badUserInput(argument, `"${value}" is not a two-letter US state or territory code (e.g. CA, NV, AZ).`);
  }
  return code;
}

/** Plates are 1–8 letters and digits; spaces and hyphens as printed on the plate are dropped. */
export function parsePlate(value: string, argument = 'plate'): string {
  const plate = value.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{1,8}$/.test(plate)) {
    throw badUserInput(argument, `"${value}" is not a licence plate: use 1 to 8 letters and digits (e.g. 7ABC123).`);
  }
  return plate;
}

/** A modern VIN: 17 characters, letters and digits except I, O and Q. */
export function parseVin(value: string, argument = 'vin'): string {
  const vin = value.trim().toUpperCase();
  if (vin.length !== 17) {
    throw badUserInput(argument, `a VIN has 17 characters; "${value}" has ${vin.length}.`);
  }
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) {
    throw badUserInput(argument, `"${value}" contains characters a VIN cannot have (only A–Z without I, O, Q, and 0–9).`);
  }
  return vin;
}

/**
 * A date of birth as ISO `YYYY-MM-DD` or NCIC `CCYYMMDD`: a real calendar date, not in the future,
 * not before 1900. Returns ISO.
 */
export function parseDob(value: string, argument = 'dob', today: Date = new Date()): string {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value.trim());
  if (!match) {
    throw badUserInput(argument, `"${value}" is not a date: use YYYY-MM-DD or CCYYMMDD.`);
  }
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const iso = `${y}-${m}-${d}`;
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw badUserInput(argument, `${iso} is not a calendar date.`);
  }
  if (Number(y) < 1900) throw badUserInput(argument, `${iso} is before 1900.`);
  if (date.getTime() > today.getTime()) throw badUserInput(argument, `${iso} is in the future.`);
  return iso;
}

/** A personal name part: letters, spaces, hyphens, apostrophes and periods, 1–50 characters. Uppercased. */
export function parseName(value: string, argument: string): string {
  const name = value.trim().replace(/\s+/g, ' ').toUpperCase();
  if (name.length === 0) throw badUserInput(argument, 'a name cannot be empty.');
  if (name.length > 50) throw badUserInput(argument, 'a name has at most 50 characters.');
  if (!/^[A-Z][A-Z '.-]*$/.test(name)) {
    throw badUserInput(argument, `"${value}" has characters a name cannot have (letters, spaces, - ' . only).`);
  }
  return name;
}

/** NCIC sex code: M, F or U. */
export function parseSex(value: string, argument = 'sex'): 'M' | 'F' | 'U' {
  const sex = value.trim().toUpperCase();
  if (sex !== 'M' && sex !== 'F' && sex !== 'U') throw badUserInput(argument, `"${value}" is not M, F or U.`);
  return sex;
}

/** An identifier made of letters and digits (FBI number, CII, DL number), 1–20 characters, uppercased. */
export function parseIdentifier(value: string, argument: string, pattern?: { regex: RegExp; example: string }): string {
  const id = value.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,20}$/.test(id)) {
    throw badUserInput(argument, `"${value}" is not an identifier (1 to 20 letters and digits).`);
  }
  if (pattern && !pattern.regex.test(id)) {
    throw badUserInput(argument, `"${value}" does not have the form of a ${argument} (e.g. ${pattern.example}).`);
  }
  return id;
}
