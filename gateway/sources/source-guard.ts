import { AsyncLocalStorage } from 'node:async_hooks';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { SourceConfig } from '../limits/config.ts';
import type { Logger } from '../logger.ts';
import { sourceUnavailable } from '../subgraph-errors.ts';
import { Breaker, CircuitOpenError, type BreakerState } from './breaker.ts';

export const SOURCE_TIMEOUT = 'SOURCE_TIMEOUT';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** Watches each fetch (metrics, trace span): `start` before it, `end` once it has answered or failed. */
export interface FetchObserver {
  start(source: string): { headers: Record<string, string>; end(outcome: 'ok' | typeof SOURCE_TIMEOUT | 'SOURCE_UNAVAILABLE'): void };
}

/** A fetch that ran out of time: its own deadline (the source was late) or the request's (it was not). */
export class SourceDeadlineError extends Error {
  constructor(
    readonly source: string,
    readonly afterMs: number,
    /** True when the source had at least half its own deadline: counts against it in its breaker. */
    readonly sourceWasLate: boolean,
  ) {
    super(`no answer from ${source} within ${afterMs} ms`);
    this.name = 'SourceDeadlineError';
  }
}

/** A source that answered with a server error (5xx): counts against it in its breaker. */
export class SourceServerError extends Error {
  constructor(
    readonly source: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${source} answered HTTP ${status}`);
    this.name = 'SourceServerError';
  }
}

/** When the fetches made for one client request must end (performance.now() time). */
const requestDeadline = new AsyncLocalStorage<number>();

/** Kept from a request's deadline for what follows its last fetch (shield pass, durable audit write). */
export const RESPONSE_RESERVE_MS = 50;

/**
 * Deadlines and circuit breakers toward the sources. Every fetch ends within its source's deadline
 * (`timeoutMs[source]`), and every fetch made for one client request ends within the longest deadline of
 * any source counted from when the gateway received the request (less RESPONSE_RESERVE_MS for the work
 * after it) — so a plan that asks sources one after the other still answers in time. A fetch that runs out
 * of time is aborted (socket closed) and the client gets its partial answer with SOURCE_TIMEOUT naming the
 * source. Consecutive failures open that source's breaker — a refused or reset connection, a 5xx, or running
 * out of time after having had at least half of its own deadline (a source asked late in a plan, after a
 * slow one, is not blamed for the other's slowness) — and its fetches then fail at once with
 * SOURCE_UNAVAILABLE until a probe after the cool-down succeeds.
 */
export class SourceGuard {
  private readonly breakers = new Map<string, Breaker>();
  private readonly requestBudgetMs: number;

  constructor(
    private readonly config: SourceConfig,
    private readonly logger: Logger,
    private readonly observer?: FetchObserver,
  ) {
    this.requestBudgetMs = Math.max(...Object.values(config.timeoutMs)) - RESPONSE_RESERVE_MS;
  }

  /** Names of the sources whose breaker is not closed (open, or half-open while its probe runs). */
  openCircuits(): string[] {
    return [...this.breakers.values()].filter((b) => b.state !== 'closed').map((b) => b.source);
  }

  /** Runs one data-source `process()` under the deadline of the request that started at `startedAt`. */
  withinRequest<T>(startedAt: number | undefined, process: () => Promise<T>): Promise<T> {
    return requestDeadline.run((startedAt ?? performance.now()) + this.requestBudgetMs, process);
  }

  /** The fetcher for one source's data source: deadline, breaker, and the whole body read in time. */
  fetcherFor(source: string): Fetcher {
    const breaker = this.breaker(source);
    const ownMs = Math.min(this.config.timeoutMs[source] ?? this.requestBudgetMs, this.requestBudgetMs);
    return async (url: string, init?: FetcherRequestInit): Promise<FetcherResponse> => {
      const remainingMs = Math.floor((requestDeadline.getStore() ?? Infinity) - performance.now());
      const timeoutMs = Math.min(ownMs, remainingMs);
      const observation = this.observer?.start(source);
      try {
        if (timeoutMs <= 0) throw new SourceDeadlineError(source, 0, false);
        const traced = observation ? { ...init, headers: { ...init?.headers, ...observation.headers } } : init;
        const response = await breaker.run(() => fetchInTime(source, url, traced, timeoutMs, timeoutMs * 2 >= ownMs), countsAgainstSource);
        observation?.end('ok');
        return response;
      } catch (error) {
        observation?.end(error instanceof SourceDeadlineError ? SOURCE_TIMEOUT : 'SOURCE_UNAVAILABLE');
        throw error;
      }
    };
  }

  /** A failed fetch shared by one more client request (merged in flight) counts against the source as its own would. */
  sharedFetchFailed(source: string, error: unknown): void {
    if (!(error instanceof CircuitOpenError) && countsAgainstSource(error)) this.breaker(source).failedForWaiter();
  }

  /** The state of a source's breaker (closed until its first fetch). */
  breakerState(source: string): BreakerState {
    return this.breakers.get(source)?.state ?? 'closed';
  }

  /** The error the client gets for a failed fetch, naming the source and nothing internal. */
  clientError(source: string, error: unknown): GraphQLError {
    if (error instanceof SourceDeadlineError) {
      return new GraphQLError(`The ${source} source did not answer in time; the fields it serves are missing from this result.`, {
        extensions: { code: SOURCE_TIMEOUT, serviceName: source },
      });
    }
    if (error instanceof CircuitOpenError) {
      return new GraphQLError(
        `The ${source} source is failing and is not being asked for now; the fields it serves are missing from this result.`,
        {
          extensions: { code: 'SOURCE_UNAVAILABLE', serviceName: source },
        },
      );
    }
    return sourceUnavailable(source);
  }

  private breaker(source: string): Breaker {
    let breaker = this.breakers.get(source);
    if (!breaker) {
      breaker = new Breaker(source, this.config.breakerFailures, this.config.breakerCooldownMs, (name, state) =>
        this.logChange(name, state),
      );
      this.breakers.set(source, breaker);
    }
    return breaker;
  }

  private logChange(source: string, state: BreakerState): void {
    if (state === 'open')
      this.logger.error({ subgraph: source, cooldownMs: this.config.breakerCooldownMs }, 'source breaker OPEN: failing fast');
    else this.logger.warn({ subgraph: source, state }, `source breaker ${state}`);
  }
}

/** POSTs and reads the whole answer within `timeoutMs`; a 5xx is a failure of the source. */
async function fetchInTime(
  source: string,
  url: string,
  init: FetcherRequestInit | undefined,
  timeoutMs: number,
  ownDeadline: boolean,
): Promise<FetcherResponse> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // RemoteGraphQLDataSource always sends its body as a JSON string.
    const body = typeof init?.body === 'string' || init?.body === undefined ? init?.body : new Uint8Array(init.body);
    const response = await fetch(url, { method: init?.method, headers: init?.headers, body, signal });
    const text = await response.text();
    if (response.status >= 500) throw new SourceServerError(source, response.status, text.slice(0, 500));
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch (error) {
    if (signal.aborted) throw new SourceDeadlineError(source, timeoutMs, ownDeadline);
    throw error;
  }
}

function countsAgainstSource(error: unknown): boolean {
  if (error instanceof SourceDeadlineError) return error.sourceWasLate;
  return true; // a 5xx, a refused or reset connection, an unreadable answer
}
