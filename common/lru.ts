/**
 * A map bounded to `capacity` entries that forgets the least recently used one when full (a read or a
 * write refreshes an entry). Every cache of the repository that keys on caller input uses it, so that no
 * client can grow the process's memory by sending many distinct tokens, documents or shapes.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`LruCache capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** The cached value of `key`, computed by `load` (and remembered) when absent. */
  getOrSet(key: K, load: () => V): V {
    if (this.entries.has(key)) return this.get(key) as V;
    const value = load();
    this.set(key, value);
    return value;
  }
}
