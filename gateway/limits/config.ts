import { SUBGRAPH_NAMES } from '../../common/config.ts';
import { CONTEXT_TTL_SECONDS } from '../../common/gateway-context.ts';

/** How big one operation may be; checked before any planning or fetching (QUERY_TOO_COMPLEX beyond). */
export interface OperationLimits {
  /** Deepest selection nesting: `LIMIT_DEPTH`. */
  depth: number;
  /** Aliased fields in one operation (`__typename` aliases are free): `LIMIT_ALIASES`. */
  aliases: number;
  /** Lexical tokens in the document, counted while parsing: `LIMIT_TOKENS`. */
  tokens: number;
  /** Directives in one operation (`@include`, `@skip` ...): `LIMIT_DIRECTIVES`. */
  directives: number;
  /** Fields the operation can resolve, list fan-out multiplied (see fan-out-cost.ts): `LIMIT_COST`. */
  cost: number;
  /** Length assumed for a list field that has no argument saying how long it is: `LIMIT_LIST_SIZE`. */
  listSize: number;
}

/** A sustained rate with a burst allowance on top (rate-limiter-flexible's BurstyRateLimiter). */
export interface RateBudget {
  /** Requests per second allowed indefinitely. */
  perSecond: number;
  /** Extra requests allowed above that rate, refilled over `burst / perSecond` seconds. */
  burst: number;
}

export interface RateLimitConfig {
  /** `RATE_LIMITS=off` turns every rate limit off (benchmarks only). @default true */
  enabled: boolean;
  /** Per user (token `sub`): `RATE_USER_PER_SECOND`, `RATE_USER_BURST`. */
  user: RateBudget;
  /** Per agency (token `ori`), shared by all its users: `RATE_AGENCY_PER_SECOND`, `RATE_AGENCY_BURST`. */
  agency: RateBudget;
  /** Invalid bearer tokens per client address per minute before it is refused unverified: `RATE_BAD_TOKENS_PER_MINUTE`. */
  badTokensPerMinute: number;
  /** Shared store for several gateway replicas: `REDIS_URL`; unset = this process's memory. */
  redisUrl?: string;
}

export interface SourceConfig {
  /** Deadline of one subgraph fetch, by subgraph: `SUBGRAPH_TIMEOUT_MS`, `SUBGRAPH_TIMEOUT_MS_<NAME>`. */
  timeoutMs: Record<string, number>;
  /** Consecutive failures (timeouts, refused connections, 5xx) that open a source's breaker: `BREAKER_FAILURES`. */
  breakerFailures: number;
  /** How long an open breaker fails fast before it lets one probe request through: `BREAKER_COOLDOWN_MS`. */
  breakerCooldownMs: number;
}

/** Operation limits, rate limits, and deadlines and breakers toward the sources. */
export interface LimitsConfig {
  operation: OperationLimits;
  rate: RateLimitConfig;
  sources: SourceConfig;
}

/**
 * Defaults: every README example, the IDE's default profile and every operation of the tests pass (the
 * authorization fuzzer's random operations reach depth 12, 83 aliases, ~1,000 tokens and 31 directives;
 * twenty full profiles in one `persons(ids:)` cost ~62,000), while the reported attacks are refused: the
 * 14-level `vehicles { registeredOwner { vehicles ... } }` fan-out by its depth and its cost (~10^7), the 3,000-alias bomb
 * by its aliases and tokens.
 */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = Object.freeze({
  depth: 15,
  aliases: 100,
  tokens: 3000,
  directives: 50,
  cost: 100_000,
  listSize: 10,
});

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 3000;
/** A fetch must end before the signed context it carries expires (CONTEXT_TTL_SECONDS), with a margin. */
export const MAX_SUBGRAPH_TIMEOUT_MS = CONTEXT_TTL_SECONDS * 1000 - 1000;

