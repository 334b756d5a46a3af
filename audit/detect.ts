import type { Alert, AlertInput } from './alert.ts';
import type { DetectionFacts, DetectionHistory, Detector } from './detection.ts';
import { DETECTORS, detectorNamed } from './detectors/index.ts';
import { lowerBound } from './detectors/support.ts';
import type { AuditEvent } from './event.ts';
import type { AuditQuery, AuditStore } from './store.ts';

/**
 * Runs the misuse detectors over the audit trail and stores what they find. Alerts are keyed by detector
 * and evidence (the store ignores a key it already has), so running detection again over the same events
 * — after a restart, a failed run, or on demand over a range — never duplicates an alert, and each
 * detector's verdict on an event depends on the stored history only, not on how events were batched.
 */

export interface DetectionResult {
  /** Alerts stored by this run (new keys only). */
  alerts: Alert[];
  /** Alerts the detectors raised, including those already stored by an earlier run. */
  found: number;
  /** Events examined. */
  events: number;
  /** Seq of the last event examined (the `afterSeq` given when there was none). */
  lastSeq: number;
}

/** A detector or the store failed part-way; `partial` holds what was done before (resume from its lastSeq). */
export class DetectionError extends Error {
  constructor(
    message: string,
    readonly partial: DetectionResult,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DetectionError';
  }
}

export interface RunDetectionOptions {
  /** Examine events with seq greater than this. */
  afterSeq: number;
  /** Events read and examined together. @default 1000 */
  batchSize?: number;
  /** Most events examined by this call (bounded work; the rest waits for the next call). @default unbounded */
  maxEvents?: number;
}

/** Reads the events after `afterSeq` (store.after), runs the detectors batch by batch and stores their alerts. */
export async function runDetection(
  store: AuditStore,
  facts: DetectionFacts,
  detectors: readonly Detector[],
  options: RunDetectionOptions,
): Promise<DetectionResult> {
  const batchSize = options.batchSize ?? 1000;
  const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
  const result: DetectionResult = { alerts: [], found: 0, events: 0, lastSeq: options.afterSeq };
  const history = historyOf(store);
  for (;;) {
    const limit = Math.min(batchSize, maxEvents - result.events);
    if (limit <= 0) break;
    const events = await store.after(result.lastSeq, limit);
    if (events.length === 0) break;
    history.batch?.(events);
    await examineInto(result, store, facts, detectors, events, history);
    result.lastSeq = events[events.length - 1].seq;
    if (events.length < limit) break;
  }
  return result;
}

