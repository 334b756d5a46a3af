import { randomUUID } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import {
  CONTEXT_ISSUER,
  CONTEXT_TTL_SECONDS,
  GATEWAY_CONTEXT_KEY_NAME,
  PROBE_QUERY,
  requestBodyHash,
  type GatewayContextClaims,
  type GraphQLRequestBody,
} from './gateway-context.ts';
import { keyPairFromPrivateJwk, keysDir, loadOrCreateKeyPair, type KeyPair } from './keys.ts';

/**
 * The signing half of subgraph trust (gateway-context.ts verifies): one context per fetch, bound to the
 * subgraph it goes to, to the exact body sent, single-use and valid for seconds. Only the gateway holds
 * the private key; tests sign with the development key.
 */

/** One fetch to sign for: the subgraph, the body about to be sent, and the caller (none: a readiness probe). */
export interface ContextRequest {
  subgraph: string;
  body: GraphQLRequestBody;
  caller?: GatewayContextClaims;
}

export type SignGatewayContext = (request: ContextRequest) => Promise<string>;

/** Signer: `GATEWAY_CONTEXT_KEY` (private Ed25519 JWK as JSON), else the development key under KEYS_DIR. */
export async function createGatewayContextSigner(env: NodeJS.ProcessEnv = process.env): Promise<SignGatewayContext> {
  const pair = await gatewayContextKey(env);
  return async ({ subgraph, body, caller }) => {
    // A probe context carries no caller and is only ever signed for the probe document.
    if (!caller && body.query !== PROBE_QUERY) throw new Error('a context without a caller is only signed for the readiness probe');
    const claims = caller
      ? { ori: caller.ori, roles: caller.roles, purpose: caller.purpose, caseNumber: caller.caseNumber, rid: caller.requestId }
      : { probe: true };
    return new SignJWT({ ...claims, bodySha256: requestBodyHash(body) })
      .setProtectedHeader({ alg: pair.alg, kid: pair.kid })
      .setSubject(caller?.sub ?? CONTEXT_ISSUER)
      .setIssuer(CONTEXT_ISSUER)
      .setAudience(subgraph)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${CONTEXT_TTL_SECONDS}s`)
      .sign(pair.privateKey);
  };
}

/**
 * Makes the gateway's public key available to subgraphs started by the same run (`npm start`, the
 * benchmark): the development key pair (whose public half is written beside it), or, with
 * `GATEWAY_CONTEXT_KEY` and no `GATEWAY_CONTEXT_PUBLIC_KEY`, the configured key's public half in `env`.
 */
export async function prepareGatewayContextKeys(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const pair = await gatewayContextKey(env);
  if (env.GATEWAY_CONTEXT_KEY && !env.GATEWAY_CONTEXT_PUBLIC_KEY) env.GATEWAY_CONTEXT_PUBLIC_KEY = JSON.stringify(pair.publicJwk);
}

function gatewayContextKey(env: NodeJS.ProcessEnv): Promise<KeyPair> {
  if (!env.GATEWAY_CONTEXT_KEY) return loadOrCreateKeyPair(GATEWAY_CONTEXT_KEY_NAME, 'EdDSA', keysDir(env));
  let jwk: JWK;
  try {
    jwk = JSON.parse(env.GATEWAY_CONTEXT_KEY) as JWK;
  } catch {
    throw new Error('GATEWAY_CONTEXT_KEY is not JSON: set it to the private Ed25519 JWK the gateway signs subgraph contexts with');
  }
  return keyPairFromPrivateJwk(jwk);
}
