import type { AlertInput } from '../alert.ts';
import type { Detector } from '../detection.ts';
import { eventsByUser, merge } from './burst-support.ts';
import { alertKey, HOUR, iso, offShift, seqsOf, timeOf, unexplainedPersons, type UserEvent, who } from './support.ts';

/**
 * offShiftBrowsing: looking people up for oneself after hours. Five or more different persons looked up
 * within an hour outside the user's scheduled shift, none of them explained by a case or incident of the
 * user (MEDIUM). Overtime on an incident is explained by the incident; a colleague asking for one plate
 * check is one person, not five. A sustained session alerts once: at the lookup that first crosses the
 * line, unless a crossing within the previous hour already did.
 */

const WINDOW = HOUR;
const PERSONS = 5;

export const offShiftBrowsing: Detector = {
  name: 'offShiftBrowsing',
  description: "5+ different persons looked up within an hour outside the user's shift, with no case or incident explaining them (MEDIUM).",

  async detect(events, facts, history) {
    const alerts: AlertInput[] = [];
    for (const [userId, own] of eventsByUser(events)) {
      if (!facts.shiftOf(userId)) continue;
      if (!own.some((e) => offShift(e, facts))) continue;
      const first = timeOf(own[0]);
      const last = timeOf(own[own.length - 1]);
      // Two windows back: a crossing within the hour before the batch suppresses a repeat.
      const recent = merge(await history.byUser(userId, iso(first - 2 * WINDOW), iso(last + 1)), own);
      const off = recent
        .filter((e) => offShift(e, facts))
        .map((e) => ({ event: e, persons: unexplainedPersons(e, facts) }))
        .filter((x) => x.persons.length > 0);
      const batch = new Set(own.map((e) => e.seq));
      let lastCrossing = Number.NEGATIVE_INFINITY;
      let lo = 0;
      for (let i = 0; i < off.length; i++) {
        const time = timeOf(off[i].event);
        while (timeOf(off[lo].event) <= time - WINDOW) lo++;
        const window = off.slice(lo, i + 1);
        const persons = new Set(window.flatMap((x) => x.persons));
        if (persons.size < PERSONS) continue;
        const fresh = time - lastCrossing >= WINDOW;
        lastCrossing = time;
        if (!fresh || !batch.has(off[i].event.seq)) continue;
        alerts.push(alertFor(off[i].event, seqsOf(window.map((x) => x.event)), persons.size, facts.shiftOf(userId)!));
      }
    }
    return alerts;
  },
};

function alertFor(event: UserEvent, evidence: number[], count: number, shift: { startHour: number; endHour: number }): AlertInput {
  const hours = `${pad(shift.startHour)}:00-${pad(shift.endHour)}:00 UTC`;
  return {
    detector: offShiftBrowsing.name,
    severity: 'MEDIUM',
    userId: event.userId,
    ori: event.ori,
    signals: ['UNEXPLAINED', 'OFF_SHIFT'],
    summary: `${who(event)} looked up ${count} different persons within an hour outside their shift (${hours}), with no case or incident explaining them.`,
    eventSeqs: evidence,
    facts: { rule: 'OFF_SHIFT_BROWSING', count, shift, windowMinutes: 60 },
    key: alertKey(offShiftBrowsing.name, evidence, 'OFF_SHIFT'),
    time: event.time,
  };
}

function pad(hour: number): string {
  return String(hour).padStart(2, '0');
}
