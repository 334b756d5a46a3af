/**
 * `npm run gateway`: the gateway alone, in front of subgraphs that run elsewhere. Configuration from the
 * environment (see gateway/config.ts): GATEWAY_PORT/PORT, HOST, SUPERGRAPH_PATH, CJIS_URL ... CORI_URL,
 * BODY_LIMIT_BYTES, READY_TIMEOUT_MS, LOG_LEVEL.
 */
import { ConfigError, gatewayConfigFromEnv } from '../gateway/config.ts';
import { startGateway } from '../gateway/server.ts';
import { onShutdown } from './shutdown.ts';

try {
  const config = gatewayConfigFromEnv();
  const gateway = await startGateway(config);
  console.log(`GraphQL endpoint  ${gateway.url}`);
  console.log(`IDE               ${gateway.origin}/`);
  console.log(`Health / ready    ${gateway.origin}/health  ${gateway.origin}/ready`);
  for (const endpoint of gateway.endpoints) {
    console.log(`  ${endpoint.name.padEnd(6)} -> ${endpoint.url}${endpoint.overridden ? ' (from env)' : ''}`);
  }
  onShutdown(() => gateway.stop());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Cannot start the gateway: ${(error as Error).message}`);
  process.exit(1);
}
