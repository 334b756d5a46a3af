/**
 * Every request that reaches `/graphql` leaves exactly one audit record before its response leaves, also
 * when it is refused before any GraphQL runs (bad body, CSRF refusal, batching, size limit, ...), and
 * the refusal's status is what the caller would have got without the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEvent } from '../audit/event.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

const QUERY = '{ agencies(state: "CA") { ori } }';
const caller = CALLERS.investigator;

interface Attempt {
  method?: string;
  /** Appended to the GraphQL endpoint, e.g. `?query=...`. */
  search?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send no bearer token and no purpose. */
  anonymous?: boolean;
}

interface Answer {
  status: number;
  text: string;
  records: AuditEvent[];
}

/** Sends one request with its own request id and returns the answer and the audit records of that id. */
async function attempt({ method = 'POST', search = '', headers = {}, body, anonymous = false }: Attempt): Promise<Answer> {
  const requestId = `refusal-${randomUUID()}`;
  const response = await fetch(`${stack.gatewayUrl}${search}`, {
    method,
    headers: {
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      ...(anonymous ? {} : await headersFor(caller)),
      'x-request-id': requestId,
      ...headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, records: await recordsOf(requestId) };
}

async function recordsOf(requestId: string): Promise<AuditEvent[]> {
  const recent = await stack.audit.query({ limit: 100 });
  return recent.filter((event) => event.requestId === requestId);
}

const get = (query: string, extra: Record<string, string> = {}) => `?${new URLSearchParams({ query, ...extra })}`;

/** Refused before the GraphQL request pipeline (and so before the audit plugin) runs. */
const BEFORE_GRAPHQL: { name: string; request: Attempt; status: number; reason: RegExp }[] = [
  {
    name: 'malformed JSON',
    request: { body: '{"query": ' },
    status: 400,
    reason: /^HTTP 400 BAD_REQUEST: The request body is not valid JSON/,
  },
  { name: 'an empty body', request: { body: '' }, status: 400, reason: /^HTTP 400 BAD_REQUEST: POST body missing/ },
  { name: 'a null body', request: { body: 'null' }, status: 400, reason: /^HTTP 400 BAD_REQUEST: / },
  { name: 'an empty object', request: { body: '{}' }, status: 400, reason: /^HTTP 400 BAD_REQUEST: POST body missing/ },
  { name: 'a query that is not a string', request: { body: '{"query": 42}' }, status: 400, reason: /GraphQL queries must be strings/ },
  {
    name: 'a content type a form could send (CSRF refusal)',
    request: { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: QUERY }) },
    status: 400,
    reason: /^HTTP 400 BAD_REQUEST: This operation has been blocked as a potential Cross-Site Request Forgery/,
  },
  {
    name: 'a GET without the preflight header',
    request: { method: 'GET', search: get(QUERY) },
    status: 400,
    reason: /Cross-Site Request Forgery/,
  },
  { name: 'a batched array', request: { body: JSON.stringify([{ query: QUERY }, { query: QUERY }]) }, status: 400, reason: /batching/i },
  {
    name: 'a body over the size limit',
    request: { body: JSON.stringify({ query: QUERY, variables: { padding: 'x'.repeat(200 * 1024) } }) },
    status: 413,
    reason: /^HTTP 413 PAYLOAD_TOO_LARGE: /,
  },
  {
    name: 'a charset other than UTF-8',
    request: { headers: { 'content-type': 'application/json; charset=latin1' }, body: JSON.stringify({ query: QUERY }) },
    status: 415,
    reason: /^HTTP 415 UNSUPPORTED_MEDIA_TYPE: /,
  },
  {
    name: 'an Accept header that takes no JSON',
    request: { headers: { accept: 'application/xml' }, body: JSON.stringify({ query: QUERY }) },
    status: 406,
    reason: /^HTTP 406 BAD_REQUEST: .*accept/i,
  },
  {
    name: 'a method other than GET or POST',
    request: { method: 'PUT', body: JSON.stringify({ query: QUERY }) },
    status: 405,
    reason: /^HTTP 405 /,
  },
];

