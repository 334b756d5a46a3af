import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedAuditStore } from '../../audit/store-common.ts';
import { openSqliteAuditStore } from '../../audit/store-sqlite.ts';
import { auditEvent } from '../../audit/store-test-support.ts';
import { setClock } from '../common/clock.ts';
import type { RunningSubgraph } from '../common/subgraph.ts';
import { postAsGateway, type GraphQLResponse } from '../common/testing.ts';
import { startCoriSubgraph } from './index.ts';

const RIVERA = 'P9000001'; // subject of A12345678
const CHEN = 'P9000002'; // subject of B00000002
const DOJ = 'CA0349400'; // the records clerk's agency
const CEDAR = 'CA0190000'; // received the record 9 months ago
const SILVER = 'NV0020000'; // received it 18 months ago
const MESA = 'AZ0070000'; // received it 3 years ago: not notified
const PORT = 'OR0030000'; // was refused it (DENIED): not notified

const SUBJECT_CALLER = (sub: string) => ({ sub, ori: 'CA0000SUB', roles: ['SUBJECT'] });
const CLERK = { sub: 'clerk-1', ori: DOJ, roles: ['RECORDS_CLERK'] };
const PATROL = { sub: 'officer-1', ori: CEDAR, roles: ['PATROL_OFFICER'] };

let dataDir: string;
let audit: ManagedAuditStore;
let running: RunningSubgraph;
let clock = new Date('2026-11-29T12:00:00.000Z');
let restoreClock: () => void;
let keySeq = 0;
const newKey = () => `k-${++keySeq}`;

