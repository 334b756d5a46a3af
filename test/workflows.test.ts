/**
 * Acceptance for CLETS workflows: a court clerk enters a DVRO, an officer in another agency finds it on a
 * plate -> owner query at once, asks the entering court to confirm the hit and gets the answer by message.
 * Refusals: a patrol officer cannot enter an order (the mutation never reaches the source), an agency
 * cannot read another agency's messages, a retried submission does not duplicate.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const court: TestCaller = { ...CALLERS.courtClerk, purpose: 'D' };
const courtC: TestCaller = { ...CALLERS.courtClerk, purpose: 'C' };
const patrol: TestCaller = CALLERS.patrol; // another agency (CA0190100)
const stranger: TestCaller = { sub: 'u-other-1', ori: 'CA0370000', roles: ['DISPATCHER'], purpose: 'C' };
const driver = SHOWCASE.cleanDriver;
let stack: Stack;

const ENTER = /* GraphQL */ `
  mutation Enter($input: ProtectionOrderInput!, $key: String!) {
    enterProtectionOrder(input: $input, idempotencyKey: $key) {
      nic
      fcn
      orderType
      status
      active
      ori
      firearmProhibited
      served
    }
  }
`;

function dvro(today: string) {
  const [y, m, d] = today.split('-').map(Number);
  return {
    orderType: 'DVRO',
    form: 'DV-130',
    restrainedPerson: {
      lastName: 'THOMPSON',
      firstName: 'KEVIN',
      middleName: 'ANDREW',
      sex: 'M',
      race: 'W',
      dob: driver.dob,
      personId: driver.personId,
    },
    protectedPersons: [{ lastName: 'THOMPSON', firstName: 'ALICIA', sex: 'F', race: 'W', dob: '1981-02-11', relation: 'SPOUSE' }],
    conditions: ['01', '04', '05', '07'],
    firearmProhibited: true,
    issueDate: today,
    expiryDate: `${y + 3}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`,
    issuingCourt: 'Superior Court of Sierra Vista County',
    courtCaseNumber: 'FL-24-0099',
    confidential: { protectedAddress: '12 FICTITIOUS LN, SIERRA VISTA CA 95000', protectedPhone: '555-0100' },
  };
}

async function as<T = Record<string, unknown>>(caller: TestCaller, query: string, variables: Record<string, unknown> = {}) {
  const { status, body } = await stack.query<T>(query, variables, await headersFor(caller));
  expect(status).toBe(200);
  return body;
}

let nic: string;

beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), recordSubgraphRequests: true });
});
afterAll(() => stack?.stop());

describe('CLETS orders', () => {
  it('a court clerk enters a DVRO; a retry with the same key does not enter it twice', async () => {
    const input = dvro(new Date().toISOString().slice(0, 10));
    const first = await as<{ enterProtectionOrder: { nic: string } }>(court, ENTER, { input, key: 'dvro-e2e-1' });
    expect(first.errors).toBeUndefined();
    nic = first.data!.enterProtectionOrder.nic;
    expect(first.data!.enterProtectionOrder).toMatchObject({
      orderType: 'DVRO',
      status: 'ACTIVE',
      active: true,
      ori: court.ori,
      firearmProhibited: true,
      served: false,
    });
    const retry = await as<{ enterProtectionOrder: { nic: string } }>(court, ENTER, { input, key: 'dvro-e2e-1' });
    expect(retry.data!.enterProtectionOrder.nic).toBe(nic);
    const orders = stack.subgraphs.ncic.store.all<{ n: number }>(
      'SELECT count(*) AS n FROM protection_orders WHERE court_case_number = ?',
      'FL-24-0099',
    );
    expect(orders[0].n).toBe(1);
    const [event] = await stack.audit.query({ userId: court.sub, limit: 1 });
    expect(event.records).toContain(`ProtectionOrder:${nic}`);
  });

  it('an officer in another agency finds it at once on a plate -> owner query', async () => {
    const body = await as<{ vehicle: { registeredOwner: { protectionOrders: Record<string, unknown>[] } } }>(
      patrol,
      `{ vehicle(plate: "${driver.plates[0]}", state: "CA") { registeredOwner { protectionOrders {
          nic orderType active served expiryDate firearmProhibited conditions { code meaning } } } } }`,
    );
    const order = body.data!.vehicle.registeredOwner.protectionOrders.find((o) => o.nic === nic);
    expect(order).toMatchObject({ orderType: 'DVRO', active: true, served: false, firearmProhibited: true });
    expect((order!.conditions as { code: string }[]).map((c) => c.code)).toEqual(['01', '04', '05', '07']);
  });

  it('a patrol officer cannot enter an order: refused before it reaches the source, nothing written', async () => {
    stack.recorded!.ncic.clear();
    const before = stack.subgraphs.ncic.store.all<{ n: number }>('SELECT count(*) AS n FROM protection_orders')[0].n;
    const body = await as(patrol, ENTER, { input: dvro(new Date().toISOString().slice(0, 10)), key: 'patrol-try' });
    expect(body.data).toEqual({ enterProtectionOrder: null });
    expect(body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'Mutation.enterProtectionOrder' });
    expect(stack.recorded!.ncic.received.some((r) => r.query.includes('enterProtectionOrder'))).toBe(false);
    expect(stack.subgraphs.ncic.store.all<{ n: number }>('SELECT count(*) AS n FROM protection_orders')[0].n).toBe(before);
  });
});

