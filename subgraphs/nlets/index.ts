import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../common/subgraph.ts';
import { createLoaders, type NletsLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** The nlets subgraph: out-of-state DQ/RQ records, state criminal histories and the ORION agency directory. */
export const definition: SubgraphDefinition<NletsLoaders> = {
  name: 'nlets',
  schemaFile: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  storeFile: 'nlets.sqlite',
  resolvers,
  createLoaders,
  migrations: [fileURLToPath(new URL('./workflow.sql', import.meta.url))],
};
