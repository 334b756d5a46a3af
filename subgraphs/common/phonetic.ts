import { soundex } from 'soundex-code';

/**
 * The phonetic key that name search uses, as NCIC does: American Soundex of the name with
 * everything but letters removed (so O'NEIL, ONEIL and O NEIL share a key).
 */
export function phoneticKey(name: string): string {
  const letters = name.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 0 ? '' : soundex(letters);
}