describe('hit confirmation and messages between agencies', () => {
  const REQUEST = /* GraphQL */ `
    mutation Ask($input: HitConfirmationRequestInput!, $key: String!) {
      requestHitConfirmation(input: $input, idempotencyKey: $key) {
        id
        status
        priority
        attempt
        dueAt
        enteringOri
        requestingOri
      }
    }
  `;
  let requestId: string;

  it('the officer asks the entering court to confirm the hit (urgent: due in 10 minutes)', async () => {
    const started = Date.now();
    const body = await as<{ requestHitConfirmation: { id: string; dueAt: string } }>(patrol, REQUEST, {
      input: { nic, recordType: 'PROTECTION_ORDER', enteringOri: court.ori, priority: 'URGENT', remarks: 'Subject stopped on 8CLN456' },
      key: 'yq-e2e-1',
    });
    expect(body.errors).toBeUndefined();
    const request = body.data!.requestHitConfirmation;
    requestId = request.id;
    expect(request).toMatchObject({ status: 'PENDING', priority: 'URGENT', attempt: 1, enteringOri: court.ori, requestingOri: patrol.ori });
    // Ten minutes from when the source received it: between our sending and our reading the answer,
    // however long the request took.
    const due = Date.parse(request.dueAt);
    expect(due).toBeGreaterThanOrEqual(started + 10 * 60_000 - 1_000);
    expect(due).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1_000);
  });

  it('the court answers; the officer gets the answer by message and the hit shows it', async () => {
    const received = await as<{ hitConfirmations: { id: string }[] }>(courtC, '{ hitConfirmations(role: RECEIVED) { id nic status } }');
    expect(received.data!.hitConfirmations.map((h) => h.id)).toContain(requestId);
    const answer = await as(
      courtC,
      `mutation { respondHitConfirmation(input: { id: "${requestId}", response: CONFIRMED, remarks: "Order in force, served pending" }, idempotencyKey: "yr-e2e-1") { status respondedAt } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ respondHitConfirmation: { status: 'CONFIRMED' } });

    const inbox = await as<{ inbox: { kind: string; fromOri: string; subject: string }[] }>(
      patrol,
      '{ inbox { kind fromOri subject text } }',
    );
    expect(inbox.data!.inbox).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'YR', fromOri: court.ori })]));

    const hit = await as<{ protectionOrder: { hitConfirmations: { status: string }[] } }>(
      patrol,
      `{ protectionOrder(nic: "${nic}") { nic hitConfirmations { status attempt } } }`,
    );
    expect(hit.data!.protectionOrder.hitConfirmations).toEqual([expect.objectContaining({ status: 'CONFIRMED', attempt: 1 })]);
  });

  it('the same lists page as connections, each record in them disclosed and audited as in the old lists', async () => {
    type Page<T> = { edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const old = await as<{ hitConfirmations: { id: string }[]; inbox: { id: string }[] }>(
      patrol,
      '{ hitConfirmations(role: SENT, first: 200) { id } inbox(first: 200) { id } }',
    );
    const paged = await as<{
      hitConfirmationsConnection: Page<{ id: string; status: string }>;
      inboxConnection: Page<{ id: string; kind: string }>;
    }>(
      patrol,
      '{ hitConfirmationsConnection(role: SENT, first: 100) { edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } inboxConnection(first: 100) { edges { node { id kind } } pageInfo { hasNextPage } } }',
    );
    expect(paged.errors).toBeUndefined();
    expect(paged.data!.hitConfirmationsConnection.edges.map((e) => e.node.id)).toEqual(old.data!.hitConfirmations.map((h) => h.id));
    expect(paged.data!.hitConfirmationsConnection.edges.find((e) => e.node.id === requestId)?.node.status).toBe('CONFIRMED');
    expect(paged.data!.inboxConnection.edges.map((e) => e.node.id)).toEqual(old.data!.inbox.map((m) => m.id));
    expect(paged.data!.inboxConnection.edges.map((e) => e.node.kind)).toContain('YR');
    const [event] = await stack.audit.query({ userId: patrol.sub, limit: 1 });
    expect(event.records).toEqual(
      expect.arrayContaining([`HitConfirmation:${requestId}`, expect.stringMatching(/^AdministrativeMessage:/)]),
    );

    const oneByOne = await as<{ outboxConnection: Page<{ id: string }> }>(
      courtC,
      '{ outboxConnection(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
    );
    const next = await as<{ outboxConnection: Page<{ id: string }> }>(
      courtC,
      `query($after: String) { outboxConnection(first: 1, after: $after) { edges { node { id } } } }`,
      {
        after: oneByOne.data!.outboxConnection.pageInfo.endCursor,
      },
    );
    const outbox = await as<{ outbox: { id: string }[] }>(courtC, '{ outbox(first: 2) { id } }');
    expect([...oneByOne.data!.outboxConnection.edges, ...next.data!.outboxConnection.edges].map((e) => e.node.id)).toEqual(
      outbox.data!.outbox.map((m) => m.id),
    );
  });

  it('an administrative message is seen by the two agencies only', async () => {
    const sent = await as<{ sendAdministrativeMessage: { id: string } }>(
      patrol,
      `mutation { sendAdministrativeMessage(input: { to: ["${court.ori}"], subject: "Service of ${nic}", text: "Restrained person located; serving the order." }, idempotencyKey: "am-e2e-1") { id } }`,
    );
    const id = sent.data!.sendAdministrativeMessage.id;
    const byCourt = await as<{ message: { text: string } | null }>(courtC, `{ message(id: "${id}") { text fromOri } }`);
    expect(byCourt.data!.message).toMatchObject({ text: expect.stringContaining('serving the order') });
    const byStranger = await as<{ message: unknown; inbox: unknown[] }>(stranger, `{ message(id: "${id}") { text } inbox { id } }`);
    expect(byStranger.data).toEqual({ message: null, inbox: [] });
    const strangerPage = await as(stranger, '{ inboxConnection { edges { node { id } } pageInfo { hasNextPage endCursor } } }');
    expect(strangerPage.data).toEqual({ inboxConnection: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } });
    const refused = await as(stranger, `mutation { markMessageRead(id: "${id}", idempotencyKey: "read-1") { id } }`);
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(JSON.stringify(refused)).not.toContain('serving the order');
  });

  it('a message to an unknown ORI is refused with an error naming it, and nothing is sent', async () => {
    const body = await as(
      patrol,
      'mutation { sendAdministrativeMessage(input: { to: ["TX1234567"], subject: "x", text: "y" }, idempotencyKey: "am-bad-1") { id } }',
    );
    expect(body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'input.to[0]' } });
    expect(body.errors![0].message).toContain('TX1234567');
  });
});
