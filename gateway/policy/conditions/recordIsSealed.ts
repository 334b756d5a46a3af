import type { DataCondition } from './types.ts';

/**
 * The CORI entry is sealed (e.g. PC 851.87, 1203.45): a charge that is sealed, or an arrest whose
 * charges are all sealed. A sealed arrest is deemed not to have occurred (PC 851.8), so for a caller
 * the policy does not let see it the entry is withheld as if it did not exist (`recordScope`).
 */
export const recordIsSealed: DataCondition = {
  name: 'recordIsSealed',
  description: 'The charge is sealed, or every charge of the arrest is sealed.',
  recordScope: true,
  needs: {
    Charge: '_authz_sealed: sealed',
    Arrest: '_authz_sealed: sealed',
  },
  holds(parent) {
    return parent._authz_sealed === true;
  },
};
