/**
 * Acceptance for the secondary dissemination log (PC 11078, 11 CCR 707): an investigator with a case reads a
 * rap sheet and logs that they passed it to a prosecutor; the entry is linked to the audit event that
 * disclosed the record to them, and auditors see it beside that event; a later record-review correction
 * (PC 11126) notifies the prosecutor's office too. Bad input changes nothing.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor, subject, type TestCaller } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

const record = SHOWCASE.recordSubject;
const investigator = CALLERS.investigator; // u-inv-1 at CA0190100, case 24-000187
const auditor = CALLERS.auditor;
const coordinator: TestCaller = { sub: 'u-coord-1', ori: 'CA0190100', roles: ['AGENCY_COORDINATOR'], purpose: 'A' };
const otherCoordinator: TestCaller = { sub: 'u-coord-2', ori: 'CA0190200', roles: ['AGENCY_COORDINATOR'], purpose: 'A' };
const prosecutor: TestCaller = { sub: 'u-dda-1', ori: 'CA019013A', roles: ['INVESTIGATOR'], purpose: 'C' };
const clerk: TestCaller = { sub: 'u-doj-records-1', ori: 'CA0349400', roles: ['RECORDS_CLERK'], purpose: 'A' };
let stack: Stack;

async function as<T = Record<string, unknown>>(caller: TestCaller, query: string, variables: Record<string, unknown> = {}) {
  const { status, body } = await stack.query<T>(query, variables, await headersFor(caller));
  expect(status).toBe(200);
  return body;
}

const LOG = `mutation($input: SecondaryDisseminationInput!, $key: String!) {
  recordSecondaryDissemination(input: $input, idempotencyKey: $key) {
    id cii recordId recipientName recipientAgency recipientOri purpose caseNumber recordedBy recorderOri disclosureSeq
  }
}`;
const toProsecutor = (over: Record<string, unknown> = {}) => ({
  recordId: record.cii,
  recipientName: 'DDA Maria Lopez',
  recipientAgency: 'Fresno County District Attorney',
  recipientOri: prosecutor.ori,
  purpose: 'C',
  caseNumber: '24-000187',
  ...over,
});

interface Entry {
  id: string;
  disclosureSeq: string;
  recipientOri: string;
}
type EventsBody = { auditEvents: { edges: { node: { seq: string; disseminations: { id: string; recipientName: string }[] | null } }[] } };
const EVENTS = `{ auditEvents(filter: { userId: "${investigator.sub}" }, first: 100) {
  edges { node { seq records disseminations { id recipientName recipientAgency recipientOri caseNumber purpose recordedBy } } }
} }`;

/** Disseminations an auditor sees, by event seq (events without any left out). */
async function disseminationsSeenBy(caller: TestCaller): Promise<Record<string, string[]>> {
  const body = await as<EventsBody>(caller, EVENTS);
  expect(body.errors).toBeUndefined();
  const seen: Record<string, string[]> = {};
  for (const { node } of body.data!.auditEvents.edges) {
    if (node.disseminations?.length) seen[node.seq] = node.disseminations.map((d) => d.id);
  }
  return seen;
}

const errorOf = (body: GraphQLBody) => body.errors?.[0];

beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