async function as(
  caller: { sub: string; ori: string; roles: string[] },
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse> {
  const response = await postAsGateway(running, { query, variables }, caller);
  return (await response.json()) as GraphQLResponse;
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
  dataDir = mkdtempSync(path.join(tmpdir(), 'cori-wf-'));
  const db = new Database(path.join(dataDir, 'cori.sqlite'));
  db.exec(readFileSync(new URL('./store.sql', import.meta.url), 'utf8'));
  const subject = db.prepare('INSERT INTO subjects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const arrest = db.prepare('INSERT INTO arrests VALUES (?, ?, ?, ?, ?)');
  const charge = db.prepare('INSERT INTO charges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  subject.run('A12345678', RIVERA, 'RIVERA', 'DANIEL', null, '1986-03-14', 'M', 'W', '900-12-3456', null, null);
  subject.run('B00000002', CHEN, 'CHEN', 'MAY', null, '1990-07-01', 'F', 'A', '900-98-7654', null, null);
  arrest.run('AR1', 'A12345678', '2019-05-01', CEDAR, 'BK19-0001');
  arrest.run('AR2', 'B00000002', '2021-02-02', CEDAR, 'BK21-0002');
  charge.run('C1', 'AR1', 1, 'PC 484', 'PETTY THEFT', 'M', 'Sierra Vista Superior Court', 'SV19CR1', 'CONVICTED', '2019-09-01', 0);
  charge.run(
    'C2',
    'AR1',
    2,
    'PC 148(a)(1)',
    'RESISTING AN OFFICER',
    'M',
    'Sierra Vista Superior Court',
    'SV19CR1',
    'CONVICTED',
    '2019-09-01',
    0,
  );
  charge.run('D1', 'AR2', 1, 'HS 11350', 'POSSESSION OF NARCOTICS', 'F', null, null, 'PENDING', null, 0);
  db.close();

  audit = await openSqliteAuditStore(path.join(dataDir, 'audit.sqlite'));
  const saw = (ori: string, time: string, overrides: Parameters<typeof auditEvent>[1] = {}) =>
    audit.append(auditEvent(0, { ori, time, subjects: [RIVERA], records: ['CriminalHistory:A12345678'], ...overrides }));
  await saw(MESA, '2023-11-01T10:00:00.000Z');
  await saw(SILVER, '2025-05-20T10:00:00.000Z');
  await saw(SILVER, '2025-06-01T10:00:00.000Z');
  await saw(CEDAR, '2026-02-27T10:00:00.000Z');
  await saw(PORT, '2026-03-01T10:00:00.000Z', { outcome: 'DENIED' });
  await saw(DOJ, '2026-04-01T10:00:00.000Z');
  await saw('WA0040000', '2026-05-01T10:00:00.000Z', { records: ['Vehicle:1HGCM82633A004352'] });

  restoreClock = setClock(() => clock);
  running = await startCoriSubgraph({ dataDir, port: 0, auditStore: audit });
});

afterAll(async () => {
  restoreClock?.();
  await running?.stop();
  await audit?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const CHALLENGE = `id cii chargeId charge { id disposition dispositionDate sealed } claimedError materiality evidence status
  filedAt filedBy resolvedAt resolvedBy decisionReason hearingRight notifications { toOri cii text sentAt }`;
const FILE = `mutation($input: RecordChallengeInput!, $key: String!) { fileRecordChallenge(input: $input, idempotencyKey: $key) { ${CHALLENGE} } }`;
const RESOLVE = `mutation($input: ResolveRecordChallengeInput!, $key: String!) { resolveRecordChallenge(input: $input, idempotencyKey: $key) { ${CHALLENGE} } }`;
const LIST = `query($status: RecordChallengeStatus) { recordChallenges(status: $status) { id status chargeId hearingRight } }`;
const NOTICES = '{ recordCorrectionNotices { toOri cii text challengeId } }';
const claim = (chargeId: string) => ({
  chargeId,
  claimedError: 'Case was dismissed in 2020.',
  materiality: 'Job offer withdrawn.',
  evidence: 'Minute order SV19CR1',
});

describe('record review (PC 11120–11127)', () => {
  let c1: string;

  it('lets a subject challenge a charge of their own record', async () => {
    const filed = await as(SUBJECT_CALLER(RIVERA), FILE, { input: claim('C1'), key: 'file-c1' });
    expect(filed.errors).toBeUndefined();
    const challenge = filed.data?.fileRecordChallenge as Record<string, unknown>;
    c1 = challenge.id as string;
    expect(challenge).toMatchObject({
      cii: 'A12345678',
      chargeId: 'C1',
      charge: { id: 'C1', disposition: 'CONVICTED', sealed: false },
      status: 'OPEN',
      filedAt: '2026-11-29T12:00:00.000Z',
      filedBy: RIVERA,
      resolvedAt: null,
      hearingRight: false,
      notifications: [],
    });
  });

  it('returns the first result for a retry with the same key and writes nothing', async () => {
    const retry = await as(SUBJECT_CALLER(RIVERA), FILE, { input: claim('C1'), key: 'file-c1' });
    expect((retry.data?.fileRecordChallenge as { id: string }).id).toBe(c1);
    expect(count('record_challenges')).toBe(1);
  });

  it('refuses a second open challenge of the same charge', async () => {
    const second = await as(SUBJECT_CALLER(RIVERA), FILE, { input: claim('C1'), key: newKey() });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.chargeId' });
    expect(count('record_challenges')).toBe(1);
  });

  it('refuses another subject and non-subjects, writing nothing', async () => {
    for (const caller of [SUBJECT_CALLER(CHEN), CLERK, PATROL]) {
      const refused = await as(caller, FILE, { input: claim('C2'), key: newKey() });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(refused.data?.fileRecordChallenge).toBeNull();
    }
    expect(count('record_challenges')).toBe(1);
    expect(count('idempotency_keys')).toBe(1);
  });

  it('names the invalid argument', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...claim('C2'), claimedError: '  ' }, newKey(), 'input.claimedError'],
      [{ ...claim('C2'), materiality: 'x'.repeat(2001) }, newKey(), 'input.materiality'],
      [{ ...claim('C2'), chargeId: 'C 2;' }, newKey(), 'input.chargeId'],
      [claim('C2'), 'bad key!', 'idempotencyKey'],
    ];
    for (const [input, key, argument] of cases) {
      const bad = await as(SUBJECT_CALLER(RIVERA), FILE, { input, key });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    expect(count('record_challenges')).toBe(1);
  });

  it('lets only a records clerk resolve', async () => {
    for (const caller of [PATROL, SUBJECT_CALLER(RIVERA), { ...CLERK, roles: ['COURT_CLERK'] }]) {
      const refused = await as(caller, RESOLVE, { input: { id: c1, decision: 'DENIED', reason: 'No.' }, key: newKey() });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const list = await as(CLERK, LIST, { status: 'OPEN' });
    expect(list.data?.recordChallenges).toEqual([{ id: c1, status: 'OPEN', chargeId: 'C1', hearingRight: false }]);
  });

  it('checks the correction', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: c1, decision: 'CORRECTED', reason: 'Court record.' }, 'input.correction'],
      [{ id: c1, decision: 'CORRECTED', correction: {}, reason: 'Court record.' }, 'input.correction'],
      [{ id: c1, decision: 'CORRECTED', correction: { disposition: 'FORGIVEN' }, reason: 'x' }, 'input.correction.disposition'],
      [{ id: c1, decision: 'CORRECTED', correction: { dispositionDate: '2026-12-01' }, reason: 'x' }, 'input.correction.dispositionDate'],
      [{ id: c1, decision: 'CORRECTED', correction: { dispositionDate: '2020-02-30' }, reason: 'x' }, 'input.correction.dispositionDate'],
      [{ id: c1, decision: 'DENIED', reason: ' ' }, 'input.reason'],
      [{ id: 'RC-nope', decision: 'DENIED', reason: 'x' }, 'input.id'],
    ];
    for (const [input, argument] of cases) {
      const bad = await as(CLERK, RESOLVE, { input, key: newKey() });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    expect(count('record_correction_notices')).toBe(0);
  });

  it('corrects the charge and notifies exactly the agencies that received the record in the past two years', async () => {
    const input = {
      id: c1,
      decision: 'CORRECTED',
      correction: { disposition: 'DISMISSED', dispositionDate: '2020-03-02', sealed: true },
      reason: 'Minute order confirms dismissal.',
    };
    const corrected = await as(CLERK, RESOLVE, { input, key: 'fix-c1' });
    expect(corrected.errors).toBeUndefined();
    const challenge = corrected.data?.resolveRecordChallenge as { notifications: { toOri: string; text: string }[] };
    expect(challenge).toMatchObject({
      status: 'CORRECTED',
      resolvedBy: 'clerk-1',
      resolvedAt: '2026-11-29T12:00:00.000Z',
      hearingRight: false,
      decisionReason: 'Minute order confirms dismissal.',
      charge: { id: 'C1', disposition: 'DISMISSED', dispositionDate: '2020-03-02', sealed: true },
    });
    expect(challenge.notifications.map((n) => n.toOri)).toEqual([CEDAR, SILVER]);
    const text = challenge.notifications[0].text;
    expect(text).toContain('A12345678');
    expect(text).toContain('PC 484');
    expect(text).toContain('CONVICTED -> DISMISSED');
    expect(text).not.toContain('900-12-3456');

    const retry = await as(CLERK, RESOLVE, { input, key: 'fix-c1' });
    expect((retry.data?.resolveRecordChallenge as { status: string }).status).toBe('CORRECTED');
    expect(count('record_correction_notices')).toBe(2);

    const again = await as(CLERK, RESOLVE, { input: { id: c1, decision: 'DENIED', reason: 'x' }, key: newKey() });
    expect(again.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('shows each agency only the notices addressed to it', async () => {
    const cedar = await as(PATROL, NOTICES);
    expect(cedar.data?.recordCorrectionNotices).toEqual([expect.objectContaining({ toOri: CEDAR, cii: 'A12345678', challengeId: c1 })]);
    const silver = await as({ sub: 's-1', ori: SILVER, roles: ['DISPATCHER'] }, NOTICES);
    expect(silver.data?.recordCorrectionNotices).toEqual([expect.objectContaining({ toOri: SILVER })]);
    for (const ori of [MESA, PORT, DOJ]) {
      const none = await as({ sub: 'u', ori, roles: ['DISPATCHER'] }, NOTICES);
      expect(none.data?.recordCorrectionNotices).toEqual([]);
    }
  });

  it('denies with a reason, giving the subject a hearing right, and shows subjects only their own challenges', async () => {
    clock = new Date('2026-11-30T09:00:00.000Z');
    const filed = await as(SUBJECT_CALLER(RIVERA), FILE, { input: claim('C2'), key: newKey() });
    const c2 = (filed.data?.fileRecordChallenge as { id: string }).id;
    const denied = await as(CLERK, RESOLVE, {
      input: { id: c2, decision: 'DENIED', reason: 'Court record confirms the conviction.' },
      key: newKey(),
    });
    expect(denied.data?.resolveRecordChallenge).toMatchObject({
      status: 'DENIED',
      hearingRight: true,
      decisionReason: 'Court record confirms the conviction.',
      charge: { id: 'C2', disposition: 'CONVICTED' },
      notifications: [],
    });

    const own = await as(SUBJECT_CALLER(RIVERA), LIST);
    expect(own.data?.recordChallenges).toEqual([
      { id: c2, status: 'DENIED', chargeId: 'C2', hearingRight: true },
      { id: c1, status: 'CORRECTED', chargeId: 'C1', hearingRight: false },
    ]);
    const one = await as(SUBJECT_CALLER(RIVERA), `{ recordChallenge(id: "${c1}") { status } }`);
    expect(one.data?.recordChallenge).toEqual({ status: 'CORRECTED' });
    expect((await as(SUBJECT_CALLER(CHEN), LIST)).data?.recordChallenges).toEqual([]);
    expect((await as(SUBJECT_CALLER(CHEN), `{ recordChallenge(id: "${c1}") { status } }`)).data?.recordChallenge).toBeNull();
    expect((await as(PATROL, LIST)).data?.recordChallenges).toEqual([]);
    expect((await as({ ...CLERK, roles: ['COURT_CLERK'] }, LIST, { status: 'DENIED' })).data?.recordChallenges).toHaveLength(1);
  });
});

describe('paging: recordChallengesConnection, recordCorrectionNoticesConnection', () => {
  interface Page {
    edges: { cursor: string; node: { id: string } }[];
    nodes: { id: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }
  type Caller = Parameters<typeof as>[0];

  beforeAll(() => {
    // Past challenges and notices, several filed in the same millisecond (the cursor must break ties as the list does).
    const db = new Database(path.join(dataDir, 'cori.sqlite'));
    const challenge = db.prepare(`INSERT INTO record_challenges (id, cii, person_id, charge_id, claimed_error, materiality, status,
      filed_at, filed_by, resolved_at, resolved_by, resolver_ori, decision_reason, hearing_right)
      VALUES (?, ?, ?, ?, 'Old claim.', 'None.', 'DENIED', ?, ?, ?, 'clerk-1', ?, 'Confirmed.', 1)`);
    const notice = db.prepare(
      'INSERT INTO record_correction_notices (id, challenge_id, to_ori, cii, text, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < 12; i++) {
      const [cii, person, charge] = i % 3 === 0 ? ['B00000002', CHEN, 'D1'] : ['A12345678', RIVERA, 'C2'];
      const filedAt = `2025-0${1 + Math.floor(i / 4)}-15T10:00:00.000Z`;
      challenge.run(`RC-old-${String(i).padStart(2, '0')}`, cii, person, charge, filedAt, person, filedAt, DOJ);
      notice.run(`CN-old-${String(i).padStart(2, '0')}`, `RC-old-${String(i).padStart(2, '0')}`, CEDAR, cii, 'Corrected.', filedAt);
    }
    db.close();
  });

  async function walk(caller: Caller, field: string, args: string, size: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const result = await as(
        caller,
        `query($size: Int, $after: String) { page: ${field}(${args} first: $size, after: $after) {
        edges { cursor node { id } } nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { size, after },
      );
      expect(result.errors).toBeUndefined();
      const page = result.data?.page as Page;
      expect(page.nodes).toEqual(page.edges.map((e) => e.node));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) return ids;
      after = page.pageInfo.endCursor;
    }
    throw new Error(`${field} did not end`);
  }

  const listed = async (caller: Caller, query: string): Promise<string[]> =>
    ((await as(caller, query)).data?.list as { id: string }[]).map((item) => item.id);

  it('walks every challenge and notice the caller may see exactly once, newest first, as the old lists order them', async () => {
    const cases: [Caller, string, string, string][] = [
      [CLERK, 'recordChallengesConnection', '', '{ list: recordChallenges(first: 200) { id } }'],
      [CLERK, 'recordChallengesConnection', 'status: DENIED,', '{ list: recordChallenges(status: DENIED, first: 200) { id } }'],
      [SUBJECT_CALLER(RIVERA), 'recordChallengesConnection', '', '{ list: recordChallenges(first: 200) { id } }'],
      [SUBJECT_CALLER(CHEN), 'recordChallengesConnection', '', '{ list: recordChallenges(first: 200) { id } }'],
      [PATROL, 'recordCorrectionNoticesConnection', '', '{ list: recordCorrectionNotices(first: 200) { id } }'],
    ];
    for (const [caller, field, args, old] of cases) {
      const all = await listed(caller, old);
      expect(all.length, `${caller.sub} ${field} ${args}`).toBeGreaterThan(3);
      for (const size of [1, 3, 100]) {
        expect(await walk(caller, field, args, size), `${caller.sub} ${field} ${args} by ${size}`).toEqual(all);
      }
    }
    expect(new Set(await listed(SUBJECT_CALLER(CHEN), '{ list: recordChallenges(first: 200) { id } }'))).toEqual(
      new Set(['RC-old-00', 'RC-old-03', 'RC-old-06', 'RC-old-09']),
    );
  });

  it('gives a caller who may see no challenge an empty page', async () => {
    const result = await as(PATROL, '{ recordChallengesConnection { edges { cursor } pageInfo { hasNextPage endCursor } } }');
    expect(result.data).toEqual({ recordChallengesConnection: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } });
  });

  it('refuses a page size out of bounds and a cursor of another list, naming the argument', async () => {
    const noticePage = await as(PATROL, '{ recordCorrectionNoticesConnection(first: 1) { pageInfo { endCursor } } }');
    const noticeCursor = (noticePage.data?.recordCorrectionNoticesConnection as Page).pageInfo.endCursor;
    const cases: [string, string][] = [
      ['{ recordChallengesConnection(first: 0) { edges { cursor } } }', 'first'],
      ['{ recordCorrectionNoticesConnection(first: 101) { edges { cursor } } }', 'first'],
      ['{ recordChallengesConnection(after: "%%") { edges { cursor } } }', 'after'],
      [`{ recordChallengesConnection(after: "${noticeCursor}") { edges { cursor } } }`, 'after'],
    ];
    for (const [query, argument] of cases) {
      const { errors } = await as(CLERK, query);
      expect(errors?.[0].extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});
