/** Decoders for CORI codes that the schema returns with a meaning beside the code. */

const CHARGE_LEVELS: Record<string, string> = {
  F: 'Felony',
  M: 'Misdemeanor',
  I: 'Infraction',
};

const SUPERVISION_KINDS: Record<string, string> = {
  PROBATION: 'Probation supervised by the county probation department (PC 1203)',
  PAROLE: 'State parole supervised by CDCR after prison (PC 3000)',
  PRCS: 'Postrelease community supervision by county probation after prison (PC 3450 ff.)',
  MANDATORY_SUPERVISION: 'Mandatory supervision for the concluding part of a split county-jail sentence (PC 1170(h)(5)(B))',
};

/** Meaning of a charge level code (F, M, I); null for a code outside the list. */
export function chargeLevelMeaning(code: string): string | null {
  return CHARGE_LEVELS[code] ?? null;
}

/** Meaning of a supervision kind (PROBATION, PAROLE, PRCS, MANDATORY_SUPERVISION); null for an unknown kind. */
export function supervisionKindMeaning(kind: string): string | null {
  return SUPERVISION_KINDS[kind] ?? null;
}
