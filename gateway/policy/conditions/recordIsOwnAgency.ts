import type { DataCondition } from './types.ts';

/** The audit record or alert concerns the caller's own agency (same ORI). */
export const recordIsOwnAgency: DataCondition = {
  name: 'recordIsOwnAgency',
  description: "The audit event or misuse alert belongs to the caller's own agency (same ORI).",
  recordScope: true,
  needs: {
    AuditEvent: '_authz_ori: ori',
    MisuseAlert: '_authz_ori: ori',
  },
  holds(parent, context) {
    return typeof parent._authz_ori === 'string' && parent._authz_ori === context.ori;
  },
};
