import type { NeedToKnowAnswer, NeedToKnowLookup, StatedNumbers } from './rms-lookup.ts';
import type { GatewayContext } from '../context.ts';
import { caseNote, incidentNote, type NeedToKnow } from './status.ts';

export type { NeedToKnow } from './status.ts';

/**
 * Checks the stated case and incident numbers against the agency's records: one lookup per request, and
 * none when no number is stated. A number counts only when rms says VALID; for each other one the note
 * says why (it becomes part of the FORBIDDEN reason of the fields that needed it).
 */
export async function establishNeedToKnow(lookup: NeedToKnowLookup, context: GatewayContext, stated: StatedNumbers): Promise<NeedToKnow> {
  if (!stated.caseNumber && !stated.incidentNumber) return { decided: {} };
  const answer: NeedToKnowAnswer = await lookup(context, stated);
  const { caseStatus, incidentStatus } = answer;
  const notes = [caseStatus && caseNote(caseStatus), incidentStatus && incidentNote(incidentStatus)].filter((n): n is string => !!n);
  return {
    decided: {
      ...(stated.caseNumber && caseStatus === 'VALID' ? { caseNumber: stated.caseNumber } : {}),
      ...(stated.incidentNumber && incidentStatus === 'VALID' ? { incidentNumber: stated.incidentNumber } : {}),
      ...(notes.length > 0 ? { needToKnowNote: notes.join('; ') } : {}),
    },
    ...(caseStatus ? { caseStatus } : {}),
    ...(incidentStatus ? { incidentStatus } : {}),
  };
}
