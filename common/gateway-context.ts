import { createHash } from 'node:crypto';
import { errors as joseErrors, importJWK, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { keysDir, publicKeyFile, readPublicJwk } from './keys.ts';
import { ReplayGuard } from './replay-guard.ts';

/**
 * The signed context the gateway sends with every subgraph request, and its verification by the
 * subgraph. Subgraphs trust only the gateway; a context is accepted only
 * - signed by the gateway's Ed25519 key (subgraphs hold only the public key, so no subgraph can mint one);
 * - by the subgraph it was signed for (`aud` = the subgraph's name);
 * - with the request body it was signed for (`bodySha256`, see `requestBodyHash`);
 * - once (`jti`, remembered for the context's lifetime);
 * - within seconds of being issued (`CONTEXT_TTL_SECONDS`).
 * Anything else is refused with 401, `_entities` and `_service` included. The gateway side (signing)
 * is in common/context-signer.ts.
 */
export const GATEWAY_CONTEXT_HEADER = 'x-gateway-context';
export const CONTEXT_ISSUER = 'clets-gateway';
/** Name of the development key pair under KEYS_DIR (the public half: `gateway-context.pub.jwk.json`). */
export const GATEWAY_CONTEXT_KEY_NAME = 'gateway-context';

/** Lifetime of one context: it is signed just before its one fetch is sent. */
export const CONTEXT_TTL_SECONDS = 10;
/** Clock difference tolerated between the gateway and a subgraph. */
export const CLOCK_TOLERANCE_SECONDS = 2;

/**
 * The one document a readiness-probe context (`probe: true`, no caller) may run: it reads no data.
 * The gateway's `/ready` sends it; a subgraph refuses a probe context with any other body.
 */
export const PROBE_QUERY = 'query __GatewayReadinessProbe__ { __typename }';

/** The caller as the gateway decided them, carried in the context. */
export interface GatewayContextClaims {
  sub: string;
  ori: string;
  roles: string[];
  purpose: string;
  caseNumber?: string;
  requestId: string;
}

/** The caller a probe context stands for: nobody (no roles, no agency, no purpose). */
export const PROBE_CALLER: Readonly<GatewayContextClaims> = Object.freeze({
  sub: CONTEXT_ISSUER,
  ori: '',
  roles: [],
  purpose: '',
  requestId: 'readiness-probe',
});

/** A GraphQL-over-HTTP request body, as the gateway sends it or as the subgraph parsed it. */
export interface GraphQLRequestBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/**
 * The hash a context binds its request body with: SHA-256 (base64url) of the JSON of
 * `{query, operationName, variables, extensions}` in that order. The gateway computes it from the request
 * it is about to serialize, the subgraph from the body it parsed: JSON.stringify(JSON.parse(s)) === s for
 * any s that JSON.stringify produced, so both sides agree exactly when the body arrived as sent.
 */
export function requestBodyHash(body: GraphQLRequestBody): string {
  const canonical = JSON.stringify({
    query: body.query,
    operationName: body.operationName,
    variables: body.variables,
    extensions: body.extensions,
  });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** What a subgraph knows of the request the context came with. */
export interface ReceivedRequest {
  method: string;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
}

export type VerifyGatewayContext = (token: string | undefined, request: ReceivedRequest) => Promise<GatewayContextClaims>;

export class GatewayContextError extends Error {}

/**
 * The verifier of one subgraph (`audience` = its name), with its own memory of used contexts. The key is
 * the gateway's public key: `GATEWAY_CONTEXT_PUBLIC_KEY` (JWK as JSON), else the development public key
 * that the gateway writes to `<KEYS_DIR>/gateway-context.pub.jwk.json`. Without either it throws a
 * one-line message saying how to provide one.
 */
export async function createGatewayContextVerifier(audience: string, env: NodeJS.ProcessEnv = process.env): Promise<VerifyGatewayContext> {
  const key = await gatewayPublicKey(env);
  const used = new ReplayGuard();
  return async (token, request) => {
    if (!token) throw new GatewayContextError('missing gateway context: subgraphs answer only the gateway');
    const body = jsonBody(request);
    const payload = await verifySignedContext(token, key, audience);
    if (payload.bodySha256 !== requestBodyHash(body)) {
      throw new GatewayContextError('the gateway context was signed for another request body');
    }
    const probe = payload.probe === true;
    if (probe && !isProbeBody(body)) throw new GatewayContextError('a readiness-probe context may only run the probe query');
    // Remembered until it would be refused as expired anyway (the earlier of exp and iat + TTL).
    const issuedAt = payload.iat as number;
    const forgetAfter = Math.min(payload.exp as number, issuedAt + CONTEXT_TTL_SECONDS) + CLOCK_TOLERANCE_SECONDS;
    let first: boolean;
    try {
      first = used.admit(payload.jti as string, forgetAfter);
    } catch (error) {
      throw new GatewayContextError((error as Error).message);
    }
    if (!first) throw new GatewayContextError('the gateway context was already used');
    return probe ? { ...PROBE_CALLER } : callerOf(payload);
  };
}

async function verifySignedContext(token: string, key: CryptoKey, audience: string): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: CONTEXT_ISSUER,
      audience,
      algorithms: ['EdDSA'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: CONTEXT_TTL_SECONDS,
      requiredClaims: ['jti', 'iat', 'exp', 'bodySha256'],
    });
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') {
      throw new GatewayContextError('the gateway context was signed for another subgraph');
    }
    if (error instanceof joseErrors.JWTExpired) throw new GatewayContextError('the gateway context has expired');
    throw new GatewayContextError(`invalid gateway context: ${(error as Error).message}`);
  }
}

