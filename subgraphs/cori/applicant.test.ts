/**
 * cori's own checks of applicant checks and the dissemination log, from the signed caller context alone
 * (the gateway's policy decides roles before; these hold even if it did not): prints, not names, find the
 * record; the response is conviction-limited; an agency sees only its own submissions; only the subject
 * sees the checks of their record; a dissemination needs a prior disclosure; only auditors read the log.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedAuditStore } from '../../audit/store-common.ts';
import { openSqliteAuditStore } from '../../audit/store-sqlite.ts';
import { auditEvent } from '../../audit/store-test-support.ts';
import { printTemplateOf } from '../../generator/records/livescan.ts';
import type { RunningSubgraph } from '../common/subgraph.ts';
import { postAsGateway, type GraphQLResponse } from '../common/testing.ts';
import type { GatewayContextClaims } from '../../common/gateway-context.ts';
import { startCoriSubgraph } from './index.ts';

const RIVERA = 'P9000001'; // subject of A12345678
const BOARD = { sub: 'lic-1', ori: 'CA034N003', roles: ['NONCRIMINAL_AGENCY'], purpose: 'I' };
const OTHER_BOARD = { sub: 'lic-2', ori: 'CA060N002', roles: ['NONCRIMINAL_AGENCY'], purpose: 'I' };
const INVESTIGATOR = { sub: 'inv-1', ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C' };
const AUDITOR = { sub: 'doj-1', ori: 'CA0349400', roles: ['DOJ_AUDITOR'], purpose: 'A' };
const COORDINATOR = (ori: string) => ({ sub: `coord-${ori}`, ori, roles: ['AGENCY_COORDINATOR'], purpose: 'A' });

let dataDir: string;
let audit: ManagedAuditStore;
let running: RunningSubgraph;
let disclosureSeq: number;

async function as(caller: Partial<GatewayContextClaims>, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  return (await (await postAsGateway(running, { query, variables }, caller)).json()) as GraphQLResponse;
}

const count = (table: string): number => {
  const db = new Database(path.join(dataDir, 'cori.sqlite'), { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cori-applicant-'));
  const db = new Database(path.join(dataDir, 'cori.sqlite'));
  db.exec(readFileSync(new URL('./store.sql', import.meta.url), 'utf8'));
  db.prepare('INSERT INTO subjects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    'A12345678',
    RIVERA,
    'RIVERA',
    'DANIEL',
    null,
    '1986-03-14',
    'M',
    'W',
    null,
    null,
    '123456AB1',
  );
  db.prepare('INSERT INTO fingerprints VALUES (?, ?)').run(printTemplateOf(RIVERA), 'A12345678');
  const arrest = db.prepare('INSERT INTO arrests VALUES (?, ?, ?, ?, ?)');
  arrest.run('AR1', 'A12345678', '2015-05-01', 'CA0190100', 'BK15-0001');
  arrest.run('AR2', 'A12345678', '2018-05-01', 'CA0190100', 'BK18-0001');
  arrest.run('AR3', 'A12345678', '2026-10-01', 'CA0190100', 'BK26-0001');
  const charge = db.prepare('INSERT INTO charges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  charge.run('C1', 'AR1', 1, 'PC 484', 'PETTY THEFT', 'M', 'Court', 'M15-1', 'CONVICTED', '2015-08-01', 0);
  charge.run('C2', 'AR1', 2, 'PC 148(a)(1)', 'RESISTING', 'M', 'Court', 'M15-1', 'DISMISSED', '2015-08-01', 0);
  charge.run('C3', 'AR2', 1, 'PC 459', 'BURGLARY', 'F', 'Court', 'F18-1', 'CONVICTED', '2018-09-01', 1); // set aside, PC 1203.4
  charge.run('C4', 'AR3', 1, 'HS 11350', 'POSSESSION', 'F', null, null, 'PENDING', null, 0);
  db.close();
  audit = await openSqliteAuditStore(path.join(dataDir, 'audit.sqlite'));
  disclosureSeq = (
    await audit.append(
      auditEvent(0, { userId: INVESTIGATOR.sub, ori: INVESTIGATOR.ori, subjects: [RIVERA], records: ['CriminalHistory:A12345678'] }),
    )
  ).seq;
  running = await startCoriSubgraph({ dataDir, port: 0, auditStore: audit });
});

afterAll(async () => {
  await running?.stop();
  await audit?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const SUBMIT = `mutation($input: ApplicantCheckInput!, $key: String!) {
  submitApplicantCheck(input: $input, idempotencyKey: $key) { id result convictions { statute arrestDate } subject { id } }
}`;
const input = (over: Record<string, unknown> = {}) => ({
  ati: 'LS0000000001',
  agencyName: 'Board',
  lastName: 'SOMEONE',
  firstName: 'ELSE',
  dob: '1970-01-01',
  sex: 'F',
  statute: ' b&p   7069 ',
  purpose: 'I',
  fingerprints: printTemplateOf(RIVERA).toLowerCase(),
  ...over,
});

describe('applicant checks at the source', () => {
  it('finds the record by the prints and answers with the unsealed convictions only', async () => {
    const body = await as(BOARD, SUBMIT, { input: input(), key: 'k1' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.submitApplicantCheck).toMatchObject({
      result: 'RECORD',
      convictions: [{ statute: 'PC 484', arrestDate: '2015-05-01' }],
      subject: { id: RIVERA },
    });
  });

  it('refuses any other role, whatever the gateway let through', async () => {
    const body = await as(INVESTIGATOR, SUBMIT, { input: input({ ati: 'LS0000000002' }), key: 'k2' });
    expect(body.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(count('applicant_checks')).toBe(1);
  });

  it("shows an agency its own submissions only, and the subject only their own record's checks", async () => {
    const READ = '{ applicantResponse(ati: "LS0000000001") { id } applicantResponses { id } }';
    expect((await as(OTHER_BOARD, READ)).data).toEqual({ applicantResponse: null, applicantResponses: [] });
    expect((await as(INVESTIGATOR, READ)).data).toEqual({ applicantResponse: null, applicantResponses: [] });
    const ENTITY = `{ _entities(representations: [{ __typename: "Person", id: "${RIVERA}" }]) { ... on Person { applicantChecks { ati } } } }`;
    const self = await as({ sub: RIVERA, ori: 'CA0000000', roles: ['SUBJECT'], purpose: 'RECORD_REVIEW' }, ENTITY);
    expect(self.data).toEqual({ _entities: [{ applicantChecks: [{ ati: 'LS0000000001' }] }] });
    const other = await as({ sub: 'P9000002', ori: 'CA0000000', roles: ['SUBJECT'], purpose: 'RECORD_REVIEW' }, ENTITY);
    expect(other.data).toEqual({ _entities: [{ applicantChecks: [] }] });
    expect((await as(INVESTIGATOR, ENTITY)).data).toEqual({ _entities: [{ applicantChecks: [] }] });
  });
});

const LOG = `mutation($input: SecondaryDisseminationInput!, $key: String!) {
  recordSecondaryDissemination(input: $input, idempotencyKey: $key) { id cii disclosureSeq }
}`;
const entry = (over: Record<string, unknown> = {}) => ({
  recordId: '123456AB1', // the FBI number names the same record
  recipientName: 'DDA Lopez',
  recipientAgency: 'District Attorney',
  recipientOri: 'CA019013A',
  purpose: 'C',
  caseNumber: '24-000187',
  ...over,
});

describe('the secondary dissemination log at the source', () => {
  it('needs a disclosure of the record to the caller, and links the latest one', async () => {
    const stranger = await as({ ...INVESTIGATOR, sub: 'inv-2' }, LOG, { input: entry(), key: 'd0' });
    expect(stranger.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.recordId' });
    expect(count('secondary_disseminations')).toBe(0);
    const body = await as(INVESTIGATOR, LOG, { input: entry(), key: 'd1' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.recordSecondaryDissemination).toMatchObject({ cii: 'A12345678', disclosureSeq: String(disclosureSeq) });
  });

  it('shows the log beside the event to DOJ auditors and to the coordinator of the recorder agency only', async () => {
    const ENTITY = `{ _entities(representations: [{ __typename: "AuditEvent", seq: "${disclosureSeq}" }]) { ... on AuditEvent { disseminations { recipientOri } } } }`;
    const seen = async (caller: Partial<GatewayContextClaims>) =>
      ((await as(caller, ENTITY)).data as { _entities: { disseminations: unknown[] }[] })._entities[0].disseminations.length;
    expect(await seen(AUDITOR)).toBe(1);
    expect(await seen(COORDINATOR(INVESTIGATOR.ori))).toBe(1);
    expect(await seen(COORDINATOR('CA0190200'))).toBe(0);
    expect(await seen(INVESTIGATOR)).toBe(0);
  });
});
