/**
 * The checker on hand-made answers over the generated dataset: it must place each value in its record
 * (through aliases, fragments and entities) and catch data-dependent leaks, not only context ones.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { OracleCaller } from './callers.ts';
import { checkAnswer, type Oracle } from './checker.ts';
import { OracleDataset } from './dataset.ts';
import { loadOracleSchemas } from './schema.ts';

let oracle: Oracle;
beforeAll(() => {
  oracle = { schemas: loadOracleSchemas(), data: new OracleDataset(inject('dataDir')) };
});

const investigator: OracleCaller = { roles: ['INVESTIGATOR'], purpose: 'C', caseNumber: '24-1', sub: 'u-1', ori: 'CA0190100' };
const courtClerk: OracleCaller = { roles: ['COURT_CLERK'], purpose: 'D', caseNumber: 'FL-1', sub: 'u-2', ori: 'CA019015J' };
const patrol: OracleCaller = { roles: ['PATROL_OFFICER'], purpose: 'C', sub: 'u-3', ori: 'CA0190100' };

async function findings(caller: OracleCaller, query: string, data: Record<string, unknown>, status = 200) {
  const result = await checkAnswer(oracle, caller, { query, variables: {} }, { status, body: { data } });
  return result.findings.map((f) => `${f.kind} ${f.path}: ${f.rule}`);
}

/** A history with both a sealed and an unsealed arrest. */
function mixedHistory() {
  const arrests = [...oracle.data.arrests.values()];
  const sealed = arrests.find((a) => a.sealed && arrests.some((b) => b.cii === a.cii && !b.sealed && b.charges.length > 0))!;
  const open = arrests.find((b) => b.cii === sealed.cii && !b.sealed && b.charges.length > 0)!;
  return { cii: sealed.cii, sealed, open };
}

describe('the oracle checker', () => {
  it('flags a sealed arrest shown to an investigator, even as an entry with nothing but nulls, and not to a court', async () => {
    const { cii, sealed, open } = mixedHistory();
    const query = `{ r0: criminalHistory(cii: "${cii}") { cii arrests { arrestDate id } } }`;
    const answer = (ids: (string | null)[]) => ({ r0: { cii, arrests: ids.map((id) => ({ arrestDate: id ? '2001-01-01' : null, id })) } });
    expect(await findings(investigator, query, answer([open.id]))).toEqual([]);
    expect(await findings(investigator, query, answer([open.id, sealed.id]))).toContain(
      'leak r0.arrests.1: sealed entry: courts and the subject only',
    );
    expect(await findings(investigator, query, answer([open.id, null]))).toContain(
      'leak r0.arrests.1: sealed entry: courts and the subject only',
    );
    expect(await findings(courtClerk, query, answer([open.id, sealed.id]))).toEqual([]);
  });

  it('flags a summary count that includes sealed entries, for those who may not see them', async () => {
    const { cii } = mixedHistory();
    const unsealed = oracle.data.unsealedSummary(cii);
    const query = `{ r0: criminalHistory(cii: "${cii}") { cii summary { arrestCount } } }`;
    const answer = (arrestCount: number) => ({ r0: { cii, summary: { arrestCount } } });
    expect(await findings(investigator, query, answer(unsealed.arrestCount))).toEqual([]);
    expect((await findings(investigator, query, answer(unsealed.arrestCount + 1))).join()).toMatch(/count includes sealed entries/);
    expect(await findings(courtClerk, query, answer(unsealed.arrestCount + 1))).toEqual([]);
  });

  it('judges addresses by the person they belong to: Safe at Home never, VC 1808.4 for investigators and courts', async () => {
    const safeAtHome = [...oracle.data.safeAtHomePersons][0];
    const query = (id: string) => `{ r0: person(id: "${id}") { id home: residenceAddress { street } } }`;
    const answer = (id: string) => ({ r0: { id, home: { street: '1 MAIN ST' } } });
    expect(await findings(courtClerk, query(safeAtHome), answer(safeAtHome))).toEqual([
      'leak r0.home.street: Safe at Home participant (Gov. Code 6206): never',
    ]);
    expect(await findings(courtClerk, query('P9000005'), answer('P9000005'))).toEqual([]);
    const patrolWithCase = { ...patrol, caseNumber: '24-1' };
    expect(await findings(patrolWithCase, query('P9000005'), answer('P9000005'))).toEqual([
      'leak r0.home.street: VC 1808.4 confidential address: investigators and courts only',
    ]);
  });

  it('reads response keys through decoy aliases and fragments, judging each value by its field', async () => {
    const query =
      '{ r0: vehicle(plate: "7WNT123", state: "CA") { ...F vin } } fragment F on Vehicle { ssn: registeredOwner { name: criminalHistory { cii } id } }';
    const vin = oracle.data.vinOfPlate.get('CA|7WNT123')!;
    const data = { r0: { vin, ssn: { id: oracle.data.ownerOfVin.get(vin), name: { cii: 'A27182818' } } } };
    expect(await findings(patrol, query, data)).toEqual([
      'leak r0.ssn.name: CORI: right to know + purpose C/D/F/J + case number',
      'leak r0.ssn.name.cii: CORI: right to know + purpose C/D/F/J + case number',
    ]);
  });

  it("flags anything of someone else's shown to a SUBJECT, including that the record exists", async () => {
    const subject: OracleCaller = { roles: ['SUBJECT'], purpose: 'RECORD_REVIEW', sub: 'P9000006', ori: 'CA0000000' };
    const query = '{ r0: criminalHistory(cii: "A27182818") { cii } }';
    expect(await findings(subject, query, { r0: { cii: null } })).toEqual(['leak r0: not own record: a SUBJECT sees only their own']);
    expect(await findings(subject, query, { r0: null })).toEqual([]);
    const own = '{ r0: criminalHistory(cii: "A16180339") { cii } }';
    expect(await findings(subject, own, { r0: { cii: 'A16180339' } })).toEqual([]);
  });

  it('flags a purpose no role may state that was not refused', async () => {
    const dispatcherStatingD: OracleCaller = { roles: ['DISPATCHER'], purpose: 'D', sub: 'u-4', ori: 'CA0190100' };
    const query = '{ r0: agencies { ori } }';
    expect(await findings(dispatcherStatingD, query, { r0: [{ ori: 'CA0190100' }] })).toEqual([
      'refusal -: a purpose no role may state must be refused with 403; got HTTP 200',
      'leak r0: purpose refused: no role may state it',
      'leak r0.0: purpose refused: no role may state it',
      'leak r0.0.ori: purpose refused: no role may state it',
    ]);
    expect(await checkAnswer(oracle, dispatcherStatingD, { query, variables: {} }, { status: 403, body: {} })).toMatchObject({
      findings: [],
    });
  });
});
