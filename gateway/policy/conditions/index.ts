import { addressIsConfidential } from './addressIsConfidential.ts';
import { addressIsSafeAtHome } from './addressIsSafeAtHome.ts';
import { hasNeedToKnow } from './hasNeedToKnow.ts';
import { recordIsOwnAgency } from './recordIsOwnAgency.ts';
import { recordIsSealed } from './recordIsSealed.ts';
import { isSubjectSelf } from './isSubjectSelf.ts';
import type { DataCondition } from './types.ts';

export type { DataCondition, RequestCondition } from './types.ts';

/**
 * Every data condition a policy may name. Order is irrelevant to decisions (each rule needs all its
 * conditions); it is the order the CLI and documentation list them in.
 */
export const CONDITIONS: ReadonlyMap<string, DataCondition> = new Map(
  [isSubjectSelf, addressIsSafeAtHome, addressIsConfidential, recordIsSealed, recordIsOwnAgency].map((c) => [c.name, c]),
);

export { hasNeedToKnow };
