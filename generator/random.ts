import { fromDay, toDay } from './dates.ts';

/**
 * The generator's only source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Counter, 32-bit),
 * seeded through splitmix32. Same seed, same sequence, on every platform; never Math.random.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(table: Weighted<T>): T {
    return table.sample(this);
  }

  /** Approximately normal (sum of four uniforms), rounded to an integer and clamped to [min, max]. */
  normalInt(mean: number, sd: number, min: number, max: number): number {
    const z = (this.next() + this.next() + this.next() + this.next() - 2) * Math.sqrt(3);
    return Math.min(max, Math.max(min, Math.round(mean + z * sd)));
  }

  /** `n` decimal digits (leading zeros kept). */
  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }

  /** `n` characters drawn from `alphabet` (default A–Z). */
  letters(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A uniform ISO date in [from, to], both inclusive. */
  date(from: string, to: string): string {
    return fromDay(this.int(toDay(from), toDay(to)));
  }

  /** A uniform day number in [from, to]. */
  day(from: number, to: number): number {
    return this.int(from, to);
  }
}

/**
 * A precomputed weighted choice: build once from `[value, weight]` pairs, sample in O(log n).
 * Weights need not sum to anything in particular.
 */
export class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('Weighted needs at least one entry');
    this.values = [];
    this.cumulative = [];
    let sum = 0;
    for (const [value, weight] of entries) {
      if (!(weight > 0)) continue;
      sum += weight;
      this.values.push(value);
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  sample(rng: Random): T {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }

  /** Parses `"GARCIA:100 SMITH:80 ..."` (weight defaults to 1) into a table of strings. */
  static parse(spec: string): Weighted<string> {
    return new Weighted(
      spec
        .trim()
        .split(/\s+/)
        .map((item): [string, number] => {
          const [value, weight] = item.split(':');
          return [value.replace(/_/g, ' '), weight === undefined ? 1 : Number(weight)];
        }),
    );
  }
}
