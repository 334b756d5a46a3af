/** A suspected misuse found in the audit trail, with the evidence that triggered it. */
export type AlertSeverity = 'LOW' | 'MEDIUM' | 'HIGH';

export interface AlertInput {
  /** Detector name, e.g. `relativeLookup`. */
  detector: string;
  severity: AlertSeverity;
  /** The user whose activity raised the alert, and their agency. */
  userId: string;
  ori: string;
  /** One sentence an auditor can read. */
  summary: string;
  /** Seq numbers of the audit events that are the evidence. */
  eventSeqs: number[];
  /** The facts that made those events suspicious (e.g. `{ relation: 'EX_SPOUSE', personId: 'P…' }`). */
  facts: Record<string, unknown>;
  /** Dedup key: the same detector with the same evidence never alerts twice. */
  key: string;
  /** ISO time of the last evidence event. */
  time: string;
  /**
   * The person the suspected misuse was aimed at (master person id), when there is one; misuse cases group
   * alerts by user × subject (audit/cases/group.ts). Absent for patterns that name nobody (a volume burst).
   */
  subjectId?: string;
  /** The facts that combined into the alert, as short codes (`EX_SPOUSE`, `UNEXPLAINED`, `OFF_SHIFT` …). */
  signals?: string[];
}

export interface Alert extends AlertInput {
  id: number;
  createdAt: string;
}
