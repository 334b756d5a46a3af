/**
 * Subgraphs answer only the gateway: a request is answered only with a context the gateway signed for
 * that subgraph and that very body, once, within seconds. Everything else gets 401 and no data,
 * including a context captured on the wire (replayed, redirected or reused with another body) and the
 * probe-only context of the anonymous `/ready`.
 */
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGatewayContextSigner, type SignGatewayContext } from '../common/context-signer.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/config.ts';
import {
  CONTEXT_ISSUER,
  GATEWAY_CONTEXT_HEADER,
  GATEWAY_CONTEXT_KEY_NAME,
  PROBE_QUERY,
  requestBodyHash,
  type GraphQLRequestBody,
} from '../common/gateway-context.ts';
import { loadOrCreateKeyPair } from '../common/keys.ts';
import { gatewayContextHeaders } from '../subgraphs/common/testing.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let sign: SignGatewayContext;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), recordSubgraphRequests: true });
  sign = await createGatewayContextSigner();
});
afterAll(() => stack?.stop());

const RIVERA = SHOWCASE.wantedDriver.personId;
const ENTITIES = {
  query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
  variables: { r: [{ __typename: 'Person', id: RIVERA }] },
};
const SERVICE = { query: '{ _service { sdl } }' };
const TYPENAME = { query: '{ __typename }' };
/** What an attacker holding a captured context would like to read from cori. */
const SSN = {
  query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { criminalHistory { ssn } } } }',
  variables: { r: [{ __typename: 'Person', id: RIVERA }] },
};

interface Answer {
  status: number;
  data: unknown;
  code?: string;
  message: string;
}

/** POSTs `body` (an object, or the exact text captured on the wire) straight to a subgraph. */
async function post(subgraph: SubgraphName, body: GraphQLRequestBody | string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(stack.subgraphs[subgraph].url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  return {
    status: response.status,
    data: json.data ?? null,
    code: json.errors?.[0]?.extensions?.code,
    message: json.errors?.[0]?.message ?? '',
  };
}

const contextHeader = (token: string) => ({ [GATEWAY_CONTEXT_HEADER]: token });
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as JWTPayload & Record<string, unknown>;

/** A context signed with the real gateway key but with claims of the test's choosing (what only a key thief could do). */
async function signedWithGatewayKey(
  claims: Record<string, unknown>,
  times: { iat: number; exp: number },
  audience: string,
  body: GraphQLRequestBody,
) {
  const key = await loadOrCreateKeyPair(GATEWAY_CONTEXT_KEY_NAME, 'EdDSA');
  return new SignJWT({ ...claims, bodySha256: requestBodyHash(body) })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setSubject('u-inv-1')
    .setIssuer(CONTEXT_ISSUER)
    .setAudience(audience)
    .setJti(crypto.randomUUID())
    .setIssuedAt(times.iat)
    .setExpirationTime(times.exp)
    .sign(key.privateKey);
}

const refused = (answer: Answer, reason: RegExp) => {
  expect(answer.status).toBe(401);
  expect(answer.data).toBeNull();
  expect(answer.code).toBe('UNAUTHENTICATED');
  expect(answer.message).toMatch(reason);
};

describe.each(SUBGRAPH_NAMES)('the %s subgraph', (name) => {
  async function forged(body: GraphQLRequestBody, how: 'stranger' | 'expired'): Promise<string> {
    if (how === 'stranger') {
      const { privateKey } = await generateKeyPair('EdDSA');
      return new SignJWT({ ori: 'CA0190000', roles: ['INVESTIGATOR'], purpose: 'C', rid: 'x', bodySha256: requestBodyHash(body) })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject('mallory')
        .setIssuer(CONTEXT_ISSUER)
        .setAudience(name)
        .setJti('j')
        .setIssuedAt()
        .setExpirationTime('10s')
        .sign(privateKey);
    }
    // A genuine signature whose expiry was pushed back: re-signing is impossible, so tamper with the payload.
    const [header, payload, signature] = (await gatewayContextHeaders(name, body))[GATEWAY_CONTEXT_HEADER].split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims.exp = Math.floor(Date.now() / 1000) + 3600;
    return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  }

  it.each([
    ['no context', async () => ({})],
    ['a forged context (unknown key)', async (body: GraphQLRequestBody) => contextHeader(await forged(body, 'stranger'))],
    ['a tampered context', async (body: GraphQLRequestBody) => contextHeader(await forged(body, 'expired'))],
    ['a context that is not a JWT', async () => contextHeader('garbage')],
  ])('refuses _entities, _service and __typename with %s (401)', async (_label, headers) => {
    for (const body of [ENTITIES, SERVICE, TYPENAME]) {
      const answer = await post(name, body, await headers(body));
      refused(answer, /Unauthenticated/);
    }
  });

  it('answers a context signed by the gateway for it and this body, once', async () => {
    const headers = await gatewayContextHeaders(name, ENTITIES);
    const first = await post(name, ENTITIES, headers);
    expect(first.status).toBe(200);
    expect(first.data).toEqual({ _entities: [{ __typename: 'Person' }] });
    refused(await post(name, ENTITIES, headers), /already used/);
  });
});

describe('a context the gateway sent, captured on the wire', () => {
  let captured: { headers: Record<string, string>; body: string };
  let token: string;

  beforeAll(async () => {
    stack.recorded!.cori.clear();
    const { status, body } = await stack.query<{ person: { criminalHistory: { ssn: string | null } | null } }>(
      `{ person(id: "${RIVERA}") { criminalHistory { ssn } } }`,
    );
    // The investigator on a case reads the SSN: the context worked for its own request.
    expect(status).toBe(200);
    expect(body.data?.person?.criminalHistory?.ssn).toMatch(/^9\d\d-\d\d-\d{4}$/);
    captured = stack.recorded!.cori.requests.at(-1)!;
    token = captured.headers[GATEWAY_CONTEXT_HEADER];
  });

  it('is signed for cori, for that body, once, for seconds', () => {
    const claims = payloadOf(token);
    expect(claims).toMatchObject({
      iss: CONTEXT_ISSUER,
      aud: 'cori',
      sub: 'u-inv-1',
      ori: 'CA0190100',
      roles: ['INVESTIGATOR'],
      purpose: 'C',
      caseNumber: '24-000187',
    });
    expect(claims.bodySha256).toBe(requestBodyHash(JSON.parse(captured.body) as GraphQLRequestBody));
    expect(claims.jti).toEqual(expect.any(String));
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(10);
  });

  it('replayed as captured → 401', async () => {
    refused(await post('cori', captured.body, contextHeader(token)), /already used/);
  });

  it('replayed to another subgraph → 401', async () => {
    refused(await post('cjis', captured.body, contextHeader(token)), /another subgraph/);
  });

  it('with a different body (another query, or other variables) → 401', async () => {
    refused(await post('cori', SSN, contextHeader(token)), /another request body/);
    const sent = JSON.parse(captured.body) as { variables: Record<string, unknown> };
    const otherPerson = JSON.stringify({
      ...sent,
      variables: JSON.parse(JSON.stringify(sent.variables).replaceAll(RIVERA, SHOWCASE.protectedPerson.personId)) as unknown,
    });
    expect(otherPerson).not.toBe(captured.body);
    refused(await post('cori', otherPerson, contextHeader(token)), /another request body/);
  });

  it('every fetch has a context of its own', async () => {
    for (const proxy of Object.values(stack.recorded!)) proxy.clear();
    await stack.query(
      `{ a: person(id: "${RIVERA}") { name { full } criminalHistory { cii } } b: person(id: "${SHOWCASE.judge.personId}") { criminalHistory { cii } } }`,
    );
    const tokens = Object.values(stack.recorded!).flatMap((proxy) => proxy.requests.map((r) => r.headers[GATEWAY_CONTEXT_HEADER]));
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tokens.map((t) => payloadOf(t).jti)).size).toBe(tokens.length);
  });
});

