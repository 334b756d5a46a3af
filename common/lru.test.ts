import { describe, expect, it } from 'vitest';
import { LruCache } from './lru.ts';

describe('LruCache', () => {
  it('keeps at most `capacity` entries, forgetting the least recently used', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('overwriting a key neither grows the cache nor evicts another entry', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1).set('b', 2).set('a', 10);
    expect(cache.size).toBe(2);
    expect([cache.get('a'), cache.get('b')]).toEqual([10, 2]);
  });

  it('getOrSet loads once and remembers; a falsy value counts as cached', () => {
    const cache = new LruCache<string, number>(4);
    let loads = 0;
    const load = () => {
      loads += 1;
      return 0;
    };
    expect(cache.getOrSet('zero', load)).toBe(0);
    expect(cache.getOrSet('zero', load)).toBe(0);
    expect(loads).toBe(1);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LruCache(0)).toThrow(/positive integer/);
  });
});
