import { defineConfig } from 'vitest/config';

/**
 * Two projects so that each run pays only for what it needs:
 * - `unit`: tests next to the code (subgraphs, generator, gateway modules), with inline fixtures;
 * - `e2e`: `test/**`, over real HTTP through the real gateway and five real subgraphs, on a small
 *   generated dataset that `test/support/global-setup.ts` builds once (and reuses across runs until the
 *   generator or the store contracts change). Vitest runs a project's globalSetup only when one of its
 *   tests is queued, so `npx vitest run subgraphs/dmv` generates nothing.
 * The machine has 2 cores: at most 2 forked workers.
 */
export default defineConfig({
  // One graphql realm: the Apollo packages require() graphql's CommonJS build, so our code must get the
  // same module, not the ESM build Vite would otherwise pick ("Cannot use GraphQLObjectType from another realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    env: { LOG_LEVEL: 'silent' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // The supergraph check needs no generated data, so it runs with the unit tests.
          include: ['**/*.test.ts', 'test/supergraph.test.ts'],
          exclude: ['**/node_modules/**', 'test/!(supergraph).test.ts', 'test/*/**', 'data/**', 'data-*/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: ['test/supergraph.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Generating the dataset on a cold run can take a while on 2 cores.
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
