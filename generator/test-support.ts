import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SOURCES } from './tables.ts';

/** Every store the generator writes: the five sources and personnel.sqlite. */
const STORES = [...SOURCES, 'personnel'] as const;

/** Test helpers for the generator's tests (not used by the generator itself). */

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One read-only connection on cjis.sqlite with the other stores (four sources, personnel) attached under their names. */
export function openDataset(dir: string): Database.Database {
  const db = new Database(path.join(dir, 'cjis.sqlite'), { readonly: true });
  for (const source of STORES) {
    if (source !== 'cjis') db.prepare('ATTACH DATABASE ? AS ' + source).run(path.join(dir, `${source}.sqlite`));
  }
  return db;
}

/** Tables of one attached store, by name. */
export function tablesOf(db: Database.Database, schema: string): string[] {
  return (
    db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

export function columnsOf(db: Database.Database, schema: string, table: string): { name: string; type: string }[] {
  return db.prepare(`PRAGMA ${schema}.table_info(${table})`).all() as { name: string; type: string }[];
}

/** SHA-256 over every row of every table (rows ordered by all their columns), keyed `<source>.<table>`. */
export function tableHashes(dir: string, where?: (source: string, table: string) => string): Record<string, string> {
  const db = openDataset(dir);
  try {
    const hashes: Record<string, string> = {};
    for (const source of STORES) {
      const schema = source === 'cjis' ? 'main' : source;
      for (const table of tablesOf(db, schema)) {
        const columns = columnsOf(db, schema, table).map((c) => c.name);
        const filter = where ? where(source, table) : '';
        const hash = createHash('sha256');
        for (const row of db.prepare(`SELECT * FROM ${schema}.${table} ${filter} ORDER BY ${columns.join(', ')}`).iterate()) {
          hash.update(JSON.stringify(row));
          hash.update('\n');
        }
        hashes[`${source}.${table}`] = hash.digest('hex');
      }
    }
    return hashes;
  } finally {
    db.close();
  }
}
