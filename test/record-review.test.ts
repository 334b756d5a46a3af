/**
 * Acceptance for record review (PC 11120-11127): a subject reviews their own record, challenges an entry and
 * follows the challenge; a records clerk corrects it; the agencies that received the record in the past two
 * years (from the audit trail) are notified; the subject sees the correction.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor, subject, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const person = SHOWCASE.recordSubject;
const me = subject(person.personId);
const someoneElse = subject(SHOWCASE.wantedDriver.personId);
const clerk: TestCaller = { sub: 'u-doj-records-1', ori: 'CA0349400', roles: ['RECORDS_CLERK'], purpose: 'A' };
const investigator = CALLERS.investigator; // CA0190100
let stack: Stack;

async function as<T = Record<string, unknown>>(caller: TestCaller, query: string, variables: Record<string, unknown> = {}) {
  const { status, body } = await stack.query<T>(query, variables, await headersFor(caller));
  expect(status).toBe(200);
  return body;
}

type Charge = { id: string; statute: string; disposition: string; sealed: boolean };
async function myCharges(): Promise<Charge[]> {
  const body = await as<{ person: { criminalHistory: { arrests: { charges: Charge[] }[] } } }>(
    me,
    `{ person(id: "${person.personId}") { criminalHistory { arrests { charges { id statute disposition sealed } } } } }`,
  );
  expect(body.errors).toBeUndefined();
  return body.data!.person.criminalHistory.arrests.flatMap((a) => a.charges);
}

beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
  // An investigator's agency received the record earlier: it will be told about a correction.
  const seen = await as<{ criminalHistory: { cii: string } }>(
    investigator,
    `{ criminalHistory(cii: "${person.cii}") { cii arrests { arrestDate } } }`,
  );
  expect(seen.data!.criminalHistory.cii).toBe(person.cii); // (its sealed arrest's date is denied, as it should be)
});
afterAll(() => stack?.stop());

describe('record review', () => {
  let challengeId: string;
  let target: Charge;

  it('the subject reviews their own record and challenges an entry; a retry does not file twice', async () => {
    const charges = await myCharges();
    target = charges.find((c) => c.disposition === 'CONVICTED' && !c.sealed) ?? charges[0];
    const FILE = `mutation($input: RecordChallengeInput!) { fileRecordChallenge(input: $input, idempotencyKey: "challenge-1") { id status chargeId } }`;
    const input = {
      chargeId: target.id,
      claimedError: 'The case was dismissed on appeal.',
      materiality: 'A conviction bars my licence application.',
      evidence: 'Appellate order no. A-0001',
    };
    const first = await as<{ fileRecordChallenge: { id: string; status: string } }>(me, FILE, { input });
    expect(first.errors).toBeUndefined();
    challengeId = first.data!.fileRecordChallenge.id;
    expect(first.data!.fileRecordChallenge).toMatchObject({ status: 'OPEN', chargeId: target.id });
    const retry = await as<{ fileRecordChallenge: { id: string } }>(me, FILE, { input });
    expect(retry.data!.fileRecordChallenge.id).toBe(challengeId);
    const mine = await as<{ recordChallenges: { id: string }[] }>(me, '{ recordChallenges { id status } }');
    expect(mine.data!.recordChallenges.map((c) => c.id)).toEqual([challengeId]);
    const page = await as(me, '{ recordChallengesConnection { edges { node { id status } } pageInfo { hasNextPage } } }');
    expect(page.data).toEqual({
      recordChallengesConnection: { edges: [{ node: { id: challengeId, status: 'OPEN' } }], pageInfo: { hasNextPage: false } },
    });
  });

  it('another subject can neither challenge this record nor see the challenge', async () => {
    const body = await as(
      someoneElse,
      `mutation { fileRecordChallenge(input: { chargeId: "${target.id}", claimedError: "x", materiality: "y" }, idempotencyKey: "other-1") { id } }`,
    );
    expect(body.errors![0].extensions!.code).toBe('FORBIDDEN');
    const theirs = await as<{ recordChallenges: unknown[] }>(someoneElse, '{ recordChallenges { id } }');
    expect(theirs.data!.recordChallenges).toEqual([]);
    const theirPage = await as(someoneElse, '{ recordChallengesConnection { edges { node { id } } pageInfo { hasNextPage endCursor } } }');
    expect(theirPage.data).toEqual({ recordChallengesConnection: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } });
  });

  it('an investigator cannot resolve a challenge (refused before it runs)', async () => {
    const body = await as(
      investigator,
      `mutation { resolveRecordChallenge(input: { id: "${challengeId}", decision: DENIED, reason: "no" }, idempotencyKey: "r-x") { id } }`,
    );
    expect(body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'Mutation.resolveRecordChallenge' });
  });

  it('a records clerk corrects it; past recipients are notified; the subject sees the correction', async () => {
    const resolved = await as<{ resolveRecordChallenge: { status: string; notifications: { toOri: string }[] } }>(
      clerk,
      `mutation { resolveRecordChallenge(input: { id: "${challengeId}", decision: CORRECTED, correction: { disposition: "DISMISSED" }, reason: "Appellate order verified with the court." }, idempotencyKey: "resolve-1") { status notifications { toOri text } } }`,
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data!.resolveRecordChallenge.status).toBe('CORRECTED');
    expect(resolved.data!.resolveRecordChallenge.notifications.map((n) => n.toOri)).toEqual([investigator.ori]);
    const [event] = await stack.audit.query({ userId: clerk.sub, limit: 1 });
    expect(event.records).toEqual(
      expect.arrayContaining([`RecordChallenge:${challengeId}`, expect.stringMatching(/^RecordCorrectionNotice:/)]),
    );

    const notices = await as<{ recordCorrectionNotices: { cii: string; text: string }[] }>(
      investigator,
      '{ recordCorrectionNotices { cii text } }',
    );
    expect(notices.data!.recordCorrectionNotices).toEqual([
      expect.objectContaining({ cii: person.cii, text: expect.stringContaining('DISMISSED') }),
    ]);
    const noticePage = await as(
      investigator,
      '{ recordCorrectionNoticesConnection(first: 5) { nodes { cii text } pageInfo { hasNextPage } } }',
    );
    expect(noticePage.data).toEqual({
      recordCorrectionNoticesConnection: { nodes: notices.data!.recordCorrectionNotices, pageInfo: { hasNextPage: false } },
    });

    const after = (await myCharges()).find((c) => c.id === target.id)!;
    expect(after.disposition).toBe('DISMISSED');
    const status = await as<{ recordChallenge: { status: string; decisionReason: string } }>(
      me,
      `{ recordChallenge(id: "${challengeId}") { status decisionReason } }`,
    );
    expect(status.data!.recordChallenge).toMatchObject({ status: 'CORRECTED', decisionReason: expect.stringContaining('Appellate') });
  });
});
