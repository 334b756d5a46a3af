/**
 * Operation limits (depth, aliases, tokens, directives, fan-out cost) refuse an operation before the gateway
 * parses it for Apollo, plans it or asks any source: 400 QUERY_TOO_COMPLEX naming the limit and the numbers,
 * and one audit record with that outcome, which the caller's agency coordinator can find.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEvent } from '../audit/event.ts';
import { defaultIdeQuery } from '../gateway/ide-query.ts';
import { DEFAULT_OPERATION_LIMITS } from '../gateway/limits/config.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

const caller = CALLERS.investigator;
const coordinator = { sub: 'u-coord-1', ori: caller.ori, roles: ['AGENCY_COORDINATOR' as const], purpose: 'A' };
const PERSON = SHOWCASE.wantedDriver.personId;

interface Answer {
  status: number;
  body: GraphQLBody;
  /** The audit records of this request. */
  records: AuditEvent[];
  /** SQL statements the sources ran while answering. */
  statements: number;
}

async function send(query: string, variables?: Record<string, unknown>, method: 'POST' | 'GET' = 'POST'): Promise<Answer> {
  const requestId = `limits-${randomUUID()}`;
  // The case number is confirmed with the agency's records (rms) before the operation is read: not counted.
  const before = stack.sqlStatements(['rms']);
  const headers = { ...(await headersFor(caller)), 'x-request-id': requestId, accept: 'application/json' };
  const response =
    method === 'POST'
      ? await fetch(stack.gatewayUrl, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        })
      : await fetch(
          `${stack.gatewayUrl}?${new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) })}`,
          {
            headers: { ...headers, 'apollo-require-preflight': 'true' },
          },
        );
  const body = (await response.json()) as GraphQLBody;
  const records = (await stack.audit.query({ limit: 50 })).filter((e) => e.requestId === requestId);
  return { status: response.status, body, records, statements: stack.sqlStatements(['rms']) - before };
}

/** `vehicles { registeredOwner { ... } }` nested `levels` times under one person (the reported fan-out). */
function fanOut(levels: number): string {
  let inner = 'vehicles { plate }';
  for (let i = 0; i < levels; i++) inner = `vehicles { plate year make registeredOwner { name { full } ${inner} } }`;
  return `{ person(id: "${PERSON}") { ${inner} } }`;
}

/** `{ a0:person(id:"P9000001"){id} a1:... }`: 3,000 of them are the reported 95 KB bomb. */
function aliasBomb(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}:person(id:"${PERSON}"){id}`).join(' ')} }`;
}

function expectRefused(answer: Answer, limit: string): void {
  expect(answer.status).toBe(400);
  expect(answer.body.data ?? null).toBeNull();
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors!;
  expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit, max: expect.any(Number), value: expect.any(Number) });
  expect(error.extensions!.value as number).toBeGreaterThan(error.extensions!.max as number);
  expect(error.message).toContain(`limit "${limit}"`);
  expect(answer.statements).toBe(0); // no source was asked
  expect(answer.records).toHaveLength(1);
  expect(answer.records[0]).toMatchObject({
    outcome: 'QUERY_TOO_COMPLEX',
    userId: caller.sub,
    ori: caller.ori,
    sources: [],
    fieldsDisclosed: [],
    reason: expect.stringContaining(`limit=${limit}`),
  });
  expect(answer.records[0].operationText).toBeTruthy();
}

