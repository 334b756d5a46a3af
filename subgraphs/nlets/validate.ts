import { badUserInput } from '../common/errors.ts';
import { parseStateCode } from '../common/validate.ts';

/**
 * Argument checks specific to Nlets entry points. Like subgraphs/common/validate.ts, each returns the normalised
 * value or throws a BAD_USER_INPUT error that names the argument.
 */

/** What an out-of-state query is about, for the message that sends California queries to the DMV. */
export type OutOfStateRecord = 'licence' | 'registration';

const DMV_ENTRY_POINT: Record<OutOfStateRecord, string> = {
  licence: 'query the DMV with driverLicense(number) instead',
  registration: 'query the DMV with vehicle(plate, state: "CA") instead',
};

/** A state code other than CA: Nlets DQ/RQ go to other states; California's own records are the DMV's. */
export function parseOutOfStateCode(value: string, record: OutOfStateRecord, argument = 'state'): string {
  const state = parseStateCode(value, argument);
  if (state === 'CA') {
    throw badUserInput(
      argument,
      `California ${record}s are held by the California DMV, not by other states over Nlets: ${DMV_ENTRY_POINT[record]}.`,
    );
  }
  return state;
}

/** An ORI: 9 characters, the 2-letter state code followed by 7 letters or digits (e.g. CA0190000). */
export function parseOri(value: string, argument = 'ori'): string {
  const ori = value.trim().toUpperCase();
  if (!/^[A-Z]{2}[A-Z0-9]{7}$/.test(ori)) {
    throw badUserInput(
      argument,
      `"${value}" is not an ORI: use 9 characters, a 2-letter state code then 7 letters or digits (e.g. CA0190000).`,
    );
  }
  return ori;
}