describe('a context not used yet', () => {
  const caller = { sub: 'u-inv-1', ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C', caseNumber: '24-000187', requestId: 'r-1' };

  it('is refused with another body or by another subgraph, and still works for its own (the refusals did not use it up)', async () => {
    const token = await sign({ subgraph: 'cori', body: ENTITIES, caller });
    refused(await post('cori', SSN, contextHeader(token)), /another request body/);
    refused(await post('cjis', ENTITIES, contextHeader(token)), /another subgraph/);
    const own = await post('cori', ENTITIES, contextHeader(token));
    expect(own.status).toBe(200);
  });

  it('is refused once its lifetime is over', async () => {
    const issued = Math.floor(Date.now() / 1000) - 600;
    const expired = await signedWithGatewayKey(
      { ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C' },
      { iat: issued, exp: issued + 10 },
      'cjis',
      ENTITIES,
    );
    refused(await post('cjis', ENTITIES, contextHeader(expired)), /expired/);
  });

  it('is refused when issued too long ago, whatever its expiry says', async () => {
    const issued = Math.floor(Date.now() / 1000) - 600;
    const longLived = await signedWithGatewayKey(
      { ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C' },
      { iat: issued, exp: issued + 86_400 },
      'cjis',
      ENTITIES,
    );
    refused(await post('cjis', ENTITIES, contextHeader(longLived)), /Unauthenticated/);
  });
});

describe('the readiness probe', () => {
  it('carries a probe-only context, without a caller', async () => {
    stack.recorded!.cori.clear();
    expect((await fetch(new URL('/ready', stack.origin))).status).toBe(200);
    const probe = stack.recorded!.cori.requests.at(-1)!;
    expect(JSON.parse(probe.body)).toEqual({ query: PROBE_QUERY });
    const claims = payloadOf(probe.headers[GATEWAY_CONTEXT_HEADER]);
    expect(claims).toMatchObject({ probe: true, aud: 'cori', sub: CONTEXT_ISSUER });
    expect(claims).not.toHaveProperty('roles');
  });

  it('the gateway signs a probe context for the probe query only', async () => {
    await expect(sign({ subgraph: 'cori', body: SSN })).rejects.toThrow(/readiness probe/);
  });

  it.each(SUBGRAPH_NAMES)('a probe context cannot read data from %s, even signed for the body', async (name) => {
    const now = Math.floor(Date.now() / 1000);
    const probe = await signedWithGatewayKey({ probe: true }, { iat: now, exp: now + 10 }, name, SSN);
    refused(await post(name, SSN, contextHeader(probe)), /probe/);
    const forEntities = await signedWithGatewayKey({ probe: true }, { iat: now, exp: now + 10 }, name, ENTITIES);
    refused(await post(name, ENTITIES, contextHeader(forEntities)), /probe/);
  });

  it('a probe context signed for the probe answers only __typename', async () => {
    const token = await sign({ subgraph: 'cori', body: { query: PROBE_QUERY } });
    const answer = await post('cori', { query: PROBE_QUERY }, contextHeader(token));
    expect(answer).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  });
});
