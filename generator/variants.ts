import { isCalendarDate } from './dates.ts';
import { NICKNAMES, SURNAMES } from './data/names.ts';
import type { Person } from './person.ts';
import type { Random } from './random.ts';

/**
 * The noise that makes name search real: names as agencies misspelled them, DOBs as they were
 * mistyped, and the other names people go by.
 */

const SOUND_ALIKES: readonly (readonly [string, string])[] = [
  ['Z', 'S'],
  ['S', 'Z'],
  ['V', 'B'],
  ['B', 'V'],
  ['Y', 'I'],
  ['I', 'Y'],
  ['PH', 'F'],
  ['C', 'K'],
  ['K', 'C'],
  ['IE', 'EI'],
  ['EI', 'IE'],
  ['LL', 'L'],
  ['RR', 'R'],
  ['TT', 'T'],
  ['NN', 'N'],
  ['SS', 'S'],
  ['OU', 'U'],
  ['EN', 'AN'],
];

/** A plausible misspelling of `name` (always different from it). */
export function misspell(name: string, rng: Random): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const variant = oneMisspelling(name, rng);
    if (variant !== name && /^[A-Z][A-Z '.-]*[A-Z]$/.test(variant) && variant.replace(/[^A-Z]/g, '').length >= 2) return variant;
  }
  return name.length > 3 ? name.slice(0, -1) : `${name}${name[name.length - 1]}`;
}

function oneMisspelling(name: string, rng: Random): string {
  const kind = rng.int(0, 4);
  if (kind === 0) {
    const candidates = SOUND_ALIKES.filter(([from]) => name.indexOf(from, 1) > 0);
    if (candidates.length > 0) {
      const [from, to] = rng.pick(candidates);
      const at = name.indexOf(from, 1);
      return name.slice(0, at) + to + name.slice(at + from.length);
    }
  }
  const i = rng.int(1, Math.max(1, name.length - 2));
  if (kind <= 1 && i + 1 < name.length) {
    // Transposed neighbouring letters.
    return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
  }
  if (kind === 2) return name.slice(0, i) + name.slice(i + 1); // dropped letter
  if (kind === 3) return name.slice(0, i) + name[i] + name.slice(i); // doubled letter
  const vowels = 'AEIOU';
  const at = [...name].findIndex((ch, j) => j > 0 && vowels.includes(ch));
  if (at > 0) return name.slice(0, at) + rng.pick([...vowels].filter((v) => v !== name[at])) + name.slice(at + 1);
  return name.slice(0, i) + name.slice(i + 1);
}

/**
 * A DOB as someone mistyped it: adjacent digits transposed, day and month swapped, or one digit off.
 * Always a valid calendar date, different from `dob`, not after `asOf`; undefined if none exists.
 */
export function dobTypo(dob: string, asOf: string, rng: Random): string | undefined {
  const candidates: string[] = [];
  const [y, m, d] = dob.split('-');
  const swapped = `${y}-${d}-${m}`;
  candidates.push(swapped, swapped);
  const digits = `${y}${m}${d}`;
  for (const i of [2, 3, 4, 6]) {
    const t = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
    candidates.push(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}`);
  }
  for (const i of [3, 5, 7]) {
    const digit = Number(digits[i]);
    const changed = digits.slice(0, i) + String((digit + (rng.chance(0.5) ? 1 : 9)) % 10) + digits.slice(i + 1);
    candidates.push(`${changed.slice(0, 4)}-${changed.slice(4, 6)}-${changed.slice(6)}`);
  }
  const valid = candidates.filter((c) => c !== dob && isCalendarDate(c) && c <= asOf && c >= '1900-01-01');
  return valid.length > 0 ? rng.pick(valid) : undefined;
}

export interface NameParts {
  last: string;
  first: string;
  middle: string | null;
}

/** Another name the person goes by: a nickname, a maiden or married name, a second surname, or an alias. */
export function aka(person: Person, rng: Random): NameParts {
  const nickname = NICKNAMES[person.first];
  const roll = rng.next();
  if (nickname && roll < 0.35) return { last: person.last, first: nickname, middle: null };
  if (person.group === 'HISPANIC' && roll < 0.6) {
    const second = SURNAMES.HISPANIC.sample(rng);
    if (second !== person.last) return { last: `${person.last} ${second}`, first: person.first, middle: person.middle };
  }
  if (person.sex === 'F' && roll < 0.75) {
    return { last: SURNAMES[person.group].sample(rng), first: person.first, middle: person.middle };
  }
  if (person.middle && roll < 0.85) return { last: person.last, first: person.middle, middle: person.first };
  return { last: SURNAMES[person.group].sample(rng), first: person.first, middle: null };
}
