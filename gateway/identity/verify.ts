import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LruCache } from '../../common/lru.ts';
import { isRole, type Role } from '../../common/vocabulary.ts';
import { ORI_PATTERN, type Caller } from './caller.ts';
import type { IdentityConfig } from './config.ts';
import { DEV_AUDIENCE, DEV_ISSUER, devSigningKey } from './dev-issuer.ts';
import { AuthenticationError, refusalOf } from './token-refusal.ts';

export { AuthenticationError } from './token-refusal.ts';

export type VerifyToken = (authorization: string | undefined) => Promise<Caller>;

const VERIFIED_CACHE_SIZE = 10_000;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

export async function createTokenVerifier(config: IdentityConfig): Promise<VerifyToken> {
  let keys: JWTVerifyGetKey;
  let issuer: string;
  let audience: string;
  if (config.mode === 'oidc') {
    keys = createRemoteJWKSet(new URL(config.jwksUrl));
    issuer = config.issuer;
    audience = config.audience;
  } else {
    const key = await devSigningKey(config.keysDir);
    keys = createLocalJWKSet({ keys: [key.publicJwk] });
    issuer = DEV_ISSUER;
    audience = DEV_AUDIENCE;
  }
  // A client sends the same token with every request of a session: verify its signature once, then
  // only its expiry. Bounded; a token is never trusted past its own `exp`.
  const verified = new LruCache<string, { caller: Caller; expiresAt: number }>(VERIFIED_CACHE_SIZE);
  return async (authorization) => {
    if (!authorization) throw new AuthenticationError('TOKEN_MISSING', 'no Authorization header');
    const match = BEARER.exec(authorization.trim());
    if (!match) throw new AuthenticationError('TOKEN_MALFORMED', 'Authorization header is not "Bearer <JWT>"');
    const token = match[1];
    const known = verified.get(token);
    if (known) {
      if (known.expiresAt > Date.now()) return known.caller;
      verified.delete(token);
      throw new AuthenticationError('TOKEN_EXPIRED', '"exp" claim timestamp check failed');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ['ES256', 'RS256', 'EdDSA'], requiredClaims: ['exp'] }));
    } catch (error) {
      throw new AuthenticationError(refusalOf(error), `token rejected: ${(error as Error).message}`);
    }
    const caller = callerFromClaims(payload);
    verified.set(token, { caller, expiresAt: (payload.exp as number) * 1000 });
    return caller;
  };
}

/** Checks the contract's claims (README, Concepts): sub, name, ori, roles, optional attributes. */
export function callerFromClaims(payload: JWTPayload): Caller {
  const { sub, name, ori, roles } = payload as JWTPayload & { name?: unknown; ori?: unknown; roles?: unknown };
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 64)
    throw new AuthenticationError('TOKEN_CLAIMS_INVALID', 'claim sub is missing or invalid');
  if (typeof ori !== 'string' || !ORI_PATTERN.test(ori))
    throw new AuthenticationError('TOKEN_CLAIMS_INVALID', 'claim ori must be a 9-character ORI');
  if (!Array.isArray(roles) || roles.length === 0)
    throw new AuthenticationError('TOKEN_CLAIMS_INVALID', 'claim roles must list at least one role');
  const unknown = roles.filter((role) => typeof role !== 'string' || !isRole(role));
  if (unknown.length > 0) throw new AuthenticationError('TOKEN_CLAIMS_INVALID', `claim roles has unknown roles: ${unknown.join(', ')}`);
  const attributes: Caller['attributes'] = {};
  for (const [key, value] of Object.entries(payload)) {
    if (['sub', 'name', 'ori', 'roles', 'iss', 'aud', 'exp', 'iat', 'nbf', 'jti'].includes(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') attributes[key] = value;
  }
  return { sub, name: typeof name === 'string' ? name : sub, ori, roles: roles as Role[], attributes };
}
