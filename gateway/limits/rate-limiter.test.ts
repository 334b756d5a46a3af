import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { defaultLimitsConfig, type RateLimitConfig } from './config.ts';
import { RateLimits } from './rate-limiter.ts';

const logger = createLogger('silent');

function memoryLimits(overrides: Partial<RateLimitConfig>): RateLimits {
  return RateLimits.create({ ...defaultLimitsConfig().rate, ...overrides }, logger);
}

const officer = { sub: 'u-1', ori: 'CA0190100' };

describe('rate limits in memory', () => {
  it('admits a user up to the steady rate and the burst, then refuses with the seconds to wait', async () => {
    const limits = memoryLimits({ user: { perSecond: 2, burst: 3 }, agency: { perSecond: 1000, burst: 0 } });
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await limits.admit(officer));
    expect(decisions.slice(0, 5)).toEqual(Array(5).fill({ allowed: true }));
    expect(decisions[5]).toMatchObject({ allowed: false, limit: 'user' });
    const refused = decisions[5] as { retryAfterSeconds: number };
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(2);
    // Another user of the same agency has a budget of their own.
    expect(await limits.admit({ sub: 'u-2', ori: officer.ori })).toEqual({ allowed: true });
  });

  it('shares an agency budget between its users', async () => {
    const limits = memoryLimits({ user: { perSecond: 100, burst: 0 }, agency: { perSecond: 3, burst: 0 } });
    for (const sub of ['a', 'b', 'c']) expect(await limits.admit({ sub, ori: 'CA0190100' })).toEqual({ allowed: true });
    expect(await limits.admit({ sub: 'd', ori: 'CA0190100' })).toMatchObject({ allowed: false, limit: 'agency' });
    expect(await limits.admit({ sub: 'd', ori: 'CA0340N01' })).toEqual({ allowed: true });
  });

  it('admits everyone when rate limits are off', async () => {
    const limits = memoryLimits({ enabled: false, user: { perSecond: 1, burst: 0 } });
    for (let i = 0; i < 10; i++) expect(await limits.admit(officer)).toEqual({ allowed: true });
  });

  it('blocks a client address after its budget of invalid tokens, for the rest of the minute', async () => {
    const limits = memoryLimits({ badTokensPerMinute: 3 });
    for (let i = 0; i < 3; i++) {
      expect(await limits.badTokensExceeded('10.0.0.7')).toEqual({ allowed: true });
      await limits.countBadToken('10.0.0.7');
    }
    const blocked = await limits.badTokensExceeded('10.0.0.7');
    expect(blocked).toMatchObject({ allowed: false, limit: 'bad-tokens' });
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(50);
    expect(await limits.badTokensExceeded('10.0.0.8')).toEqual({ allowed: true });
  });
});
