import path from 'node:path';
import { REPO_ROOT, SUBGRAPH_NAMES, type SubgraphName } from '../common/config.ts';
import { identityConfigFromEnv, type AuthMode, type IdentityConfig } from './identity/config.ts';
import { defaultLimitsConfig, limitsConfigFromEnv, type LimitsConfig } from './limits/config.ts';
import { logLevelFromEnv, type LogLevel } from './logger.ts';

/** Everything the gateway process can be told from outside, already checked. */
export interface GatewayConfig {
  /** Port to listen on: `GATEWAY_PORT`, else `PORT`. @default 4000 (0 picks a free port) */
  port: number;
  /** Interface to bind: `HOST`. @default '127.0.0.1' */
  host: string;
  /** Composed supergraph SDL file: `SUPERGRAPH_PATH`. @default '<repo>/supergraph.graphql' */
  supergraphPath: string;
  /**
   * Subgraph URL overrides: `CJIS_URL`, `NCIC_URL`, `NLETS_URL`, `DMV_URL`, `CORI_URL`. A subgraph
   * without one is reached at the routing_url composed into the supergraph.
   */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Largest accepted request body in bytes: `BODY_LIMIT_BYTES`. @default 102400 (100 kB) */
  bodyLimitBytes: number;
  /** How long `/ready` waits for each subgraph: `READY_TIMEOUT_MS`. @default 1000 */
  readyTimeoutMs: number;
  /** `LOG_LEVEL`. @default 'info' */
  logLevel: LogLevel;
  /** Folder of the field policies: `POLICY_DIR`. @default '<repo>/policies' */
  policyDir: string;
  /**
   * Reload the policy when a file of its folder changes: `POLICY_WATCH=true|false`. Unset: on. SIGHUP
   * reloads either way.
   */
  policyWatch?: boolean;
  /**
   * Shadow mode: `POLICY_CANDIDATE_DIR`, a candidate policy consulted beside the live one; where it would
   * decide differently the audit event records it (`shadow`), the response follows the live policy.
   */
  policyCandidateDir?: string;
  /**
   * Whether clients may introspect the schema: `ALLOW_INTROSPECTION=true|false`. Unset means the
   * runner's default (off for `npm run gateway`, on for the development runner `npm start`).
   */
  allowIntrospection?: boolean;
  /**
   * Where bearer tokens come from: `AUTH_MODE=oidc` with `AUTH_JWKS_URL` + `AUTH_ISSUER` + `AUTH_AUDIENCE`
   * (the agency's OIDC provider), or `AUTH_MODE=development` (the local key, `KEYS_DIR`). Unset: oidc
   * when `AUTH_JWKS_URL` is set, development outside production, and an error with `NODE_ENV=production`.
   */
  identity: IdentityConfig;
  /**
   * Development mode: error messages may suggest field names ("Did you mean ...?"). Only when
   * `NODE_ENV` is not `production` and the identity mode is development.
   */
  development: boolean;
  /**
   * Operation limits (`LIMIT_*`), rate limits (`RATE_*`, `REDIS_URL`) and the sources' deadlines and
   * breakers (`SUBGRAPH_TIMEOUT_MS[_<NAME>]`, `BREAKER_*`); see gateway/limits/config.ts.
   */
  limits: LimitsConfig;
}

export const DEFAULT_GATEWAY_PORT = 4000;

/** Thrown for environment values that cannot be used; lists every bad value at once (one line for one). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid gateway configuration:${problems.length === 1 ? ` ${problems[0]}` : `\n  - ${problems.join('\n  - ')}`}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigDefaults {
  /** The identity mode when neither `AUTH_MODE` nor `AUTH_JWKS_URL` is set (`npm start`: development). */
  authMode?: AuthMode;
}

export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env, defaults: ConfigDefaults = {}): GatewayConfig {
  const problems: string[] = [];
  const check = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (error) {
      problems.push((error as Error).message);
      return fallback;
    }
  };

  const portVariable = nonEmpty(env.GATEWAY_PORT) ? 'GATEWAY_PORT' : 'PORT';
  const config: GatewayConfig = {
    port: check(() => integer(env[portVariable], portVariable, DEFAULT_GATEWAY_PORT, 0, 65535), DEFAULT_GATEWAY_PORT),
    host: nonEmpty(env.HOST) ? env.HOST : '127.0.0.1',
    supergraphPath: path.resolve(nonEmpty(env.SUPERGRAPH_PATH) ? env.SUPERGRAPH_PATH : path.join(REPO_ROOT, 'supergraph.graphql')),
    subgraphUrls: {},
    bodyLimitBytes: check(() => integer(env.BODY_LIMIT_BYTES, 'BODY_LIMIT_BYTES', 100 * 1024, 1024, 50 * 1024 * 1024), 0),
    readyTimeoutMs: check(() => integer(env.READY_TIMEOUT_MS, 'READY_TIMEOUT_MS', 1000, 10, 60_000), 0),
    logLevel: check(() => logLevelFromEnv(env), 'info'),
    policyDir: path.resolve(nonEmpty(env.POLICY_DIR) ? env.POLICY_DIR : path.join(REPO_ROOT, 'policies')),
    policyWatch: check(() => optionalBoolean(env.POLICY_WATCH, 'POLICY_WATCH'), undefined),
    policyCandidateDir: nonEmpty(env.POLICY_CANDIDATE_DIR) ? path.resolve(env.POLICY_CANDIDATE_DIR) : undefined,
    allowIntrospection: check(() => optionalBoolean(env.ALLOW_INTROSPECTION, 'ALLOW_INTROSPECTION'), undefined),
    identity: check((): IdentityConfig => identityConfigFromEnv(env, defaults.authMode), { mode: 'development' }),
    development: false,
    limits: check(() => limitsConfigFromEnv(env), defaultLimitsConfig()),
  };
  config.development = config.identity.mode === 'development' && env.NODE_ENV !== 'production';
  for (const name of SUBGRAPH_NAMES) {
    const variable = `${name.toUpperCase()}_URL`;
    const raw = env[variable];
    if (!nonEmpty(raw)) continue;
    check(() => {
      config.subgraphUrls[name] = httpUrl(raw, variable);
    }, undefined);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Checks that `value` is an absolute http(s) URL; returns it unchanged. */
export function httpUrl(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${variable} must be an absolute http(s) URL such as http://localhost:4001/graphql; got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${variable} must use http or https; got "${value}"`);
  }
  return value;
}

function integer(raw: string | undefined, variable: string, fallback: number, min: number, max: number): number {
  if (!nonEmpty(raw)) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new Error(`${variable} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

function optionalBoolean(raw: string | undefined, variable: string): boolean | undefined {
  if (!nonEmpty(raw)) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`${variable} must be true or false; got "${raw}"`);
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
