import { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../logger.ts';
import type { RateBudget, RateLimitConfig } from './config.ts';

export type RateLimitName = 'user' | 'agency' | 'bad-tokens';

export type RateDecision = { allowed: true } | { allowed: false; limit: RateLimitName; retryAfterSeconds: number };

/** What a budget must do: rate-limiter-flexible's limiters and its BurstyRateLimiter fit. */
interface Consumer {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
}

interface Limiter extends Consumer {
  get(key: string): Promise<RateLimiterRes | null>;
  penalty(key: string, points?: number): Promise<RateLimiterRes>;
}

interface LimiterShape {
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}

/**
 * Per-user and per-agency rate limits and the throttle on invalid tokens, in Redis when `REDIS_URL` is set
 * (every gateway replica shares the budgets) or in this process's memory.
 *
 * Each budget is a steady rate plus a burst allowance (rate-limiter-flexible's BurstyRateLimiter, its
 * token-bucket-like limiter): `perSecond` requests in every second, and when those are spent, up to `burst`
 * more drawn from an allowance that refills every `burst / perSecond` seconds.
 *
 * Redis down: each replica falls back to the same limits in its own memory (fail open to per-replica
 * limits, logged as an error), rather than refusing every request (fail closed) or dropping the limits
 * altogether. An outage of a counter store should not cut officers off from wants and officer-safety
 * data, and a per-replica limit still bounds a flood to (replicas × limit).
 */
export class RateLimits {
  private readonly user?: Consumer;
  private readonly agency?: Consumer;
  private readonly badTokens: Limiter;

  private constructor(
    private readonly config: RateLimitConfig,
    makeLimiter: (shape: LimiterShape) => Limiter,
    private readonly redis?: Redis,
  ) {
    if (config.enabled) {
      this.user = bursty(makeLimiter, 'rl:user', config.user);
      this.agency = bursty(makeLimiter, 'rl:agency', config.agency);
    }
    this.badTokens = makeLimiter({ keyPrefix: 'rl:bad-token', points: config.badTokensPerMinute, duration: 60 });
  }

  /** In-process limits (no REDIS_URL), or shared ones in Redis. */
  static create(config: RateLimitConfig, logger: Logger): RateLimits {
    if (!config.redisUrl) return new RateLimits(config, (shape) => new RateLimiterMemory(shape));
    const redis = new Redis(config.redisUrl, {
      // A request must not wait for a Redis that is down or hung: fail the command at once or after
      // 250 ms, and let the fallback below take over.
      enableOfflineQueue: false,
      commandTimeout: 250,
      maxRetriesPerRequest: 0,
      lazyConnect: false,
    });
    redis.on('error', () => undefined); // connection errors surface as failed commands, logged by StoreHealth
    const health = new StoreHealth(logger);
    return new RateLimits(
      config,
      (shape) =>
        new SharedOrLocal(
          new RateLimiterRedis({ ...shape, storeClient: redis, rejectIfRedisNotReady: true }),
          new RateLimiterMemory(shape),
          health,
        ),
      redis,
    );
  }

  /** Spends one request of the caller's and of their agency's budget; the first spent budget refuses. */
  async admit(caller: { sub: string; ori: string }): Promise<RateDecision> {
    if (!this.user || !this.agency) return { allowed: true };
    const user = await spend(this.user, caller.sub, 'user');
    if (!user.allowed) return user;
    return spend(this.agency, caller.ori, 'agency');
  }

  /** Whether this client address has sent too many invalid tokens lately (nothing is spent). */
  async badTokensExceeded(address: string): Promise<RateDecision> {
    const state = await this.badTokens.get(address);
    if (state && state.consumedPoints >= this.config.badTokensPerMinute) {
      return { allowed: false, limit: 'bad-tokens', retryAfterSeconds: seconds(state.msBeforeNext) };
    }
    return { allowed: true };
  }

  /** Counts one invalid token from this client address. */
  async countBadToken(address: string): Promise<void> {
    await this.badTokens.penalty(address, 1);
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

function bursty(makeLimiter: (shape: LimiterShape) => Limiter, keyPrefix: string, budget: RateBudget): Consumer {
  const steady = makeLimiter({ keyPrefix, points: budget.perSecond, duration: 1 });
  if (budget.burst === 0) return steady;
  const burst = makeLimiter({
    keyPrefix: `${keyPrefix}:burst`,
    points: budget.burst,
    duration: Math.max(1, Math.ceil(budget.burst / budget.perSecond)),
  });
  // BurstyRateLimiter only calls consume/get: the fallback wrapper below is as good as a store limiter.
  return new BurstyRateLimiter(steady as unknown as RateLimiterMemory, burst as unknown as RateLimiterMemory);
}

async function spend(limiter: Consumer, key: string, limit: RateLimitName): Promise<RateDecision> {
  try {
    await limiter.consume(key, 1);
    return { allowed: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, limit, retryAfterSeconds: seconds(rejection.msBeforeNext) };
    throw rejection;
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** The Redis limiter, or the same limits in memory when Redis fails (a refusal is not a failure). */
class SharedOrLocal implements Limiter {
  constructor(
    private readonly shared: RateLimiterRedis,
    private readonly local: RateLimiterMemory,
    private readonly health: StoreHealth,
  ) {}

  consume(key: string, points = 1): Promise<RateLimiterRes> {
    return this.settle(this.shared.consume(key, points), () => this.local.consume(key, points));
  }

  get(key: string): Promise<RateLimiterRes | null> {
    return this.settle(this.shared.get(key), () => this.local.get(key));
  }

  penalty(key: string, points = 1): Promise<RateLimiterRes> {
    return this.settle(this.shared.penalty(key, points), () => this.local.penalty(key, points));
  }

  private settle<T>(shared: Promise<T>, local: () => Promise<T>): Promise<T> {
    return shared.then(
      (result) => {
        this.health.ok();
        return result;
      },
      (error: unknown) => {
        if (error instanceof RateLimiterRes) {
          this.health.ok();
          throw error; // a refusal, not a failure
        }
        this.health.failed(error);
        return local();
      },
    );
  }
}

/** Logs the first failure of an outage as an error and the store's return, not every request. */
class StoreHealth {
  private failing = false;

  constructor(private readonly logger: Logger) {}

  failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.error(
      { err: error },
      'RATE LIMIT STORE UNAVAILABLE (Redis): each replica enforces the limits in its own memory until it is back',
    );
  }

  ok(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.info('rate limit store (Redis) is back: the replicas share the limits again');
  }
}
