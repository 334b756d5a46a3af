import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../common/clock.ts';
import { startSubgraph, type RunningSubgraph } from '../common/subgraph.ts';
import { definition } from './index.ts';
import { postGraphQL } from '../common/testing.ts';

const personId = (i: number) => `P${String(i).padStart(7, '0')}`;
const cii = (i: number) => String(i).padStart(8, '0');

/**
 * A small CORI store. A12345678 (P9000001) has four arrests: a 2014 DV conviction with a dismissed
 * co-charge, a pending 2020 DUI, a 2012 arrest with one sealed charge, and a 2010 arrest whose only
 * charge is sealed; active probation, a completed parole, two custody episodes and a program.
 * P0000001..P0000020 each have two arrests of two charges, a sentence, custody, supervision and a program.
 */
function buildStore(dir: string): void {
  const db = new Database(path.join(dir, 'cori.sqlite'));
  db.exec(readFileSync(new URL('./store.sql', import.meta.url), 'utf8'));
  const subject = db.prepare('INSERT INTO subjects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const arrest = db.prepare('INSERT INTO arrests VALUES (?, ?, ?, ?, ?)');
  const charge = db.prepare('INSERT INTO charges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const sentence = db.prepare('INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?)');
  const custody = db.prepare('INSERT INTO custody VALUES (?, ?, ?, ?, ?, ?)');
  const supervision = db.prepare('INSERT INTO supervision VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const program = db.prepare('INSERT INTO programs VALUES (?, ?, ?, ?, ?, ?, ?)');

  subject.run('A12345678', 'P9000001', 'RIVERA', 'DANIEL', 'JAMES', '1986-03-14', 'M', 'W', '900-12-3456', 'B1234567', '123456AB7');
  arrest.run('AR1', 'A12345678', '2014-05-01', 'CA0190000', 'BK14-0001');
  arrest.run('AR2', 'A12345678', '2020-08-15', 'CA0190000', 'BK20-0001');
  arrest.run('AR3', 'A12345678', '2010-01-01', 'CA0190000', 'BK10-0001');
  arrest.run('AR4', 'A12345678', '2012-03-03', 'CA0190000', 'BK12-0001');
  charge.run(
    'C2',
    'AR1',
    2,
    'PC 148(a)(1)',
    'RESISTING AN OFFICER',
    'M',
    'Sierra Vista Superior Court',
    'SV14CR001',
    'DISMISSED',
    '2014-09-01',
    0,
  );
  charge.run(
    'C1',
    'AR1',
    1,
    'PC 273.5',
    'CORPORAL INJURY ON SPOUSE',
    'F',
    'Sierra Vista Superior Court',
    'SV14CR001',
    'CONVICTED',
    '2014-09-01',
    0,
  );
  charge.run('C3', 'AR2', 1, 'VC 23152(a)', 'DUI ALCOHOL', 'M', null, null, 'PENDING', null, 0);
  charge.run(
    'C4',
    'AR3',
    1,
    'HS 11350',
    'POSSESSION OF NARCOTICS',
    'F',
    'Sierra Vista Superior Court',
    'SV10CR009',
    'CONVICTED',
    '2010-04-01',
    1,
  );
  charge.run('C5', 'AR4', 1, 'PC 484', 'PETTY THEFT', 'M', 'Sierra Vista Superior Court', 'SV12CR100', 'CONVICTED', '2012-06-01', 0);
  charge.run('C6', 'AR4', 2, 'PC 459', 'BURGLARY', 'F', 'Sierra Vista Superior Court', 'SV12CR100', 'DIVERSION', '2012-06-01', 1);
  sentence.run('C1', 180, null, 36, 500, '2014-09-01');
  custody.run('CU1', 'A12345678', 'Sierra Vista County Jail', 'JAIL', '2014-09-01', '2015-02-28');
  custody.run('CU2', 'A12345678', 'Sierra Vista County Jail', 'JAIL', '2020-08-15', null);
  supervision.run(
    'SU1',
    'A12345678',
    'PROBATION',
    'CA019015P',
    '2015-03-01',
    '2027-03-01',
    'ACTIVE',
    'No contact with the victim; search terms',
  );
  supervision.run('SU2', 'A12345678', 'PAROLE', 'CA0340000', '2005-01-01', '2008-01-01', 'COMPLETED', null);
  program.run('PR1', 'A12345678', 'Batterer Intervention Program', 'DV_BATTERER', '2015-04-01', null, 'ENROLLED');

  for (let i = 1; i <= 20; i++) {
    subject.run(cii(i), personId(i), `SUBJECT${'X'.repeat(i % 3)}`, 'PAT', null, '1980-01-01', 'F', 'B', null, null, null);
    for (const n of [1, 2]) {
      const arrestId = `A${i}-${n}`;
      arrest.run(arrestId, cii(i), `201${n}-01-0${n}`, 'CA0190000', `BK${i}${n}`);
      charge.run(`${arrestId}-1`, arrestId, 1, 'PC 459', 'BURGLARY', 'F', 'Court', 'CASE', 'CONVICTED', '2019-01-01', 0);
      charge.run(`${arrestId}-2`, arrestId, 2, 'PC 484', 'PETTY THEFT', 'M', 'Court', 'CASE', 'DISMISSED', '2019-01-01', 0);
      sentence.run(`${arrestId}-1`, null, 16, null, null, '2019-02-01');
    }
    custody.run(`CUB${i}`, cii(i), 'State Prison', 'PRISON', '2019-02-01', '2020-06-01');
    supervision.run(`SUB${i}`, cii(i), 'PRCS', 'CA0190001', '2020-06-01', '2023-06-01', 'COMPLETED', null);
    program.run(`PRB${i}`, cii(i), 'Vocational Training', 'VOCATIONAL', '2019-05-01', '2019-12-01', 'COMPLETED');
  }
  db.close();
}

let dataDir: string;
let running: RunningSubgraph;

const gql = (query: string, variables: Record<string, unknown> = {}) => postGraphQL(running, query, variables);

let restoreClock: (() => void) | undefined;
const clockAt = (iso: string) => {
  restoreClock?.();
  restoreClock = setClock(() => new Date(`${iso}T12:00:00Z`));
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cori-test-'));
  buildStore(dataDir);
  running = await startSubgraph(definition, { dataDir, port: 0 });
});

afterEach(() => {
  restoreClock?.();
  restoreClock = undefined;
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const SUMMARY =
  'summary { arrestCount convictionCount felonyConvictionCount openCharges sealedChargeCount activeSupervision lastArrestDate }';

describe('criminalHistory(cii)', () => {
  it("returns the subject's identifiers and name fields, normalising the CII", async () => {
    const result = await gql(`{ criminalHistory(cii: " a12345678 ") {
      cii lastName firstName middleName name dob sex race ssn oln fbi subject { id } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.criminalHistory).toEqual({
      cii: 'A12345678',
      lastName: 'RIVERA',
      firstName: 'DANIEL',
      middleName: 'JAMES',
      name: 'RIVERA, DANIEL JAMES',
      dob: '1986-03-14',
      sex: 'M',
      race: 'W',
      ssn: '900-12-3456',
      oln: 'B1234567',
      fbi: '123456AB7',
      subject: { id: 'P9000001' },
    });
  });

  it('gives the conviction-limited record: unsealed convictions only, with arrest date and sentence', async () => {
    const result = await gql(`{ criminalHistory(cii: "A12345678") { convictions {
      arrestDate statute level levelMeaning dispositionDate courtCaseNumber sentence { jailDays probationMonths } } } }`);
    expect(result.errors).toBeUndefined();
    // C1 (PC 273.5) and C5 (PC 484) are convictions; C4 is a sealed conviction, C2/C3/C6 are not convictions.
    expect((result.data?.criminalHistory as { convictions: unknown[] }).convictions).toEqual([
      {
        arrestDate: '2014-05-01',
        statute: 'PC 273.5',
        level: 'F',
        levelMeaning: expect.any(String),
        dispositionDate: '2014-09-01',
        courtCaseNumber: 'SV14CR001',
        sentence: { jailDays: 180, probationMonths: 36 },
      },
      {
        arrestDate: '2012-03-03',
        statute: 'PC 484',
        level: 'M',
        levelMeaning: expect.any(String),
        dispositionDate: '2012-06-01',
        courtCaseNumber: 'SV12CR100',
        sentence: null,
      },
    ]);
  });

  it('lists arrests newest first with charges in sequence, sealed charges kept and flagged', async () => {
    const result = await gql(`{ criminalHistory(cii: "A12345678") { arrests { id arrestDate ori bookingNumber sealed
      charges { id seq statute level levelMeaning disposition dispositionDate sealed convicted } } } }`);
    const arrests = (result.data?.criminalHistory as { arrests: { id: string }[] }).arrests;
    expect(arrests.map((a) => a.id)).toEqual(['AR2', 'AR1', 'AR4', 'AR3']);
    expect(arrests[1]).toEqual({
      id: 'AR1',
      arrestDate: '2014-05-01',
      ori: 'CA0190000',
      bookingNumber: 'BK14-0001',
      sealed: false,
      charges: [
        {
          id: 'C1',
          seq: 1,
          statute: 'PC 273.5',
          level: 'F',
          levelMeaning: 'Felony',
          disposition: 'CONVICTED',
          dispositionDate: '2014-09-01',
          sealed: false,
          convicted: true,
        },
        {
          id: 'C2',
          seq: 2,
          statute: 'PC 148(a)(1)',
          level: 'M',
          levelMeaning: 'Misdemeanor',
          disposition: 'DISMISSED',
          dispositionDate: '2014-09-01',
          sealed: false,
          convicted: false,
        },
      ],
    });
    expect(arrests[2]).toMatchObject({
      id: 'AR4',
      sealed: false,
      charges: [
        { id: 'C5', sealed: false },
        { id: 'C6', sealed: true },
      ],
    });
    expect(arrests[3]).toMatchObject({ id: 'AR3', sealed: true, charges: [{ id: 'C4', sealed: true, convicted: true }] });
  });

  it('gives the sentence of a conviction and null where none was imposed', async () => {
    const result = await gql(`{ criminalHistory(cii: "A12345678") { arrests { charges { id court courtCaseNumber
      sentence { jailDays prisonMonths probationMonths fine sentenceDate } } } } }`);
    const charges = (result.data?.criminalHistory as { arrests: { charges: { id: string }[] }[] }).arrests.flatMap((a) => a.charges);
    expect(charges.find((c) => c.id === 'C1')).toEqual({
      id: 'C1',
      court: 'Sierra Vista Superior Court',
      courtCaseNumber: 'SV14CR001',
      sentence: { jailDays: 180, prisonMonths: null, probationMonths: 36, fine: 500, sentenceDate: '2014-09-01' },
    });
    expect(charges.find((c) => c.id === 'C3')).toEqual({ id: 'C3', court: null, courtCaseNumber: null, sentence: null });
  });

  it('lists custody, supervision and programs newest first', async () => {
    clockAt('2026-11-01');
    const result = await gql(`{ criminalHistory(cii: "A12345678") {
      custody { id facility kind startDate endDate }
      supervision { id kind kindMeaning agencyOri startDate endDate status active conditions }
      programs { id name kind startDate endDate status } } }`);
    expect(result.data?.criminalHistory).toEqual({
      custody: [
        { id: 'CU2', facility: 'Sierra Vista County Jail', kind: 'JAIL', startDate: '2020-08-15', endDate: null },
        { id: 'CU1', facility: 'Sierra Vista County Jail', kind: 'JAIL', startDate: '2014-09-01', endDate: '2015-02-28' },
      ],
      supervision: [
        {
          id: 'SU1',
          kind: 'PROBATION',
          kindMeaning: expect.stringContaining('PC 1203'),
          agencyOri: 'CA019015P',
          startDate: '2015-03-01',
          endDate: '2027-03-01',
          status: 'ACTIVE',
          active: true,
          conditions: 'No contact with the victim; search terms',
        },
        {
          id: 'SU2',
          kind: 'PAROLE',
          kindMeaning: expect.stringContaining('parole'),
          agencyOri: 'CA0340000',
          startDate: '2005-01-01',
          endDate: '2008-01-01',
          status: 'COMPLETED',
          active: false,
          conditions: null,
        },
      ],
      programs: [
        {
          id: 'PR1',
          name: 'Batterer Intervention Program',
          kind: 'DV_BATTERER',
          startDate: '2015-04-01',
          endDate: null,
          status: 'ENROLLED',
        },
      ],
    });
  });

  it('summarises the unsealed record and counts sealed charges apart', async () => {
    clockAt('2026-11-01');
    const result = await gql(`{ criminalHistory(cii: "A12345678") { ${SUMMARY} } }`);
    expect(result.data?.criminalHistory).toEqual({
      summary: {
        arrestCount: 3,
        convictionCount: 2,
        felonyConvictionCount: 1,
        openCharges: 1,
        sealedChargeCount: 2,
        activeSupervision: true,
        lastArrestDate: '2020-08-15',
      },
    });
  });

  it('ends active supervision once its end date has passed (clock)', async () => {
    clockAt('2027-03-02');
    const result = await gql('{ criminalHistory(cii: "A12345678") { summary { activeSupervision } supervision { id active } } }');
    expect(result.data?.criminalHistory).toEqual({
      summary: { activeSupervision: false },
      supervision: [
        { id: 'SU1', active: false },
        { id: 'SU2', active: false },
      ],
    });
  });

  it('returns null for a CII that DOJ does not hold', async () => {
    expect(await gql('{ criminalHistory(cii: "99999999") { cii } }')).toEqual({ data: { criminalHistory: null } });
  });
});

const FULL_PROFILE = `... on Person { id criminalHistory { cii name ssn ${SUMMARY}
  arrests { id sealed charges { id statute sealed convicted sentence { prisonMonths sentenceDate } } }
  custody { id } supervision { id active } programs { id } subject { id } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ${FULL_PROFILE} } }`;
const refs = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Person', id })) });

describe('Person entity', () => {
  it("resolves a person's criminal history through _entities", async () => {
    const result = await gql(ENTITIES, refs(['P9000001']));
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      expect.objectContaining({
        id: 'P9000001',
        criminalHistory: expect.objectContaining({ cii: 'A12345678', name: 'RIVERA, DANIEL JAMES', subject: { id: 'P9000001' } }),
      }),
    ]);
  });

  it('gives null, not an error, for a person with no California record', async () => {
    expect(await gql(ENTITIES, refs(['P7777777']))).toEqual({ data: { _entities: [{ id: 'P7777777', criminalHistory: null }] } });
  });

  it('costs the same number of SQL statements for 20 full profiles as for 1', async () => {
    const count = async (ids: string[]) => {
      const before = running.store.statementCount;
      const result = await gql(ENTITIES, refs(ids));
      expect(result.errors).toBeUndefined();
      const entities = result.data?._entities as { criminalHistory: { arrests: unknown[] } | null }[];
      expect(entities.every((e) => e.criminalHistory?.arrests.length === 2)).toBe(true);
      return running.store.statementCount - before;
    };
    const one = await count([personId(1)]);
    const twenty = await count(Array.from({ length: 20 }, (_, i) => personId(i + 1)));
    // subjects, arrests, charges, sentences, custody, supervision, programs
    expect(one).toBe(7);
    expect(twenty).toBe(one);
  });
});

describe('bad input', () => {
  it.each([
    ['too few digits', 'A1234'],
    ['two letters', 'AB1234567'],
    ['punctuation', '1234-5678'],
    ['empty', ''],
  ])('a CII with %s gives BAD_USER_INPUT naming cii', async (_name, value) => {
    const result = await gql('query($c: String!) { criminalHistory(cii: $c) { cii } }', { c: value });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/cii/);
    expect(result.data).toEqual({ criminalHistory: null });
  });

  it('keeps serving after bad input', async () => {
    await gql('{ criminalHistory(cii: "nope") { cii } }');
    expect((await gql('{ criminalHistory(cii: "00000001") { cii } }')).data).toEqual({ criminalHistory: { cii: '00000001' } });
  });
});
