import { buildVin } from './ids.ts';

/**
 * Fixed, planted people that the README, the demos and the tests rely on. They are written into every
 * dataset with the same ids, names and numbers whatever the seed or size (ids P9000001.., which
 * generated people never reach). All fictitious.
 */
export interface ShowcasePerson {
  personId: string;
  /** `LAST, FIRST MIDDLE` */
  name: string;
  dob: string;
  sex: 'M' | 'F';
  /** California plates registered to the person. */
  plates?: string[];
  /** VINs of those vehicles, in the same order. */
  vins?: string[];
  dlNumber?: string;
  fbi?: string;
  cii?: string;
  /** NCIC record numbers (wants, orders, missing-person and stolen-vehicle reports) tied to the person. */
  nics?: string[];
  /** CARPOS file control number of the person's protection order. */
  fcn?: string;
}

const CHARGER_VIN = buildVin('2C3', 'CDXCT', 2019, 'H900001');
const F150_VIN = buildVin('1FT', 'EW1EG', 2015, 'F900002');
const CAMRY_VIN = buildVin('4T1', 'B11HK', 2021, 'U900003');
const CIVIC_VIN = buildVin('2HG', 'FB2F5', 2012, 'H900004');
const LEXUS_VIN = buildVin('58A', 'B21EB', 2020, 'U900005');

export const SHOWCASE = {
  /**
   * Suspended CA licence, two vehicles, an active felony want (CMC 00 armed and dangerous, 05 violent),
   * restrained in an active, served DVRO (DV-130, PCO 01 04 05 07, firearms prohibited) protecting
   * `protectedPerson`, CORI with a PC 273.5(a) conviction and active probation, FBI number with III in
   * CA and NV, an NV licence and an NV state history.
   */
  wantedDriver: {
    personId: 'P9000001',
    name: 'RIVERA, DANIEL JAMES',
    dob: '1986-03-14',
    sex: 'M',
    plates: ['7WNT123', '4RVR882'],
    vins: [CHARGER_VIN, F150_VIN],
    dlNumber: 'D4417203',
    fbi: '731592KD4',
    cii: 'A27182818',
    nics: ['W900000001', 'H900000001'],
    fcn: '0192026900001',
  },
  /** The DVRO's protected person; a Safe at Home participant (DMV residence is the substitute address). */
  protectedPerson: { personId: 'P9000002', name: 'MORALES, ELENA SOFIA', dob: '1988-09-27', sex: 'F', dlNumber: 'E5520914' },
  /** Valid licence, one vehicle, no records anywhere. */
  cleanDriver: {
    personId: 'P9000003',
    name: 'THOMPSON, KEVIN ANDREW',
    dob: '1979-11-05',
    sex: 'M',
    plates: ['8CLN456'],
    vins: [CAMRY_VIN],
    dlNumber: 'K2083311',
  },
  /** Owner (clean record) of a CA-registered car reported stolen in NCIC. */
  stolenCar: {
    personId: 'P9000004',
    name: 'NGUYEN, LINDA THU',
    dob: '1992-02-19',
    sex: 'F',
    plates: ['6STL789'],
    vins: [CIVIC_VIN],
    dlNumber: 'N7749120',
    nics: ['V900000001'],
  },
  /** A judge: DMV residence confidential under VC 1808.4. */
  judge: {
    personId: 'P9000005',
    name: 'WHITFIELD, MARGARET ANNE',
    dob: '1961-04-22',
    sex: 'F',
    plates: ['5JDG310'],
    vins: [LEXUS_VIN],
    dlNumber: 'W1186702',
  },
  /** CORI record with a sealed charge and a dismissed one (for record review). */
  recordSubject: {
    personId: 'P9000006',
    name: 'BENNETT, JAMAL RAY',
    dob: '1983-08-09',
    sex: 'M',
    dlNumber: 'B6630418',
    fbi: '482913MX7',
    cii: 'A16180339',
  },
  /** Endangered missing person (MKE EME). */
  missingPerson: { personId: 'P9000007', name: 'HOLLOWAY, EMMA GRACE', dob: '2009-05-16', sex: 'F', nics: ['M900000001'] },
  /** Restrained person whose only order (civil harassment, CH-130) expired before the as-of date. */
  expiredOrder: {
    personId: 'P9000008',
    name: 'PRICE, GORDON LEE',
    dob: '1970-02-03',
    sex: 'M',
    dlNumber: 'P3307715',
    nics: ['H900000002'],
    fcn: '0342021900002',
  },
  /** GARCIA, MARIA born exactly 1990-07-04; see COMMON_NAME_CLUSTER for the others. */
  commonName: { personId: 'P9000010', name: 'GARCIA, MARIA LUISA', dob: '1990-07-04', sex: 'F', dlNumber: 'G4410705' },
} as const satisfies Record<string, ShowcasePerson>;

export type ShowcaseKey = keyof typeof SHOWCASE;

/**
 * Distinct people a search for GARCIA, MARIA 1990-07-04 should return, with why each is a candidate.
 */
export const COMMON_NAME_CLUSTER = [
  { personId: 'P9000010', name: 'GARCIA, MARIA LUISA', dob: '1990-07-04', why: 'exact name and DOB' },
  {
    personId: 'P9000011',
    name: 'GARCIA, MARIA ELENA',
    dob: '1991-04-07',
    why: 'ALT_DOB 1990-04-07 on file (an agency mistyped the year); day and month swapped against the query',
  },
  {
    personId: 'P9000012',
    name: 'LOPEZ, MARIA ISABEL',
    dob: '1989-11-23',
    why: 'AKA GARCIA, MARIA ISABEL (maiden name); DOB within a year',
  },
  { personId: 'P9000013', name: 'GARCIA, MARIA', dob: '1992-01-15', why: 'same name, DOB 18 months later' },
  { personId: 'P9000014', name: 'GARCIA, MARIA TERESA', dob: '1988-12-30', why: 'same name, DOB 18 months earlier' },
] as const;

/**
 * Identifiers the showcase uses, which the generator must never issue to anyone else.
 * NIC and FCN entries are the numeric parts the generator draws (NIC digits, FCN sequence).
 */
export const RESERVED = {
  plates: new Set(['7WNT123', '4RVR882', '8CLN456', '6STL789', '5JDG310']),
  dlNumbers: new Set([
    'D4417203',
    'E5520914',
    'K2083311',
    'N7749120',
    'W1186702',
    'B6630418',
    'P3307715',
    'G4410705',
    'G4410706',
    'L4410707',
    'G4410708',
    'G4410709',
  ]),
  vinSerials: new Set(['H900001', 'F900002', 'U900003', 'H900004', 'U900005']),
  fbi: new Set(['731592KD4', '482913MX7']),
  cii: new Set(['A27182818', 'A16180339']),
  nicDigits: new Set(['900000001', '900000002']),
  fcnSequences: new Set(['900001', '900002']),
  ssn: new Set(['912-34-5678', '934-71-2209']),
  oosOln: new Set(['NV:1403276581']),
  sid: new Set(['NV:03316742']),
};
