import type { DataCondition } from './types.ts';

/** The audit record, alert or misuse case concerns the caller's own agency (same ORI). */
export const recordIsOwnAgency: DataCondition = {
  name: 'recordIsOwnAgency',
  description: "The audit event, misuse alert or misuse case belongs to the caller's own agency (same ORI).",
  recordScope: true,
  needs: {
    AuditEvent: '_authz_ori: ori',
    MisuseAlert: '_authz_ori: ori',
    MisuseCase: '_authz_ori: ori',
  },
  holds(parent, context) {
    return typeof parent._authz_ori === 'string' && parent._authz_ori === context.ori;
  },
};