/** Only a POSTed JSON object can be bound to a context (GET and batched arrays are refused). */
function jsonBody(request: ReceivedRequest): GraphQLRequestBody {
  const { body } = request;
  if (request.method !== 'POST' || typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayContextError('a gateway context is accepted only with a POSTed JSON object body');
  }
  return body;
}

function isProbeBody(body: GraphQLRequestBody): boolean {
  return body.query === PROBE_QUERY && body.operationName === undefined && body.variables === undefined && body.extensions === undefined;
}

function callerOf(payload: JWTPayload): GatewayContextClaims {
  if (
    typeof payload.sub !== 'string' ||
    typeof payload.ori !== 'string' ||
    !Array.isArray(payload.roles) ||
    typeof payload.purpose !== 'string'
  ) {
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
}

/** The gateway's public key, from configuration or the development key's public file; never a private key. */
async function gatewayPublicKey(env: NodeJS.ProcessEnv): Promise<CryptoKey> {
  let jwk: JWK;
  let source: string;
  if (env.GATEWAY_CONTEXT_PUBLIC_KEY) {
    source = 'GATEWAY_CONTEXT_PUBLIC_KEY';
    try {
      jwk = JSON.parse(env.GATEWAY_CONTEXT_PUBLIC_KEY) as JWK;
    } catch {
      throw new Error(
        'GATEWAY_CONTEXT_PUBLIC_KEY is not JSON: set it to the public Ed25519 JWK of the gateway (GATEWAY_CONTEXT_KEY without "d")',
      );
    }
  } else {
    const dir = keysDir(env);
    const found = readPublicJwk(GATEWAY_CONTEXT_KEY_NAME, dir);
    if (!found) {
      throw new Error(
        `no public key to verify the gateway's context: set GATEWAY_CONTEXT_PUBLIC_KEY to the gateway's public Ed25519 JWK, or start the gateway once (npm start or npm run gateway) so that it writes ${publicKeyFile(GATEWAY_CONTEXT_KEY_NAME, dir)}`,
      );
    }
    jwk = found;
    source = publicKeyFile(GATEWAY_CONTEXT_KEY_NAME, dir);
  }
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519')
    throw new Error(`${source} is not an Ed25519 JWK`);
  if ('d' in jwk) throw new Error(`${source} holds a private key: give subgraphs only the public part (the JWK without "d")`);
  return (await importJWK(jwk, 'EdDSA')) as CryptoKey;
}
