import type Database from 'better-sqlite3';
import { type CaseDb, type Program, runSync, type Step } from './repository.ts';

/**
 * The misuse case tables on the SQLite audit store's main connection. Programs run synchronously: a write
 * is one `BEGIN IMMEDIATE … COMMIT` during which no other code of this process runs, so the write lock is
 * never held across an await (another connection of the same process waiting for it would block the
 * event loop, and with it the commit).
 */
export class SqliteCaseDb implements CaseDb {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  inIds(column: string): string {
    return `${column} IN (SELECT value FROM json_each(?))`;
  }

  /** Runs a program on this connection, inside whatever transaction the caller holds. */
  run<T>(program: Program<T>): T {
    return runSync(program, (step) => this.exec(step));
  }

  // Async only in signature: the whole program runs, and commits, before the call returns.
  async read<T>(program: Program<T>): Promise<T> {
    return this.run(program);
  }

  async write<T>(program: Program<T>): Promise<T> {
    return this.db.transaction(() => this.run(program)).immediate();
  }

  private exec(step: Step): unknown {
    let statement = this.statements.get(step.sql);
    if (!statement) {
      statement = this.db.prepare(step.sql);
      this.statements.set(step.sql, statement);
    }
    if (step.kind === 'all') return statement.all(...step.params);
    statement.run(...step.params);
    return undefined;
  }
}