describe('secondary dissemination log (PC 11078)', () => {
  let disclosureSeq: number;
  let entry: Entry;

  it('an investigator reads a rap sheet for their case, then logs passing it to a prosecutor', async () => {
    const read = await as(investigator, `{ criminalHistory(cii: "${record.cii}") { cii name convictions { statute } } }`);
    expect(read.errors).toBeUndefined();
    const [disclosure] = await stack.audit.query({ userId: investigator.sub, limit: 1 });
    expect(disclosure.records).toContain(`CriminalHistory:${record.cii}`);
    disclosureSeq = disclosure.seq;

    const body = await as<{ recordSecondaryDissemination: Entry }>(investigator, LOG, { input: toProsecutor(), key: 'pass-1' });
    expect(body.errors).toBeUndefined();
    entry = body.data!.recordSecondaryDissemination;
    expect(entry).toMatchObject({
      cii: record.cii,
      recordId: record.cii,
      recipientName: 'DDA Maria Lopez',
      recipientAgency: 'Fresno County District Attorney',
      recipientOri: prosecutor.ori,
      purpose: 'C',
      caseNumber: '24-000187',
      recordedBy: investigator.sub,
      recorderOri: investigator.ori,
      disclosureSeq: String(disclosureSeq),
    });
    const retry = await as<{ recordSecondaryDissemination: Entry }>(investigator, LOG, { input: toProsecutor(), key: 'pass-1' });
    expect(retry.data!.recordSecondaryDissemination.id).toBe(entry.id);
  });

  it('bad input is refused with a clear error and logs nothing', async () => {
    const unknown = await as(investigator, LOG, { input: toProsecutor({ recordId: 'A99999999' }), key: 'bad-1' });
    expect(errorOf(unknown)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.recordId' });
    // A record that exists but was never disclosed to this investigator gets the same answer.
    const notReceived = await as(investigator, LOG, { input: toProsecutor({ recordId: SHOWCASE.wantedDriver.cii }), key: 'bad-2' });
    expect(errorOf(notReceived)!.message).toBe(errorOf(unknown)!.message.replace('A99999999', SHOWCASE.wantedDriver.cii));
    const empty = await as(investigator, LOG, { input: toProsecutor({ recipientName: '  ' }), key: 'bad-3' });
    expect(errorOf(empty)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.recipientName' });
    const badOri = await as(investigator, LOG, { input: toProsecutor({ recipientOri: 'DA' }), key: 'bad-4' });
    expect(errorOf(badOri)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.recipientOri' });
    const licensingPurpose = await as(investigator, LOG, { input: toProsecutor({ purpose: 'I' }), key: 'bad-5' });
    expect(errorOf(licensingPurpose)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.purpose' });
    // A patrol officer, who receives no rap sheets, may not log one (refused before it runs).
    const patrol = await as(CALLERS.patrol, LOG, { input: toProsecutor(), key: 'bad-6' });
    expect(errorOf(patrol)?.extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'Mutation.recordSecondaryDissemination' });
    expect(await disseminationsSeenBy(auditor)).toEqual({ [String(disclosureSeq)]: [entry.id] });
  });

  it('auditors see the dissemination beside the disclosure it continues; a coordinator only for their own agency', async () => {
    expect(await disseminationsSeenBy(auditor)).toEqual({ [String(disclosureSeq)]: [entry.id] });
    expect(await disseminationsSeenBy(coordinator)).toEqual({ [String(disclosureSeq)]: [entry.id] });
    expect(await disseminationsSeenBy(otherCoordinator)).toEqual({});
    const body = await as<EventsBody>(auditor, EVENTS);
    const event = body.data!.auditEvents.edges.find((e) => e.node.seq === String(disclosureSeq))!;
    expect(event.node.disseminations).toEqual([
      {
        id: entry.id,
        recipientName: 'DDA Maria Lopez',
        recipientAgency: 'Fresno County District Attorney',
        recipientOri: prosecutor.ori,
        caseNumber: '24-000187',
        purpose: 'C',
        recordedBy: investigator.sub,
      },
    ]);
  });

  it('a record-review correction notifies the prosecutor it was passed to, as well as the investigator', async () => {
    const me = subject(record.personId);
    const own = await as<{
      person: { criminalHistory: { arrests: { charges: { id: string; disposition: string; sealed: boolean }[] }[] } };
    }>(me, `{ person(id: "${record.personId}") { criminalHistory { arrests { charges { id disposition sealed } } } } }`);
    const charges = own.data!.person.criminalHistory.arrests.flatMap((a) => a.charges);
    const target = charges.find((c) => c.disposition === 'CONVICTED' && !c.sealed) ?? charges[0];
    const filed = await as<{ fileRecordChallenge: { id: string } }>(
      me,
      `mutation { fileRecordChallenge(input: { chargeId: "${target.id}", claimedError: "Dismissed on appeal.", materiality: "Employment." }, idempotencyKey: "c-1") { id } }`,
    );
    expect(filed.errors).toBeUndefined();
    const resolved = await as<{ resolveRecordChallenge: { notifications: { toOri: string }[] } }>(
      clerk,
      `mutation { resolveRecordChallenge(input: { id: "${filed.data!.fileRecordChallenge.id}", decision: CORRECTED, correction: { disposition: "DISMISSED" }, reason: "Verified with the court." }, idempotencyKey: "r-1") { notifications { toOri } } }`,
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data!.resolveRecordChallenge.notifications.map((n) => n.toOri).sort()).toEqual(
      [investigator.ori, prosecutor.ori].sort(),
    );

    const notices = await as<{ recordCorrectionNotices: { cii: string; text: string }[] }>(
      prosecutor,
      '{ recordCorrectionNotices { cii text } }',
    );
    expect(notices.data!.recordCorrectionNotices).toEqual([
      expect.objectContaining({ cii: record.cii, text: expect.stringContaining('DISMISSED') }),
    ]);
  });
});
