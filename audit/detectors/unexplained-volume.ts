import type { AlertInput } from '../alert.ts';
import type { DetectionFacts, DetectionHistory, Detector } from '../detection.ts';
import type { AuditEvent } from '../event.ts';
import { eventsByUser, merge, percentile } from './burst-support.ts';
import { alertKey, DAY, iso, isUserEvent, seqsOf, timeOf, unexplainedPersons, type UserEvent, who } from './support.ts';

/**
 * unexplainedVolume: a curious burst. The number of different persons a user looked up in one UTC day
 * with no case or incident explaining it, against the user's peer group (same agency, same roles): more
 * than max(20, 3 × the peers' 95th percentile of such daily counts over the 14 days before) is MEDIUM. A
 * patrol officer's occasional plate checks without an incident stay far below; forty strangers in an
 * afternoon do not. One alert per user and day: at the lookup that crosses the line.
 */

const FLOOR = 20;
const PEER_FACTOR = 3;
const PEER_PERCENTILE = 0.95;
const BASELINE_DAYS = 14;

export const unexplainedVolume: Detector = {
  name: 'unexplainedVolume',
  description:
    "More different persons looked up in a day with no case or incident explaining them than max(20, 3 x the peer group's 95th percentile over 14 days) (MEDIUM).",

  async detect(events, facts, history) {
    const alerts: AlertInput[] = [];
    for (const [userId, own] of eventsByUser(events)) {
      const batch = new Set(own.map((e) => e.seq));
      const days = [...new Set(own.map((e) => dayOf(timeOf(e))))];
      for (const day of days) {
        const last = Math.max(...own.filter((e) => dayOf(timeOf(e)) === day).map(timeOf));
        const dayEvents = merge(
          await history.byUser(userId, iso(day), iso(last + 1)),
          own.filter((e) => dayOf(timeOf(e)) === day),
        );
        const seen = new Set<string>();
        const contributing: UserEvent[] = [];
        let threshold: number | undefined;
        for (const event of dayEvents) {
          const before = seen.size;
          const persons = unexplainedPersons(event, facts);
          for (const p of persons) seen.add(p);
          if (seen.size > before) contributing.push(event);
          if (seen.size <= FLOOR) continue;
          threshold ??= await peerThreshold(userId, day, facts, history);
          if (before > threshold || seen.size <= threshold) continue;
          // This lookup crossed the line.
          if (batch.has(event.seq)) alerts.push(alertFor(event, seqsOf(contributing), seen.size, threshold));
          break;
        }
      }
    }
    return alerts;
  },
};

function dayOf(time: number): number {
  return time - (time % DAY);
}

/** max(FLOOR, PEER_FACTOR × the peers' 95th percentile of daily unexplained persons over the baseline). */
async function peerThreshold(userId: string, day: number, facts: DetectionFacts, history: DetectionHistory): Promise<number> {
  const daily: number[] = [];
  for (const peer of facts.peersOf(userId)) {
    const events = await history.byUser(peer, iso(day - BASELINE_DAYS * DAY), iso(day));
    const perDay = new Map<number, Set<string>>();
    for (const event of events) {
      if (!isUserEvent(event)) continue;
      const persons = perDay.get(dayOf(timeOf(event))) ?? new Set<string>();
      for (const p of unexplainedPersons(event, facts)) persons.add(p);
      perDay.set(dayOf(timeOf(event)), persons);
    }
    for (const persons of perDay.values()) daily.push(persons.size);
  }
  return Math.max(FLOOR, PEER_FACTOR * percentile(daily, PEER_PERCENTILE));
}

function alertFor(event: AuditEvent & UserEvent, evidence: number[], count: number, threshold: number): AlertInput {
  const day = iso(dayOf(timeOf(event))).slice(0, 10);
  return {
    detector: unexplainedVolume.name,
    severity: 'MEDIUM',
    userId: event.userId,
    ori: event.ori,
    signals: ['UNEXPLAINED', 'VOLUME'],
    summary: `${who(event)} looked up ${count} different persons on ${day} with no case or incident explaining them; their peers' line is ${threshold}.`,
    eventSeqs: evidence,
    facts: { rule: 'PEER_VOLUME', day, count, threshold, floor: FLOOR, peerFactor: PEER_FACTOR, baselineDays: BASELINE_DAYS },
    key: alertKey(unexplainedVolume.name, evidence, `${event.userId}|${day}`),
    time: event.time,
  };
}
