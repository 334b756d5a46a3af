/**
 * `npm run subgraph -- <name>`: starts one subgraph alone (split deployments), on `<NAME>_PORT`
 * (default 40xx) and `HOST`, over the store in `DATA_DIR`. Stops cleanly on SIGINT/SIGTERM. Run by a
 * supervisor (scripts/process/), it reports `{ type: 'ready', url }` over IPC once it listens.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { dataDirFromEnv, hostFromEnv, portFromEnv, SUBGRAPH_NAMES } from '../common/config.ts';
import { auditStoreLocation } from '../audit/open-store.ts';
import { isSubgraphName, SUBGRAPH_STARTERS } from './definitions.ts';
import { onShutdown } from './shutdown.ts';

const name = process.argv[2];
if (name === undefined || !isSubgraphName(name)) {
  console.error(
    `${name === undefined ? 'Missing subgraph name' : `Unknown subgraph "${name}"`}. ` +
      `Usage: npm run subgraph -- <name>, where <name> is one of: ${SUBGRAPH_NAMES.join(', ')}.`,
  );
  process.exit(2);
}

try {
  const dataDir = dataDirFromEnv();
  // The audit subgraph reads the audit store the gateway writes (DATABASE_URL, AUDIT_DB or <DATA_DIR>/audit.sqlite).
  const storeFile = name === 'audit' ? describeAuditStore() : path.join(dataDir, `${name}.sqlite`);
  if (name !== 'audit' && !existsSync(storeFile)) {
    throw new Error(`${storeFile} does not exist: generate the data first (npm run generate, or npm start once).`);
  }
  const subgraph = await SUBGRAPH_STARTERS[name]({ dataDir, port: portFromEnv(name), host: hostFromEnv() });
  console.log(`${name} subgraph listening at ${subgraph.url} (store ${storeFile})`);
  // Under a supervisor (npm start, npm run cluster): say where it listens, which may be a port it picked.
  process.send?.({ type: 'ready', url: subgraph.url });
  onShutdown(async () => {
    await subgraph.stop();
    console.log(`${name} subgraph stopped`);
  });
} catch (error) {
  console.error(`Cannot start the ${name} subgraph: ${(error as Error).message}`);
  process.exit(1);
}

/** Where the audit subgraph reads from, without credentials. */
function describeAuditStore(): string {
  const location = auditStoreLocation();
  return location.kind === 'sqlite' ? location.file : `PostgreSQL ${new URL(location.url).host} schema ${location.schema}`;
}
