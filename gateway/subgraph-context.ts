import { randomUUID } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import {
  CONTEXT_ISSUER,
  CONTEXT_TTL_SECONDS,
  GATEWAY_CONTEXT_HEADER,
  GATEWAY_CONTEXT_KEY_NAME,
  PROBE_QUERY,
  requestBodyHash,
  type GatewayContextClaims,
  type GraphQLRequestBody,
} from '../subgraphs/shared/gateway-context.ts';
import { keyPairFromPrivateJwk, keysDir, loadOrCreateKeyPair, type KeyPair } from '../subgraphs/shared/keys.ts';
import type { SubgraphHeaders } from './gateway.ts';

/**
 * The gateway's half of subgraph trust (subgraphs/shared/gateway-context.ts verifies): one signed
 * context per fetch, bound to the subgraph it goes to, to the exact body sent, single-use and valid
 * for seconds.
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

/**
 * The `subgraphHeaders` of the product: a context signed for each fetch. Client operations carry their
 * decided caller; the readiness probe carries none.
 */
export function signedSubgraphContext(sign: SignGatewayContext): SubgraphHeaders {
  return async ({ subgraph, body, context }) => {
    let caller: GatewayContextClaims | undefined;
    if (context) {
      const decided = context.authorization?.decisionContext;
      // Only requests that passed identity and purpose reach execution; anything else is a wiring bug.
      if (!decided) throw new Error('no caller on a request that reached a subgraph');
      caller = { sub: decided.sub, ori: decided.ori, roles: [...decided.roles], purpose: decided.purpose, caseNumber: decided.caseNumber, requestId: context.requestId };
    }
    return { [GATEWAY_CONTEXT_HEADER]: await sign({ subgraph, body, caller }) };
  };
}
