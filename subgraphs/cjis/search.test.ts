import { describe, expect, it } from 'vitest';
import {
  POINTS,
  dobRelation,
  dobVariants,
  dobWindow,
  rankCandidates,
  scoreRecord,
  typoDobs,
  type NameRecord,
  type SearchQuery,
} from './search.ts';

const query: SearchQuery = { lastName: 'SMITH', firstName: 'JOHN', middleName: 'ALLEN', dob: '1985-03-07', sex: 'M' };

function record(over: Partial<NameRecord> = {}): NameRecord {
  return {
    personId: 'P1',
    type: 'PRIMARY',
    lastName: 'SMITH',
    firstName: 'JOHN',
    middleName: 'ALLEN',
    dob: '1985-03-07',
    sex: 'M',
    ...over,
  };
}

function codes(q: SearchQuery, r: NameRecord): string[] {
  return scoreRecord(q, r).reasons.map((reason) => reason.code);
}

describe('scoring table', () => {
  it('gives 100 to an exact primary record when every query part is given', () => {
    const scored = scoreRecord(query, record());
    expect(scored.score).toBe(100);
    expect(scored.reasons.map((r) => [r.code, r.points])).toEqual([
      ['LAST_NAME_EXACT', 35],
      ['FIRST_NAME_EXACT', 20],
      ['MIDDLE_NAME_EXACT', 5],
      ['DOB_EXACT', 30],
      ['SEX_MATCH', 10],
    ]);
  });

  it('score is the sum of the reasons, clamped to 0-100', () => {
    const scored = scoreRecord(query, record({ lastName: 'SMYTHE', firstName: 'JON', middleName: 'A', type: 'AKA' }));
    expect(scored.reasons.map((r) => r.code)).toEqual([
      'LAST_NAME_PHONETIC',
      'FIRST_NAME_PHONETIC',
      'MIDDLE_INITIAL',
      'DOB_EXACT',
      'SEX_MATCH',
      'MATCHED_AKA',
    ]);
    expect(scored.score).toBe(25 + 12 + 3 + 30 + 10 - 5);
  });

  it('compares names without punctuation or spaces', () => {
    expect(codes({ lastName: "O'NEIL", dob: '1985-03-07' }, record({ lastName: 'ONEIL' }))).toContain('LAST_NAME_EXACT');
  });

  it('credits a shared first initial and nothing for a different first name', () => {
    expect(codes({ ...query, firstName: 'J' }, record())).toContain('FIRST_INITIAL');
    expect(codes({ ...query, firstName: 'JAMES' }, record())).toContain('FIRST_INITIAL');
    const other = codes({ ...query, firstName: 'ROBERT' }, record());
    expect(other.filter((c) => c.startsWith('FIRST'))).toEqual([]);
  });

  it('credits a middle initial only when one side is an initial', () => {
    expect(codes({ ...query, middleName: 'A' }, record())).toContain('MIDDLE_INITIAL');
    expect(codes({ ...query, middleName: 'ANDREW' }, record()).filter((c) => c.startsWith('MIDDLE'))).toEqual([]);
  });

  it('penalises a sex mismatch and ignores unknown sex', () => {
    const mismatch = scoreRecord(query, record({ sex: 'F' }));
    expect(mismatch.reasons.at(-1)).toMatchObject({ code: 'SEX_MISMATCH', points: -15 });
    expect(codes({ ...query, sex: 'U' }, record()).some((c) => c.startsWith('SEX'))).toBe(false);
    expect(codes(query, record({ sex: 'U' })).some((c) => c.startsWith('SEX'))).toBe(false);
  });

  it('names the kind of record that matched', () => {
    expect(codes(query, record({ type: 'MISSPELLING' }))).toContain('MATCHED_MISSPELLING');
    expect(codes(query, record({ type: 'ALT_DOB' }))).toContain('MATCHED_ALT_DOB');
    expect(scoreRecord(query, record({ type: 'AKA' })).score).toBe(95);
  });

  it('leaves out parts the query does not give', () => {
    const scored = scoreRecord({ lastName: 'SMITH', dob: '1985-03-07' }, record());
    expect(scored.score).toBe(POINTS.LAST_NAME_EXACT + POINTS.DOB_EXACT);
  });

  it('explains every reason in words', () => {
    const scored = scoreRecord(query, record({ dob: '1985-07-03' }));
    expect(scored.reasons.find((r) => r.code === 'DOB_DAY_MONTH_SWAPPED')?.detail).toBe(
      'DOB 1985-07-03 is 1985-03-07 with day and month swapped.',
    );
  });
});

describe('DOB relations', () => {
  it.each([
    ['1985-03-07', 'DOB_EXACT'],
    ['1958-03-07', 'DOB_TRANSPOSED_DIGITS'],
    ['1985-07-03', 'DOB_DAY_MONTH_SWAPPED'],
    ['1985-03-08', 'DOB_SINGLE_DIGIT'],
    ['1975-03-07', 'DOB_SINGLE_DIGIT'],
    ['1984-05-20', 'DOB_NEAR'],
    ['1986-03-07', 'DOB_SINGLE_DIGIT'],
    ['1986-03-08', null],
    ['1986-03-06', 'DOB_NEAR'],
    ['1983-03-07', 'DOB_SINGLE_DIGIT'],
    ['1990-01-01', null],
  ])('%s against query 1985-03-07 is %s', (dob, expected) => {
    expect(dobRelation('1985-03-07', dob)).toBe(expected);
  });

  it('keeps only real calendar dates among typo variants', () => {
    const v = dobVariants('1985-03-07');
    expect(v.swapped).toBe('1985-07-03');
    expect(v.transposed).toContain('1958-03-07');
    expect(v.transposed).not.toContain('1985-30-07'); // month 30 is not a date
    expect(v.transposed).not.toContain('1985-03-70');
    for (const d of typoDobs('1985-03-07')) expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d);
    expect(typoDobs('1985-03-07')).not.toContain('1985-03-07');
  });

  it('has no day/month swap when the day cannot be a month or equals it', () => {
    expect(dobVariants('1985-03-25').swapped).toBeNull();
    expect(dobVariants('1985-04-04').swapped).toBeNull();
  });

  it('windows one year either side', () => {
    expect(dobWindow('1985-03-07')).toEqual({ from: '1984-03-07', to: '1986-03-07' });
  });
});

describe('ranking', () => {
  it('keeps one record per person, the best one, and orders by score then id', () => {
    const q: SearchQuery = { lastName: 'SMITH', firstName: 'JOHN', dob: '1985-03-07' };
    const scored = [
      scoreRecord(q, record({ personId: 'P2', type: 'AKA' })),
      scoreRecord(q, record({ personId: 'P3', firstName: 'JAMES' })),
      scoreRecord(q, record({ personId: 'P1', type: 'MISSPELLING', lastName: 'SMIHT' })),
      scoreRecord(q, record({ personId: 'P1' })),
      scoreRecord(q, record({ personId: 'P0', type: 'AKA' })),
    ];
    const ranked = rankCandidates(scored);
    expect(ranked.map((s) => [s.record.personId, s.score, s.record.type])).toEqual([
      ['P1', 85, 'PRIMARY'],
      ['P0', 80, 'AKA'],
      ['P2', 80, 'AKA'],
      ['P3', 73, 'PRIMARY'],
    ]);
  });
});