describe('operation limits', () => {
  it('refuses the reported 14-level fan-out by its depth', async () => {
    const answer = await send(fanOut(7));
    expectRefused(answer, 'depth');
    expect(answer.body.errors![0].extensions).toMatchObject({ max: DEFAULT_OPERATION_LIMITS.depth });
  });

  it('refuses a fan-out within the depth limit by its cost: each list multiplies what is under it', async () => {
    const answer = await send(fanOut(5));
    expectRefused(answer, 'cost');
    expect(answer.body.errors![0].extensions!.value as number).toBeGreaterThan(1_000_000);
    // Two levels less is an ordinary question, answered.
    const fine = await send(fanOut(2));
    expect(fine.status).toBe(200);
    expect(fine.body.errors ?? []).toEqual([]);
  });

  it('refuses the 95 KB bomb of 3,000 aliases while parsing it (tokens), and 150 aliases by the alias limit', async () => {
    const bomb = aliasBomb(3000);
    expect(bomb.length).toBeGreaterThan(90_000);
    expectRefused(await send(bomb), 'tokens');
    expectRefused(await send(aliasBomb(150)), 'aliases');
  });

  it('counts aliases and depth hidden in fragments, inline fragments and GET requests alike', async () => {
    const fields = Array.from({ length: 120 }, (_, i) => `x${i}: dob`).join(' ');
    expectRefused(await send(`{ person(id: "${PERSON}") { ...F } } fragment F on Person { ... on Person { ${fields} } }`), 'aliases');
    expectRefused(await send(fanOut(7), undefined, 'GET'), 'depth');
  });

  it('refuses too many directives', async () => {
    const fields = Array.from({ length: 60 }, (_, i) => `f${i}: dob @include(if: $yes)`).join(' ');
    const answer = await send(`query($yes: Boolean!) { person(id: "${PERSON}") { ${fields} } }`, { yes: true });
    expect(answer.body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(['aliases', 'directives']).toContain(answer.body.errors![0].extensions!.limit);
    const only = Array.from({ length: 60 }, () => 'dob @include(if: $yes)').join(' ');
    expectRefused(await send(`query($yes: Boolean!) { person(id: "${PERSON}") { ${only} } }`, { yes: true }), 'directives');
  });

  it('sizes persons(ids:) by the ids sent in variables', async () => {
    const query = 'query($ids: [ID!]!) { persons(ids: $ids) { id name { full } vehicles { plate } wants { nic } } }';
    expectRefused(await send(query, { ids: Array.from({ length: 5000 }, (_, i) => `P${String(i).padStart(7, '0')}`) }), 'cost');
    const fine = await send(query, { ids: [PERSON, SHOWCASE.cleanDriver.personId] });
    expect(fine.status).toBe(200);
    expect((fine.body.data as { persons: unknown[] }).persons).toHaveLength(2);
  });

  it('cannot be bypassed with an automatic persisted query sent by hash with other variables', async () => {
    const query = 'query($ids: [ID!]!) { persons(ids: $ids) { id name { full } vehicles { plate } wants { nic } } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    const headers = { ...(await headersFor(caller)), 'content-type': 'application/json', accept: 'application/json' };
    const post = (body: unknown) => fetch(stack.gatewayUrl, { method: 'POST', headers, body: JSON.stringify(body) });
    await post({ query, variables: { ids: [PERSON] }, extensions });
    // The case number is confirmed with the agency's records (rms) before the operation is read: not counted.
    const before = stack.sqlStatements(['rms']);
    const byHash = (await (
      await post({ variables: { ids: Array.from({ length: 5000 }, (_, i) => `P${i}`) }, extensions })
    ).json()) as GraphQLBody;
    expect(byHash.data ?? null).toBeNull();
    expect(byHash.errors![0].extensions!.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect(stack.sqlStatements(['rms'])).toBe(before);
  });

  it('lets the IDE default profile through', async () => {
    const answer = await send(defaultIdeQuery());
    expect(answer.status).toBe(200);
    expect((answer.body.data as { person: { id: string } }).person.id).toBe(PERSON);
    expect(answer.body.errors?.filter((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX') ?? []).toEqual([]);
  });

  it('leaves an invalid document to GraphQL validation (no limit involved)', async () => {
    const answer = await send('{ person(id: ');
    expect(answer.status).toBe(400);
    expect(answer.body.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it("shows the refusals to the caller's agency coordinator in the audit trail", async () => {
    const refused = await send(fanOut(7));
    const { body } = await stack.query<{
      auditEvents: { edges: { node: { requestId: string; outcome: string; reason: string; userId: string } }[] };
    }>(
      '{ auditEvents(filter: { outcome: "QUERY_TOO_COMPLEX" }, first: 100) { edges { node { requestId outcome reason userId } } } }',
      undefined,
      await headersFor(coordinator),
    );
    expect(body.errors ?? []).toEqual([]);
    const nodes = body.data!.auditEvents.edges.map((e) => e.node);
    expect(nodes).toContainEqual({
      requestId: refused.records[0].requestId,
      outcome: 'QUERY_TOO_COMPLEX',
      reason: expect.stringContaining('limit=depth'),
      userId: caller.sub,
    });
  });

  it('publishes the limits in force at GET /limits', async () => {
    const response = await fetch(new URL('/limits', stack.origin));
    expect(response.status).toBe(200);
    const limits = (await response.json()) as {
      operation: unknown;
      rate: { store: string };
      sources: { timeoutMs: Record<string, number> };
    };
    expect(limits.operation).toEqual(DEFAULT_OPERATION_LIMITS);
    expect(limits.rate.store).toBe('memory');
    expect(limits.sources.timeoutMs.cori).toBeGreaterThan(0);
  });
});
