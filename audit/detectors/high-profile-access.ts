import type { AlertInput } from '../alert.ts';
import type { Detector } from '../detection.ts';
import { alertKey, isRecordReview, isUserEvent, statedReason, who } from './support.ts';

/**
 * highProfileAccess: any disclosure about a public official, judge, celebrity or athlete is reviewed
 * (curiosity look-ups of famous people are the most common misuse found in audits). MEDIUM, HIGH when no
 * case number was stated. One alert per event and person.
 */
export const highProfileAccess: Detector = {
  name: 'highProfileAccess',
  description: 'Records of a flagged high-profile person were disclosed (MEDIUM; HIGH without a case number).',

  async detect(events, facts) {
    const alerts: AlertInput[] = [];
    for (const event of events) {
      if (!isUserEvent(event) || isRecordReview(event)) continue;
      for (const personId of new Set(event.subjects)) {
        const flagged = facts.highProfile(personId);
        if (!flagged) continue;
        alerts.push({
          detector: highProfileAccess.name,
          severity: event.caseNumber === null ? 'HIGH' : 'MEDIUM',
          userId: event.userId,
          ori: event.ori,
          summary: `${who(event)} looked up ${personId}, flagged ${flagged.reason} (${statedReason(event)}).`,
          eventSeqs: [event.seq],
          facts: { personId, reason: flagged.reason, purpose: event.purpose, caseNumber: event.caseNumber },
          key: alertKey(highProfileAccess.name, [event.seq], personId),
          time: event.time,
        });
      }
    }
    return alerts;
  },
};
