import type { AlertInput } from '../alert.ts';
import type { Detector } from '../detection.ts';
import type { AuditEvent } from '../event.ts';
import { alertKey, DAY, hasView, iso, isUserEvent, MINUTE, seqsOf, timeOf, viewedPersons, who } from './support.ts';

/**
 * protectedPersonAddress: the pattern of someone locating a protected person for the restrained party.
 * The home address of a person protected by an order in force seen again by the same user within 7 days,
 * or seen within 30 minutes after that user saw a protection order involving the person (the order names
 * the protected person; the next query finds where they live). HIGH; one alert per address view that
 * repeats or follows an order, with every earlier view in the windows as evidence.
 */

const REPEAT_WINDOW = 7 * DAY;
const AFTER_ORDER_WINDOW = 30 * MINUTE;

type Rule = 'REPEATED_ADDRESS_VIEWS' | 'ADDRESS_AFTER_ORDER';

export const protectedPersonAddress: Detector = {
  name: 'protectedPersonAddress',
  description:
    "A protected person's home address seen twice within 7 days by the same user, or within 30 minutes after that user saw the protection order (HIGH).",

  async detect(events, facts, history) {
    const alerts: AlertInput[] = [];
    for (const event of events) {
      if (!isUserEvent(event)) continue;
      const protectedPersons = viewedPersons(event, ['HOME_ADDRESS']).filter((p) => facts.isProtectedPerson(p));
      if (protectedPersons.length === 0) continue;
      const time = timeOf(event);
      const earlier = (await history.byUser(event.userId, iso(time - REPEAT_WINDOW), iso(time + 1))).filter((e) => e.seq < event.seq);

      for (const personId of protectedPersons) {
        const addressViews = earlier.filter((e) => hasView(e, 'HOME_ADDRESS', personId));
        const orderViews = earlier.filter((e) => timeOf(e) >= time - AFTER_ORDER_WINDOW && hasView(e, 'PROTECTION_ORDER', personId));
        const rules: Rule[] = [];
        if (addressViews.length > 0) rules.push('REPEATED_ADDRESS_VIEWS');
        if (orderViews.length > 0) rules.push('ADDRESS_AFTER_ORDER');
        if (rules.length === 0) continue;
        const evidence = seqsOf([...addressViews, ...orderViews, event]);
        alerts.push({
          detector: protectedPersonAddress.name,
          severity: 'HIGH',
          userId: event.userId,
          ori: event.ori,
          summary: `${who(event)} saw the home address of ${personId}, who is protected by a protection order, ${describe(rules, time, addressViews, orderViews)}.`,
          eventSeqs: evidence,
          facts: {
            personId,
            rules,
            addressViews: addressViews.length + 1,
            orderViews: orderViews.length,
            windowDays: 7,
            orderWindowMinutes: 30,
            caseNumber: event.caseNumber,
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

function describe(rules: readonly Rule[], time: number, addressViews: readonly AuditEvent[], orderViews: readonly AuditEvent[]): string {
  const parts: string[] = [];
  if (rules.includes('REPEATED_ADDRESS_VIEWS')) parts.push(`${ordinal(addressViews.length + 1)} time within 7 days`);
  if (rules.includes('ADDRESS_AFTER_ORDER')) {
    const minutes = Math.round((time - timeOf(orderViews[orderViews.length - 1])) / MINUTE);
    parts.push(`${minutes} minute${minutes === 1 ? '' : 's'} after viewing the order`);
  }
  return parts.join(' and ');
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `for the ${n}${suffix}`;
}
