import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A commit function that records its batches and finishes when told to. */
function controlledCommit() {
  const batches: number[][] = [];
  const waiting: { resolve(): void; reject(error: Error): void }[] = [];
  const commit = async (items: number[]): Promise<string[]> => {
    batches.push(items);
    await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    return items.map((i) => `committed ${i}`);
  };
  const settle = async (how: 'commit' | Error = 'commit') => {
    while (waiting.length === 0) await new Promise((r) => setImmediate(r));
    const next = waiting.shift()!;
    if (how === 'commit') next.resolve();
    else next.reject(how);
  };
  return { batches, commit, settle };
}

describe('GroupCommit', () => {
  it('commits items submitted in the same tick together, and items arriving during a commit in the next one', async () => {
    const { batches, commit, settle } = controlledCommit();
    const group = new GroupCommit(commit, 100);
    const first = [1, 2, 3].map((i) => group.submit(i));
    await new Promise((r) => setImmediate(r)); // the commit of [1, 2, 3] is running
    const during = [4, 5].map((i) => group.submit(i));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2, 3]]); // 4 and 5 wait for it
    await settle();
    expect(await Promise.all(first)).toEqual(['committed 1', 'committed 2', 'committed 3']);
    await settle();
    expect(await Promise.all(during)).toEqual(['committed 4', 'committed 5']);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);

    const alone = group.submit(6); // nothing running: committed at once, on its own
    await settle();
    expect(await alone).toBe('committed 6');
    expect(batches).toEqual([[1, 2, 3], [4, 5], [6]]);
    await group.idle();
    expect(group.stats).toEqual({ commits: 3, committed: 6, failed: 0, largestBatch: 3 });
  });

  it('rejects every item of a failed commit, and goes on with the next batch', async () => {
    const { batches, commit, settle } = controlledCommit();
    const group = new GroupCommit(commit, 100);
    const failing = Promise.allSettled([1, 2].map((i) => group.submit(i)));
    await new Promise((r) => setImmediate(r));
    const after = group.submit(3);
    await settle(new Error('disk I/O error'));
    await settle();
    const results = await failing;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('disk I/O error'));
    expect(await after).toBe('committed 3');
    expect(batches).toEqual([[1, 2], [3]]);
    expect(group.stats).toMatchObject({ commits: 2, committed: 1, failed: 2 });
  });

  it('splits a long queue into batches of at most maxBatch, in order', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit(async (items: number[]) => (batches.push(items), items), 4);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => group.submit(i)));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batches).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });
});