/** Runs the detectors over the events whose time is in [from, to), on demand (e.g. an auditor's review). */
export async function detectRange(
  store: AuditStore,
  facts: DetectionFacts,
  from: string,
  to: string,
  options: { detectors?: readonly Detector[]; batchSize?: number } = {},
): Promise<DetectionResult> {
  const batchSize = options.batchSize ?? 1000;
  const result: DetectionResult = { alerts: [], found: 0, events: 0, lastSeq: 0 };
  const history = historyOf(store);
  let beforeSeq: number | undefined;
  for (;;) {
    // Newest first by the store's cursor; each batch is examined oldest first.
    const page = await store.query({ from, to, limit: batchSize, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
    if (page.length === 0) break;
    const batch = [...page].reverse();
    history.batch?.(batch, { forget: false });
    await examineInto(result, store, facts, options.detectors ?? DETECTORS, batch, history);
    result.lastSeq = Math.max(result.lastSeq, page[0].seq);
    beforeSeq = page[page.length - 1].seq;
    if (page.length < batchSize) break;
  }
  return result;
}

async function examineInto(
  result: DetectionResult,
  store: AuditStore,
  facts: DetectionFacts,
  detectors: readonly Detector[],
  events: AuditEvent[],
  history: DetectionHistory,
): Promise<void> {
  const failures: unknown[] = [];
  const found: AlertInput[] = [];
  // One detector after the other: they share the history's cache, and SQLite reads are synchronous anyway.
  for (const detector of detectors) {
    try {
      found.push(...(await detector.detect(events, facts, history)));
    } catch (error) {
      failures.push(new Error(`detector ${detector.name} failed: ${(error as Error).message}`, { cause: error }));
    }
  }
  try {
    // Alerts of the detectors that worked are kept even when another one failed.
    if (found.length > 0) result.alerts.push(...(await store.addAlerts(found)));
  } catch (error) {
    failures.push(error);
  }
  result.found += found.length;
  if (failures.length > 0) {
    const message = failures.map((f) => (f as Error).message).join('; ');
    throw new DetectionError(
      `detection over seq ${events[0].seq}-${events[events.length - 1].seq} failed: ${message}`,
      { ...result },
      {
        cause: failures.length === 1 ? failures[0] : new AggregateError(failures),
      },
    );
  }
  result.events += events.length;
}

// ---------------------------------------------------------------------------------------------------------
// History: what the detectors compare an event with.

const PAGE = 1000;
/** What a run keeps of the trail behind its current batch: the longest detector window (30 days) and a day. */
const KEEP = 31 * 24 * 3600_000;

/**
 * A history told about each batch before the detectors see it: it reads ahead to the batch's last event
 * (one read per user per batch, not one per event) and, unless told otherwise, forgets what lies
 * far behind the batch (a stream only moves forward; anything asked again is read again).
 */
type RunHistory = DetectionHistory & { batch?(events: readonly AuditEvent[], options?: { forget: boolean }): void };

/**
 * The detectors' view of the trail, for one run. A store that answers `byUser` itself is used as is;
 * otherwise it is answered with `store.query` (by user, with a time index), and each user's events are
 * read once per run and kept for the run's other questions.
 */
export function historyOf(store: AuditStore): RunHistory {
  const native = store as Partial<DetectionHistory> & AuditStore;
  if (typeof native.byUser === 'function') return native as DetectionHistory;
  const ranges = new RangeCache(store);
  return {
    byUser: (userId, from, to) => ranges.events({ userId }, from, to),
    batch(events, { forget } = { forget: true }) {
      const times = events.map((e) => Date.parse(e.time));
      ranges.horizon = Math.max(...times) + 1;
      if (forget) ranges.forget(Math.min(...times) - KEEP);
    },
  };
}

type Filter = Pick<AuditQuery, 'userId'>;

/** Events per filter over a growing time range, read from the store only for the parts not yet read. */
class RangeCache {
  /** Per filter: the time range read, and its events sorted by time (then seq), with their times. */
  private readonly ranges = new Map<string, { from: number; to: number; events: AuditEvent[]; times: number[] }>();

  /** Reads that extend a range forward go at least this far (ms): the end of the batch being examined. */
  horizon = Number.NEGATIVE_INFINITY;

  constructor(private readonly store: AuditStore) {}

  /** Drops cached events before `before` (ms); a later question about them reads them again. */
  forget(before: number): void {
    for (const [key, range] of this.ranges) {
      if (range.to <= before) {
        this.ranges.delete(key);
      } else if (range.from < before) {
        const cut = lowerBound(range.times, before);
        range.events = range.events.slice(cut);
        range.times = range.times.slice(cut);
        range.from = before;
      }
    }
  }

  /** Events matching `filter` with time in [from, to), oldest first. */
  async events(filter: Filter, from: string, to: string): Promise<AuditEvent[]> {
    const start = Date.parse(from);
    const end = Date.parse(to);
    const key = JSON.stringify(filter);
    let range = this.ranges.get(key);
    if (!range) {
      range = { from: start, to: start, events: [], times: [] };
      this.ranges.set(key, range);
    }
    // Ranges only grow at their ends, and what is read for an end lies wholly before or after what is held.
    if (start < range.from) {
      const head = await this.read(filter, start, range.from);
      range.events = [...head, ...range.events];
      range.times = [...head.map((e) => Date.parse(e.time)), ...range.times];
      range.from = start;
    }
    if (end > range.to) {
      const until = Math.max(end, this.horizon);
      for (const event of await this.read(filter, range.to, until)) {
        range.events.push(event);
        range.times.push(Date.parse(event.time));
      }
      range.to = until;
    }
    return range.events.slice(lowerBound(range.times, start), lowerBound(range.times, end));
  }

  /** Events in [from, to) ms, sorted by time then seq. */
  private async read(filter: Filter, from: number, to: number): Promise<AuditEvent[]> {
    if (to <= from) return [];
    const events: AuditEvent[] = [];
    let beforeSeq: number | undefined;
    for (;;) {
      const page = await this.store.query({
        ...filter,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        limit: PAGE,
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
      });
      events.push(...page);
      if (page.length < PAGE) break;
      beforeSeq = page[page.length - 1].seq;
    }
    return events.sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.seq - b.seq);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Continuous detection.

export interface ContinuousDetectionOptions {
  /** Pause between runs when there is no backlog. @default 10000 */
  intervalMs?: number;
  /**
   * Start after this seq. By default detection starts with the events of the last `lookbackMs`, so a
   * restarted gateway re-examines the recent trail (alerts already stored are not repeated).
   */
  afterSeq?: number;
  /** @default 24 hours */
  lookbackMs?: number;
  /** @default DETECTORS */
  detectors?: readonly Detector[];
  /** Most events examined per run; a larger backlog is worked off in consecutive runs. @default 5000 */
  maxEventsPerRun?: number;
  /** New alerts of each run (e.g. to log them or notify the agency coordinator). */
  onAlerts?: (alerts: Alert[]) => void;
  /** A failed run; the next run resumes after the last event fully examined. */
  onError?: (error: unknown) => void;
}

export interface ContinuousDetection {
  readonly state: 'running' | 'stopping' | 'stopped';
  /** The last event examined (undefined before the first run has found where to start). */
  readonly lastSeq: number | undefined;
  /** Stops polling; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/** Polls the trail every `intervalMs` and runs the detectors over the new events, a bounded number per run. */
export function startContinuousDetection(
  store: AuditStore,
  facts: DetectionFacts,
  options: ContinuousDetectionOptions = {},
): ContinuousDetection {
  const intervalMs = options.intervalMs ?? 10_000;
  const maxEvents = options.maxEventsPerRun ?? 5000;
  let state: ContinuousDetection['state'] = 'running';
  let lastSeq = options.afterSeq;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const run = async (): Promise<void> => {
    let backlog = false;
    try {
      lastSeq ??= await startingSeq(store, options.lookbackMs ?? 24 * 3600_000);
      const result = await runDetection(store, facts, options.detectors ?? DETECTORS, { afterSeq: lastSeq, maxEvents });
      lastSeq = result.lastSeq;
      backlog = result.events >= maxEvents;
      if (result.alerts.length > 0) options.onAlerts?.(result.alerts);
    } catch (error) {
      if (error instanceof DetectionError) {
        lastSeq = error.partial.lastSeq;
        if (error.partial.alerts.length > 0) options.onAlerts?.(error.partial.alerts);
      }
      options.onError?.(error);
    }
    if (state === 'running') schedule(backlog ? 0 : intervalMs);
  };
  const schedule = (delay: number): void => {
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = run().finally(() => {
        inFlight = undefined;
      });
    }, delay);
    timer.unref();
  };
  schedule(0);

  return {
    get state() {
      return state;
    },
    get lastSeq() {
      return lastSeq;
    },
    async stop() {
      if (state !== 'running') return;
      state = 'stopping';
      if (timer) clearTimeout(timer);
      await inFlight;
      state = 'stopped';
    },
  };
}

/** The seq after which the last `lookbackMs` of events begin (0 when the trail is younger). */
async function startingSeq(store: AuditStore, lookbackMs: number): Promise<number> {
  const [older] = await store.query({ to: new Date(Date.now() - lookbackMs).toISOString(), limit: 1 });
  return older?.seq ?? 0;
}

// ---------------------------------------------------------------------------------------------------------
// Command line (wired into scripts/audit.ts by its owner): `audit detect [--from T --to T | --after-seq N]`.

export interface DetectCommandOptions {
  /** Examine events with time in [from, to); both or neither. */
  from?: string;
  to?: string;
  /** Without a range: examine every event after this seq. @default 0 */
  afterSeq?: number;
  /** Detector names (default: all). */
  detectors?: readonly string[];
  /** Where lines go. @default console.log */
  print?: (line: string) => void;
}

/** Runs detection once and prints each new alert and a summary line; returns the result. */
export async function detectCommand(
  store: AuditStore,
  facts: DetectionFacts,
  options: DetectCommandOptions = {},
): Promise<DetectionResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const detectors = (options.detectors ?? DETECTORS.map((d) => d.name)).map((name) => {
    const detector = detectorNamed(name);
    if (!detector) throw new Error(`unknown detector "${name}"; known: ${DETECTORS.map((d) => d.name).join(', ')}`);
    return detector;
  });
  if ((options.from === undefined) !== (options.to === undefined)) throw new Error('give both --from and --to, or neither');
  const result =
    options.from !== undefined && options.to !== undefined
      ? await detectRange(store, facts, options.from, options.to, { detectors })
      : await runDetection(store, facts, detectors, { afterSeq: options.afterSeq ?? 0 });
  for (const alert of result.alerts) print(formatAlert(alert));
  print(`examined ${result.events} events (through seq ${result.lastSeq}): ${result.found} alerts found, ${result.alerts.length} new`);
  return result;
}

/** One line per alert: `#12 HIGH relativeLookup 2026-11-29T10:04:00.000Z u-misuse-1 CA0190100 events 17: summary`. */
export function formatAlert(alert: Alert): string {
  return `#${alert.id} ${alert.severity} ${alert.detector} ${alert.time} ${alert.userId} ${alert.ori} events ${alert.eventSeqs.join(',')}: ${alert.summary}`;
}
