import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGatewayContextSigner, type SignGatewayContext } from '../../common/context-signer.ts';
import { Store } from './store.ts';
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition } from './subgraph.ts';
import { GATEWAY_CONTEXT_HEADER, type GatewayContextClaims, type GraphQLRequestBody } from '../../common/gateway-context.ts';

let signer: Promise<SignGatewayContext> | undefined;

/** A subgraph as a test reaches it: its name (the audience of a context) and its URL. */
export interface SubgraphTarget {
  name: string;
  url: string;
}

/**
 * Headers that make a direct request to a subgraph look as if the gateway sent it: a context signed
 * with the development key for `subgraph` and exactly `body`, usable once. For subgraph tests that
 * talk to one subgraph over HTTP.
 */
export async function gatewayContextHeaders(
  subgraph: string,
  body: GraphQLRequestBody,
  claims: Partial<GatewayContextClaims> = {},
): Promise<Record<string, string>> {
  signer ??= createGatewayContextSigner();
  const sign = await signer;
  const caller: GatewayContextClaims = {
    sub: 'subgraph-test',
    ori: 'CA0190000',
    roles: ['INVESTIGATOR'],
    purpose: 'C',
    requestId: randomUUID(),
    ...claims,
  };
  return { [GATEWAY_CONTEXT_HEADER]: await sign({ subgraph, body, caller }) };
}

/** POSTs `body` to a subgraph with a fresh context signed for it, as the gateway would. */
export async function postAsGateway(
  target: SubgraphTarget,
  body: GraphQLRequestBody,
  claims: Partial<GatewayContextClaims> = {},
): Promise<Response> {
  return fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await gatewayContextHeaders(target.name, body, claims)) },
    body: JSON.stringify(body),
  });
}

/** A GraphQL response as a subgraph sends it. */
export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; argument?: string; [key: string]: unknown } }[];
}

/** POSTs an operation straight to a subgraph, signed as the gateway would sign it. */
export async function postGraphQL(
  target: SubgraphTarget,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse> {
  const response = await postAsGateway(target, { query, variables });
  return (await response.json()) as GraphQLResponse;
}

/** A fixture row: column name -> value. */
export type FixtureRow = Record<string, string | number | null>;

/** Inserts fixture rows into a table of a test store (columns taken from each row). */
export function insertRows(store: Store, table: string, rows: readonly FixtureRow[]): void {
  for (const row of rows) {
    const columns = Object.keys(row);
    store.db
      .prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      .run(...Object.values(row));
  }
}

/** Fixture rows by table name. */
export type Fixtures = Partial<Record<string, FixtureRow[]>>;

export interface FixtureSubgraph {
  running: RunningSubgraph;
  /** The store file the subgraph serves (open a second connection on it to check what was written). */
  file: string;
  /** Stops the subgraph and deletes its temp directory. */
  stop(): Promise<void>;
}

/**
 * Builds the subgraph's store in a temp directory from `storeSql` and the `fixtures` of `tables` (inserted
 * in that order, in one transaction; rows of other tables are ignored), and starts the subgraph on a free port.
 */
export async function startWithFixtures<L>(
  definition: SubgraphDefinition<L>,
  storeSql: string,
  tables: readonly string[],
  fixtures: Fixtures,
): Promise<FixtureSubgraph> {
  const dir = mkdtempSync(path.join(tmpdir(), `${definition.name}-test-`));
  const file = path.join(dir, definition.storeFile);
  const store = new Store(file);
  try {
    // Fixtures state only what a test is about: no foreign keys while they are inserted.
    store.db.pragma('foreign_keys = OFF');
    store.db.exec(readFileSync(storeSql, 'utf8'));
    store.transaction(() => {
      for (const table of tables) insertRows(store, table, fixtures[table] ?? []);
    });
  } finally {
    store.close();
  }
  const running = await startSubgraph(definition, { dataDir: dir, port: 0 });
  return {
    running,
    file,
    async stop() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
