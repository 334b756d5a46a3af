import type { AlertInput } from '../alert.ts';
import type { DetectionHistory, Detector } from '../detection.ts';
import { alertKey, DAY, HOUR, iso, isUserEvent, timeOf, type UserEvent, viewedPersons, who } from './support.ts';

/**
 * addressWithoutNeed: where someone lives or what they drive, seen without a documented need. A DMV
 * residence (VC 1808.21) or a vehicle registration disclosed with no case number, or under a case number
 * that nobody at the agency has used in the previous 30 days (and this user never before): a case number
 * made up for the lookup. MEDIUM; one alert per event.
 */

/** Look-back windows, widened only while nothing vouches for the case (most cases were worked within the hour). */
const WINDOWS = [HOUR, DAY, 30 * DAY];
const KINDS = ['HOME_ADDRESS', 'VEHICLE_REGISTRATION'] as const;

export const addressWithoutNeed: Detector = {
  name: 'addressWithoutNeed',
  description:
    'A home address or vehicle registration seen with no case number, or under a case number with no other activity at the agency in the previous 30 days (MEDIUM).',

  async detect(events, _facts, history) {
    const alerts: AlertInput[] = [];
    for (const event of events) {
      if (!isUserEvent(event)) continue;
      const persons = viewedPersons(event, KINDS);
      if (persons.length === 0) continue;
      const kinds = [...new Set(event.views.filter((v) => (KINDS as readonly string[]).includes(v.kind)).map((v) => v.kind))];
      let reason: 'NO_CASE_NUMBER' | 'CASE_WITHOUT_ACTIVITY';
      if (event.caseNumber === null) {
        reason = 'NO_CASE_NUMBER';
      } else {
        if (await vouched(event, event.caseNumber, history)) continue;
        reason = 'CASE_WITHOUT_ACTIVITY';
      }
      const what = kinds.map((k) => (k === 'HOME_ADDRESS' ? 'the home address' : 'the vehicle registration')).join(' and ');
      const why =
        reason === 'NO_CASE_NUMBER'
          ? 'with no case number'
          : `under case ${event.caseNumber}, which nobody at ${event.ori} used in the previous 30 days`;
      alerts.push({
        detector: addressWithoutNeed.name,
        severity: 'MEDIUM',
        userId: event.userId,
        ori: event.ori,
        summary: `${who(event)} saw ${what} of ${persons.join(', ')} ${why}.`,
        eventSeqs: [event.seq],
        facts: { reason, personIds: persons, views: kinds, purpose: event.purpose, caseNumber: event.caseNumber, windowDays: 30 },
        key: alertKey(addressWithoutNeed.name, [event.seq]),
        time: event.time,
      });
    }
    return alerts;
  },
};

/** Activity that vouches for the case: anyone else's event under it in the window, or this user's own earlier one. */
async function vouched(event: UserEvent, caseNumber: string, history: DetectionHistory): Promise<boolean> {
  const time = timeOf(event);
  for (const window of WINDOWS) {
    const activity = await history.byCase(event.ori, caseNumber, iso(time - window), iso(time + 1));
    if (activity.some((other) => other.seq !== event.seq && (other.userId !== event.userId || other.seq < event.seq))) return true;
  }
  return false;
}