/** Refused inside the GraphQL request pipeline: recorded by the audit plugin, with the operation. */
const IN_GRAPHQL: { name: string; request: Attempt; status: number; reason: RegExp }[] = [
  {
    name: 'a GET carrying a mutation',
    request: {
      method: 'GET',
      search: get('mutation Retract { __typename }'),
      headers: { 'apollo-require-preflight': 'true' },
    },
    status: 405,
    reason: /GET requests only support query operations/,
  },
  {
    name: 'an unknown operation name',
    request: { body: JSON.stringify({ query: `query A ${QUERY} query B ${QUERY}`, operationName: 'C' }) },
    status: 400,
    reason: /Unknown operation named "C"/,
  },
  {
    name: 'invalid variables',
    request: { body: JSON.stringify({ query: 'query P($id: ID!) { person(id: $id) { id } }', variables: { id: { nested: true } } }) },
    status: 400,
    reason: /Variable "\$id"/,
  },
];

describe('a request refused before GraphQL runs, with a valid token', () => {
  it.each(BEFORE_GRAPHQL)(
    '$name: status $status, exactly one ERROR record naming the caller and the reason',
    async ({ request, status, reason }) => {
      const answer = await attempt(request);
      expect(answer.status).toBe(status);
      expect(answer.text).not.toContain('"data"');
      expect(answer.records).toHaveLength(1);
      expect(answer.records[0]).toMatchObject({
        outcome: 'ERROR',
        userId: caller.sub,
        ori: caller.ori,
        purpose: 'C',
        caseNumber: caller.caseNumber,
        operationText: null,
        fieldsDisclosed: [],
        sources: [],
      });
      expect(answer.records[0].reason).toMatch(reason);
    },
  );
});

describe('a request refused inside GraphQL, with a valid token', () => {
  it.each(IN_GRAPHQL)('$name: status $status, exactly one ERROR record with the operation', async ({ request, status, reason }) => {
    const answer = await attempt(request);
    expect(answer.status).toBe(status);
    expect(answer.records).toHaveLength(1);
    expect(answer.records[0]).toMatchObject({ outcome: 'ERROR', userId: caller.sub, purpose: 'C', fieldsDisclosed: [] });
    expect(answer.records[0].operationText).toBeTruthy();
    expect(answer.records[0].reason).toMatch(reason);
  });
});

describe('one record, never two', () => {
  it('an answered query is recorded once, by the GraphQL audit', async () => {
    const answer = await attempt({ body: JSON.stringify({ query: `{ person(id: "${SHOWCASE.wantedDriver.personId}") { id } }` }) });
    expect(answer.status).toBe(200);
    expect(answer.records).toHaveLength(1);
    expect(answer.records[0]).toMatchObject({ outcome: 'ALLOWED', subjects: [SHOWCASE.wantedDriver.personId] });
  });

  it('a refused token with a malformed body is recorded once, as anonymous and UNAUTHENTICATED', async () => {
    const answer = await attempt({ anonymous: true, headers: { authorization: 'Bearer x.y.z' }, body: '{"query": ' });
    expect(answer.status).toBe(401);
    expect(answer.records).toHaveLength(1);
    expect(answer.records[0]).toMatchObject({
      outcome: 'UNAUTHENTICATED',
      userId: null,
      reason: expect.stringContaining('token rejected'),
    });
  });

  it('a refused purpose with a batched body is recorded once, as PURPOSE_REFUSED', async () => {
    const answer = await attempt({ headers: { 'x-purpose': 'Q' }, body: '[]' });
    expect(answer.status).toBe(400);
    expect(answer.records).toHaveLength(1);
    expect(answer.records[0]).toMatchObject({
      outcome: 'PURPOSE_REFUSED',
      userId: caller.sub,
      reason: expect.stringContaining('PURPOSE_INVALID'),
    });
  });
});

// Last: it closes this file's audit store.
describe('fail closed before GraphQL too', () => {
  it('answers 503 AUDIT_UNAVAILABLE instead of the refusal when its record cannot be written', async () => {
    await stack.audit.close();
    for (const request of [{ body: '{"query": ' }, { body: '[]' }, { headers: { 'content-type': 'text/plain' }, body: '{}' }]) {
      const requestId = `closed-${randomUUID()}`;
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await headersFor(caller)), 'x-request-id': requestId, ...request.headers },
        body: request.body,
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })] });
    }
  });
});
