/**
 * NCIC and California code lists that ncic decodes for integrators (see docs/domain.md §1.3, §4.5),
 * and the rules that rank protection orders.
 */

/** A code with its meaning, as the API returns it. */
export interface DecodedCode {
  code: string;
  meaning: string;
}

/** CMC: caution and medical condition codes. */
export const CAUTION_MEANINGS: Readonly<Record<string, string>> = {
  '00': 'Armed and dangerous',
  '01': 'Other (see MIS)',
  '05': 'Violent tendencies',
  '10': 'Martial arts expert',
  '15': 'Explosive expertise',
  '20': 'Known drug abuser',
  '25': 'Escape risk',
  '30': 'Sexually violent predator',
  '35': 'Sex offender',
  '40': 'International flight risk',
  '50': 'Heart condition',
  '55': 'Alcoholic',
  '60': 'Allergies',
  '65': 'Epilepsy',
  '70': 'Suicidal',
  '80': 'Medication required',
  '85': 'Hemophiliac',
  '90': 'Diabetic',
};

/** EXL: extradition limitation; letters A–E mirror 1–5 for misdemeanour warrants. */
const EXTRADITION_BY_DIGIT: Readonly<Record<string, string>> = {
  '1': 'Full extradition',
  '2': 'Limited extradition (see MIS)',
  '3': 'Extradition from surrounding states only',
  '4': 'No extradition',
  '5': 'Extradition arrangements pending (see MIS)',
};
const EXTRADITION_LETTERS = 'ABCDE';

/** PCO: protection-order conditions. */
export const CONDITION_MEANINGS: Readonly<Record<string, string>> = {
  '01': 'Restrained person must not assault, threaten, harass or stalk the protected person or child',
  '02': 'Restrained person must not threaten members of the protected person’s family or household',
  '03': 'Protected person is granted exclusive use of the residence',
  '04': 'Restrained person must stay away from the protected person’s residence, school or work',
  '05': 'Restrained person must not communicate with the protected person',
  '06': 'Restrained person has visitation or custody of the named children',
  '07': 'Restrained person may not possess or buy firearms',
  '08': 'Other condition (see MIS)',
  '09': 'Protected person is granted temporary exclusive custody of the named children',
};
export const NO_CONTACT_CONDITION = '05';

/** MKE of missing-person records. */
export const MISSING_CATEGORY_MEANINGS: Readonly<Record<string, string>> = {
  EMD: 'Disability: missing with a proven physical or mental disability, at immediate risk',
  EME: 'Endangered: missing in circumstances showing danger to physical safety',
  EMI: 'Involuntary: missing in circumstances suggesting abduction or kidnapping',
  EMV: 'Victim of a catastrophe',
  EMJ: 'Juvenile: missing person under 21 not meeting the other criteria',
  EMO: 'Other: missing person not meeting the other criteria',
};

export const GUN_TYPE_MEANINGS: Readonly<Record<string, string>> = {
  P: 'Pistol',
  R: 'Rifle',
  S: 'Shotgun',
  V: 'Revolver',
};

/** California sex-offender registration tiers (PC 290(d)). */
export const TIER_MEANINGS: Readonly<Record<string, string>> = {
  '1': 'Tier 1: registration for at least 10 years',
  '2': 'Tier 2: registration for at least 20 years',
  '3': 'Tier 3: lifetime registration',
};

/** Protection-order types with the law they are issued under. */
export const ORDER_TYPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  DVRO: 'Domestic violence restraining order (Fam. Code 6200 ff.)',
  EPO: 'Emergency protective order (Fam. Code 6240 ff.)',
  ELDER_ABUSE: 'Elder or dependent adult abuse restraining order (Welf. & Inst. Code 15657.03)',
  CIVIL_HARASSMENT: 'Civil harassment restraining order (Code Civ. Proc. 527.6)',
  WORKPLACE_VIOLENCE: 'Workplace violence restraining order (Code Civ. Proc. 527.8)',
  GVRO: 'Gun violence restraining order (Pen. Code 18100–18205)',
  CRIMINAL_PROTECTIVE: 'Criminal protective order (Pen. Code 136.2)',
};

/** Meaning of `code` in `table`, or a plain statement that the code is not in the list. */
export function meaningOf(table: Readonly<Record<string, string>>, code: string): string {
  return table[code] ?? `Unknown code ${code}`;
}

export function decode(table: Readonly<Record<string, string>>, code: string): DecodedCode {
  return { code, meaning: meaningOf(table, code) };
}

export function decodeExtradition(code: string): DecodedCode {
  const letter = EXTRADITION_LETTERS.indexOf(code);
  const digit = letter >= 0 ? String(letter + 1) : code;
  const meaning = EXTRADITION_BY_DIGIT[digit];
  if (!meaning) return { code, meaning: `Unknown code ${code}` };
  return { code, meaning: letter >= 0 ? `${meaning} (misdemeanour warrant)` : meaning };
}

/** The parts of an order that decide whether it is in force and how it ranks. */
export interface RankableOrder {
  nic: string;
  orderType: string;
  status: string;
  issueDate: string;
  expiryDate: string;
  /** Whether the order carries the no-contact condition (PCO 05). */
  noContact: boolean;
}

/** In force on `today` (YYYY-MM-DD): status ACTIVE and not past its expiry date. */
export function isActive(order: RankableOrder, today: string): boolean {
  return order.status === 'ACTIVE' && order.expiryDate >= today;
}

/**
 * Precedence class of an order that is in force (lower prevails): the more restrictive EPO first, then any
 * no-contact order, then a criminal order over civil ones (PC 136.2, Fam. Code 6383). Null when not in force.
 */
export function precedence(order: RankableOrder, today: string): number | null {
  if (!isActive(order, today)) return null;
  if (order.orderType === 'EPO') return 1;
  if (order.noContact) return 2;
  if (order.orderType === 'CRIMINAL_PROTECTIVE') return 3;
  return 4;
}

/** Orders in the order an officer should read them: in force by precedence, then the rest; latest issued first. */
export function rankOrders<T extends RankableOrder>(orders: readonly T[], today: string): T[] {
  const rank = (order: T): number => precedence(order, today) ?? Number.MAX_SAFE_INTEGER;
  return [...orders].sort((a, b) => rank(a) - rank(b) || b.issueDate.localeCompare(a.issueDate) || a.nic.localeCompare(b.nic));
}
