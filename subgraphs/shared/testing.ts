import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';
import { createGatewayContextSigner, GATEWAY_CONTEXT_HEADER, type GatewayContextClaims } from './gateway-context.ts';

let signer: ReturnType<typeof createGatewayContextSigner> | undefined;

/**
 * Headers that make a direct request to a subgraph look as if the gateway sent it (signed with the
 * development key), for subgraph tests that talk to one subgraph over HTTP.
 */
export async function gatewayContextHeaders(claims: Partial<GatewayContextClaims> = {}): Promise<Record<string, string>> {
  signer ??= createGatewayContextSigner();
  const sign = await signer;
  const token = await sign({
    sub: 'subgraph-test',
    ori: 'CA0190000',
    roles: ['INVESTIGATOR'],
    purpose: 'C',
    requestId: randomUUID(),
    ...claims,
  });
  return { [GATEWAY_CONTEXT_HEADER]: token };
}

/** A GraphQL response as a subgraph sends it. */
export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; argument?: string; [key: string]: unknown } }[];
}

/** POSTs an operation straight to a subgraph, signed as the gateway would sign it. */
export async function postGraphQL(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await gatewayContextHeaders()) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
}

/** A fixture row: column name -> value. */
export type FixtureRow = Record<string, string | number | null>;

/** Inserts fixture rows into a table of a test store (columns taken from each row). */
export function insertRows(store: Store, table: string, rows: readonly FixtureRow[]): void {
  for (const row of rows) {
    const columns = Object.keys(row);
    store.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...Object.values(row));
  }
}