export function defaultLimitsConfig(): LimitsConfig {
  return {
    operation: { ...DEFAULT_OPERATION_LIMITS },
    rate: {
      enabled: true,
      user: { perSecond: 20, burst: 200 },
      agency: { perSecond: 200, burst: 2000 },
      badTokensPerMinute: 10,
    },
    sources: {
      timeoutMs: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, DEFAULT_SUBGRAPH_TIMEOUT_MS])),
      breakerFailures: 5,
      breakerCooldownMs: 10_000,
    },
  };
}

/** Reads the limits from the environment; throws one Error listing every bad value. */
export function limitsConfigFromEnv(env: NodeJS.ProcessEnv): LimitsConfig {
  const problems: string[] = [];
  const read = (variable: string, fallback: number, min: number, max: number): number => {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      problems.push(`${variable} must be a whole number from ${min} to ${max}; got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const defaults = defaultLimitsConfig();
  const op = defaults.operation;
  const rate = defaults.rate;
  const defaultTimeout = read('SUBGRAPH_TIMEOUT_MS', DEFAULT_SUBGRAPH_TIMEOUT_MS, 100, MAX_SUBGRAPH_TIMEOUT_MS);
  const rateSwitch = env.RATE_LIMITS?.trim().toLowerCase();
  if (rateSwitch !== undefined && rateSwitch !== '' && rateSwitch !== 'on' && rateSwitch !== 'off') {
    problems.push(`RATE_LIMITS must be on or off; got "${env.RATE_LIMITS}"`);
  }
  const redisUrl = env.REDIS_URL?.trim();
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push(`REDIS_URL must be a redis:// or rediss:// URL; got "${redisUrl}"`);
  const config: LimitsConfig = {
    operation: {
      depth: read('LIMIT_DEPTH', op.depth, 1, 1000),
      aliases: read('LIMIT_ALIASES', op.aliases, 0, 100_000),
      tokens: read('LIMIT_TOKENS', op.tokens, 10, 1_000_000),
      directives: read('LIMIT_DIRECTIVES', op.directives, 0, 100_000),
      cost: read('LIMIT_COST', op.cost, 1, 1_000_000_000),
      listSize: read('LIMIT_LIST_SIZE', op.listSize, 1, 10_000),
    },
    rate: {
      enabled: rateSwitch !== 'off',
      user: {
        perSecond: read('RATE_USER_PER_SECOND', rate.user.perSecond, 1, 1_000_000),
        burst: read('RATE_USER_BURST', rate.user.burst, 0, 10_000_000),
      },
      agency: {
        perSecond: read('RATE_AGENCY_PER_SECOND', rate.agency.perSecond, 1, 1_000_000),
        burst: read('RATE_AGENCY_BURST', rate.agency.burst, 0, 10_000_000),
      },
      badTokensPerMinute: read('RATE_BAD_TOKENS_PER_MINUTE', rate.badTokensPerMinute, 1, 1_000_000),
      ...(redisUrl ? { redisUrl } : {}),
    },
    sources: {
      timeoutMs: Object.fromEntries(
        SUBGRAPH_NAMES.map((name) => [
          name,
          read(`SUBGRAPH_TIMEOUT_MS_${name.toUpperCase()}`, defaultTimeout, 100, MAX_SUBGRAPH_TIMEOUT_MS),
        ]),
      ),
      breakerFailures: read('BREAKER_FAILURES', defaults.sources.breakerFailures, 1, 10_000),
      breakerCooldownMs: read('BREAKER_COOLDOWN_MS', defaults.sources.breakerCooldownMs, 100, 3_600_000),
    },
  };
  if (problems.length > 0) throw new Error(problems.join('; '));
  return config;
}

/** What `GET /limits` shows and the gateway logs at start: numbers only, no store URL. */
export function publicLimits(config: LimitsConfig): Record<string, unknown> {
  return {
    operation: config.operation,
    rate: {
      enabled: config.rate.enabled,
      user: config.rate.user,
      agency: config.rate.agency,
      badTokensPerMinute: config.rate.badTokensPerMinute,
      store: config.rate.redisUrl ? 'redis' : 'memory',
    },
    sources: config.sources,
  };
}
