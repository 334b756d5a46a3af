/**
 * Who may state which purpose, written down independently of `policies/roles.yaml` from the roles of a
 * California CLETS agency (CLETS PPP; PC 11105(b); PC 11120-11127 for record review). The oracle never
 * reads the gateway's policy: where the two disagree, one of them is wrong.
 */

export const ORACLE_ROLES = [
  'PATROL_OFFICER',
  'DISPATCHER',
  'INVESTIGATOR',
  'RECORDS_CLERK',
  'COURT_CLERK',
  'PROBATION_OFFICER',
  'AGENCY_COORDINATOR',
  'DOJ_AUDITOR',
  'POLICY_OFFICER',
  'NONCRIMINAL_AGENCY',
  'SUBJECT',
] as const;
export type OracleRole = (typeof ORACLE_ROLES)[number];

/** III purpose codes plus RECORD_REVIEW. */
export const ORACLE_PURPOSES = ['C', 'J', 'F', 'D', 'H', 'I', 'S', 'V', 'X', 'A', 'RECORD_REVIEW'] as const;
export type OraclePurpose = (typeof ORACLE_PURPOSES)[number];

export const PURPOSES_BY_ROLE: Readonly<Record<OracleRole, readonly OraclePurpose[]>> = {
  PATROL_OFFICER: ['C'],
  DISPATCHER: ['C', 'A'],
  INVESTIGATOR: ['C', 'D', 'F', 'J', 'X'],
  RECORDS_CLERK: ['C', 'A', 'F'],
  COURT_CLERK: ['C', 'D'],
  PROBATION_OFFICER: ['C'],
  AGENCY_COORDINATOR: ['A'],
  DOJ_AUDITOR: ['A'],
  POLICY_OFFICER: ['A'],
  NONCRIMINAL_AGENCY: ['I', 'H', 'X'],
  SUBJECT: ['RECORD_REVIEW'],
};

/** Someone asking: the token's claims and the request's headers. */
export interface OracleCaller {
  roles: readonly OracleRole[];
  purpose: OraclePurpose;
  /** X-Case-Number as stated; it shows need to know only when `hasNeedToKnow`. */
  caseNumber?: string;
  /**
   * The stated case is OPEN in the agency records, at the caller's ORI, with the caller assigned
   * (OracleDataset.hasNeedToKnow reads rms.sqlite): a well-formed number alone is not need to know. Left
   * out (hand-written cases of the model's tests), a stated number is taken as valid, as static tools do.
   */
  hasNeedToKnow?: boolean;
  /** Token `sub`; for a SUBJECT, their master person id. */
  sub: string;
  ori: string;
}

/**
 * The roles through which this request may claim anything: those that may themselves state its purpose.
 * A role that may not state the purpose lends the request none of its rights. Empty = refused (403).
 */
export function effectiveRoles(caller: OracleCaller): ReadonlySet<OracleRole> {
  return new Set(caller.roles.filter((role) => PURPOSES_BY_ROLE[role].includes(caller.purpose)));
}

export function describeCaller(caller: OracleCaller): string {
  const stated = caller.caseNumber
    ? ` case ${caller.caseNumber}${caller.hasNeedToKnow === false ? ' (no need to know)' : ''}`
    : ' (no case)';
  return `${caller.roles.join('+')} stating ${caller.purpose}${stated} sub=${caller.sub} ori=${caller.ori}`;
}

/** Whether the request shows need to know: the stated case is valid for the caller (see `hasNeedToKnow`). */
export function showsNeedToKnow(caller: OracleCaller): boolean {
  return caller.hasNeedToKnow ?? Boolean(caller.caseNumber);
}
