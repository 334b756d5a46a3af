import type { DataCondition } from './types.ts';

/** The person is enrolled in Safe at Home (Gov. Code 6205 ff.): their address is never disclosed. */
export const addressIsSafeAtHome: DataCondition = {
  name: 'addressIsSafeAtHome',
  description: 'The address belongs to a Safe at Home participant (Gov. Code 6205 ff.).',
  needs: { DmvAddress: '_authz_safeAtHome: safeAtHome' },
  holds(parent) {
    return parent._authz_safeAtHome === true;
  },
};
