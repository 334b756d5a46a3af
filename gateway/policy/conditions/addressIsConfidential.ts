import type { DataCondition } from './types.ts';

/** The DMV address carries an extra confidentiality flag, such as VC 1808.4 (judges, peace officers…). */
export const addressIsConfidential: DataCondition = {
  name: 'addressIsConfidential',
  description: 'The DMV address is flagged confidential beyond VC 1808.21 (e.g. VC 1808.4 officials).',
  needs: { DmvAddress: '_authz_confidential: confidentialReason' },
  holds(parent) {
    return typeof parent._authz_confidential === 'string' && parent._authz_confidential.length > 0;
  },
};
