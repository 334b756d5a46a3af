import { badUserInput } from '../common/errors.ts';
import { parseIdentifier, parsePlate, parseStateCode, parseVin } from '../common/validate.ts';

/**
 * Argument checks of the ncic entry points, built on subgraphs/common/validate.ts. Each returns the normalised value
 * or throws a BAD_USER_INPUT error naming the argument, before any SQL runs.
 */

/** NCIC record number: 1 letter and 9 digits. */
export function parseNic(value: string, argument = 'nic'): string {
  return parseIdentifier(value, argument, { regex: /^[A-Z]\d{9}$/, example: 'W123456789' });
}

/** CARPOS file control number: 13 digits. */
export function parseFcn(value: string, argument = 'fcn'): string {
  return parseIdentifier(value, argument, { regex: /^\d{13}$/, example: '2024001234567' });
}

/** Serial number of a gun or article: 1–20 letters, digits and hyphens, uppercased. */
export function parseSerial(value: string, argument = 'serial'): string {
  const serial = value.trim().toUpperCase();
  if (!/^[A-Z0-9-]{1,20}$/.test(serial)) {
    throw badUserInput(argument, `"${value}" is not a serial number (1 to 20 letters, digits and hyphens).`);
  }
  return serial;
}

export interface VehicleCheckArgs {
  plate?: string | null;
  state?: string | null;
  vin?: string | null;
}

/** What a QV checks: a plate with its state, a VIN, or both. */
export interface VehicleCheck {
  plate: string | null;
  state: string | null;
  vin: string | null;
}

/** A QV needs a plate with its state, or a VIN (or both); a plate without a state is ambiguous. */
export function parseVehicleCheck(args: VehicleCheckArgs): VehicleCheck {
  const given = (value: string | null | undefined): value is string => value !== null && value !== undefined;
  if (given(args.plate) && !given(args.state)) {
    throw badUserInput('state', 'a plate needs the two-letter code of the state that issued it (e.g. CA).');
  }
  if (!given(args.plate) && given(args.state)) {
    throw badUserInput('plate', 'a state is only checked with a plate: give plate with state.');
  }
  if (!given(args.plate) && !given(args.vin)) {
    throw badUserInput('plate', 'give plate with state, or vin (or both).');
  }
  return {
    plate: given(args.plate) ? parsePlate(args.plate) : null,
    state: given(args.state) ? parseStateCode(args.state) : null,
    vin: given(args.vin) ? parseVin(args.vin) : null,
  };
}
