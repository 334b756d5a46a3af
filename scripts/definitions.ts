import type { AuditStore } from '../audit/store.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/config.ts';
import { startSubgraph, type RunningSubgraph, type StartOptions, type StatementCounter } from '../subgraphs/common/subgraph.ts';

export interface SubgraphStartOptions extends StartOptions {
  /**
   * The audit store the `audit` subgraph reads and `cori` consults to notify the recipients of a corrected
   * record (pass the gateway's, so all use one store); the other subgraphs ignore it. @default the audit
   * subgraph (and cori, on its first correction) opens the store configured by the environment
   * (`DATABASE_URL`, else `AUDIT_DB`, else `<dataDir>/audit.sqlite`).
   */
  auditStore?: AuditStore;
}

/**
 * How to start each subgraph by name. Each entry imports only its own subgraph, so a split deployment
 * (`npm run subgraph -- dmv`) loads one subgraph's code. Used by the run scripts and the test stack.
 * `store.statementCount` counts SQL statements (sources) or audit-store reads (audit).
 */
export const SUBGRAPH_STARTERS: Record<SubgraphName, (options: SubgraphStartOptions) => Promise<RunningSubgraph<StatementCounter>>> = {
  cjis: async (options) => startSubgraph((await import('../subgraphs/cjis/index.ts')).definition, options),
  ncic: async (options) => startSubgraph((await import('../subgraphs/ncic/index.ts')).definition, options),
  nlets: async (options) => startSubgraph((await import('../subgraphs/nlets/index.ts')).definition, options),
  dmv: async (options) => startSubgraph((await import('../subgraphs/dmv/index.ts')).definition, options),
  cori: async (options) => (await import('../subgraphs/cori/index.ts')).startCoriSubgraph(options),
  audit: async (options) => (await import('../subgraphs/audit/index.ts')).startAuditSubgraph({ ...options, store: options.auditStore }),
  rms: async (options) => startSubgraph((await import('../subgraphs/rms/index.ts')).definition, options),
};

export function isSubgraphName(name: string): name is SubgraphName {
  return (SUBGRAPH_NAMES as readonly string[]).includes(name);
}
