/**
 * Where bearer tokens come from: `AUTH_MODE=oidc` (the agency's OIDC provider: `AUTH_JWKS_URL`,
 * `AUTH_ISSUER`, `AUTH_AUDIENCE`) or `AUTH_MODE=development` (the local key that `npm run token` signs
 * with, created on first use in `KEYS_DIR`). Anyone who can read that key can mint any identity, so
 * production never falls back to it: with `NODE_ENV=production` the mode is `oidc` unless
 * `AUTH_MODE=development` is stated.
 */
export type IdentityConfig =
  { mode: 'oidc'; issuer: string; audience: string; jwksUrl: string } | { mode: 'development'; keysDir?: string };

export type AuthMode = IdentityConfig['mode'];
const AUTH_MODES: readonly AuthMode[] = ['oidc', 'development'];

/**
 * Reads the identity configuration. When `AUTH_MODE` is unset the mode is `oidc` if `AUTH_JWKS_URL` is
 * set, else `fallback` (a runner that is development by definition, `npm start`, passes 'development'),
 * else 'development' outside production and an error in production.
 */
export function identityConfigFromEnv(env: NodeJS.ProcessEnv = process.env, fallback?: AuthMode): IdentityConfig {
  const stated = value(env.AUTH_MODE);
  if (stated !== undefined && !(AUTH_MODES as readonly string[]).includes(stated)) {
    throw new Error(`AUTH_MODE must be oidc or development; got "${stated}"`);
  }
  const jwksUrl = value(env.AUTH_JWKS_URL);
  const mode =
    (stated as AuthMode | undefined) ??
    (jwksUrl !== undefined ? 'oidc' : (fallback ?? (env.NODE_ENV === 'production' ? undefined : 'development')));
  if (mode === undefined) {
    throw new Error(
      'NODE_ENV=production needs an identity provider: set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE, ' +
        'or state AUTH_MODE=development to accept tokens signed by the local development key',
    );
  }
  if (mode === 'development') {
    if (jwksUrl !== undefined) throw new Error('AUTH_MODE=development and AUTH_JWKS_URL are both set: unset one of them');
    return { mode, keysDir: value(env.KEYS_DIR) };
  }
  const issuer = value(env.AUTH_ISSUER);
  const audience = value(env.AUTH_AUDIENCE);
  if (jwksUrl === undefined || issuer === undefined || audience === undefined) {
    const required = { AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience };
    const missing = Object.entries(required).flatMap(([name, set]) => (set === undefined ? [name] : []));
    const names = missing.join(', ').replace(/, ([^,]+)$/, ' and $1');
    throw new Error(stated === undefined ? `AUTH_JWKS_URL is set: ${names} must be set too` : `AUTH_MODE=oidc needs ${names}`);
  }
  if (!URL.canParse(jwksUrl) || !['http:', 'https:'].includes(new URL(jwksUrl).protocol)) {
    throw new Error(`AUTH_JWKS_URL must be an absolute http(s) URL; got "${jwksUrl}"`);
  }
  return { mode, issuer, audience, jwksUrl };
}

function value(raw: string | undefined): string | undefined {
  const trimmed = raw?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
