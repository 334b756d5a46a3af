import type { Detector } from '../detection.ts';
import { highProfileAccess } from './high-profile-access.ts';
import { offShiftBrowsing } from './off-shift-browsing.ts';
import { protectedPersonAddress } from './protected-person-address.ts';
import { relativeLookup } from './relative-lookup.ts';
import { repeatedAddress } from './repeated-address.ts';
import { unexplainedVolume } from './unexplained-volume.ts';

/**
 * The misuse detectors, in the order they run and their alerts are stored (and so listed for the same
 * evidence time): the patterns that name a victim first — a relative or acquaintance, a protected person,
 * a public figure, an address kept track of — then the bursts, which name nobody. A lookup is evidence only
 * when nothing in the agency's records explains it (no case or incident of the user naming the person) AND
 * a second fact points at misuse; "no case number" alone never alerts. Every detector is independent of the
 * others; the order only decides how alerts are listed.
 */
export const DETECTORS: readonly Detector[] = Object.freeze([
  relativeLookup,
  protectedPersonAddress,
  highProfileAccess,
  repeatedAddress,
  unexplainedVolume,
  offShiftBrowsing,
]);

export function detectorNamed(name: string): Detector | undefined {
  return DETECTORS.find((d) => d.name === name);
}

export { highProfileAccess, offShiftBrowsing, protectedPersonAddress, relativeLookup, repeatedAddress, unexplainedVolume };
