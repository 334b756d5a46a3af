import type { AlertInput, AlertSeverity } from '../alert.ts';
import { compare, maxSeverity } from './case.ts';

/**
 * Groups related alerts into misuse case drafts: one draft per user × subject × time window, so an
 * auditor reviews "this officer and their ex-spouse over these two weeks" once, with every piece of
 * evidence, instead of one alert per lookup. Pure: the same alerts always give the same drafts, in the same
 * order, whatever order they came in. The cases engineer stores and triages the drafts (audit/cases/).
 */

export const DEFAULT_CASE_WINDOW_MS = 14 * 24 * 3600_000;

export interface CaseDraft {
  /** Stable identity: `userId|subjectId or -|time of the first alert`. */
  key: string;
  userId: string;
  ori: string;
  /** The person the misuse was aimed at; null for alerts that name nobody (volume, off-shift bursts). */
  subjectId: string | null;
  /** The highest severity of its alerts. */
  severity: AlertSeverity;
  /** Times of the first and last alert. */
  from: string;
  to: string;
  /** Union of the alerts' evidence, sorted. */
  eventSeqs: number[];
  /** Detectors that contributed, sorted. */
  detectors: string[];
  /** Union of the alerts' signals, sorted. */
  signals: string[];
  /** The grouped alerts' keys (each alert belongs to exactly one draft), in time order. */
  alertKeys: string[];
  /** The grouped alerts' summaries, in time order, de-duplicated. */
  summaries: string[];
}

export interface GroupOptions {
  /**
   * An alert joins the user × subject draft whose first alert is less than this long before it; a later
   * alert opens a new draft. Anchoring on the first alert keeps a draft's key stable as alerts stream in.
   * @default 14 days
   */
  windowMs?: number;
}

export function groupAlerts(alerts: readonly AlertInput[], options: GroupOptions = {}): CaseDraft[] {
  const windowMs = options.windowMs ?? DEFAULT_CASE_WINDOW_MS;
  if (!(windowMs > 0)) throw new Error(`case window must be a positive number of milliseconds, got ${windowMs}`);
  const sorted = [...alerts].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || compare(a.key, b.key));
  const open = new Map<string, { draft: CaseDraft; start: number; seqs: Set<number>; detectors: Set<string>; signals: Set<string> }>();
  const drafts: { draft: CaseDraft; seqs: Set<number>; detectors: Set<string>; signals: Set<string> }[] = [];
  const seenKeys = new Set<string>();

  for (const alert of sorted) {
    if (seenKeys.has(alert.key)) continue;
    seenKeys.add(alert.key);
    const time = Date.parse(alert.time);
    if (Number.isNaN(time)) throw new Error(`alert ${alert.key} has an invalid time "${alert.time}"`);
    const subjectId = alert.subjectId ?? null;
    const group = `${alert.userId}|${subjectId ?? '-'}`;
    let current = open.get(group);
    if (!current || time - current.start >= windowMs) {
      const draft: CaseDraft = {
        key: `${group}|${alert.time}`,
        userId: alert.userId,
        ori: alert.ori,
        subjectId,
        severity: alert.severity,
        from: alert.time,
        to: alert.time,
        eventSeqs: [],
        detectors: [],
        signals: [],
        alertKeys: [],
        summaries: [],
      };
      current = { draft, start: time, seqs: new Set(), detectors: new Set(), signals: new Set() };
      open.set(group, current);
      drafts.push(current);
    }
    const { draft } = current;
    draft.severity = maxSeverity(draft.severity, alert.severity);
    draft.to = alert.time;
    for (const seq of alert.eventSeqs) current.seqs.add(seq);
    current.detectors.add(alert.detector);
    for (const signal of alert.signals ?? []) current.signals.add(signal);
    draft.alertKeys.push(alert.key);
    if (!draft.summaries.includes(alert.summary)) draft.summaries.push(alert.summary);
  }

  return drafts.map(({ draft, seqs, detectors, signals }) => ({
    ...draft,
    eventSeqs: [...seqs].sort((a, b) => a - b),
    detectors: [...detectors].sort(compare),
    signals: [...signals].sort(compare),
  }));
}
