import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SOURCES, sourceOf, type Row, type Source, type TableName } from './tables.ts';

/** The DDL of a source's store, as the subgraph that reads it declares it. */
export function storeDdl(source: Source): string {
  return readFileSync(new URL(`../subgraphs/${source}/store.sql`, import.meta.url), 'utf8');
}

/** Splits a store.sql into CREATE TABLE statements (run first) and CREATE INDEX statements (run after the load). */
export function splitDdl(sql: string): { tables: string[]; indexes: string[] } {
  const statements = sql
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return {
    tables: statements.filter((s) => !/^CREATE\s+(UNIQUE\s+)?INDEX/i.test(s)),
    indexes: statements.filter((s) => /^CREATE\s+(UNIQUE\s+)?INDEX/i.test(s)),
  };
}

interface TableState {
  columns: string[];
  statement: Database.Statement;
  checked: boolean;
}

/**
 * Bulk writer for the source stores (all of them, or the ones named): tables are created up front, rows go through prepared statements
 * inside long transactions (journal off, no fsync), and indexes, ANALYZE and WAL mode come at the end.
 */
export class StoreWriter {
  private readonly dbs = new Map<Source, Database.Database>();
  private readonly indexes = new Map<Source, string[]>();
  private readonly tables = new Map<TableName, TableState>();
  readonly counts: Record<string, number> = {};

  constructor(
    readonly dir: string,
    sources: readonly Source[] = SOURCES,
  ) {
    for (const source of sources) {
      const db = new Database(path.join(dir, `${source}.sqlite`));
      db.pragma('foreign_keys = OFF'); // rows arrive in generation order; tests run foreign_key_check
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -32768'); // 32 MiB per store
      const { tables, indexes } = splitDdl(storeDdl(source));
      for (const statement of tables) db.exec(statement);
      this.dbs.set(source, db);
      this.indexes.set(source, indexes);
    }
  }

  add<T extends TableName>(table: T, row: Row<T>): void {
    const state = this.tables.get(table) ?? this.prepare(table);
    if (!state.checked) this.check(table, state, row);
    const values = state.columns.map((column) => (row as Record<string, unknown>)[column]);
    state.statement.run(values);
    this.counts[table] = (this.counts[table] ?? 0) + 1;
  }

  begin(): void {
    for (const db of this.dbs.values()) db.exec('BEGIN');
  }

  commit(): void {
    for (const db of this.dbs.values()) db.exec('COMMIT');
  }

  /** Builds the indexes, gathers planner statistics, switches to WAL and closes the files. */
  finish(): Record<string, number> {
    for (const [source, db] of this.dbs) {
      for (const statement of this.indexes.get(source) ?? []) db.exec(statement);
      db.exec('ANALYZE');
      db.pragma('locking_mode = NORMAL');
      db.pragma('journal_mode = WAL');
      db.close();
    }
    this.dbs.clear();
    const sorted: Record<string, number> = {};
    for (const key of Object.keys(this.counts).sort()) sorted[key] = this.counts[key];
    return sorted;
  }

  /** Closes without finishing (after an error). */
  abort(): void {
    for (const db of this.dbs.values()) {
      if (db.open) db.close();
    }
    this.dbs.clear();
  }

  private prepare(table: TableName): TableState {
    const db = this.dbs.get(sourceOf(table));
    if (!db) throw new Error(`store for ${table} is not open`);
    const name = table.slice(table.indexOf('.') + 1);
    const columns = (db.pragma(`table_info(${name})`) as { name: string }[]).map((c) => c.name);
    if (columns.length === 0) throw new Error(`table ${table} is not in subgraphs/${sourceOf(table)}/store.sql`);
    const statement = db.prepare(`INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const state: TableState = { columns, statement, checked: false };
    this.tables.set(table, state);
    return state;
  }

  /** The first row of each table proves that the row shape and the DDL agree column for column. */
  private check(table: TableName, state: TableState, row: object): void {
    const keys = Object.keys(row).sort();
    const columns = [...state.columns].sort();
    if (keys.join(',') !== columns.join(',')) {
      throw new Error(`row for ${table} has columns [${keys.join(', ')}], the store has [${columns.join(', ')}]`);
    }
    state.checked = true;
  }
}
