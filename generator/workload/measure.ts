import type { AlertInput } from '../../audit/alert.ts';
import { groupAlerts, type CaseDraft } from '../../audit/cases/group.ts';
import { runDetection } from '../../audit/detect.ts';
import type { DetectionFacts, Detector } from '../../audit/detection.ts';
import { DETECTORS } from '../../audit/detectors/index.ts';
import type { AuditStore } from '../../audit/store.ts';
import type { PlantedMisuse } from './misuse.ts';

/**
 * Runs the real detectors over a simulated month in a real audit store, groups their alerts into misuse
 * case drafts, and scores them against the labels: a planted misuse is found when a draft's evidence
 * includes one of its requests; a draft whose evidence holds no planted request is a false case.
 */

export interface DetectorFigures {
  detector: string;
  /** Planted misuse this detector is expected to report, and how many of them it did report. */
  planted: number;
  found: number;
  recall: number;
  alerts: number;
  /** Alerts whose evidence holds no planted request. */
  falseAlerts: number;
  /** False case drafts this detector contributed to. */
  falseCases: number;
}

export interface Measurement {
  events: number;
  planted: number;
  found: number;
  recall: number;
  alerts: number;
  cases: number;
  falseCases: number;
  honestUserDays: number;
  falseCasesPer1000UserDays: number;
  detectors: DetectorFigures[];
  /** The planted misuse no draft reported, and the false drafts, for a reader of the figures. */
  missed: PlantedMisuse[];
  falseDrafts: CaseDraft[];
  detectionMs: number;
}

export async function measureDetection(
  store: AuditStore,
  facts: DetectionFacts,
  planted: readonly PlantedMisuse[],
  seqs: ReadonlyMap<string, number>,
  honestUserDays: number,
  detectors: readonly Detector[] = DETECTORS,
): Promise<Measurement> {
  const raised: AlertInput[] = [];
  // The alert inputs as raised (subject and signals included), whatever the store keeps of them.
  const listening = detectors.map((d): Detector => ({
    ...d,
    detect: async (events, f, history) => {
      const alerts = await d.detect(events, f, history);
      raised.push(...alerts);
      return alerts;
    },
  }));
  const started = performance.now();
  const result = await runDetection(store, facts, listening, { afterSeq: 0, batchSize: 2000 });
  const drafts = groupAlerts(raised);
  const detectionMs = performance.now() - started;

  const plantOf = new Map<number, PlantedMisuse>();
  for (const p of planted) for (const id of p.requestIds) if (seqs.has(id)) plantOf.set(seqs.get(id)!, p);
  const plantsIn = (evidence: readonly number[]): Set<PlantedMisuse> => new Set(evidence.flatMap((s) => plantOf.get(s) ?? []));

  const foundByDraft = new Set<PlantedMisuse>();
  const falseDrafts: CaseDraft[] = [];
  for (const draft of drafts) {
    const plants = plantsIn(draft.eventSeqs);
    if (plants.size === 0) falseDrafts.push(draft);
    for (const p of plants) foundByDraft.add(p);
  }
  const figures = detectors.map((d): DetectorFigures => {
    const own = raised.filter((a) => a.detector === d.name);
    const expected = planted.filter((p) => p.detector === d.name);
    const reported = new Set(own.flatMap((a) => [...plantsIn(a.eventSeqs)]));
    const found = expected.filter((p) => reported.has(p)).length;
    return {
      detector: d.name,
      planted: expected.length,
      found,
      recall: expected.length === 0 ? 1 : found / expected.length,
      alerts: new Set(own.map((a) => a.key)).size,
      falseAlerts: new Set(own.filter((a) => plantsIn(a.eventSeqs).size === 0).map((a) => a.key)).size,
      falseCases: falseDrafts.filter((c) => c.detectors.includes(d.name)).length,
    };
  });
  return {
    events: result.events,
    planted: planted.length,
    found: foundByDraft.size,
    recall: planted.length === 0 ? 1 : foundByDraft.size / planted.length,
    alerts: new Set(raised.map((a) => a.key)).size,
    cases: drafts.length,
    falseCases: falseDrafts.length,
    honestUserDays,
    falseCasesPer1000UserDays: honestUserDays === 0 ? 0 : (1000 * falseDrafts.length) / honestUserDays,
    detectors: figures,
    missed: planted.filter((p) => !foundByDraft.has(p)),
    falseDrafts,
    detectionMs,
  };
}
