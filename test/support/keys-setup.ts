import { prepareGatewayContextKeys } from '../../common/context-signer.ts';

/**
 * Subgraphs verify the gateway's context with its public key only, read from KEYS_DIR; tests start
 * subgraphs before (or without) a gateway, so the development key pair is made sure of first.
 */
export default async function setup(): Promise<void> {
  await prepareGatewayContextKeys();
}
