import { fileURLToPath } from 'node:url';
import type { AuditStore } from '../../audit/store.ts';
import { startSubgraph, type RunningSubgraph, type StartOptions, type SubgraphDefinition } from '../common/subgraph.ts';
import { createLoaders, type CoriLoaders } from './loaders.ts';
import { createResolvers } from './resolvers.ts';
import type { CoriServices } from './workflow.ts';

/** The cori subgraph: the California DOJ criminal offender record information, keyed by CII. */
export function createDefinition(services: CoriServices = {}): SubgraphDefinition<CoriLoaders> {
  return {
    name: 'cori',
    schemaFile: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
    storeFile: 'cori.sqlite',
    resolvers: createResolvers(services),
    createLoaders,
    migrations: ['./workflow.sql', './applicant.sql', './dissemination.sql'].map((file) => fileURLToPath(new URL(file, import.meta.url))),
  };
}

/** cori without an audit store: record corrections fail (no way to find the agencies to notify). */
export const definition = createDefinition();

export interface CoriStartOptions extends StartOptions {
  /**
   * The audit trail that says which agencies received a record (pass the gateway's). @default the store
   * configured by the environment (`DATABASE_URL`, else `AUDIT_DB`, else `<dataDir>/audit.sqlite`), opened
   * on the first correction and closed when cori stops.
   */
  auditStore?: AuditStore;
}

/** Starts cori with the audit trail its record corrections read. */
export async function startCoriSubgraph(options: CoriStartOptions): Promise<RunningSubgraph> {
  let owned: Promise<AuditStore> | undefined;
  const auditStore = options.auditStore;
  const services: CoriServices = {
    auditStore: auditStore
      ? async () => auditStore
      : () => (owned ??= import('../../audit/open-store.ts').then((m) => m.openAuditStore({ ...process.env, DATA_DIR: options.dataDir }))),
  };
  const running = await startSubgraph(createDefinition(services), options);
  return {
    ...running,
    async stop() {
      await running.stop();
      if (owned) await (await owned).close();
    },
  };
}
