/** `n` as `width` digits with leading zeros. */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
