import type { DataCondition } from './types.ts';

/**
 * The CORI entry is sealed (e.g. PC 851.87, 1203.45): a charge that is sealed, or an arrest whose
 * charges are all sealed. Sealed entries are not disclosed as part of the record.
 */
export const recordIsSealed: DataCondition = {
  name: 'recordIsSealed',
  description: 'The charge is sealed, or every charge of the arrest is sealed.',
  needs: {
    Charge: '_authz_sealed: sealed',
    Arrest: '_authz_sealed: sealed',
  },
  holds(parent) {
    return parent._authz_sealed === true;
  },
};
