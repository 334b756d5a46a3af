import type { AlertInput } from '../alert.ts';
import type { Detector } from '../detection.ts';
import { alertKey, hasView, isRecordReview, isUserEvent, statedReason, who } from './support.ts';

/**
 * relativeLookup: an operator looking up someone close to them. CLETS users may not query records for
 * personal reasons; a relative, a household member, an ex-spouse or ex-partner, or the other party of a
 * protection order involving the operator is the classic case (HIGH). Looking up oneself (MEDIUM), and a
 * neighbour's home address or vehicle registration (MEDIUM), are reviewed too. One alert per event and person.
 */

/** Relations that make any disclosure about the person suspicious, in the order a summary names them. */
const CLOSE = ['SPOUSE', 'EX_SPOUSE', 'EX_PARTNER', 'PROTECTIVE_ORDER_PARTY', 'HOUSEHOLD', 'PARENT', 'CHILD', 'SIBLING'];

const WORDS: Readonly<Record<string, string>> = {
  SPOUSE: 'spouse',
  EX_SPOUSE: 'ex-spouse',
  EX_PARTNER: 'ex-partner',
  PROTECTIVE_ORDER_PARTY: 'other party to a protection order',
  HOUSEHOLD: 'household member',
  PARENT: 'parent',
  CHILD: 'child',
  SIBLING: 'sibling',
  NEIGHBOUR: 'neighbour',
  SELF: 'own record',
};

export const relativeLookup: Detector = {
  name: 'relativeLookup',
  description:
    "An operator looked up a relative, household member, ex-spouse/partner or order co-party (HIGH), themselves or a neighbour's address or plate (MEDIUM).",

  async detect(events, facts) {
    const alerts: AlertInput[] = [];
    for (const event of events) {
      if (!isUserEvent(event) || isRecordReview(event) || event.subjects.length === 0) continue;
      const self = facts.personOfUser(event.userId);
      if (!self) continue;
      const related = new Map<string, string[]>();
      for (const r of facts.relationsOf(self)) related.set(r.personId, [...(related.get(r.personId) ?? []), r.relation]);

      for (const personId of new Set(event.subjects)) {
        let relations: string[];
        let severity: AlertInput['severity'];
        if (personId === self) {
          relations = ['SELF'];
          severity = 'MEDIUM';
        } else {
          const known = related.get(personId) ?? [];
          const close = CLOSE.filter((r) => known.includes(r));
          const homeOrCar = hasView(event, 'HOME_ADDRESS', personId) || hasView(event, 'VEHICLE_REGISTRATION', personId);
          if (close.length > 0) {
            relations = close;
            severity = 'HIGH';
          } else if (known.includes('NEIGHBOUR') && homeOrCar) {
            relations = ['NEIGHBOUR'];
            severity = 'MEDIUM';
          } else {
            continue;
          }
        }
        const views = event.views.filter((v) => v.personId === personId).map((v) => v.kind);
        const whom =
          relations[0] === 'SELF' ? 'their own record' : `${personId}, their ${relations.map((r) => WORDS[r] ?? r).join(' and ')}`;
        alerts.push({
          detector: relativeLookup.name,
          severity,
          userId: event.userId,
          ori: event.ori,
          summary: `${who(event)} looked up ${whom} (${statedReason(event)}).`,
          eventSeqs: [event.seq],
          facts: {
            personId,
            relation: relations[0],
            relations,
            views,
            purpose: event.purpose,
            caseNumber: event.caseNumber,
            operatorPersonId: self,
          },
          key: alertKey(relativeLookup.name, [event.seq], personId),
          time: event.time,
        });
      }
    }
    return alerts;
  },
};
