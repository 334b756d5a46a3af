import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../common/subgraph.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** The cjis subgraph: identity index (owns Person) and the Interstate Identification Index. */
export const definition: SubgraphDefinition<Loaders> = {
  name: 'cjis',
  schemaFile: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  storeFile: 'cjis.sqlite',
  resolvers,
  createLoaders,
};
