import { errors } from 'jose';

/**
 * Why a bearer token was refused, as the caller is told (`extensions.reason` of the 401) and the audit
 * trail records. Each message is fixed text: nothing of the token (claims, key ids, header) is echoed,
 * so a refusal teaches a caller what to fix (log in again, use the right identity provider) and nothing
 * about the gateway's keys or other users.
 */
export const TOKEN_REFUSALS = {
  TOKEN_MISSING: 'Authentication required: send a bearer token (Authorization: Bearer <JWT>).',
  TOKEN_MALFORMED:
    'The Authorization header is not a bearer JWT (Authorization: Bearer <header>.<payload>.<signature>) or the token cannot be decoded.',
  TOKEN_EXPIRED: 'The bearer token has expired: obtain a new one.',
  TOKEN_NOT_YET_VALID: 'The bearer token is not valid yet (its "nbf" is in the future): check the clock of the issuer.',
  TOKEN_WRONG_ISSUER: 'The bearer token was issued by an identity provider this gateway does not accept.',
  TOKEN_WRONG_AUDIENCE: 'The bearer token was issued for another audience, not for this gateway.',
  TOKEN_BAD_SIGNATURE: 'The bearer token signature does not verify with the keys of the accepted identity provider.',
  TOKEN_CLAIMS_INVALID: 'The bearer token lacks a required claim or has an invalid one (sub, ori, roles, exp).',
  TOKEN_UNVERIFIABLE: 'The bearer token could not be verified: the keys of the identity provider are unavailable. Try again later.',
} as const;

export type TokenRefusal = keyof typeof TOKEN_REFUSALS;

/** Why a token was refused: `reason` and its fixed message go to the caller; `detail` only to the log and the audit. */
export class AuthenticationError extends Error {
  constructor(
    readonly reason: TokenRefusal,
    readonly detail: string = TOKEN_REFUSALS[reason],
  ) {
    super(`${reason}: ${detail}`);
  }

  /** The message the caller is given. */
  get publicMessage(): string {
    return TOKEN_REFUSALS[this.reason];
  }
}

/** Classifies an error thrown by jose's `jwtVerify`. */
export function refusalOf(error: unknown): TokenRefusal {
  if (error instanceof errors.JWTExpired) return 'TOKEN_EXPIRED';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'TOKEN_WRONG_ISSUER';
    if (error.claim === 'aud') return 'TOKEN_WRONG_AUDIENCE';
    if ((error.claim === 'nbf' || error.claim === 'iat') && error.reason === 'check_failed') return 'TOKEN_NOT_YET_VALID';
    return 'TOKEN_CLAIMS_INVALID';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return 'TOKEN_BAD_SIGNATURE';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return 'TOKEN_UNVERIFIABLE';
  // JWSInvalid, JWTInvalid, JOSEAlgNotAllowed (alg "none" included), JOSENotSupported, bad base64 or JSON.
  return 'TOKEN_MALFORMED';
}
