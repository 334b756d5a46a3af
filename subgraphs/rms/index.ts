import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../common/subgraph.ts';
import { createLoaders, type RmsLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** The rms subgraph: each agency's cases (RMS) and dispatch incidents (CAD), and the need-to-know check. */
export const definition: SubgraphDefinition<RmsLoaders> = {
  name: 'rms',
  schemaFile: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  storeFile: 'rms.sqlite',
  resolvers,
  createLoaders,
  migrations: [fileURLToPath(new URL('./workflow.sql', import.meta.url))],
};
