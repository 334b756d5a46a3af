/** Checked arguments and clauses of the audit stores' SQL (SQLite and PostgreSQL alike). */

export function where(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

/** Any time `Date` can read, as the stored form (`toISOString`), so that text comparison orders it. */
export function isoTime(value: string, name: string): string {
  const ms = Date.parse(value);
  if (typeof value !== 'string' || Number.isNaN(ms)) throw new RangeError(`${name} must be an ISO-8601 time, got ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

/** Seq numbers as one JSON parameter (`IN (SELECT value FROM json_each(?))`, or `jsonb_array_elements_text`). */
export function seqList(seqs: readonly number[]): string {
  return JSON.stringify(seqs.map((seq) => checkSeq(seq, 'seq')));
}

export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
  return limit;
}

export function checkSeq(value: number, name: string): number {
  return integer(value, name);
}

export function integer(value: number, name: string): number {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${String(value)}`);
  return value;
}
