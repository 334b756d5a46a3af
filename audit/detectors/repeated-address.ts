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
  offShift,
  seqsOf,
  timeOf,
  viewedPersons,
  who,
} from './support.ts';

/**
 * repeatedAddress: someone keeping track of where a person lives. The same person's home address seen by
 * the same user a third time within 7 days, each time with no case or incident explaining it (MEDIUM).
 * Once is a plate check that showed an address; three times is interest in the person.
 */

const WINDOW = 7 * DAY;
const VIEWS = 3;

export const repeatedAddress: Detector = {
  name: 'repeatedAddress',
  description:
    "The same person's home address seen 3 times within 7 days by one user, with no case or incident explaining any of them (MEDIUM).",

  async detect(events, facts, history) {
    const alerts: AlertInput[] = [];
    for (const event of events) {
      if (!isUserEvent(event) || isRecordReview(event)) continue;
      const persons = viewedPersons(event, ['HOME_ADDRESS']).filter((p) => needFor(event, p, facts) === 'NONE');
      if (persons.length === 0) continue;
      const time = timeOf(event);
      const earlier = (await history.byUser(event.userId, iso(time - WINDOW), iso(time + 1))).filter(
        (e) => e.seq < event.seq && isUserEvent(e),
      );
      for (const personId of persons) {
        const views = earlier.filter(
          (e) => hasView(e, 'HOME_ADDRESS', personId) && isUserEvent(e) && needFor(e, personId, facts) === 'NONE',
        );
        if (views.length + 1 < VIEWS) continue;
        const evidence = seqsOf([...views, event]);
        const signals = ['UNEXPLAINED', 'REPEATED', 'HOME_ADDRESS'];
        if (offShift(event, facts)) signals.push('OFF_SHIFT');
        alerts.push({
          detector: repeatedAddress.name,
          severity: 'MEDIUM',
          userId: event.userId,
          ori: event.ori,
          subjectId: personId,
          signals,
          summary: `${who(event)} saw the home address of ${personId} ${views.length + 1} times within 7 days, with no case or incident that explains it.`,
          eventSeqs: evidence,
          facts: { personId, views: views.length + 1, windowDays: 7 },
          key: alertKey(repeatedAddress.name, evidence, personId),
          time: event.time,
        });
      }
    }
    return alerts;
  },
};
