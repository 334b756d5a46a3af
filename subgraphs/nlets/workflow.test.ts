import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../common/clock.ts';
import { startSubgraph, type RunningSubgraph } from '../common/subgraph.ts';
import { postAsGateway, type GraphQLResponse } from '../common/testing.ts';
import { definition } from './index.ts';

const CEDAR = 'CA0190000'; // Cedar Valley PD: inquiring agency
const SILVER = 'NV0020000'; // Silver Basin Sheriff: entering agency
const MESA = 'AZ0070000'; // Mesa Verde PD: a third agency

let dataDir: string;
let running: RunningSubgraph;
let clock = new Date('2026-11-29T12:00:00.000Z');
let restoreClock: () => void;
let keySeq = 0;
const newKey = () => `k-${++keySeq}`;
const at = (iso: string) => {
  clock = new Date(iso);
};

/** POSTs as a user of an agency, signed as the gateway would. */
async function as(ori: string, query: string, variables: Record<string, unknown> = {}, sub = `user-${ori}`): Promise<GraphQLResponse> {
  const response = await postAsGateway(running, { query, variables }, { sub, ori, roles: ['DISPATCHER'] });
  return (await response.json()) as GraphQLResponse;
}

const count = (table: string) => {
  const db = new Database(path.join(dataDir, 'nlets.sqlite'), { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nlets-wf-'));
  const db = new Database(path.join(dataDir, 'nlets.sqlite'));
  db.exec(readFileSync(new URL('./store.sql', import.meta.url), 'utf8'));
  const agency = db.prepare('INSERT INTO agencies VALUES (?, ?, ?, ?)');
  agency.run(CEDAR, 'Cedar Valley Police Department', 'CA', 'POLICE');
  agency.run(SILVER, 'Silver Basin County Sheriff', 'NV', 'SHERIFF');
  agency.run(MESA, 'Mesa Verde Police Department', 'AZ', 'POLICE');
  db.close();
  restoreClock = setClock(() => clock);
  running = await startSubgraph(definition, { dataDir, port: 0 });
});

afterAll(async () => {
  restoreClock?.();
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const MESSAGE = 'id kind fromOri from { name } to subject text sentAt sentBy readAt';
const SEND = `mutation($input: AdministrativeMessageInput!, $key: String!) {
  sendAdministrativeMessage(input: $input, idempotencyKey: $key) { ${MESSAGE} } }`;
const READ = `mutation($id: ID!, $key: String!) { markMessageRead(id: $id, idempotencyKey: $key) { id readAt } }`;

describe('administrative messages (AM)', () => {
  let messageId: string;

  it("sends from the caller's ORI to other agencies, shown in their inbox and the sender's outbox", async () => {
    at('2026-11-29T12:00:00.000Z');
    const sent = await as(
      CEDAR,
      SEND,
      {
        input: { to: [SILVER, 'az0070000'], subject: 'Extradition', text: 'Subject in custody, advise on extradition.' },
        key: newKey(),
      },
      'dispatcher-7',
    );
    expect(sent.errors).toBeUndefined();
    const message = sent.data?.sendAdministrativeMessage as Record<string, unknown>;
    messageId = message.id as string;
    expect(message).toMatchObject({
      kind: 'AM',
      fromOri: CEDAR,
      from: { name: 'Cedar Valley Police Department' },
      to: [SILVER, MESA],
      subject: 'Extradition',
      sentAt: '2026-11-29T12:00:00.000Z',
      sentBy: 'dispatcher-7',
      readAt: null,
    });

    const inbox = await as(SILVER, '{ inbox { id kind fromOri subject readAt } }');
    expect(inbox.data?.inbox).toEqual([{ id: messageId, kind: 'AM', fromOri: CEDAR, subject: 'Extradition', readAt: null }]);
    const outbox = await as(CEDAR, '{ outbox { id to } inbox { id } }');
    expect(outbox.data).toEqual({ outbox: [{ id: messageId, to: [SILVER, MESA] }], inbox: [] });
  });

  it('keeps read state per receiving agency and only a receiving agency may mark it read', async () => {
    at('2026-11-29T12:05:00.000Z');
    const read = await as(SILVER, READ, { id: messageId, key: newKey() });
    expect(read.data?.markMessageRead).toEqual({ id: messageId, readAt: '2026-11-29T12:05:00.000Z' });
    expect((await as(SILVER, '{ inbox(unreadOnly: true) { id } }')).data?.inbox).toEqual([]);
    expect((await as(MESA, '{ inbox(unreadOnly: true) { id readAt } }')).data?.inbox).toEqual([{ id: messageId, readAt: null }]);

    const bySender = await as(CEDAR, READ, { id: messageId, key: newKey() });
    expect(bySender.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(bySender.data?.markMessageRead).toBeNull();
  });

  it('shows a third agency nothing', async () => {
    const outsider = 'OR0010000';
    const result = await as(outsider, `query($id: ID!) { message(id: $id) { id text } inbox { id } outbox { id } }`, { id: messageId });
    expect(result).toEqual({ data: { message: null, inbox: [], outbox: [] } });
    const read = await as(outsider, READ, { id: messageId, key: newKey() });
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(read.errors?.[0].message).not.toContain('extradition');
    expect((await as(SILVER, `query($id: ID!) { message(id: $id) { text } }`, { id: messageId })).data?.message).toEqual({
      text: 'Subject in custody, advise on extradition.',
    });
  });

  it('refuses an unknown ORI naming the field and the ORI, and writes nothing', async () => {
    const before = [count('admin_messages'), count('admin_message_recipients'), count('idempotency_keys')];
    const result = await as(CEDAR, SEND, { input: { to: [SILVER, 'TX1234567'], subject: 'S', text: 'T' }, key: newKey() });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.to[1]' });
    expect(result.errors?.[0].message).toMatch(/input\.to\[1\].*TX1234567/);
    expect([count('admin_messages'), count('admin_message_recipients'), count('idempotency_keys')]).toEqual(before);
  });

  it.each([
    ['no destination', { to: [], subject: 'S', text: 'T' }, 'input.to'],
    ['11 destinations', { to: Array(11).fill(SILVER), subject: 'S', text: 'T' }, 'input.to'],
    ['malformed ORI', { to: ['NV-2'], subject: 'S', text: 'T' }, 'input.to[0]'],
    ['empty text', { to: [SILVER], subject: 'S', text: '  ' }, 'input.text'],
    ['text over 4000', { to: [SILVER], subject: 'S', text: 'x'.repeat(4001) }, 'input.text'],
  ])('refuses %s with BAD_USER_INPUT naming %s', async (_name, input, argument) => {
    const result = await as(CEDAR, SEND, { input, key: newKey() });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(result.errors?.[0].message).toContain(argument);
  });

  it('refuses a malformed idempotency key', async () => {
    const result = await as(CEDAR, SEND, { input: { to: [SILVER], subject: 'S', text: 'T' }, key: 'has space' });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'idempotencyKey' });
  });

  it('returns the first result for a retry with the same key and writes nothing more', async () => {
    const key = newKey();
    const input = { to: [MESA], subject: 'BOLO', text: 'Blue sedan, partial plate 7W.' };
    const first = await as(CEDAR, SEND, { input, key });
    const before = count('admin_messages');
    const retry = await as(CEDAR, SEND, { input, key });
    expect(retry.data?.sendAdministrativeMessage).toEqual(first.data?.sendAdministrativeMessage);
    expect(count('admin_messages')).toBe(before);
    // Another user with the same key is another request.
    const other = await as(CEDAR, SEND, { input, key }, 'dispatcher-9');
    expect((other.data?.sendAdministrativeMessage as { id: string }).id).not.toBe(
      (first.data?.sendAdministrativeMessage as { id: string }).id,
    );
  });
});

const HIT = `id nic recordType requestingOri enteringOri priority requestedAt dueAt attempt status respondedAt confirmBy
  overdue escalate messages { kind fromOri to subject }`;
const REQUEST = `mutation($input: HitConfirmationRequestInput!, $key: String!) {
  requestHitConfirmation(input: $input, idempotencyKey: $key) { ${HIT} } }`;
const RESPOND = `mutation($input: HitConfirmationResponseInput!, $key: String!) {
  respondHitConfirmation(input: $input, idempotencyKey: $key) { ${HIT} } }`;
const RESEND = `mutation($id: ID!, $key: String!) { resendHitConfirmation(id: $id, idempotencyKey: $key) { ${HIT} } }`;
const RECORD = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on WantedPersonRecord { nic hitConfirmations { id status attempt } }
  ... on ProtectionOrder { nic hitConfirmations { id status } } } }`;

type Hit = Record<string, unknown> & { id: string };
const request = async (priority: string, nic: string, recordType = 'WANTED') => {
  const result = await as(CEDAR, REQUEST, { input: { nic, recordType, enteringOri: SILVER, priority }, key: newKey() });
  expect(result.errors).toBeUndefined();
  return result.data?.requestHitConfirmation as Hit;
};

describe('hit confirmation (YQ/YR)', () => {
  it('is due in 10 minutes when URGENT and 1 hour when ROUTINE, and sends a YQ to the entering agency', async () => {
    at('2026-11-29T13:00:00.000Z');
    const urgent = await request('URGENT', 'W000000001');
    expect(urgent).toMatchObject({
      nic: 'W000000001',
      requestingOri: CEDAR,
      enteringOri: SILVER,
      requestedAt: '2026-11-29T13:00:00.000Z',
      dueAt: '2026-11-29T13:10:00.000Z',
      attempt: 1,
      status: 'PENDING',
      overdue: false,
      escalate: false,
      messages: [{ kind: 'YQ', fromOri: CEDAR, to: [SILVER], subject: 'YQ WP NIC/W000000001 PRI/U RNO/1' }],
    });
    const routine = await request('ROUTINE', 'H000000002', 'PROTECTION_ORDER');
    expect(routine).toMatchObject({ dueAt: '2026-11-29T14:00:00.000Z', messages: [{ subject: 'YQ PO NIC/H000000002 PRI/R RNO/1' }] });
    const inbox = await as(SILVER, '{ inbox(unreadOnly: true) { kind subject } hitConfirmations(role: RECEIVED) { nic } }');
    expect(inbox.data?.inbox).toEqual(expect.arrayContaining([{ kind: 'YQ', subject: 'YQ WP NIC/W000000001 PRI/U RNO/1' }]));
    expect(inbox.data?.hitConfirmations).toEqual([{ nic: 'H000000002' }, { nic: 'W000000001' }]);
  });

  it('answer CONFIRMED sends a YR to the requester and shows on the record entity for both agencies only', async () => {
    at('2026-11-29T14:00:00.000Z');
    const hit = await request('URGENT', 'W000000003');
    at('2026-11-29T14:04:00.000Z');
    const wrong = await as(CEDAR, RESPOND, { input: { id: hit.id, response: 'CONFIRMED' }, key: newKey() });
    expect(wrong.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const answered = await as(SILVER, RESPOND, { input: { id: hit.id, response: 'CONFIRMED', remarks: 'Warrant active' }, key: newKey() });
    expect(answered.errors).toBeUndefined();
    expect(answered.data?.respondHitConfirmation).toMatchObject({
      status: 'CONFIRMED',
      respondedAt: '2026-11-29T14:04:00.000Z',
      overdue: false,
      messages: [{ kind: 'YQ' }, { kind: 'YR', fromOri: SILVER, to: [CEDAR], subject: 'YR WP NIC/W000000003 CONFIRMED' }],
    });
    const inbox = await as(CEDAR, '{ inbox(unreadOnly: true) { kind subject } }');
    expect(inbox.data?.inbox).toContainEqual({ kind: 'YR', subject: 'YR WP NIC/W000000003 CONFIRMED' });

    const refs = {
      r: [
        { __typename: 'WantedPersonRecord', nic: 'W000000003' },
        { __typename: 'ProtectionOrder', nic: 'H000000009' },
      ],
    };
    const expected = [
      { nic: 'W000000003', hitConfirmations: [{ id: hit.id, status: 'CONFIRMED', attempt: 1 }] },
      { nic: 'H000000009', hitConfirmations: [] },
    ];
    expect((await as(CEDAR, RECORD, refs)).data?._entities).toEqual(expected);
    expect((await as(SILVER, RECORD, refs)).data?._entities).toEqual(expected);
    expect((await as(MESA, RECORD, refs)).data?._entities).toEqual([{ nic: 'W000000003', hitConfirmations: [] }, expected[1]]);
    expect((await as(MESA, 'query($id: ID!) { hitConfirmation(id: $id) { id } }', { id: hit.id })).data).toEqual({ hitConfirmation: null });

    const again = await as(SILVER, RESPOND, { input: { id: hit.id, response: 'DENIED' }, key: newKey() });
    expect(again.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('NEED_MORE_TIME requires a future confirmBy and becomes overdue once it passes', async () => {
    at('2026-11-29T15:00:00.000Z');
    const hit = await request('ROUTINE', 'W000000004');
    const missing = await as(SILVER, RESPOND, { input: { id: hit.id, response: 'NEED_MORE_TIME' }, key: newKey() });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.confirmBy' });
    const past = await as(SILVER, RESPOND, {
      input: { id: hit.id, response: 'NEED_MORE_TIME', confirmBy: '2026-11-29T14:00:00Z' },
      key: newKey(),
    });
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.confirmBy' });
    const later = await as(SILVER, RESPOND, {
      input: { id: hit.id, response: 'NEED_MORE_TIME', confirmBy: '2026-11-29T15:30:00-00:00' },
      key: newKey(),
    });
    expect(later.data?.respondHitConfirmation).toMatchObject({
      status: 'NEED_MORE_TIME',
      confirmBy: '2026-11-29T15:30:00.000Z',
      overdue: false,
    });
    at('2026-11-29T15:31:00.000Z');
    const view = await as(CEDAR, 'query($id: ID!) { hitConfirmation(id: $id) { overdue escalate } }', { id: hit.id });
    expect(view.data?.hitConfirmation).toEqual({ overdue: true, escalate: false });
  });

  it('resends only when overdue and only by the requester: attempt 2, then 3, then escalate', async () => {
    at('2026-11-29T16:00:00.000Z');
    const hit = await request('URGENT', 'W000000005');
    const early = await as(CEDAR, RESEND, { id: hit.id, key: newKey() });
    expect(early.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(early.errors?.[0].message).toMatch(/not overdue/);

    at('2026-11-29T16:10:01.000Z');
    expect((await as(CEDAR, 'query($id: ID!) { hitConfirmation(id: $id) { overdue } }', { id: hit.id })).data).toEqual({
      hitConfirmation: { overdue: true },
    });
    const byEntering = await as(SILVER, RESEND, { id: hit.id, key: newKey() });
    expect(byEntering.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const key2 = newKey();
    const second = await as(CEDAR, RESEND, { id: hit.id, key: key2 });
    expect(second.data?.resendHitConfirmation).toMatchObject({
      attempt: 2,
      dueAt: '2026-11-29T16:20:01.000Z',
      overdue: false,
      status: 'PENDING',
      messages: [{ subject: 'YQ WP NIC/W000000005 PRI/U RNO/1' }, { subject: 'YQ WP NIC/W000000005 PRI/U RNO/2' }],
    });
    const messagesBefore = count('admin_messages');
    expect((await as(CEDAR, RESEND, { id: hit.id, key: key2 })).data?.resendHitConfirmation).toMatchObject({ attempt: 2 });
    expect(count('admin_messages')).toBe(messagesBefore);

    at('2026-11-29T16:21:00.000Z');
    const third = await as(CEDAR, RESEND, { id: hit.id, key: newKey() });
    expect(third.data?.resendHitConfirmation).toMatchObject({ attempt: 3, dueAt: '2026-11-29T16:31:00.000Z', escalate: false });

    at('2026-11-29T16:31:30.000Z');
    const view = await as(SILVER, 'query($id: ID!) { hitConfirmation(id: $id) { attempt overdue escalate } }', { id: hit.id });
    expect(view.data?.hitConfirmation).toEqual({ attempt: 3, overdue: true, escalate: true });
    const fourth = await as(CEDAR, RESEND, { id: hit.id, key: newKey() });
    expect(fourth.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(fourth.errors?.[0].message).toMatch(/escalate/);
  });

  it.each([
    ['malformed NIC', { nic: 'W12', recordType: 'WANTED', enteringOri: SILVER, priority: 'URGENT' }, 'input.nic'],
    [
      'unknown entering ORI',
      { nic: 'W000000006', recordType: 'WANTED', enteringOri: 'TX1234567', priority: 'URGENT' },
      'input.enteringOri',
    ],
    ['own agency', { nic: 'W000000006', recordType: 'WANTED', enteringOri: CEDAR, priority: 'URGENT' }, 'input.enteringOri'],
  ])('refuses %s with BAD_USER_INPUT naming %s and writes nothing', async (_name, input, argument) => {
    const before = count('hit_confirmations');
    const result = await as(CEDAR, REQUEST, { input, key: newKey() });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(count('hit_confirmations')).toBe(before);
  });

  it('costs the same number of SQL statements for 20 records as for 1', async () => {
    const statements = async (n: number) => {
      const r = Array.from({ length: n }, (_, i) => ({ __typename: 'WantedPersonRecord', nic: `W1000000${String(i).padStart(2, '0')}` }));
      const before = running.store.statementCount;
      const result = await as(
        CEDAR,
        `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on WantedPersonRecord { hitConfirmations { nic messages { kind } } } } }`,
        { r },
      );
      expect(result.errors).toBeUndefined();
      return running.store.statementCount - before;
    };
    for (let i = 0; i < 20; i++) await request('ROUTINE', `W1000000${String(i).padStart(2, '0')}`);
    const one = await statements(1);
    expect(one).toBe(2); // hit confirmations, their messages
    expect(await statements(20)).toBe(one);
  });

  it('keeps serving after refusals', async () => {
    expect((await as(CEDAR, '{ hitConfirmations(role: SENT, first: 1) { nic } }')).data).toEqual({
      hitConfirmations: [{ nic: 'W100000019' }],
    });
  });
});

describe('paging: inboxConnection, outboxConnection, hitConfirmationsConnection', () => {
  interface Page {
    edges: { cursor: string; node: { id: string } }[];
    nodes: { id: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }

  /** Every page of `field` (a connection taking `first`/`after`), as `ori` sees it. */
  async function walk(ori: string, field: string, args: string, size: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const result = await as(
        ori,
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
      expect(page.edges).toHaveLength(size);
      after = page.pageInfo.endCursor;
    }
    throw new Error(`${field} did not end`);
  }

  const listed = async (ori: string, query: string): Promise<string[]> =>
    ((await as(ori, query)).data?.list as { id: string }[]).map((item) => item.id);

  it('walks every message and hit confirmation exactly once, newest first, as the old lists order them', async () => {
    // Several messages in the same millisecond: the cursor must break the tie like the list does.
    at('2026-12-01T09:00:00.000Z');
    for (let i = 0; i < 5; i++) {
      const sent = await as(MESA, SEND, { input: { to: [SILVER], subject: `Same time ${i}`, text: 'x' }, key: newKey() });
      expect(sent.errors).toBeUndefined();
    }
    const inbox = await listed(SILVER, '{ list: inbox(first: 200) { id } }');
    const unread = await listed(SILVER, '{ list: inbox(unreadOnly: true, first: 200) { id } }');
    const outbox = await listed(CEDAR, '{ list: outbox(first: 200) { id } }');
    const sentHits = await listed(CEDAR, '{ list: hitConfirmations(role: SENT, first: 200) { id } }');
    const receivedHits = await listed(SILVER, '{ list: hitConfirmations(role: RECEIVED, first: 200) { id } }');
    expect(inbox.length).toBeGreaterThan(20);
    expect(sentHits.length).toBeGreaterThan(20);
    for (const size of [1, 3, 20]) {
      expect(await walk(SILVER, 'inboxConnection', '', size), `inbox by ${size}`).toEqual(inbox);
      expect(await walk(SILVER, 'inboxConnection', 'unreadOnly: true,', size), `unread by ${size}`).toEqual(unread);
      expect(await walk(CEDAR, 'outboxConnection', '', size), `outbox by ${size}`).toEqual(outbox);
      expect(await walk(CEDAR, 'hitConfirmationsConnection', 'role: SENT,', size), `sent by ${size}`).toEqual(sentHits);
      expect(await walk(SILVER, 'hitConfirmationsConnection', 'role: RECEIVED,', size), `received by ${size}`).toEqual(receivedHits);
    }
  });

  it('shows a third agency empty pages and defaults to 20 per page', async () => {
    const outsider = await as('OR0010000', '{ inboxConnection { edges { cursor } pageInfo { hasNextPage endCursor } } }');
    expect(outsider.data).toEqual({ inboxConnection: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } });
    const first = await as(CEDAR, '{ hitConfirmationsConnection(role: SENT) { edges { cursor } pageInfo { hasNextPage } } }');
    expect(first.data?.hitConfirmationsConnection).toMatchObject({ pageInfo: { hasNextPage: true } });
    expect((first.data?.hitConfirmationsConnection as Page).edges).toHaveLength(20);
  });

  it('refuses a page size out of bounds and a cursor of another list, naming the argument', async () => {
    const outboxPage = await as(CEDAR, '{ outboxConnection(first: 1) { pageInfo { endCursor } } }');
    const outboxCursor = (outboxPage.data?.outboxConnection as Page).pageInfo.endCursor;
    const cases: [string, string][] = [
      ['{ inboxConnection(first: 0) { edges { cursor } } }', 'first'],
      ['{ outboxConnection(first: 101) { edges { cursor } } }', 'first'],
      ['{ inboxConnection(after: "garbage!") { edges { cursor } } }', 'after'],
      [`{ inboxConnection(after: "${outboxCursor}") { edges { cursor } } }`, 'after'],
      [`{ hitConfirmationsConnection(role: SENT, after: "${outboxCursor}") { edges { cursor } } }`, 'after'],
    ];
    for (const [query, argument] of cases) {
      const { errors } = await as(CEDAR, query);
      expect(errors?.[0].extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});
