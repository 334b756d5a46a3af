/**
 * The baseline of `npm run bench:load`: an out-of-the-box Apollo Gateway — `ApolloServer` +
 * `ApolloGateway` + `RemoteGraphQLDataSource`, served by `startStandaloneServer` — with no identity,
 * purpose, authorization, audit, limits or deadlines. The one thing it adds is what the sources require
 * of any caller: a signed gateway context per fetch (a fixed investigator), made exactly as the product
 * makes it. Run as a child process by bench/load.ts; reports `{ type: 'ready', url }` over IPC.
 *
 * Environment: BARE_PORT, SUPERGRAPH_PATH, and <NAME>_URL for every subgraph.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { REPO_ROOT } from '../common/config.ts';
import { createGatewayContextSigner, prepareGatewayContextKeys } from '../common/context-signer.ts';
import { GATEWAY_CONTEXT_HEADER, type GatewayContextClaims } from '../common/gateway-context.ts';

await prepareGatewayContextKeys();
const sign = await createGatewayContextSigner();
const CALLER: Omit<GatewayContextClaims, 'requestId'> = {
  sub: 'u-inv-1',
  ori: 'CA0190100',
  roles: ['INVESTIGATOR'],
  purpose: 'C',
  caseNumber: '24-000187',
};

class SignedDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly subgraph: string,
    url: string,
  ) {
    super({ url });
  }

  override async willSendRequest({ request }: GraphQLDataSourceProcessOptions): Promise<void> {
    const body = {
      query: request.query,
      operationName: request.operationName,
      variables: request.variables,
      extensions: request.extensions,
    };
    const context = await sign({ subgraph: this.subgraph, body, caller: { ...CALLER, requestId: randomUUID() } });
    request.http?.headers.set(GATEWAY_CONTEXT_HEADER, context);
  }
}

const supergraphSdl = readFileSync(process.env.SUPERGRAPH_PATH ?? path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8');
const gateway = new ApolloGateway({
  supergraphSdl,
  buildService: ({ name, url }) => new SignedDataSource(name, process.env[`${name.toUpperCase()}_URL`] ?? url ?? ''),
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.BARE_PORT ?? 0), host: '127.0.0.1' } });
process.send?.({ type: 'ready', url });
const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
