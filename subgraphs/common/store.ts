import Database from 'better-sqlite3';

/**
 * A source's embedded SQLite store. Every statement goes through `all`, `get` or `run`,
 * which cache prepared statements and count executions, so tests can prove that batched
 * resolvers issue a bounded number of SQL statements per request.
 */
export class Store {
  readonly db: Database.Database;
  private readonly prepared = new Map<string, Database.Statement>();
  /** Number of SQL statements executed since the store was opened (or the counter was reset). */
  statementCount = 0;

  constructor(
    readonly file: string,
    options: { readonly?: boolean } = {},
  ) {
    this.db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.pragma('foreign_keys = ON');
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    this.statementCount++;
    return this.statement(sql).all(...params) as T[];
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    this.statementCount++;
    return this.statement(sql).get(...params) as T | undefined;
  }

  run(sql: string, ...params: unknown[]): Database.RunResult {
    this.statementCount++;
    return this.statement(sql).run(...params);
  }

  /** Runs `fn` atomically: everything it writes lands, or nothing does. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }
}

/**
 * Binds a list of keys as one parameter, so a batched lookup is one prepared statement
 * whatever the batch size: `WHERE person_id IN (SELECT value FROM json_each(?))`.
 */
export function keyList(keys: readonly (string | number)[]): string {
  return JSON.stringify(keys);
}
export const IN_KEYS = 'IN (SELECT value FROM json_each(?))';
