/** Formatting of NCIC descriptors held by the identity index. */

/** NCIC HGT from total inches: 3 digits, feet then two-digit inches (70 -> "510", 72 -> "600"). */
export function ncicHeight(inches: number | null): string | null {
  if (inches === null || !Number.isInteger(inches) || inches <= 0) return null;
  const feet = Math.floor(inches / 12);
  return `${feet}${String(inches % 12).padStart(2, '0')}`;
}

/** NCIC NAM: "LAST, FIRST MIDDLE" (no trailing space when there is no middle name). */
export function ncicName(last: string, first: string, middle: string | null): string {
  return `${last}, ${first}${middle ? ` ${middle}` : ''}`;
}
