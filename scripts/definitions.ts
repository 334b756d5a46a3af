import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/shared/config.ts';
import { startSubgraph, type RunningSubgraph, type StartOptions } from '../subgraphs/shared/subgraph.ts';

/**
 * How to start each subgraph by name. Each entry imports only its own subgraph, so a split deployment
 * (`npm run subgraph -- dmv`) loads one subgraph's code. Used by the run scripts and the test stack.
 */
export const SUBGRAPH_STARTERS: Record<SubgraphName, (options: StartOptions) => Promise<RunningSubgraph>> = {
  cjis: async (options) => startSubgraph((await import('../subgraphs/cjis/index.ts')).definition, options),
  ncic: async (options) => startSubgraph((await import('../subgraphs/ncic/index.ts')).definition, options),
  nlets: async (options) => startSubgraph((await import('../subgraphs/nlets/index.ts')).definition, options),
  dmv: async (options) => startSubgraph((await import('../subgraphs/dmv/index.ts')).definition, options),
  cori: async (options) => startSubgraph((await import('../subgraphs/cori/index.ts')).definition, options),
};

export function isSubgraphName(name: string): name is SubgraphName {
  return (SUBGRAPH_NAMES as readonly string[]).includes(name);
}
