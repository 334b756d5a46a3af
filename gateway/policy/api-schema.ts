import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

/** The API schema (what clients see) of a composed supergraph, as the gateway derives it. */
export function apiSchemaOfSupergraph(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export function apiSchemaOfSupergraphFile(file: string): GraphQLSchema {
  return apiSchemaOfSupergraph(readFileSync(file, 'utf8'));
}
