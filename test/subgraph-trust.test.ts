/** Subgraphs answer only the gateway: direct calls without a valid signed context get 401 and no data. */
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../subgraphs/shared/config.ts';
import { GATEWAY_CONTEXT_HEADER } from '../subgraphs/shared/gateway-context.ts';
import { loadOrCreateKeyPair } from '../subgraphs/shared/keys.ts';
import { gatewayContextHeaders } from '../subgraphs/shared/testing.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

const ENTITIES = { query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r: [{ __typename: 'Person', id: 'P9000001' }] } };
const SERVICE = { query: '{ _service { sdl } }' };

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
}

async function forged(options: { expired?: boolean; stranger?: boolean }) {
  const { privateKey } = await generateKeyPair('EdDSA');
  const valid = await gatewayContextHeaders();
  if (options.stranger) {
    return new SignJWT({ ori: 'CA0190000', roles: ['INVESTIGATOR'], purpose: 'C', rid: 'x' })
      .setProtectedHeader({ alg: 'EdDSA' }).setSubject('mallory').setIssuer('clets-gateway').setAudience('clets-subgraphs')
      .setIssuedAt().setExpirationTime('1m').sign(privateKey);
  }
  // A genuine signature whose expiry has passed: re-signing is impossible, so tamper with the payload.
  const [header, payload, signature] = valid[GATEWAY_CONTEXT_HEADER].split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims.exp = Math.floor(Date.now() / 1000) - 3600;
  return options.expired ? `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}` : valid[GATEWAY_CONTEXT_HEADER];
}

describe.each(SUBGRAPH_NAMES)('the %s subgraph', (name) => {
  const url = () => stack.subgraphs[name].url;

  it.each([
    ['no context', async () => ({})],
    ['a forged context (unknown key)', async () => ({ [GATEWAY_CONTEXT_HEADER]: await forged({ stranger: true }) })],
    ['a tampered, expired context', async () => ({ [GATEWAY_CONTEXT_HEADER]: await forged({ expired: true }) })],
    ['a context that is not a JWT', async () => ({ [GATEWAY_CONTEXT_HEADER]: 'garbage' })],
  ])('refuses _entities and _service with %s (401)', async (_label, headers) => {
    for (const body of [ENTITIES, SERVICE, { query: '{ __typename }' }]) {
      const result = await post(url(), body, await headers());
      expect(result.status).toBe(401);
      expect(result.body.data ?? null).toBeNull();
      expect(result.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers a request signed by the gateway key', async () => {
    const result = await post(url(), ENTITIES, await gatewayContextHeaders());
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ _entities: [{ __typename: 'Person' }] });
  });
});

describe('an expired but untampered context', () => {
  it('is refused once its lifetime is over', async () => {
    // Signed with the real development key, issued ten minutes ago with the usual 60 s lifetime.
    const key = await loadOrCreateKeyPair('gateway-context', 'EdDSA');
    const issued = Math.floor(Date.now() / 1000) - 600;
    const token = await new SignJWT({ ori: 'CA0190000', roles: ['INVESTIGATOR'], purpose: 'C', rid: 'r' })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).setSubject('u').setIssuer('clets-gateway').setAudience('clets-subgraphs')
      .setIssuedAt(issued).setExpirationTime(issued + 60).sign(key.privateKey);
    const result = await post(stack.subgraphs.cjis.url, ENTITIES, { [GATEWAY_CONTEXT_HEADER]: token });
    expect(result.status).toBe(401);
  });
});
