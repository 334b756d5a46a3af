import type { AlertInput } from '../alert.ts';
import type { Detector } from '../detection.ts';
import {
  alertKey,
  hasView,
  isRecordReview,
  isUserEvent,
  needFor,
  needWords,
  offShift,
  personsSeen,
  throughVehicleOnly,
  who,
} from './support.ts';

/**
 * highProfileAccess: curiosity about public officials, judges, celebrities and athletes (the most common
 * misuse found in audits). A flagged person looked up (by name or id, or their address: not merely
 * named as the owner of a plate run on shift) with no case or incident that explains it is HIGH;
 * under a valid case or incident that does not name them, MEDIUM when their home address was seen. A case
 * or incident of the user that names them explains the lookup: no alert. One alert per event and person.
 */
export const highProfileAccess: Detector = {
  name: 'highProfileAccess',
  description:
    'A flagged high-profile person looked up with nothing explaining it (HIGH), or their home address seen under a valid case or incident that does not name them (MEDIUM).',

  async detect(events, facts) {
    const alerts: AlertInput[] = [];
    for (const event of events) {
      if (!isUserEvent(event) || isRecordReview(event)) continue;
      for (const personId of personsSeen(event)) {
        const flagged = facts.highProfile(personId);
        if (!flagged) continue;
        const need = needFor(event, personId, facts);
        if (need === 'CASE' || need === 'INCIDENT') continue;
        const address = hasView(event, 'HOME_ADDRESS', personId);
        if (need === 'STATED' && !address) continue;
        const off = offShift(event, facts);
        // A plate run on patrol that turns out to be a public figure's car is not curiosity about them.
        if (throughVehicleOnly(event, personId) && !off) continue;
        const signals = ['HIGH_PROFILE', need === 'NONE' ? 'UNEXPLAINED' : 'NOT_LINKED'];
        if (address) signals.push('HOME_ADDRESS');
        if (off) signals.push('OFF_SHIFT');
        alerts.push({
          detector: highProfileAccess.name,
          severity: need === 'NONE' ? 'HIGH' : 'MEDIUM',
          userId: event.userId,
          ori: event.ori,
          subjectId: personId,
          signals,
          summary: `${who(event)} looked up ${personId}, flagged ${flagged.reason}, ${needWords(event, need)}.`,
          eventSeqs: [event.seq],
          facts: { personId, reason: flagged.reason, need, purpose: event.purpose, caseNumber: event.caseNumber },
          key: alertKey(highProfileAccess.name, [event.seq], personId),
          time: event.time,
        });
      }
    }
    return alerts;
  },
};
