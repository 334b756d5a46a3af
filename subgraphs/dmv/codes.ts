/** Decoding of DMV codes and NCIC descriptors on DMV records. */

/**
 * Driver licence restriction codes. SIMULATED table: California prints restrictions as codes on the
 * licence, but the exact list here is this simulation's (01 corrective lenses follows the real one).
 */
export const RESTRICTIONS: Readonly<Record<string, string>> = Object.freeze({
  '01': 'Must wear corrective lenses when driving',
  '02': 'Must wear a hearing aid when driving',
  '03': 'Daylight driving only',
  '04': 'Automatic transmission only',
  '05': 'Must have outside mirrors on both sides of the vehicle',
  '06': 'No freeway driving',
  '07': 'Must be accompanied by a licensed driver aged 25 or older (provisional)',
  '08': 'Ignition interlock device required',
  '09': 'Driving to and from work and in the course of employment only',
  '10': 'Vehicles without air brakes only (commercial)',
  '11': 'Intrastate operation only (commercial)',
  '12': 'No passengers in a commercial bus or school bus',
});

/** A restriction code with its meaning; unknown codes say so instead of failing. */
export function restriction(code: string): { code: string; meaning: string } {
  return { code, meaning: RESTRICTIONS[code] ?? `Restriction code ${code} (not in the simulated code table)` };
}

/** Splits a comma-joined code list ("C,M1") into its codes, dropping blanks. */
export function codeList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code.length > 0);
}

/** NCIC HGT from total inches: 3 digits, feet then two-digit inches (70 -> "510"). */
export function ncicHeight(inches: number | null): string | null {
  if (inches === null || !Number.isInteger(inches) || inches <= 0) return null;
  return `${Math.floor(inches / 12)}${String(inches % 12).padStart(2, '0')}`;
}

/** NCIC NAM: "LAST, FIRST MIDDLE". */
export function ncicName(last: string, first: string, middle: string | null): string {
  return `${last}, ${first}${middle ? ` ${middle}` : ''}`;
}
