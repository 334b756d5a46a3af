import type { Role } from '../../common/vocabulary.ts';

/** The authenticated user, from a verified bearer token. */
export interface Caller {
  /** Unique user id; for a SUBJECT, their master person id. */
  sub: string;
  name: string;
  /** 9-character ORI of the user's agency. */
  ori: string;
  roles: Role[];
  /** Optional attributes (CJIS AC-2(d)(3)), e.g. sworn, ncicCertified. */
  attributes: Record<string, string | number | boolean>;
}

export const ORI_PATTERN = /^[A-Z]{2}[A-Z0-9]{7}$/;
