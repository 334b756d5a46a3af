import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../shared/subgraph.ts';
import { createLoaders, type CoriLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** The cori subgraph: the California DOJ criminal offender record information, keyed by CII. */
export const definition: SubgraphDefinition<CoriLoaders> = {
  name: 'cori',
  schemaFile: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  storeFile: 'cori.sqlite',
  resolvers,
  createLoaders,
};
