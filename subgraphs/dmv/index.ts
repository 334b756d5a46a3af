import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../common/subgraph.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** The dmv subgraph: California driver licences, vehicle registrations and DMV addresses. */
export const definition: SubgraphDefinition<Loaders> = {
  name: 'dmv',
  schemaFile: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  storeFile: 'dmv.sqlite',
  resolvers,
  createLoaders,
};
