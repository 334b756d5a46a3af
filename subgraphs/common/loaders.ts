import DataLoader from 'dataloader';

/**
 * One row per key (entity references, lookups by identifier): one SQL statement per batch.
 * Keys with no row resolve to null.
 */
export function rowLoader<K extends string | number, R>(fetch: (keys: readonly K[]) => R[], keyOf: (row: R) => K): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const byKey = new Map<K, R>();
    for (const row of fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/**
 * Many rows per key (list relations such as a person's wants): one SQL statement per batch.
 * Keys with no rows resolve to an empty list; rows keep the order the query returned them in.
 */
export function listLoader<K extends string | number, R>(fetch: (keys: readonly K[]) => R[], keyOf: (row: R) => K): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const byKey = new Map<K, R[]>();
    for (const row of fetch(keys)) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
