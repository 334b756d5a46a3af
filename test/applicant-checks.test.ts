/**
 * Acceptance for applicant background checks (PC 11105(b)(10)-(11), California Live Scan): an applicant
 * agency submits the prints of an applicant with the statute that authorises the check; DOJ identifies the
 * applicant by the prints alone and answers with the conviction-limited record (no dismissed charge, no
 * sealed arrest, no arrest without a conviction), or NO_RECORD. The agency reads only its own responses, its
 * name inquiries still return nothing, the applicant sees who received a response, and the audit names them.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { printTemplateOf } from '../generator/records/livescan.ts';
import { CALLERS, headersFor, subject, type TestCaller } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

const licensing = CALLERS.licensing; // NONCRIMINAL_AGENCY at CA0340N01, purpose I
const otherBoard: TestCaller = { sub: 'u-lic-9', ori: 'CA060N002', roles: ['NONCRIMINAL_AGENCY'], purpose: 'I' };

interface Charge {
  arrestId: string;
  arrestDate: string;
  statute: string;
  disposition: string;
  dispositionDate: string | null;
  sealed: number;
  courtCaseNumber: string | null;
}

/** An applicant whose record has convictions, a dismissed charge, a sealed arrest and a pending arrest. */
let applicant: { personId: string; cii: string; charges: Charge[] };
/** A person of the population with no California record. */
let noRecordPersonId: string;
let stack: Stack;

function findPersons(dataDir: string): void {
  const cori = new Database(path.join(dataDir, 'cori.sqlite'), { readonly: true });
  try {
    const found = cori
      .prepare(
        `SELECT s.person_id AS personId, s.cii FROM subjects s JOIN arrests a ON a.cii = s.cii JOIN charges c ON c.arrest_id = a.id
         GROUP BY s.cii
         HAVING SUM(c.disposition = 'CONVICTED' AND c.sealed = 0) > 0 AND SUM(c.disposition = 'DISMISSED' AND c.sealed = 0) > 0
           AND SUM(c.disposition = 'PENDING') > 0
           AND (SELECT COUNT(*) FROM arrests x WHERE x.cii = s.cii
                AND NOT EXISTS (SELECT 1 FROM charges y WHERE y.arrest_id = x.id AND y.sealed = 0)) > 0
         ORDER BY s.person_id LIMIT 1`,
      )
      .get() as { personId: string; cii: string } | undefined;
    if (!found) throw new Error('the e2e dataset has no record with a conviction, a dismissal, a sealed and a pending arrest');
    const charges = cori
      .prepare(
        `SELECT a.id AS arrestId, a.arrest_date AS arrestDate, c.statute, c.disposition, c.disposition_date AS dispositionDate,
           c.sealed, c.court_case_number AS courtCaseNumber
         FROM arrests a JOIN charges c ON c.arrest_id = a.id WHERE a.cii = ?`,
      )
      .all(found.cii) as Charge[];
    applicant = { ...found, charges };
    const withRecord = new Set((cori.prepare('SELECT person_id AS id FROM subjects').all() as { id: string }[]).map((r) => r.id));
    noRecordPersonId = Array.from({ length: 100 }, (_, i) => `P${String(i + 1).padStart(7, '0')}`).find((id) => !withRecord.has(id))!;
  } finally {
    cori.close();
  }
}

async function as<T = Record<string, unknown>>(caller: TestCaller, query: string, variables: Record<string, unknown> = {}) {
  const { status, body } = await stack.query<T>(query, variables, await headersFor(caller));
  expect(status).toBe(200);
  return body;
}

const SUBMIT = `mutation($input: ApplicantCheckInput!, $key: String!) {
  submitApplicantCheck(input: $input, idempotencyKey: $key) {
    id ati agencyOri statute statuteTitle purpose status result respondedAt
    convictions { arrestDate statute description level convictionDate court courtCaseNumber }
  }
}`;

