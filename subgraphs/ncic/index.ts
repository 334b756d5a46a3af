import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../common/subgraph.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** The ncic subgraph: NCIC hot files with California CARPOS protection orders. */
export const definition: SubgraphDefinition<Loaders> = {
  name: 'ncic',
  schemaFile: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  storeFile: 'ncic.sqlite',
  resolvers,
  createLoaders,
  migrations: [fileURLToPath(new URL('./workflow.sql', import.meta.url))],
};
