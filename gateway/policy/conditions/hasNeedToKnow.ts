import type { RequestCondition } from './types.ts';

/**
 * Need to know (11 CCR 703(b): criminal offender record information only to those who need it for their
 * duties): what a grant's `caseNumber: required` asks for. The request states a case number that the
 * agency's records (rms) confirm: an OPEN case of the caller's ORI to which the caller is assigned; or, for
 * a role whose roles.yaml entry says `needToKnow: [case, incident]`, a CAD incident the caller is working.
 * The gateway asks rms once per request (gateway/need-to-know/) and puts only confirmed numbers in the
 * decision context, so this holds on the context alone.
 */
export const hasNeedToKnow: RequestCondition = {
  name: 'hasNeedToKnow',
  description:
    "The request states an open case of the caller's agency assigned to the caller (X-Case-Number), or, for roles " +
    'with `needToKnow: [case, incident]`, a current incident the caller is a unit on (X-Incident-Number), as ' +
    "confirmed by the agency's records (rms). Grants ask for it with `caseNumber: required`.",
  holds(context, role, policy) {
    const kinds = policy.needToKnowByRole.get(role);
    const byCase = (kinds?.has('case') ?? true) && context.caseNumber !== undefined;
    const byIncident = kinds?.has('incident') === true && context.incidentNumber !== undefined;
    return byCase || byIncident;
  },
};
