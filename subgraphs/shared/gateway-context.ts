import { type JWK, SignJWT, importJWK, jwtVerify, type CryptoKey } from 'jose';
import { keyPairFromPrivateJwk, loadOrCreateKeyPair } from './keys.ts';

/**
 * The signed caller context that the gateway sends with every subgraph request. Subgraphs trust only
 * the gateway: a request without a valid, unexpired context is refused with 401, `_entities` and
 * `_service` included. Ed25519 keys: the gateway signs with the private key, subgraphs verify with the
 * public key, so a subgraph cannot mint contexts for another.
 */
export const GATEWAY_CONTEXT_HEADER = 'x-gateway-context';
const ISSUER = 'clets-gateway';
const AUDIENCE = 'clets-subgraphs';
const DEV_KEY_NAME = 'gateway-context';

/** Lifetime of one signed context: long enough for one request's fetches, short enough to be useless if leaked. */
export const CONTEXT_TTL_SECONDS = 60;

export interface GatewayContextClaims {
  sub: string;
  ori: string;
  roles: string[];
  purpose: string;
  caseNumber?: string;
  requestId: string;
}

export type SignGatewayContext = (claims: GatewayContextClaims) => Promise<string>;
export type VerifyGatewayContext = (token: string | undefined) => Promise<GatewayContextClaims>;

export class GatewayContextError extends Error {}

/** Signer for the gateway: `GATEWAY_CONTEXT_KEY` (private Ed25519 JWK as JSON), else the development key. */
export async function createGatewayContextSigner(env: NodeJS.ProcessEnv = process.env): Promise<SignGatewayContext> {
  const pair = env.GATEWAY_CONTEXT_KEY
    ? await keyPairFromPrivateJwk(JSON.parse(env.GATEWAY_CONTEXT_KEY) as JWK)
    : await loadOrCreateKeyPair(DEV_KEY_NAME, 'EdDSA');
  return (claims) =>
    new SignJWT({ ori: claims.ori, roles: claims.roles, purpose: claims.purpose, caseNumber: claims.caseNumber, rid: claims.requestId })
      .setProtectedHeader({ alg: pair.alg, kid: pair.kid })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${CONTEXT_TTL_SECONDS}s`)
      .sign(pair.privateKey);
}

/** Verifier for subgraphs: `GATEWAY_CONTEXT_PUBLIC_KEY` (public JWK as JSON), else the development key. */
export async function createGatewayContextVerifier(env: NodeJS.ProcessEnv = process.env): Promise<VerifyGatewayContext> {
  let key: CryptoKey;
  if (env.GATEWAY_CONTEXT_PUBLIC_KEY) {
    const jwk = JSON.parse(env.GATEWAY_CONTEXT_PUBLIC_KEY) as JWK;
    key = (await importJWK(jwk, jwk.alg ?? 'EdDSA')) as CryptoKey;
  } else {
    key = (await loadOrCreateKeyPair(DEV_KEY_NAME, 'EdDSA')).publicKey;
  }
  return async (token) => {
    if (!token) throw new GatewayContextError('missing gateway context: subgraphs answer only the gateway');
    try {
      const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'], clockTolerance: 5 });
      if (typeof payload.sub !== 'string' || typeof payload.ori !== 'string' || !Array.isArray(payload.roles) || typeof payload.purpose !== 'string') {
        throw new GatewayContextError('gateway context lacks required claims');
      }
      return {
        sub: payload.sub,
        ori: payload.ori,
        roles: payload.roles.map(String),
        purpose: payload.purpose,
        caseNumber: typeof payload.caseNumber === 'string' ? payload.caseNumber : undefined,
        requestId: typeof payload.rid === 'string' ? payload.rid : '',
      };
    } catch (error) {
      if (error instanceof GatewayContextError) throw error;
      throw new GatewayContextError(`invalid gateway context: ${(error as Error).message}`);
    }
  };
}
