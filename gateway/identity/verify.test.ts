import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, devSigningKey } from './dev-issuer.ts';
import { TOKEN_REFUSALS, type TokenRefusal } from './token-refusal.ts';
import { AuthenticationError, createTokenVerifier, type VerifyToken } from './verify.ts';

const keysDir = mkdtempSync(path.join(tmpdir(), 'verify-test-'));
const claims = { sub: 'u-secret-sub', name: 'Officer One', ori: 'CA0190100', roles: ['PATROL_OFFICER'] };
const now = () => Math.floor(Date.now() / 1000);

interface Shape {
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  exp?: number;
  nbf?: number;
  stranger?: boolean;
}

async function token(shape: Shape = {}): Promise<string> {
  const dev = await devSigningKey(keysDir);
  const key = shape.stranger ? (await generateKeyPair('ES256')).privateKey : dev.privateKey;
  const jwt = new SignJWT(shape.claims ?? claims)
    .setProtectedHeader({ alg: 'ES256', kid: dev.kid })
    .setIssuer(shape.issuer ?? DEV_ISSUER)
    .setAudience(shape.audience ?? DEV_AUDIENCE)
    .setExpirationTime(shape.exp ?? now() + 3600);
  if (shape.nbf !== undefined) jwt.setNotBefore(shape.nbf);
  return jwt.sign(key);
}

let verify: VerifyToken;
beforeAll(async () => {
  verify = await createTokenVerifier({ mode: 'development', keysDir });
});

async function refusal(authorization: string | undefined): Promise<AuthenticationError> {
  const error = await verify(authorization).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return error as AuthenticationError;
}

describe('token refusals: one reason each, nothing of the token echoed', () => {
  it.each<[string, () => Promise<string | undefined>, TokenRefusal]>([
    ['no header', async () => undefined, 'TOKEN_MISSING'],
    ['another scheme', async () => 'Basic dXNlcjpwYXNz', 'TOKEN_MALFORMED'],
    ['not a JWT', async () => 'Bearer not-a-token', 'TOKEN_MALFORMED'],
    ['undecodable parts', async () => 'Bearer x.y.z', 'TOKEN_MALFORMED'],
    ['expired', async () => `Bearer ${await token({ exp: now() - 600 })}`, 'TOKEN_EXPIRED'],
    ['not yet valid', async () => `Bearer ${await token({ nbf: now() + 600 })}`, 'TOKEN_NOT_YET_VALID'],
    ['another issuer', async () => `Bearer ${await token({ issuer: 'https://idp.elsewhere.example' })}`, 'TOKEN_WRONG_ISSUER'],
    ['another audience', async () => `Bearer ${await token({ audience: 'some-other-api' })}`, 'TOKEN_WRONG_AUDIENCE'],
    ['signed by another key', async () => `Bearer ${await token({ stranger: true })}`, 'TOKEN_BAD_SIGNATURE'],
    ['an unknown role', async () => `Bearer ${await token({ claims: { ...claims, roles: ['SUPERUSER'] } })}`, 'TOKEN_CLAIMS_INVALID'],
  ])('%s -> %s', async (_label, header, reason) => {
    const error = await refusal(await header());
    expect(error.reason).toBe(reason);
    expect(error.publicMessage).toBe(TOKEN_REFUSALS[reason]);
    expect(error.publicMessage).not.toContain('u-secret-sub');
    expect(error.publicMessage).not.toContain('SUPERUSER');
  });

  it('alg "none" is malformed, not accepted', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: now() + 60 })).toString('base64url');
    expect((await refusal(`Bearer ${header}.${payload}.`)).reason).toBe('TOKEN_MALFORMED');
  });

  it('every reason has its own message', () => {
    const messages = Object.values(TOKEN_REFUSALS);
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('a valid token is accepted', async () => {
    expect((await verify(`Bearer ${await token()}`)).sub).toBe('u-secret-sub');
  });
});
