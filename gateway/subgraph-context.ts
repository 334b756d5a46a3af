import type { SignGatewayContext } from '../subgraphs/shared/gateway-context.ts';
import { GATEWAY_CONTEXT_HEADER } from '../subgraphs/shared/gateway-context.ts';
import type { GatewayContext } from './context.ts';
import type { SubgraphHeaders } from './gateway.ts';

/** The identity the gateway uses for its own requests to subgraphs (readiness probes). */
const GATEWAY_SELF = { sub: 'clets-gateway', ori: 'XX0000000', roles: [], purpose: 'A' };

/**
 * The signed caller context each subgraph requires (subgraphs/shared/gateway-context.ts): one token per
 * client request, reused for all of that request's subgraph fetches.
 */
export function signedSubgraphContext(sign: SignGatewayContext): SubgraphHeaders {
  const tokens = new WeakMap<GatewayContext, Promise<string>>();
  return async (context) => {
    if (!context) {
      return { [GATEWAY_CONTEXT_HEADER]: await sign({ ...GATEWAY_SELF, requestId: 'readiness-probe' }) };
    }
    let token = tokens.get(context);
    if (!token) {
      const decided = context.authorization?.decisionContext;
      // Only requests that passed identity and purpose reach execution; anything else is a wiring bug.
      if (!decided) throw new Error('no caller on a request that reached a subgraph');
      token = sign({ sub: decided.sub, ori: decided.ori, roles: [...decided.roles], purpose: decided.purpose, caseNumber: decided.caseNumber, requestId: context.requestId });
      tokens.set(context, token);
    }
    return { [GATEWAY_CONTEXT_HEADER]: await token };
  };
}
