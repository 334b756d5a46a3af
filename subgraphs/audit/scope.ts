import type { GatewayContextClaims } from '../../common/gateway-context.ts';

/**
 * What part of the audit trail a caller may read — enforced here as well as by the gateway's policy
 * (defense in depth): a DOJ auditor reads every agency's trail; an agency's CLETS coordinator reads only
 * their own agency's; nobody else reads anything.
 */
export type AuditScope = { kind: 'all' } | { kind: 'agency'; ori: string } | { kind: 'none' };

export function scopeOf(caller: Pick<GatewayContextClaims, 'roles' | 'ori'>): AuditScope {
  if (caller.roles.includes('DOJ_AUDITOR')) return { kind: 'all' };
  if (caller.roles.includes('AGENCY_COORDINATOR')) return { kind: 'agency', ori: caller.ori };
  return { kind: 'none' };
}

/**
 * The ORI criterion to read with, given the one asked for: unchanged for an auditor, forced to the
 * coordinator's own ORI, or `null` when nothing may match (another agency's ORI, or no audit role).
 */
export function scopedOri(scope: AuditScope, requested: string | undefined): { ori: string | undefined } | null {
  switch (scope.kind) {
    case 'all':
      return { ori: requested };
    case 'agency':
      return requested === undefined || requested === scope.ori ? { ori: scope.ori } : null;
    case 'none':
      return null;
  }
}

/** Whether the caller may see a record of this agency (for records reached other than by a query, e.g. evidence). */
export function inScope(scope: AuditScope, ori: string | null): boolean {
  return scope.kind === 'all' || (scope.kind === 'agency' && ori === scope.ori);
}
