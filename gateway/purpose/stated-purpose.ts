import type { Caller } from '../identity/caller.ts';
import type { Policy } from '../policy/types.ts';
import { describePurpose, parsePurpose, PURPOSES, type Purpose } from '../../common/vocabulary.ts';

/** Why the caller says they are asking (README, Concepts: purpose; docs/domain.md §3.1). */
export interface StatedPurpose {
  purpose: Purpose;
  /** Originating agency case/incident number (OCA) the request serves. */
  caseNumber?: string;
}

export type PurposeErrorCode = 'PURPOSE_REQUIRED' | 'PURPOSE_INVALID' | 'PURPOSE_NOT_PERMITTED' | 'CASE_NUMBER_INVALID';

export class PurposeError extends Error {
  constructor(
    readonly code: PurposeErrorCode,
    readonly status: 400 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** NCIC OCA: up to 20 characters, letters, digits and hyphens. */
const CASE_NUMBER = /^[A-Z0-9][A-Z0-9-]{0,19}$/;

/**
 * Reads X-Purpose and X-Case-Number and checks the purpose against what the caller's roles may state
 * (policies/roles.yaml). Throws PurposeError; nothing runs without a permitted purpose.
 */
export function statePurpose(headers: { purpose?: string; caseNumber?: string }, caller: Caller, policy: Policy): StatedPurpose {
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
  const caseNumber = headers.caseNumber?.trim().toUpperCase() || undefined;
  if (caseNumber !== undefined && !CASE_NUMBER.test(caseNumber)) {
    throw new PurposeError(
      'CASE_NUMBER_INVALID',
      400,
      'X-Case-Number must be 1 to 20 letters, digits or hyphens (the agency case number, OCA).',
    );
  }
  return { purpose, caseNumber };
}
