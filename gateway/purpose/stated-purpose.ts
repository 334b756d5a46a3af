import type { Caller } from '../identity/caller.ts';
import type { Policy } from '../policy/types.ts';
import { describePurpose, parsePurpose, PURPOSES, RECORD_NUMBER, type Purpose } from '../../common/vocabulary.ts';

/** Why the caller says they are asking (README, Concepts: purpose; docs/domain.md §3.1). */
export interface StatedPurpose {
  purpose: Purpose;
  /** Originating agency case number (OCA) as stated in X-Case-Number; need to know only once rms confirms it. */
  caseNumber?: string;
  /** CAD incident number as stated in X-Incident-Number (a patrol stop or call for service). */
  incidentNumber?: string;
}

export type PurposeErrorCode =
  'PURPOSE_REQUIRED' | 'PURPOSE_INVALID' | 'PURPOSE_NOT_PERMITTED' | 'CASE_NUMBER_INVALID' | 'INCIDENT_NUMBER_INVALID';

export class PurposeError extends Error {
  constructor(
    readonly code: PurposeErrorCode,
    readonly status: 400 | 403,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads X-Purpose, X-Case-Number and X-Incident-Number and checks the purpose against what the caller's roles may state
 * (policies/roles.yaml). Throws PurposeError; nothing runs without a permitted purpose.
 */
export function statePurpose(
  headers: { purpose?: string; caseNumber?: string; incidentNumber?: string },
  caller: Caller,
  policy: Policy,
): StatedPurpose {
  const raw = headers.purpose?.trim();
  if (!raw) {
    throw new PurposeError('PURPOSE_REQUIRED', 400, `State the purpose of this request in the X-Purpose header (${PURPOSES.join(', ')}).`);
  }
  const purpose = parsePurpose(raw);
  if (!purpose) {
    throw new PurposeError(
      'PURPOSE_INVALID',
      400,
      `"${raw.slice(0, 40)}" is not a purpose code; use one of ${PURPOSES.join(', ')} or its name.`,
    );
  }
  const permitted = caller.roles.some((role) => policy.purposesByRole.get(role)?.has(purpose));
  if (!permitted) {
    const allowed = [...new Set(caller.roles.flatMap((role) => [...(policy.purposesByRole.get(role) ?? [])]))];
    throw new PurposeError(
      'PURPOSE_NOT_PERMITTED',
      403,
      `Your roles (${caller.roles.join(', ')}) may not state purpose ${describePurpose(purpose)}` +
        (allowed.length > 0 ? `; they may state ${allowed.join(', ')}.` : '; they may state no purpose.'),
    );
  }
  const caseNumber = recordNumber(headers.caseNumber);
  if (caseNumber === false) {
    throw new PurposeError(
      'CASE_NUMBER_INVALID',
      400,
      'X-Case-Number must be 1 to 20 letters, digits or hyphens (the agency case number, OCA).',
    );
  }
  const incidentNumber = recordNumber(headers.incidentNumber);
  if (incidentNumber === false) {
    throw new PurposeError(
      'INCIDENT_NUMBER_INVALID',
      400,
      'X-Incident-Number must be 1 to 20 letters, digits or hyphens (the CAD incident number, e.g. I24-0001234).',
    );
  }
  return { purpose, ...(caseNumber ? { caseNumber } : {}), ...(incidentNumber ? { incidentNumber } : {}) };
}

/** A stated number, upper-cased: undefined when none was stated, false when it is malformed. */
function recordNumber(raw: string | undefined): string | undefined | false {
  const value = raw?.trim().toUpperCase() || undefined;
  if (value === undefined) return undefined;
  return RECORD_NUMBER.test(value) ? value : false;
}
