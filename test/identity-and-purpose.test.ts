/** Who is asking (bearer token) and why (X-Purpose, X-Case-Number): refusals come before any data. */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, devSigningKey, mintDevToken } from '../gateway/identity/dev-issuer.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const QUERY = '{ agencies(state: "CA") { ori } }';
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), recordSubgraphRequests: true });
});
afterAll(() => stack?.stop());

async function ask(headers: Record<string, string>) {
  stack.recorded!.nlets.clear();
  const result = await stack.query(QUERY, {}, headers);
  return { ...result, reachedSource: stack.recorded!.nlets.received.length > 0 };
}

async function signed(claims: Record<string, unknown>, options: { expiresIn?: string; issuer?: string; key?: 'dev' | 'stranger' } = {}) {
  const dev = await devSigningKey();
  const key = options.key === 'stranger' ? (await generateKeyPair('ES256')).privateKey : dev.privateKey;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: dev.kid })
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(key);
}

const goodClaims = { sub: 'u-1', name: 'Officer One', ori: 'CA0190100', roles: ['PATROL_OFFICER'] };

describe('identity', () => {
  it.each([
    ['no Authorization header', {}],
    ['a scheme other than Bearer', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-token' }],
  ])('%s -> 401 UNAUTHENTICATED, no data, nothing fetched', async (_label, headers) => {
    const result = await ask({ ...headers, 'x-purpose': 'C' });
    expect(result.status).toBe(401);
    expect(result.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(result.body.data ?? null).toBeNull();
    expect(result.reachedSource).toBe(false);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it.each([
    ['expired', () => signed({ ...goodClaims, exp: Math.floor(Date.now() / 1000) - 60 }, { expiresIn: '-1m' })],
    ['signed by an unknown key', () => signed(goodClaims, { key: 'stranger' })],
    ['from another issuer', () => signed(goodClaims, { issuer: 'https://evil.example' })],
    ['with an unknown role', () => signed({ ...goodClaims, roles: ['SUPERUSER'] })],
    ['with a malformed ORI', () => signed({ ...goodClaims, ori: 'CA019' })],
    ['without roles', () => signed({ ...goodClaims, roles: [] })],
  ])('a token %s -> 401, no data', async (_label, token) => {
    const result = await ask({ authorization: `Bearer ${await token()}`, 'x-purpose': 'C' });
    expect(result.status).toBe(401);
    expect(result.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(result.body.data ?? null).toBeNull();
    expect(result.reachedSource).toBe(false);
  });

  it('a token with alg "none" is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...goodClaims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: 9999999999 })).toString(
      'base64url',
    );
    const result = await ask({ authorization: `Bearer ${header}.${payload}.`, 'x-purpose': 'C' });
    expect(result.status).toBe(401);
  });

  it('a valid development token is accepted', async () => {
    const result = await ask(await headersFor(CALLERS.patrol));
    expect(result.status).toBe(200);
    expect((result.body.data as { agencies: unknown[] }).agencies.length).toBeGreaterThan(0);
  });

  it('the public key of the development issuer is not enough to mint tokens', async () => {
    const jwk = await exportJWK((await devSigningKey()).publicKey);
    expect(jwk.d).toBeUndefined();
  });
});

describe('stated purpose', () => {
  let token: string;
  beforeAll(async () => {
    token = await mintDevToken({ sub: 'u-2', name: 'Clerk', ori: 'CA0190100', roles: ['RECORDS_CLERK'] });
  });

  it('missing X-Purpose -> 400 PURPOSE_REQUIRED, nothing fetched', async () => {
    const result = await ask({ authorization: `Bearer ${token}` });
    expect(result.status).toBe(400);
    expect(result.body.errors![0].extensions!.code).toBe('PURPOSE_REQUIRED');
    expect(result.reachedSource).toBe(false);
  });

  it('an unknown purpose -> 400 PURPOSE_INVALID', async () => {
    const result = await ask({ authorization: `Bearer ${token}`, 'x-purpose': 'Z' });
    expect(result.status).toBe(400);
    expect(result.body.errors![0].extensions!.code).toBe('PURPOSE_INVALID');
  });

  it('a purpose the roles may not state -> 403 PURPOSE_NOT_PERMITTED, nothing fetched', async () => {
    const result = await ask({ authorization: `Bearer ${token}`, 'x-purpose': 'LICENSING_EMPLOYMENT' });
    expect(result.status).toBe(403);
    expect(result.body.errors![0].extensions!.code).toBe('PURPOSE_NOT_PERMITTED');
    expect(result.body.errors![0].message).toMatch(/may state C, A, F/);
    expect(result.reachedSource).toBe(false);
  });

  it('accepts the purpose letter or its name, any case', async () => {
    for (const purpose of ['A', 'administrative', 'ADMINISTRATIVE']) {
      expect((await ask({ authorization: `Bearer ${token}`, 'x-purpose': purpose })).status).toBe(200);
    }
  });

  it('a malformed case number -> 400 CASE_NUMBER_INVALID', async () => {
    const result = await ask({ authorization: `Bearer ${token}`, 'x-purpose': 'C', 'x-case-number': '<script>' });
    expect(result.status).toBe(400);
    expect(result.body.errors![0].extensions!.code).toBe('CASE_NUMBER_INVALID');
  });
});
