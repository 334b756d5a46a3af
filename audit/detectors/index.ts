import type { Detector } from '../detection.ts';
import { addressWithoutNeed } from './address-without-need.ts';
import { highProfileAccess } from './high-profile-access.ts';
import { protectedPersonAddress } from './protected-person-address.ts';
import { relativeLookup } from './relative-lookup.ts';
import { unusualVolume } from './unusual-volume.ts';

/**
 * The misuse detectors, in the order they run and their alerts are stored (and so listed for the same
 * evidence time): the patterns that name a victim first — a relative, a protected person, a public figure —
 * then the need-to-know check on addresses and plates, then volume, which names nobody. Every detector
 * is independent of the others; the order only decides how alerts are listed.
 */
export const DETECTORS: readonly Detector[] = Object.freeze([
  relativeLookup,
  protectedPersonAddress,
  highProfileAccess,
  addressWithoutNeed,
  unusualVolume,
]);

export function detectorNamed(name: string): Detector | undefined {
  return DETECTORS.find((d) => d.name === name);
}

export { addressWithoutNeed, highProfileAccess, protectedPersonAddress, relativeLookup, unusualVolume };
