/**
 * Remembers the ids (`jti`) of the gateway contexts a subgraph has accepted, each until the context
 * could no longer be accepted anyway (its expiry plus clock tolerance), so that a context is accepted
 * once. Memory is bounded: entries are forgotten as they expire, and when `capacity` unexpired ids are
 * held, new contexts are refused (fail closed) rather than remembered.
 */
export class ReplayGuard {
  /** id → epoch second after which it may be forgotten; insertion order is roughly expiry order. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly capacity = 100_000,
    // Whole seconds, as JWT validation counts them: an id is forgotten only once the context it
    // belongs to is refused as expired by that count too.
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  get size(): number {
    return this.seen.size;
  }

  /**
   * Records `id` until `forgetAfter` (epoch seconds). Returns false when `id` was already recorded;
   * throws when the memory is full of ids that have not expired yet.
   */
  admit(id: string, forgetAfter: number): boolean {
    const now = this.nowSeconds();
    this.forgetExpired(now, false);
    if (this.seen.has(id)) return false;
    if (this.seen.size >= this.capacity) {
      this.forgetExpired(now, true);
      if (this.seen.size >= this.capacity) throw new Error('too many gateway contexts in flight (replay memory full)');
    }
    this.seen.set(id, forgetAfter);
    return true;
  }

  /** Drops expired ids: from the oldest until the first live one, or (`all`) everywhere. */
  private forgetExpired(now: number, all: boolean): void {
    for (const [id, forgetAfter] of this.seen) {
      if (forgetAfter < now) this.seen.delete(id);
      else if (!all) return;
    }
  }
}
