import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, printSchema, type GraphQLSchema } from 'graphql';
import { REPO_ROOT } from '../../common/config.ts';

/** The schemas the oracle works with, derived from the committed supergraph by the federation library. */
export interface OracleSchemas {
  /** What clients see: operations are generated and validated against it. */
  api: GraphQLSchema;
  /**
   * The same types with every wrapper made nullable: responses are walked with it, so that a null where
   * the API promises a value cannot stop the walk before every value has been checked.
   */
  walk: GraphQLSchema;
}

export function loadOracleSchemas(supergraphPath = path.join(REPO_ROOT, 'supergraph.graphql')): OracleSchemas {
  const api = Supergraph.build(readFileSync(supergraphPath, 'utf8')).apiSchema().toGraphQLJSSchema();
  const walk = buildSchema(printSchema(api).replace(/!/g, ''));
  return { api, walk };
}
