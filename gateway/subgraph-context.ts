import { GATEWAY_CONTEXT_HEADER, type GatewayContextClaims } from '../common/gateway-context.ts';
import type { SignGatewayContext } from '../common/context-signer.ts';
import type { SubgraphHeaders } from './gateway.ts';

/**
 * The `subgraphHeaders` of the product: a context signed for each fetch. Client operations carry their
 * decided caller; the readiness probe carries none.
 */
export function signedSubgraphContext(sign: SignGatewayContext): SubgraphHeaders {
  return async ({ subgraph, body, context }) => {
    let caller: GatewayContextClaims | undefined;
    if (context) {
      const decided = context.authorization?.decisionContext;
      // Only requests that passed identity and purpose reach execution; anything else is a wiring bug.
      if (!decided) throw new Error('no caller on a request that reached a subgraph');
      caller = {
        sub: decided.sub,
        ori: decided.ori,
        roles: [...decided.roles],
        purpose: decided.purpose,
        caseNumber: decided.caseNumber,
        requestId: context.requestId,
      };
    }
    return { [GATEWAY_CONTEXT_HEADER]: await sign({ subgraph, body, caller }) };
  };
}
