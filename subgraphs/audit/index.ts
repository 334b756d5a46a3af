import { fileURLToPath } from 'node:url';
import { openAuditStore } from '../../audit/open-store.ts';
import type { AuditStore } from '../../audit/store.ts';
import { serveSubgraph, type RunningSubgraph, type StartOptions } from '../common/subgraph.ts';
import { createLoaders } from './loaders.ts';
import { AuditReader } from './queries.ts';
import type { AuditContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/**
 * The audit subgraph: the audit trail, the misuse alerts and the misuse cases, for DOJ auditors and agency
 * coordinators, through the same gateway and policy as every other source. The trail is read-only here; the
 * only writes are the triage of misuse cases (audit/cases/). Unlike the five sources it has
 * no generated store: it reads the audit store (SQLite or PostgreSQL) that the gateway appends to.
 */
export const AUDIT_SCHEMA_FILE = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export interface AuditStartOptions extends StartOptions {
  /**
   * The audit store to read (e.g. the one the gateway of the same process appends to); the caller keeps
   * ownership and closes it. @default the store `openAuditStore` configures from the environment
   * (PostgreSQL with `DATABASE_URL`, else SQLite at `AUDIT_DB`, default `<dataDir>/audit.sqlite`), closed on stop.
   */
  store?: AuditStore;
}

export type RunningAuditSubgraph = RunningSubgraph<AuditReader>;

/** Starts the audit subgraph over HTTP. Port 0 picks a free port. */
export async function startAuditSubgraph(options: AuditStartOptions): Promise<RunningAuditSubgraph> {
  let owned: AuditStore | undefined;
  const store = options.store ?? (owned = await openAuditStore({ ...process.env, DATA_DIR: options.dataDir }));
  const reader = new AuditReader(store);
  try {
    const served = await serveSubgraph<AuditContext>({
      name: 'audit',
      schemaFile: AUDIT_SCHEMA_FILE,
      resolvers,
      port: options.port,
      host: options.host,
      context: (caller, requestId) => ({ store: reader, loaders: createLoaders(reader), requestId, caller }),
    });
    return {
      name: 'audit',
      url: served.url,
      store: reader,
      async stop() {
        await served.stop();
        await owned?.close();
      },
    };
  } catch (error) {
    await owned?.close();
    throw error;
  }
}
