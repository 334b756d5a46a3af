import { describe, expect, it } from 'vitest';
import type { ArrestRow, ChargeRow, SupervisionRow } from './queries.ts';
import { isActiveSupervision, isSealedArrest, summarize } from './summary.ts';

const arrest = (id: string, arrestDate: string): ArrestRow => ({ id, cii: 'A12345678', arrestDate, ori: 'CA0190000', bookingNumber: id });
const charge = (id: string, level: string, disposition: string, sealed = 0): ChargeRow => ({
  id,
  arrestId: 'x',
  seq: 1,
  statute: 'PC 459',
  description: 'BURGLARY',
  level,
  court: null,
  courtCaseNumber: null,
  disposition,
  dispositionDate: null,
  sealed,
});
const term = (status: string, endDate: string): SupervisionRow => ({
  id: 's',
  cii: 'A12345678',
  kind: 'PROBATION',
  agencyOri: 'CA0190000',
  startDate: '2020-01-01',
  endDate,
  status,
  conditions: null,
});

describe('summarize', () => {
  it('is all zeros and no dates for an empty record', () => {
    expect(summarize([], [], '2026-11-01')).toEqual({
      arrestCount: 0,
      convictionCount: 0,
      felonyConvictionCount: 0,
      openCharges: 0,
      sealedChargeCount: 0,
      activeSupervision: false,
      lastArrestDate: null,
    });
  });

  it('counts convictions, felony convictions and pending charges of unsealed charges only', () => {
    const summary = summarize(
      [
        {
          arrest: arrest('a1', '2019-01-01'),
          charges: [charge('c1', 'F', 'CONVICTED'), charge('c2', 'M', 'CONVICTED'), charge('c3', 'F', 'CONVICTED', 1)],
        },
        { arrest: arrest('a2', '2021-01-01'), charges: [charge('c4', 'F', 'PENDING'), charge('c5', 'M', 'DISMISSED')] },
      ],
      [],
      '2026-11-01',
    );
    expect(summary).toMatchObject({
      arrestCount: 2,
      convictionCount: 2,
      felonyConvictionCount: 1,
      openCharges: 1,
      sealedChargeCount: 1,
      lastArrestDate: '2021-01-01',
    });
  });

  it('leaves an arrest whose charges are all sealed out of the arrest count and the last arrest date', () => {
    const summary = summarize(
      [
        { arrest: arrest('a1', '2015-01-01'), charges: [charge('c1', 'M', 'CONVICTED')] },
        { arrest: arrest('a2', '2022-01-01'), charges: [charge('c2', 'F', 'CONVICTED', 1), charge('c3', 'M', 'DISMISSED', 1)] },
      ],
      [],
      '2026-11-01',
    );
    expect(summary).toMatchObject({ arrestCount: 1, convictionCount: 1, sealedChargeCount: 2, lastArrestDate: '2015-01-01' });
  });

  it('counts an arrest with no charge recorded', () => {
    expect(summarize([{ arrest: arrest('a1', '2024-05-05'), charges: [] }], [], '2026-11-01')).toMatchObject({
      arrestCount: 1,
      lastArrestDate: '2024-05-05',
    });
  });

  it('flags active supervision only for an ACTIVE term not yet past its end date', () => {
    expect(summarize([], [term('COMPLETED', '2030-01-01'), term('ACTIVE', '2026-11-01')], '2026-11-01').activeSupervision).toBe(true);
    expect(summarize([], [term('ACTIVE', '2026-10-31'), term('REVOKED', '2030-01-01')], '2026-11-01').activeSupervision).toBe(false);
  });
});

describe('isActiveSupervision and isSealedArrest', () => {
  it('treats the end date itself as still active', () => {
    expect(isActiveSupervision(term('ACTIVE', '2026-11-01'), '2026-11-01')).toBe(true);
    expect(isActiveSupervision(term('ACTIVE', '2026-11-01'), '2026-11-02')).toBe(false);
  });

  it('calls an arrest sealed only when it has charges and all are sealed', () => {
    expect(isSealedArrest([])).toBe(false);
    expect(isSealedArrest([charge('c1', 'F', 'CONVICTED', 1)])).toBe(true);
    expect(isSealedArrest([charge('c1', 'F', 'CONVICTED', 1), charge('c2', 'M', 'DISMISSED')])).toBe(false);
  });
});
