/**
 * `npm run gateway`: the gateway alone, in front of subgraphs that run elsewhere, with NODE_ENV=production.
 * Configuration from the environment (see gateway/config.ts): AUTH_MODE with AUTH_JWKS_URL, AUTH_ISSUER
 * and AUTH_AUDIENCE (required: production does not fall back to the development key unless
 * AUTH_MODE=development is stated), GATEWAY_PORT/PORT, HOST, SUPERGRAPH_PATH, CJIS_URL ... CORI_URL,
 * BODY_LIMIT_BYTES, READY_TIMEOUT_MS, LOG_LEVEL, POLICY_DIR, POLICY_WATCH, POLICY_CANDIDATE_DIR. A configuration it
 * cannot use stops it with exit code 1. SIGHUP reloads the policy (an invalid one is refused, the old one stays).
 */
import { ConfigError, gatewayConfigFromEnv } from '../gateway/config.ts';
import { onShutdown } from './shutdown.ts';

try {
  const config = gatewayConfigFromEnv();
  if (config.identity.mode === 'development') {
    console.warn(
      'AUTH_MODE=development: accepting tokens signed by the local development key (KEYS_DIR), which anyone holding it can mint',
    );
  }
  // Loaded after the configuration is checked, so that a bad one is refused at once.
  const { startGateway } = await import('../gateway/server.ts');
  const gateway = await startGateway(config);
  console.log(`GraphQL endpoint  ${gateway.url}`);
  console.log(`IDE               ${gateway.origin}/`);
  console.log(`Health / ready    ${gateway.origin}/health  ${gateway.origin}/ready`);
  for (const endpoint of gateway.endpoints) {
    console.log(`  ${endpoint.name.padEnd(6)} -> ${endpoint.url}${endpoint.overridden ? ' (from env)' : ''}`);
  }
  process.on('SIGHUP', () => gateway.reloadPolicy()); // logs what it did; never stops the gateway
  onShutdown(() => gateway.stop());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Cannot start the gateway: ${(error as Error).message}`);
  process.exit(1);
}
