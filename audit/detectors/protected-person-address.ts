import type { AlertInput } from '../alert.ts';
import type { Detector } from '../detection.ts';
import type { AuditEvent } from '../event.ts';
import {
  alertKey,
  DAY,
  hasView,
  isRecordReview,
  isUserEvent,
  iso,
  MINUTE,
  needFor,
  needWords,
  offShift,
  seqsOf,
  timeOf,
  viewedPersons,
  who,
} from './support.ts';

/**
 * protectedPersonAddress: the pattern of someone locating a protected person for the restrained party.
 * The home address of a person protected by an order in force, seen by a user whose cases and incidents do
 * not name that person: HIGH at once when nothing at all explains it; under a valid case or incident that
 * does not name the person (an associate of the case), HIGH only when it is the second such view within 7
 * days or it came within 30 minutes after the user saw the order (the order names the protected person;
 * the next query finds where they live). Views a case or incident of the user explains never alert.
 */

const REPEAT_WINDOW = 7 * DAY;
const AFTER_ORDER_WINDOW = 30 * MINUTE;

export const protectedPersonAddress: Detector = {
  name: 'protectedPersonAddress',
  description:
    "A protected person's home address seen with no case or incident of the user naming them (HIGH); under a valid case that does not name them, when repeated within 7 days or right after viewing the order (HIGH).",

  async detect(events, facts, history) {
    const alerts: AlertInput[] = [];
    for (const event of events) {
      if (!isUserEvent(event) || isRecordReview(event)) continue;
      const protectedPersons = viewedPersons(event, ['HOME_ADDRESS']).filter((p) => facts.isProtectedPerson(p));
      if (protectedPersons.length === 0) continue;
      const time = timeOf(event);
      for (const personId of protectedPersons) {
        const need = needFor(event, personId, facts);
        if (need === 'CASE' || need === 'INCIDENT') continue;
        const earlier = (await history.byUser(event.userId, iso(time - REPEAT_WINDOW), iso(time + 1))).filter(
          (e): e is AuditEvent & { userId: string; ori: string } => e.seq < event.seq && isUserEvent(e),
        );
        const addressViews = earlier.filter(
          (e) => hasView(e, 'HOME_ADDRESS', personId) && !['CASE', 'INCIDENT'].includes(needFor(e, personId, facts)),
        );
        const orderViews = earlier.filter((e) => timeOf(e) >= time - AFTER_ORDER_WINDOW && hasView(e, 'PROTECTION_ORDER', personId));
        const signals = ['PROTECTED', need === 'NONE' ? 'UNEXPLAINED' : 'NOT_LINKED'];
        if (addressViews.length > 0) signals.push('REPEATED');
        if (orderViews.length > 0) signals.push('AFTER_ORDER');
        if (offShift(event, facts)) signals.push('OFF_SHIFT');
        if (need === 'STATED' && addressViews.length === 0 && orderViews.length === 0) continue;
        const evidence = seqsOf([...addressViews, ...orderViews, event]);
        const extra = [
          addressViews.length > 0 ? `for the ${addressViews.length + 1}${suffix(addressViews.length + 1)} time within 7 days` : '',
          orderViews.length > 0
            ? `${Math.round((time - timeOf(orderViews[orderViews.length - 1])) / MINUTE)} minutes after viewing the order`
            : '',
        ].filter(Boolean);
        alerts.push({
          detector: protectedPersonAddress.name,
          severity: 'HIGH',
          userId: event.userId,
          ori: event.ori,
          subjectId: personId,
          signals,
          summary: `${who(event)} saw the home address of ${personId}, who is protected by a protection order, ${needWords(event, need)}${extra.length > 0 ? `, ${extra.join(' and ')}` : ''}.`,
          eventSeqs: evidence,
          facts: {
            personId,
            need,
            addressViews: addressViews.length + 1,
            orderViews: orderViews.length,
            windowDays: 7,
            orderWindowMinutes: 30,
            caseNumber: event.caseNumber,
            incidentNumber: event.incidentNumber ?? null,
            purpose: event.purpose,
          },
          key: alertKey(protectedPersonAddress.name, evidence, personId),
          time: event.time,
        });
      }
    }
    return alerts;
  },
};

function suffix(n: number): string {
  return n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
}
