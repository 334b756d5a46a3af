import { toDay } from './dates.ts';
import {
  buildVin,
  CA_PLATE_SPACE,
  FBI_SPACE,
  formatCaPlate,
  formatFbi,
  formatSsn,
  formatVinSerial,
  lettersOf,
  pad,
  SSN_SPACE,
  UniqueCodes,
  VIN_CHARS,
  VIN_SERIAL_SPACE,
} from './ids.ts';
import type { Random } from './random.ts';
import { RESERVED } from './showcase.ts';
import type { StoreWriter } from './writer.ts';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Operator licence number shapes of other states (fictitious but plausible), as [space, format]. */
const OLN_FORMATS: Readonly<Record<string, readonly [number, (n: number) => string]>> = {
  NV: [1e10, (n) => pad(n, 10)],
  AZ: [26e8, (n) => LETTERS[Math.floor(n / 1e8)] + pad(n % 1e8, 8)],
  OR: [1e7, (n) => pad(n, 7)],
  WA: [26 ** 3 * 1e6, (n) => `WDL${lettersOf(Math.floor(n / 1e6), 3)}${pad(n % 1e6, 6)}`],
  TX: [1e8, (n) => pad(n, 8)],
  FL: [26e12, (n) => LETTERS[Math.floor(n / 1e12)] + pad(n % 1e12, 12)],
};
const DEFAULT_OLN: readonly [number, (n: number) => string] = [1e9, (n) => pad(n, 9)];

/** Plate shapes of other states: 3 letters + 4 digits, or 3 digits + 3 letters. */
const LETTER_FIRST_PLATE: readonly [number, (n: number) => string] = [
  26 ** 3 * 1e4,
  (n) => lettersOf(Math.floor(n / 1e4), 3) + pad(n % 1e4, 4),
];
const DIGIT_FIRST_PLATE: readonly [number, (n: number) => string] = [
  1e3 * 26 ** 3,
  (n) => pad(n % 1e3, 3) + lettersOf(Math.floor(n / 1e3), 3),
];
const DIGIT_FIRST_STATES = new Set(['NV', 'OR', 'ID']);

/**
 * Everything the record generators share: the one PRNG, the as-of date, the writer, and the issuers
 * of unique identifiers and running record ids.
 */
export class Context {
  readonly asOfDay: number;
  readonly asOfYear: number;
  private readonly codes = new Map<string, UniqueCodes>();
  private readonly counters = new Map<string, number>();

  constructor(
    readonly rng: Random,
    readonly asOf: string,
    readonly out: StoreWriter,
  ) {
    this.asOfDay = toDay(asOf);
    this.asOfYear = Number(asOf.slice(0, 4));
  }

  /** CA driver licence number: one letter and 7 digits. */
  dlNumber(): string {
    return this.unique('dl', 1e7, (n) => LETTERS[Math.floor(n / 7) % 26] + pad(n, 7), RESERVED.dlNumbers);
  }

  caPlate(): string {
    return this.unique('plate', CA_PLATE_SPACE, formatCaPlate, RESERVED.plates);
  }

  /** A valid, unique VIN for a make (one of its WMIs) and model year. */
  vin(wmis: readonly string[], year: number): string {
    const serial = this.unique('vin', VIN_SERIAL_SPACE, formatVinSerial, RESERVED.vinSerials);
    return buildVin(this.rng.pick(wmis), this.rng.letters(5, VIN_CHARS), year, serial);
  }

  /** CA DOJ CII: an optional letter and 8 digits. */
  cii(): string {
    return this.unique('cii', 1e8, (n) => (n % 5 === 0 ? '' : 'A') + pad(n, 8), RESERVED.cii);
  }

  fbi(): string {
    return this.unique('fbi', FBI_SPACE, formatFbi, RESERVED.fbi);
  }

  ssn(): string {
    return this.unique('ssn', SSN_SPACE, formatSsn, RESERVED.ssn);
  }

  /** NCIC record number: file letter + 9 digits, unique across all files. */
  nic(letter: 'W' | 'M' | 'H' | 'X' | 'V' | 'L' | 'G' | 'A'): string {
    return letter + this.unique('nic', 1e9, (n) => pad(n, 9), RESERVED.nicDigits);
  }

  /** CARPOS file control number: 13 digits (county code, issue year, sequence). */
  fcn(countyCode: string, year: number): string {
    return `${countyCode}${year}${this.unique('fcn', 1e6, (n) => pad(n, 6), RESERVED.fcnSequences)}`;
  }

  /** State identification number in another state's criminal history repository. */
  sid(state: string): string {
    return state + this.unique(`sid:${state}`, 1e8, (n) => pad(n, 8), RESERVED.sid, `${state}:`);
  }

  oosOln(state: string): string {
    const [space, format] = OLN_FORMATS[state] ?? DEFAULT_OLN;
    return this.unique(`oln:${state}`, space, format, RESERVED.oosOln, `${state}:`);
  }

  oosPlate(state: string): string {
    const [space, format] = DIGIT_FIRST_STATES.has(state) ? DIGIT_FIRST_PLATE : LETTER_FIRST_PLATE;
    return this.unique(`plate:${state}`, space, format);
  }

  /** Running record id, e.g. `AR00000001` for arrests. */
  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${pad(n, 8)}`;
  }

  /** An agency case number (OCA) for a year, e.g. `26-004512`. */
  oca(year: number): string {
    return `${String(year).slice(2)}-${this.rng.digits(6)}`;
  }

  private unique(
    key: string,
    space: number,
    format: (n: number) => string,
    reserved: ReadonlySet<string> = new Set(),
    reservedPrefix = '',
  ): string {
    let codes = this.codes.get(key);
    if (!codes) {
      codes = new UniqueCodes(space, this.rng, format, (code) => reserved.has(reservedPrefix + code));
      this.codes.set(key, codes);
    }
    return codes.next();
  }
}
