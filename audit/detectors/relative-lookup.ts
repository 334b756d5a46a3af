import type { AlertInput } from '../alert.ts';
import type { Detector } from '../detection.ts';
import {
  alertKey,
  DAY,
  hasView,
  isRecordReview,
  isUserEvent,
  iso,
  needFor,
  needWords,
  offShift,
  personsSeen,
  seqsOf,
  timeOf,
  who,
} from './support.ts';

/**
 * relativeLookup: an operator looking up someone close to them. CLETS users may not query records for
 * personal reasons (PC 11142, CLETS PPP 1.6.4), and must hand a matter involving their own family to a
 * colleague: a relative, household member, ex-spouse/ex-partner or other party of a protection order
 * involving the operator is HIGH whatever was stated (MEDIUM when a case or incident of theirs names the
 * person: a conflict of interest to review), and looking up oneself is MEDIUM. A neighbour or a co-worker
 * (same agency) is someone an officer may meet on duty, so they alert only when nothing explains the lookup
 * AND a second fact points at curiosity: their home address was seen, it was outside the user's shift, or
 * the user already looked them up without explanation in the previous 14 days (MEDIUM). One alert per
 * event and person.
 */

/** Relations that make any disclosure about the person suspicious, in the order a summary names them. */
const CLOSE = ['SPOUSE', 'EX_SPOUSE', 'EX_PARTNER', 'PROTECTIVE_ORDER_PARTY', 'HOUSEHOLD', 'PARENT', 'CHILD', 'SIBLING'];
const REPEAT_WINDOW = 14 * DAY;

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
  CO_WORKER: 'co-worker',
  SELF: 'own record',
};

export const relativeLookup: Detector = {
  name: 'relativeLookup',
  description:
    'A relative, household member, ex-spouse/partner or order co-party looked up (HIGH; MEDIUM when their own case or incident names the person); themselves (MEDIUM); a neighbour or co-worker with nothing explaining it and their address seen, off shift, or again within 14 days (MEDIUM).',

  async detect(events, facts, history) {
    const alerts: AlertInput[] = [];
    for (const event of events) {
      if (!isUserEvent(event) || isRecordReview(event)) continue;
      const persons = personsSeen(event);
      if (persons.length === 0) continue;
      const self = facts.personOfUser(event.userId);
      if (!self) continue;
      const related = new Map<string, string[]>();
      for (const r of facts.relationsOf(self)) related.set(r.personId, [...(related.get(r.personId) ?? []), r.relation]);

      for (const personId of persons) {
        const need = needFor(event, personId, facts);
        const linked = need === 'CASE' || need === 'INCIDENT';
        const known = related.get(personId) ?? [];
        const close = CLOSE.filter((r) => known.includes(r));
        let relations: string[];
        let severity: AlertInput['severity'];
        const signals: string[] = [];
        let evidence = [event.seq];
        if (personId === self) {
          relations = ['SELF'];
          severity = 'MEDIUM';
        } else if (close.length > 0) {
          relations = close;
          severity = linked ? 'MEDIUM' : 'HIGH';
          if (linked) signals.push('CONFLICT_OF_INTEREST');
        } else {
          const acquaintance = [
            ...(known.includes('NEIGHBOUR') ? ['NEIGHBOUR'] : []),
            ...(facts.usersOfPerson(personId).some((u) => u.ori === event.ori && u.userId !== event.userId) ? ['CO_WORKER'] : []),
          ];
          if (acquaintance.length === 0 || need !== 'NONE') continue;
          const time = timeOf(event);
          const earlier = (await history.byUser(event.userId, iso(time - REPEAT_WINDOW), iso(time + 1))).filter(
            (e) => e.seq < event.seq && isUserEvent(e) && personsSeen(e).includes(personId) && needFor(e, personId, facts) === 'NONE',
          );
          if (hasView(event, 'HOME_ADDRESS', personId)) signals.push('HOME_ADDRESS');
          if (offShift(event, facts)) signals.push('OFF_SHIFT');
          if (earlier.length > 0) signals.push('REPEATED');
          if (signals.length === 0) continue;
          relations = acquaintance;
          severity = 'MEDIUM';
          evidence = seqsOf([...earlier, event]);
        }
        if (need === 'NONE') signals.unshift('UNEXPLAINED');
        const views = event.views.filter((v) => v.personId === personId).map((v) => v.kind);
        const whom =
          relations[0] === 'SELF' ? 'their own record' : `${personId}, their ${relations.map((r) => WORDS[r] ?? r).join(' and ')}`;
        alerts.push({
          detector: relativeLookup.name,
          severity,
          userId: event.userId,
          ori: event.ori,
          subjectId: personId,
          signals: [...relations, ...signals],
          summary: `${who(event)} looked up ${whom}, ${needWords(event, need)}${signals.includes('OFF_SHIFT') ? ', outside their shift' : ''}.`,
          eventSeqs: evidence,
          facts: {
            personId,
            relation: relations[0],
            relations,
            views,
            need,
            purpose: event.purpose,
            caseNumber: event.caseNumber,
            caseStatus: event.caseStatus ?? null,
            incidentNumber: event.incidentNumber ?? null,
            incidentStatus: event.incidentStatus ?? null,
            operatorPersonId: self,
          },
          key: alertKey(relativeLookup.name, evidence, personId),
          time: event.time,
        });
      }
    }
    return alerts;
  },
};
