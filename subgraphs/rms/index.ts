import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../common/subgraph.ts';
import { createLoaders, type RmsLoaders } from './loaders.ts';
import { graceMinutesFromEnv } from './need-to-know.ts';
import { createResolvers } from './resolvers.ts';

/**
 * The rms subgraph: each agency's cases (RMS) and dispatch incidents (CAD), and the need-to-know check.
 * Reads `RMS_INCIDENT_GRACE_MINUTES` once, here: a bad value stops the subgraph before it starts.
 */
export function createDefinition(env: NodeJS.ProcessEnv = process.env): SubgraphDefinition<RmsLoaders> {
  return {
    name: 'rms',
    schemaFile: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
    storeFile: 'rms.sqlite',
    resolvers: createResolvers(graceMinutesFromEnv(env)),
    createLoaders,
    migrations: [fileURLToPath(new URL('./workflow.sql', import.meta.url))],
  };
}

/** rms as the environment configures it (defined when first imported, i.e. when it is started). */
export const definition = createDefinition();