interface Conviction {
  arrestDate: string;
  statute: string;
  convictionDate: string;
  courtCaseNumber: string;
}
interface Check {
  id: string;
  ati: string;
  agencyOri: string;
  statute: string;
  purpose: string;
  status: string;
  result: string;
  convictions: Conviction[];
}

const input = (over: Record<string, unknown> = {}) => ({
  ati: 'LS2400018701',
  agencyName: 'State Contractors Licensing Board',
  // The name the agency states is not how DOJ finds the record: these are not the applicant's names.
  lastName: 'DOE',
  firstName: 'JOHN',
  dob: '1990-01-01',
  sex: 'M',
  statute: 'B&P 7069',
  purpose: 'I',
  fingerprints: printTemplateOf(applicant.personId),
  ...over,
});

const errorCode = (body: GraphQLBody) => body.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  findPersons(inject('dataDir'));
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

describe('applicant background checks (PC 11105)', () => {
  let check: Check;

  it('the prints find the record: the response lists the convictions only', async () => {
    const body = await as<{ submitApplicantCheck: Check }>(licensing, SUBMIT, { input: input(), key: 'check-1' });
    expect(body.errors).toBeUndefined();
    check = body.data!.submitApplicantCheck;
    expect(check).toMatchObject({
      ati: 'LS2400018701',
      agencyOri: licensing.ori,
      statute: 'B&P 7069',
      purpose: 'I',
      status: 'RESPONDED',
      result: 'RECORD',
    });

    const reportable = applicant.charges.filter((c) => c.disposition === 'CONVICTED' && c.sealed === 0);
    const key = (c: { arrestDate: string; statute: string; courtCaseNumber: string | null }) =>
      `${c.arrestDate} ${c.statute} ${c.courtCaseNumber}`;
    expect(check.convictions.map(key).sort()).toEqual(reportable.map(key).sort());
    expect(check.convictions.map((c) => c.convictionDate).sort()).toEqual(reportable.map((c) => c.dispositionDate).sort());

    // Nothing dismissed, sealed or pending: no date of an arrest that led to no reportable conviction.
    const convictedArrests = new Set(reportable.map((c) => c.arrestId));
    const withoutConviction = applicant.charges.filter((c) => !convictedArrests.has(c.arrestId)).map((c) => c.arrestDate);
    expect(withoutConviction.length).toBeGreaterThan(0);
    for (const date of withoutConviction) {
      if (!reportable.some((c) => c.arrestDate === date)) expect(check.convictions.map((c) => c.arrestDate)).not.toContain(date);
    }
    expect(check.convictions.length).toBeLessThan(applicant.charges.length);
  });

  it('a retry with the same key returns the first response and files nothing new', async () => {
    const retry = await as<{ submitApplicantCheck: Check }>(licensing, SUBMIT, { input: input(), key: 'check-1' });
    expect(retry.data!.submitApplicantCheck.id).toBe(check.id);
    const list = await as<{ applicantResponses: { id: string }[] }>(licensing, '{ applicantResponses { id } }');
    expect(list.data!.applicantResponses.map((c) => c.id)).toEqual([check.id]);
  });

  it('prints that are not on file give NO_RECORD, whatever name is stated', async () => {
    const body = await as<{ submitApplicantCheck: Check }>(licensing, SUBMIT, {
      input: input({ ati: 'LS2400018702', fingerprints: printTemplateOf(noRecordPersonId), lastName: 'BENNETT' }),
      key: 'check-2',
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.submitApplicantCheck).toMatchObject({ result: 'NO_RECORD', convictions: [], status: 'RESPONDED' });
  });

  it('bad input is refused with a clear error and writes nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ statute: 'B&P 9999' }, /does not authorise an applicant check/],
      [{ statute: 'HSC 34090.6' }, /purpose H only, not I/],
      [{ purpose: 'H', statute: 'HSC 34090.6' }, /request states X-Purpose I/],
      [{ fingerprints: 'not prints' }, /ten-print template/],
      [{ ati: 'x' }, /not an ATI/],
      [{ ati: 'LS2400018701' }, /already submitted ATI LS2400018701/],
    ];
    for (const [i, [over, message]] of cases.entries()) {
      const body = await as(licensing, SUBMIT, { input: input({ ati: 'LS2400018799', ...over }), key: `bad-${i}` });
      expect(errorCode(body)).toBe('BAD_USER_INPUT');
      expect(body.errors![0].message).toMatch(message);
    }
    const list = await as<{ applicantResponses: unknown[] }>(licensing, '{ applicantResponses { id } }');
    expect(list.data!.applicantResponses).toHaveLength(2);
  });

  it('the agency reads its own response by ATI; another agency gets the answer of an unknown ATI', async () => {
    const QUERY = '{ applicantResponse(ati: "LS2400018701") { id result convictions { statute } } }';
    const own = await as<{ applicantResponse: { id: string } }>(licensing, QUERY);
    expect(own.data!.applicantResponse.id).toBe(check.id);
    const other = await as(otherBoard, QUERY);
    const unknown = await as(otherBoard, '{ applicantResponse(ati: "LS2400099999") { id result convictions { statute } } }');
    expect(other).toEqual(unknown);
    expect(other.data).toEqual({ applicantResponse: null });
    const otherList = await as(otherBoard, '{ applicantResponses { id } }');
    expect(otherList.data).toEqual({ applicantResponses: [] });
  });

  it('who the prints identified is released to nobody', async () => {
    const body = await as(licensing, '{ applicantResponse(ati: "LS2400018701") { id subject { id } } }');
    expect(body.data).toEqual({ applicantResponse: { id: check.id, subject: null } });
    expect(body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'ApplicantCheck.subject' });
  });

  it("the agency's name inquiries still learn nothing about the applicant", async () => {
    const search = await as(licensing, `{ searchPersons(lastName: "DOE", dob: "1990-01-01") { totalCandidates } }`);
    expect(search.data).toEqual({ searchPersons: null });
    expect(errorCode(search)).toBe('FORBIDDEN');
    const history = await as(licensing, `{ criminalHistory(cii: "${applicant.cii}") { cii convictions { statute } } }`);
    expect(history.data).toEqual({ criminalHistory: null });
    const person = await as(licensing, `{ person(id: "${applicant.personId}") { name { full } } }`);
    expect(person.data).toEqual({ person: null });
  });

  it('the applicant sees that a response was sent, and to whom; nobody else does', async () => {
    const QUERY = `{ person(id: "${applicant.personId}") { applicantChecks { ati agencyOri agencyName respondedAt statute statuteTitle purpose result } } }`;
    const own = await as<{ person: { applicantChecks: Record<string, unknown>[] } }>(subject(applicant.personId), QUERY);
    expect(own.errors).toBeUndefined();
    expect(own.data!.person.applicantChecks).toEqual([
      {
        ati: 'LS2400018701',
        agencyOri: licensing.ori,
        agencyName: 'State Contractors Licensing Board',
        respondedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        statute: 'B&P 7069',
        statuteTitle: expect.stringContaining('Contractors'),
        purpose: 'I',
        result: 'RECORD',
      },
    ]);
    const someoneElse = await as(subject(noRecordPersonId), QUERY);
    expect(someoneElse.data).toEqual({ person: null });
    const investigator = await as<{ person: { applicantChecks: unknown } }>(CALLERS.investigator, QUERY);
    expect(investigator.data!.person.applicantChecks).toBeNull();
  });

  it('the audit events of the submission and of the response read name the applicant', async () => {
    await as(licensing, '{ applicantResponse(ati: "LS2400018701") { result } }');
    const events = await stack.audit.query({ userId: licensing.sub, limit: 50 });
    // Newest first: the first submission is the oldest event of the mutation.
    const submission = events.filter((e) => e.operationText?.includes('submitApplicantCheck')).at(-1);
    const read = events[0];
    expect(read.operationText).toContain('applicantResponse(');
    for (const event of [submission!, read]) {
      expect(event.subjects).toContain(applicant.personId);
      expect(event.records).toContain(`ApplicantCheck:${check.id}`);
    }
  });
});
