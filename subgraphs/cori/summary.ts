import type { ArrestRow, ChargeRow, SupervisionRow } from './queries.ts';

/**
 * Pure record logic over CORI rows: what counts in a criminal-history summary and when a supervision
 * term or an arrest is active or sealed. `today` is an ISO date (from subgraphs/common/clock.ts in resolvers).
 */

export interface CriminalHistorySummary {
  arrestCount: number;
  convictionCount: number;
  felonyConvictionCount: number;
  openCharges: number;
  sealedChargeCount: number;
  activeSupervision: boolean;
  lastArrestDate: string | null;
}

/** An arrest and its charges. */
export interface ArrestWithCharges {
  arrest: ArrestRow;
  charges: readonly ChargeRow[];
}

/** A supervision term is active while its status is ACTIVE and its end date is today or later. */
export function isActiveSupervision(term: SupervisionRow, today: string): boolean {
  return term.status === 'ACTIVE' && term.endDate >= today;
}

/** An arrest is sealed when it has charges and every one of them is sealed. */
export function isSealedArrest(charges: readonly ChargeRow[]): boolean {
  return charges.length > 0 && charges.every((charge) => charge.sealed === 1);
}

/**
 * Counts over the unsealed part of the record (sealed charges are counted only in `sealedChargeCount`,
 * and an arrest whose charges are all sealed is not counted), so that releasing the summary never
 * discloses a sealed record through a count.
 */
export function summarize(
  arrests: readonly ArrestWithCharges[],
  supervision: readonly SupervisionRow[],
  today: string,
): CriminalHistorySummary {
  const summary: CriminalHistorySummary = {
    arrestCount: 0,
    convictionCount: 0,
    felonyConvictionCount: 0,
    openCharges: 0,
    sealedChargeCount: 0,
    activeSupervision: supervision.some((term) => isActiveSupervision(term, today)),
    lastArrestDate: null,
  };
  for (const { arrest, charges } of arrests) {
    if (isSealedArrest(charges)) {
      summary.sealedChargeCount += charges.length;
      continue;
    }
    summary.arrestCount++;
    if (summary.lastArrestDate === null || arrest.arrestDate > summary.lastArrestDate) {
      summary.lastArrestDate = arrest.arrestDate;
    }
    for (const charge of charges) {
      if (charge.sealed === 1) {
        summary.sealedChargeCount++;
        continue;
      }
      if (charge.disposition === 'CONVICTED') {
        summary.convictionCount++;
        if (charge.level === 'F') summary.felonyConvictionCount++;
      }
      if (charge.disposition === 'PENDING') summary.openCharges++;
    }
  }
  return summary;
}
