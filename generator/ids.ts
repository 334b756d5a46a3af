import type { Random } from './random.ts';

/**
 * Identifiers that must be unique (DL numbers, plates, VINs, CII, FBI, NIC, FCN, SSN...) come from a
 * counter pushed through a seeded affine bijection of [0, space): n -> (a*n + b) mod space with
 * gcd(a, space) = 1. Every value is distinct without remembering the ones already issued, and the
 * sequence looks scattered. Values that `isReserved` claims (the showcase's fixed identifiers) are skipped.
 */
export class UniqueCodes {
  private counter = 0;
  private readonly multiplier: number;
  private readonly offset: number;

  constructor(
    private readonly space: number,
    rng: Random,
    private readonly format: (n: number) => string,
    private readonly isReserved: (code: string) => boolean = () => false,
  ) {
    // Keep a*n below 2^53 so the product is exact in a double.
    const maxMultiplier = Math.max(2, Math.min(space - 1, Math.floor(9e15 / space)));
    let a = rng.int(Math.ceil(maxMultiplier / 3), maxMultiplier);
    while (gcd(a, space) !== 1) a = a > 2 ? a - 1 : maxMultiplier;
    this.multiplier = a;
    this.offset = rng.int(0, space - 1);
  }

  next(): string {
    for (;;) {
      if (this.counter >= this.space) throw new Error(`identifier space of ${this.space} exhausted`);
      const n = (this.multiplier * this.counter + this.offset) % this.space;
      this.counter++;
      const code = this.format(n);
      if (!this.isReserved(code)) return code;
    }
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Letters used on California plates (no I, O, Q, which read as digits). */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** CA passenger plate `9AAA999`: a digit 1–9, three letters, three digits. */
export const CA_PLATE_SPACE = 9 * PLATE_LETTERS.length ** 3 * 1000;
export function formatCaPlate(n: number): string {
  const digits = n % 1000;
  let rest = Math.floor(n / 1000);
  let letters = '';
  for (let i = 0; i < 3; i++) {
    letters = PLATE_LETTERS[rest % PLATE_LETTERS.length] + letters;
    rest = Math.floor(rest / PLATE_LETTERS.length);
  }
  return `${rest + 1}${letters}${pad(digits, 3)}`;
}

/** A number in [0, 26^k) as k letters. */
export function lettersOf(n: number, k: number): string {
  let out = '';
  for (let i = 0; i < k; i++) {
    out = LETTERS[n % 26] + out;
    n = Math.floor(n / 26);
  }
  return out;
}

/** FBI number / UCN as simulated here: 6 digits, 2 letters, a check digit (e.g. 731592KD4). */
export const FBI_SPACE = 676 * 1_000_000;
export function formatFbi(n: number): string {
  const digits = pad(n % 1_000_000, 6);
  const letters = lettersOf(Math.floor(n / 1_000_000), 2);
  const check = (digits.split('').reduce((sum, d, i) => sum + Number(d) * (i + 1), 0) + letters.charCodeAt(0)) % 10;
  return `${digits}${letters}${check}`;
}

/** Fictitious SSN in the 900–999 area that SSA never issues: 9XX-XX-XXXX, group and serial never zero. */
export const SSN_SPACE = 100 * 99 * 9999;
export function formatSsn(n: number): string {
  const serial = (n % 9999) + 1;
  const group = (Math.floor(n / 9999) % 99) + 1;
  const area = 900 + Math.floor(n / (9999 * 99));
  return `${area}-${pad(group, 2)}-${pad(serial, 4)}`;
}

/**
 * VIN check digit (position 9) per the North American scheme (49 CFR 565): transliterate letters,
 * weight positions, sum mod 11, 10 written as X.
 */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    if (i === 8) continue;
    sum += transliterate(vin[i]) * VIN_WEIGHTS[i];
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export function isValidVin(vin: string): boolean {
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(vin) && vin[8] === vinCheckDigit(vin);
}

const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_VALUES: Readonly<Record<string, number>> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};

function transliterate(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  const value = VIN_VALUES[ch];
  if (value === undefined) throw new Error(`"${ch}" cannot appear in a VIN`);
  return value;
}

/** Position 10: model year, a 30-year cycle starting 1980 = A (I, O, Q, U, Z and 0 are never used). */
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';
export function vinYearCode(year: number): string {
  return YEAR_CODES[(((year - 1980) % 30) + 30) % 30];
}

/** Characters allowed in a VIN (used for the descriptor and plant positions). */
export const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** Positions 11–17 (plant + serial) from a unique number in [0, VIN_SERIAL_SPACE). */
export const VIN_SERIAL_SPACE = VIN_CHARS.length * 1_000_000;
export function formatVinSerial(n: number): string {
  return VIN_CHARS[Math.floor(n / 1_000_000)] + pad(n % 1_000_000, 6);
}

/** Builds a valid VIN from a 3-character WMI, a 5-character descriptor, a model year and a unique serial. */
export function buildVin(wmi: string, descriptor: string, year: number, serial: string): string {
  const draft = `${wmi}${descriptor}0${vinYearCode(year)}${serial}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}
