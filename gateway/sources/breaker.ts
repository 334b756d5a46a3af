export type BreakerState = 'closed' | 'open' | 'half-open';

/** Thrown instead of calling a source whose breaker is open. */
export class CircuitOpenError extends Error {
  constructor(readonly source: string) {
    super(`the ${source} breaker is open: the source is not asked until a probe succeeds`);
    this.name = 'CircuitOpenError';
  }
}

/**
 * A circuit breaker for one source. Closed: calls go through; `threshold` consecutive failures open it.
 * Open: calls fail at once (CircuitOpenError) for `cooldownMs`; then one call goes through as a probe
 * (half-open) while every other call still fails at once — nobody waits on a source that may be stopped.
 * The probe's success closes the breaker, its failure opens it for another cool-down.
 */
export class Breaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;

  constructor(
    readonly source: string,
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly onChange: (source: string, state: BreakerState) => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  /**
   * Runs `call` unless the breaker is open. A rejection for which `isFailure` is true counts against the
   * source; any other outcome of a probe (e.g. the caller's own time ran out) leaves the breaker open, ready
   * for the next probe.
   */
  async run<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const probe = this.admit();
    try {
      const result = await call();
      this.succeeded();
      return result;
    } catch (error) {
      if (isFailure(error)) this.failed();
      else if (probe) this.move('open', this.openedAt - this.cooldownMs);
      throw error;
    }
  }

  /**
   * A failure seen by one more client request that waited for a merged fetch (sources/in-flight.ts): it
   * counts as that request's own failed fetch would have, while the breaker is closed.
   */
  failedForWaiter(): void {
    if (this.current === 'closed') this.failed();
  }

  /** Whether the call is the probe of a half-open breaker; throws when no call may go through. */
  private admit(): boolean {
    if (this.current === 'closed') return false;
    if (this.current === 'open' && this.now() - this.openedAt >= this.cooldownMs) {
      this.move('half-open');
      return true;
    }
    throw new CircuitOpenError(this.source);
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.current !== 'closed') this.move('closed');
  }

  private failed(): void {
    this.failures++;
    if (this.current === 'half-open' || (this.current === 'closed' && this.failures >= this.threshold)) this.move('open', this.now());
  }

  private move(state: BreakerState, openedAt = this.openedAt): void {
    this.openedAt = openedAt;
    if (state === this.current) return;
    this.current = state;
    this.onChange(this.source, state);
  }
}
