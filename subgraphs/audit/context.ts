import type { SubgraphContext } from '../common/subgraph.ts';
import type { AuditLoaders } from './loaders.ts';
import type { AuditReader } from './queries.ts';

/** What every resolver of the audit subgraph receives: the signed caller, loaders and the trail reader. */
export type AuditContext = SubgraphContext<AuditLoaders, AuditReader>;
