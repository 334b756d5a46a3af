import { describe, expect, it } from 'vitest';
import { defaultLimitsConfig, limitsConfigFromEnv, MAX_SUBGRAPH_TIMEOUT_MS, publicLimits } from './config.ts';

describe('limitsConfigFromEnv', () => {
  it('defaults without any variable', () => {
    expect(limitsConfigFromEnv({})).toEqual(defaultLimitsConfig());
  });

  it('reads every limit, a per-subgraph deadline over the default one, and the Redis URL', () => {
    const config = limitsConfigFromEnv({
      LIMIT_DEPTH: '8',
      LIMIT_ALIASES: '5',
      LIMIT_TOKENS: '500',
      LIMIT_DIRECTIVES: '4',
      LIMIT_COST: '2000',
      LIMIT_LIST_SIZE: '3',
      RATE_USER_PER_SECOND: '2',
      RATE_USER_BURST: '10',
      RATE_AGENCY_PER_SECOND: '50',
      RATE_AGENCY_BURST: '0',
      RATE_BAD_TOKENS_PER_MINUTE: '4',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SUBGRAPH_TIMEOUT_MS: '2000',
      SUBGRAPH_TIMEOUT_MS_CORI: '5000',
      BREAKER_FAILURES: '2',
      BREAKER_COOLDOWN_MS: '500',
    });
    expect(config.operation).toEqual({ depth: 8, aliases: 5, tokens: 500, directives: 4, cost: 2000, listSize: 3 });
    expect(config.rate).toEqual({
      enabled: true,
      user: { perSecond: 2, burst: 10 },
      agency: { perSecond: 50, burst: 0 },
      badTokensPerMinute: 4,
      redisUrl: 'redis://127.0.0.1:6379',
    });
    expect(config.sources).toEqual({
      timeoutMs: { cjis: 2000, ncic: 2000, nlets: 2000, dmv: 2000, cori: 5000, rms: 2000, audit: 2000 },
      breakerFailures: 2,
      breakerCooldownMs: 500,
    });
    expect(limitsConfigFromEnv({ RATE_LIMITS: 'off' }).rate.enabled).toBe(false);
  });

  it('refuses a deadline the signed subgraph context would not outlive, and lists every bad value', () => {
    expect(() => limitsConfigFromEnv({ SUBGRAPH_TIMEOUT_MS_CORI: '10000' })).toThrow(
      `SUBGRAPH_TIMEOUT_MS_CORI must be a whole number from 100 to ${MAX_SUBGRAPH_TIMEOUT_MS}`,
    );
    const problems = (() => {
      try {
        limitsConfigFromEnv({ LIMIT_DEPTH: 'deep', REDIS_URL: 'http://x', RATE_LIMITS: 'maybe' });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const variable of ['LIMIT_DEPTH', 'REDIS_URL', 'RATE_LIMITS']) expect(problems).toContain(variable);
  });

  it('shows no store address publicly', () => {
    const shown = JSON.stringify(publicLimits(limitsConfigFromEnv({ REDIS_URL: 'redis://:secret@cache.internal:6379' })));
    expect(shown).not.toContain('secret');
    expect(shown).toContain('"store":"redis"');
  });
});
