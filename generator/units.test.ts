import { describe, expect, it } from 'vitest';
import { addMonths, addYears, ageOn, isCalendarDate } from './dates.ts';
import { buildVin, formatCaPlate, isValidVin, UniqueCodes, vinCheckDigit, vinYearCode } from './ids.ts';
import { Random, Weighted } from './random.ts';
import { dobTypo, misspell } from './variants.ts';

describe('Random', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const a = new Random(1);
    const b = new Random(1);
    const c = new Random(2);
    const seqA = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(seqA);
  });

  it('draws integers and dates inside their bounds', () => {
    const rng = new Random(3);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(-2, 2);
      expect(n).toBeGreaterThanOrEqual(-2);
      expect(n).toBeLessThanOrEqual(2);
      const d = rng.date('2020-02-27', '2020-03-01');
      expect(['2020-02-27', '2020-02-28', '2020-02-29', '2020-03-01']).toContain(d);
    }
  });

  it('samples weighted tables in proportion to their weights', () => {
    const rng = new Random(4);
    const table = new Weighted([
      ['A', 9],
      ['B', 1],
    ] as const);
    let a = 0;
    for (let i = 0; i < 10_000; i++) if (table.sample(rng) === 'A') a++;
    expect(a / 10_000).toBeGreaterThan(0.87);
    expect(a / 10_000).toBeLessThan(0.93);
  });
});

describe('identifiers', () => {
  it('computes the VIN check digit (position 9) of known VINs', () => {
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(isValidVin('1M8GDM9AXKP042788')).toBe(true);
    expect(isValidVin('11111111111111111')).toBe(true);
    expect(isValidVin('1M8GDM9A1KP042788')).toBe(false);
    expect(isValidVin('1M8GDM9AXKP04278O')).toBe(false);
  });

  it('builds valid VINs with the model-year code in position 10', () => {
    const vin = buildVin('4T1', 'B11HK', 2021, 'U123456');
    expect(vin).toHaveLength(17);
    expect(isValidVin(vin)).toBe(true);
    expect(vin[9]).toBe('M');
    expect(vinYearCode(2001)).toBe('1');
    expect(vinYearCode(2010)).toBe('A');
  });

  it('issues every code of a space exactly once, skipping reserved ones', () => {
    const codes = new UniqueCodes(
      1000,
      new Random(5),
      (n) => String(n).padStart(3, '0'),
      (code) => code === '007',
    );
    const issued = new Set(Array.from({ length: 999 }, () => codes.next()));
    expect(issued.size).toBe(999);
    expect(issued.has('007')).toBe(false);
    expect(() => codes.next()).toThrow(/exhausted/);
  });

  it('formats CA plates as digit, three letters, three digits', () => {
    expect(formatCaPlate(0)).toBe('1AAA000');
    expect(formatCaPlate(123_456)).toMatch(/^[1-9][A-HJ-NPR-Z]{3}\d{3}$/);
  });
});

describe('dates', () => {
  it('handles leap days, months and ages', () => {
    expect(addYears('2020-02-29', 1)).toBe('2021-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(ageOn('1986-03-14', '2026-03-13')).toBe(39);
    expect(ageOn('1986-03-14', '2026-03-14')).toBe(40);
    expect(isCalendarDate('2026-02-29')).toBe(false);
  });
});

describe('search noise', () => {
  it('misspells names into a different, still valid name', () => {
    const rng = new Random(6);
    for (const name of ['GARCIA', 'NGUYEN', "O'BRIEN", 'DE LA CRUZ', 'LI', 'SMITH']) {
      for (let i = 0; i < 50; i++) {
        const variant = misspell(name, rng);
        expect(variant).not.toBe(name);
        expect(variant).toMatch(/^[A-Z][A-Z '.-]*$/);
      }
    }
  });

  it('mistypes DOBs into real, different dates no later than the as-of date', () => {
    const rng = new Random(7);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const typo = dobTypo('1990-07-04', '2026-11-01', rng);
      expect(typo).toBeDefined();
      expect(typo).not.toBe('1990-07-04');
      expect(isCalendarDate(typo ?? '')).toBe(true);
      seen.add(typo ?? '');
    }
    expect(seen.has('1990-04-07')).toBe(true); // day and month swapped
    expect(seen.has('1990-07-40')).toBe(false);
  });
});
