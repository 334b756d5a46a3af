import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { GatewayContextClaims } from '../../common/gateway-context.ts';
import type { RunningSubgraph } from '../common/subgraph.ts';
import { postAsGateway, startWithFixtures, type FixtureRow as Row, type Fixtures, type GraphQLResponse } from '../common/testing.ts';
import { definition } from './index.ts';

/** Test support for the rms subgraph: a real rms.sqlite from store.sql with inline rows, served over HTTP. */

export type { Fixtures };

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
  const started = await startWithFixtures(definition, STORE_SQL, TABLES, fixtures);
  const reader = new Database(started.file, { readonly: true });
  return {
    running: started.running,
    db: reader,
    async stop() {
      reader.close();
      await started.stop();
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
