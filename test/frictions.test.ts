/**
 * API frictions (issue 9): a refused token says why without echoing it, and a lookup that matches nothing
 * says so — except to callers for whom "no record" must read like "not yours" (existence-oracle.test.ts).
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, devSigningKey } from '../gateway/identity/dev-issuer.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor, subject } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

const SECRET_SUB = 'u-friction-7f3a';
const now = () => Math.floor(Date.now() / 1000);

async function token(shape: { exp?: number; nbf?: number; audience?: string; issuer?: string }): Promise<string> {
  const dev = await devSigningKey();
  const jwt = new SignJWT({ sub: SECRET_SUB, name: 'Friction', ori: 'CA0190100', roles: ['PATROL_OFFICER'] })
    .setProtectedHeader({ alg: 'ES256', kid: dev.kid })
    .setIssuer(shape.issuer ?? DEV_ISSUER)
    .setAudience(shape.audience ?? DEV_AUDIENCE)
    .setExpirationTime(shape.exp ?? now() + 3600);
  if (shape.nbf !== undefined) jwt.setNotBefore(shape.nbf);
  return jwt.sign(dev.privateKey);
}

describe('401 reasons', () => {
  it.each([
    ['no token', 'TOKEN_MISSING', async () => ({})],
    ['an expired token', 'TOKEN_EXPIRED', async () => ({ authorization: `Bearer ${await token({ exp: now() - 600 })}` })],
    ['a token not valid yet', 'TOKEN_NOT_YET_VALID', async () => ({ authorization: `Bearer ${await token({ nbf: now() + 600 })}` })],
    [
      'a token for another audience',
      'TOKEN_WRONG_AUDIENCE',
      async () => ({ authorization: `Bearer ${await token({ audience: 'payroll' })}` }),
    ],
    [
      'a token from another issuer',
      'TOKEN_WRONG_ISSUER',
      async () => ({ authorization: `Bearer ${await token({ issuer: 'https://idp.elsewhere.example' })}` }),
    ],
    ['a garbled token', 'TOKEN_MALFORMED', async () => ({ authorization: 'Bearer eyJhbGciOi.x.y' })],
  ])('%s -> 401 with extensions.reason %s, nothing of the token echoed, reason in the audit trail', async (_label, reason, headers) => {
    const sent = await headers();
    const { status, body, headers: answer } = await stack.query('{ agencies(state: "CA") { ori } }', {}, { ...sent, 'x-purpose': 'C' });
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
    const text = JSON.stringify(body);
    expect(text).not.toContain(SECRET_SUB);
    expect(text).not.toContain('payroll');
    expect(text).not.toContain('elsewhere');
    expect(answer.get('www-authenticate')).toMatch(reason === 'TOKEN_MISSING' ? /^Bearer realm="[^"]+"$/ : /error="invalid_token"/);
    const recent = await stack.audit.query({ outcome: 'UNAUTHENTICATED', limit: 20 });
    expect(recent.some((event) => event.reason?.startsWith(`${reason}:`))).toBe(true);
  });
});

describe('a lookup that matches nothing', () => {
  it('an unknown VIN or licence number answers null with NOT_FOUND naming it; a known one beside it is unaffected', async () => {
    const vin = '1ZZZZ00000Z000000';
    const { body } = await stack.query(
      `{ known: vehicle(plate: "${SHOWCASE.cleanDriver.plates[0]}", state: "CA") { make } unknown: vehicleByVin(vin: "${vin}") { make }
         licence: driverLicense(number: "Z9999999") { expires } }`,
      {},
      await headersFor(CALLERS.investigator),
    );
    expect(body.data).toMatchObject({ known: { make: expect.any(String) }, unknown: null, licence: null });
    const hints = (body.errors ?? []).filter((e) => e.extensions?.code === 'NOT_FOUND');
    expect(hints.map((e) => e.path).sort()).toEqual([['licence'], ['unknown']]);
    expect(hints.find((e) => e.path?.[0] === 'unknown')?.message).toContain(vin);
    expect(hints.find((e) => e.path?.[0] === 'licence')?.message).toContain('Z9999999');
  });

  it('a subject asking about someone else still gets the answer for nobody, with no hint', async () => {
    const me = subject(SHOWCASE.recordSubject.personId);
    const ask = async (id: string) => JSON.stringify((await stack.query(`{ person(id: "${id}") { id } }`, {}, await headersFor(me))).body);
    expect(await ask(SHOWCASE.wantedDriver.personId)).toBe(await ask('P8888888'));
    expect(await ask('P8888888')).not.toContain('NOT_FOUND');
  });
});
