import express, { type Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { AuditStore } from '../../../audit/store.ts';
import type { Role } from '../../../common/vocabulary.ts';
import type { Policy } from '../../policy/types.ts';
import { serveStaticPage } from '../static-page.ts';
import { pageEndpoint, queryParameter, type PageAccessOptions } from '../page-access.ts';
import { candidateReport, matrixCell, policyMatrix, replayCandidate } from './explorer-data.ts';

/**
 * The Policy Explorer at `/policies`: who may see what, as the gateway decides it. A static page and a small
 * script served from this folder (no CDN, strict Content-Security-Policy), and JSON endpoints under
 * `/policies/api/` that take the API's bearer token. For policy officers; DOJ auditors and agency
 * coordinators may read it too; anyone else gets 403. Nothing on the page changes the policy.
 */
export interface PolicyExplorerOptions extends PageAccessOptions {
  /** The live policy in force and, in shadow mode, the candidate. */
  policies: () => { live?: Policy; candidate?: Policy };
  /** The API schema (for the candidate diff's coordinates). */
  apiSchema: () => GraphQLSchema;
  /** The audit trail a replay of the candidate reads. */
  auditStore: AuditStore;
}

export const EXPLORER_ROLES: readonly Role[] = ['POLICY_OFFICER', 'DOJ_AUDITOR', 'AGENCY_COORDINATOR'];
const REFUSAL = 'the Policy Explorer is for POLICY_OFFICER (DOJ_AUDITOR and AGENCY_COORDINATOR may read it)';
/** Replaying the trail under a candidate is work the policy officer asks for; the readers see the diff only. */
const REPLAY_ROLES: readonly Role[] = ['POLICY_OFFICER'];

export function policyExplorerRouter(options: PolicyExplorerOptions): Router {
  const router = express.Router();
  serveStaticPage(router, {
    path: '/policies',
    name: 'Policy Explorer',
    html: new URL('./explorer.html', import.meta.url),
    assets: [new URL('./explorer.js', import.meta.url), new URL('./explorer.css', import.meta.url)],
  });
  const live = (): Policy => {
    const policy = options.policies().live;
    if (!policy) throw new Error('no policy is loaded');
    return policy;
  };
  const endpoint = (name: string, handler: Parameters<typeof pageEndpoint>[1]['handler']) =>
    pageEndpoint(options, { name: `policies.${name}`, roles: EXPLORER_ROLES, refusal: REFUSAL, handler });

  router.get(
    '/policies/api/matrix',
    endpoint('matrix', (_req, caller) => ({ viewer: viewerOf(caller), ...policyMatrix(live()) })),
  );
  router.get(
    '/policies/api/cell',
    endpoint('cell', (req) =>
      matrixCell(live(), {
        role: queryParameter(req, 'role'),
        purpose: queryParameter(req, 'purpose'),
        caseNumber: queryParameter(req, 'caseNumber'),
        coordinate: queryParameter(req, 'coordinate'),
      }),
    ),
  );
  router.get(
    '/policies/api/candidate',
    endpoint('candidate', () => {
      const { live: policy, candidate } = options.policies();
      if (!policy) throw new Error('no policy is loaded');
      return candidateReport(policy, candidate, options.apiSchema);
    }),
  );
  router.post(
    '/policies/api/candidate/replay',
    pageEndpoint(options, {
      name: 'policies.replay',
      roles: REPLAY_ROLES,
      refusal: 'replaying the audit trail under a candidate policy is for POLICY_OFFICER',
      handler: () => {
        const { live: policy, candidate } = options.policies();
        if (!policy) throw new Error('no policy is loaded');
        return replayCandidate(options.auditStore, policy, candidate, options.apiSchema());
      },
    }),
  );
  return router;
}

/** Who is looking, for the page's header: a policy officer, or a reader. */
function viewerOf(caller: { sub: string; roles: readonly Role[] }) {
  const officer = caller.roles.some((role) => REPLAY_ROLES.includes(role));
  return { sub: caller.sub, roles: caller.roles, access: officer ? 'policy officer' : 'read-only', mayReplay: officer };
}
