/**
 * Group commit: the first item starts a commit; items submitted while a commit is running wait and are
 * committed together in the next one (at most `maxBatch` per commit). Each item's promise settles when its
 * own commit does: resolved with its result, or rejected — with every other item of that commit — when
 * the commit fails. A failed commit does not stop the queue: the next batch is tried on its own.
 */
export interface GroupCommitStats {
  /** Commits attempted (successful or not). */
  commits: number;
  /** Items committed successfully. */
  committed: number;
  /** Items whose commit failed. */
  failed: number;
  /** The largest batch committed so far. */
  largestBatch: number;
}

interface Pending<I, O> {
  item: I;
  resolve(result: O): void;
  reject(error: unknown): void;
}

export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private running: Promise<void> | undefined;
  readonly stats: GroupCommitStats = { commits: 0, committed: 0, failed: 0, largestBatch: 0 };

  /** `commit` writes a batch in one transaction and returns one result per item, in order. */
  constructor(
    private readonly commit: (items: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // A microtask first, so that items submitted in the same tick share the first commit too.
      this.running ??= Promise.resolve().then(() => this.drain());
    });
  }

  /** Resolves when every item submitted so far has been committed or rejected. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.stats.commits += 1;
      try {
        const results = await this.commit(batch.map((pending) => pending.item));
        if (results.length !== batch.length) throw new Error(`commit returned ${results.length} results for ${batch.length} items`);
        this.stats.committed += batch.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
        batch.forEach((pending, i) => pending.resolve(results[i]));
      } catch (error) {
        this.stats.failed += batch.length;
        for (const pending of batch) pending.reject(error);
      }
    }
    this.running = undefined;
  }
}
