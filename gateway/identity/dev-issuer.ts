import { SignJWT } from 'jose';
import { loadOrCreateKeyPair, type KeyPair } from '../../common/keys.ts';
import type { Caller } from './caller.ts';

/**
 * The development identity provider: a local ES256 key created on first run. Production verifies
 * tokens from the agency's OIDC provider instead (AUTH_JWKS_URL), and this issuer is not used.
 */
export const DEV_ISSUER = 'clets-dev-idp';
export const DEV_AUDIENCE = 'clets-gateway';
const DEV_KEY_NAME = 'dev-token-signing';

export function devSigningKey(dir?: string): Promise<KeyPair> {
  return loadOrCreateKeyPair(DEV_KEY_NAME, 'ES256', dir);
}

export interface MintOptions extends Omit<Caller, 'attributes'> {
  attributes?: Caller['attributes'];
  /** jose duration, e.g. '8h' (a shift) or '15m'. */
  expiresIn?: string;
  keysDir?: string;
}

/** Signs a development token carrying the contract's claims (README, Concepts: callers). */
export async function mintDevToken(options: MintOptions): Promise<string> {
  const key = await devSigningKey(options.keysDir);
  return new SignJWT({ name: options.name, ori: options.ori, roles: options.roles, ...(options.attributes ?? {}) })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(key.privateKey);
}
