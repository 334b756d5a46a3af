import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { GatewayContextClaims } from '../../common/gateway-context.ts';
import { startSubgraph, type RunningSubgraph } from '../common/subgraph.ts';
import { postAsGateway, type GraphQLResponse } from '../common/testing.ts';
import { definition } from './index.ts';

/** Test support for the rms subgraph: a real rms.sqlite from store.sql with inline rows, served over HTTP. */

type Row = Record<string, string | number | null>;
export type Fixtures = Partial<Record<string, Row[]>>;

const STORE_SQL = fileURLToPath(new URL('./store.sql', import.meta.url));
const TABLES = [
  'cases',
  'case_assignments',
  'case_persons',
  'case_vehicles',
  'incidents',
  'incident_units',
  'incident_persons',
  'incident_vehicles',
];

export interface RmsServer {
  running: RunningSubgraph;
  /** A second connection on the store, to check what was (not) written. */
  db: Database.Database;
  stop(): Promise<void>;
}

export async function startRms(fixtures: Fixtures): Promise<RmsServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rms-test-'));
  const file = path.join(dir, definition.storeFile);
  const db = new Database(file);
  db.exec(readFileSync(STORE_SQL, 'utf8'));
  db.transaction(() => {
    for (const table of TABLES) {
      for (const row of fixtures[table] ?? []) {
        const columns = Object.keys(row);
        db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
          ...columns.map((c) => row[c]),
        );
      }
    }
  })();
  db.close();
  const running = await startSubgraph(definition, { dataDir: dir, port: 0 });
  const reader = new Database(file, { readonly: true });
  return {
    running,
    db: reader,
    async stop() {
      reader.close();
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs one operation as the gateway would, for `caller`. */
export async function ask(
  server: RmsServer,
  query: string,
  variables: Record<string, unknown>,
  caller: Partial<GatewayContextClaims>,
): Promise<GraphQLResponse> {
  const response = await postAsGateway(server.running, { query, variables }, caller);
  return (await response.json()) as GraphQLResponse;
}

/** Every row of every rms table, to prove that a refused mutation wrote nothing. */
export function snapshot(server: RmsServer): Record<string, unknown[]> {
  return Object.fromEntries(TABLES.map((table) => [table, server.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all()]));
}

// Row builders with plausible defaults, so fixtures only state what a test is about.

export function kase(ori: string, number: string, overrides: Row = {}): Row {
  return {
    ori,
    case_number: number,
    type: 'BURGLARY',
    status: 'OPEN',
    title: 'Residential burglary',
    opened_on: '2025-01-10',
    closed_on: null,
    ...overrides,
  };
}

export function assignment(ori: string, number: string, userId: string, role = 'LEAD'): Row {
  return { ori, case_number: number, user_id: userId, role, assigned_on: '2025-01-10' };
}

export function incident(ori: string, number: string, startedAt: string, clearedAt: string | null, type = 'CALL_FOR_SERVICE'): Row {
  return { ori, incident_number: number, type, started_at: startedAt, cleared_at: clearedAt, location: '100 MAIN ST, FRESNO' };
}

export function unit(ori: string, number: string, userId: string, call = '2A14'): Row {
  return { ori, incident_number: number, user_id: userId, unit: call };
}
