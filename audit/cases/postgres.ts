import type pg from 'pg';
import { inTransaction } from '../postgres-transaction.ts';
import { type CaseDb, type Program, runAsync } from './repository.ts';

/** `?` placeholders as PostgreSQL's `$1, $2 …`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * The misuse case tables on the PostgreSQL audit store. Case writes take a transaction-scoped advisory
 * lock, so two gateway replicas (or detection runs) never file the same alerts into two cases.
 */
export class PostgresCaseDb implements CaseDb {
  constructor(
    private readonly pool: pg.Pool,
    private readonly lock: string,
  ) {}

  inIds(column: string): string {
    return `${column} IN (SELECT jsonb_array_elements_text(?::jsonb)::bigint)`;
  }

  /** Runs a program on `client` (a pooled connection in a transaction, or the pool for reads). */
  run<T>(client: pg.Pool | pg.PoolClient, program: Program<T>): Promise<T> {
    return runAsync(
      program,
      async (step): Promise<unknown> => (await client.query<Record<string, unknown>>(numbered(step.sql), [...step.params])).rows,
    );
  }

  read<T>(program: Program<T>): Promise<T> {
    return this.run(this.pool, program);
  }

  write<T>(program: Program<T>): Promise<T> {
    return this.transaction((client) => this.run(client, program));
  }

  /** Runs `fn` in a transaction holding the case lock; a connection left in doubt is discarded. */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [this.lock]);
      return fn(client);
    });
  }
}
