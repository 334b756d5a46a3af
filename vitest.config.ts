import { defineConfig } from 'vitest/config';

// One graphql realm: the Apollo packages require() graphql's CommonJS build, so our code must get the
// same module, not the ESM build Vite would otherwise pick ("Cannot use GraphQLObjectType from another realm").
const resolve = { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] };

// Timeouts only catch hangs: they are far above what any test needs on a busy 2-core machine, and no
// test asserts how fast something ran.
// isolate: false lets a worker keep the modules it has imported from one test file to the next: importing
// the gateway and the subgraphs (Apollo, graphql, policies) cost each file seconds of CPU, more than most
// files spend testing. Test files do not share state through modules: no mocks, no globals; the one
// settable module state (subgraphs/common/clock.ts) is restored by the tests that set it.
const shared = {
  pool: 'forks',
  isolate: false,
  env: { LOG_LEVEL: 'silent' },
  testTimeout: 60_000,
  hookTimeout: 120_000,
} as const;

/**
 * Two projects so that each run pays only for what it needs:
 * - `unit`: tests next to the code (subgraphs, generator, gateway modules), with inline fixtures;
 * - `e2e`: `test/**`, over real HTTP through the real gateway and five real subgraphs, on a small
 *   generated dataset that `test/support/global-setup.ts` builds once (and reuses across runs until the
 *   generator or the store contracts change). Vitest runs a project's globalSetup only when one of its
 *   tests is queued, so `npx vitest run subgraphs/dmv` generates nothing.
 * The root's globalSetup runs once per run, whatever is queued: it finds (or starts) the PostgreSQL that
 * both projects' audit-store tests use. The projects do not extend the root config, so it runs only once.
 * The machine has 2 cores: at most 2 forked workers.
 */
export default defineConfig({
  resolve,
  test: {
    ...shared,
    maxWorkers: 2,
    // Subgraphs read only the gateway's public key: the development key pair must exist before any starts.
    globalSetup: ['test/support/postgres-global-setup.ts', 'test/support/keys-setup.ts'],
    projects: [
      {
        resolve,
        test: {
          ...shared,
          name: 'unit',
          // The repository-wide checks in test/ need no generated data, so they run with the unit tests.
          include: ['**/*.test.ts'],
          exclude: [
            '**/node_modules/**',
            'test/!(supergraph|self-contained|boundaries|ide-query).test.ts',
            'test/*/**',
            'data/**',
            'data-*/**',
          ],
        },
      },
      {
        resolve,
        test: {
          ...shared,
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: ['test/supergraph.test.ts', 'test/self-contained.test.ts', 'test/boundaries.test.ts', 'test/ide-query.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Generating the dataset on a cold run can take minutes on a busy 2-core machine.
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
