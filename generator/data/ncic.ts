import { Weighted } from '../random.ts';

/** NCIC offence codes (OFF) used in wanted-person records, with their text and usual warrant level. */
export interface OffenseCode {
  code: string;
  text: string;
  felonyShare: number;
  weight: number;
}

export const WANTED_OFFENSES: readonly OffenseCode[] = [
  { code: '5015', text: 'FAILURE TO APPEAR', felonyShare: 0.3, weight: 30 },
  { code: '5012', text: 'PROBATION VIOLATION', felonyShare: 0.5, weight: 16 },
  { code: '5011', text: 'PAROLE VIOLATION', felonyShare: 1, weight: 6 },
  { code: '1313', text: 'SIMPLE ASSAULT', felonyShare: 0, weight: 8 },
  { code: '1399', text: 'ASSAULT', felonyShare: 0.8, weight: 7 },
  { code: '1302', text: 'AGGRAVATED ASSAULT-NONFAMILY-WEAPON', felonyShare: 1, weight: 4 },
  { code: '1301', text: 'AGGRAVATED ASSAULT-FAMILY-WEAPON', felonyShare: 1, weight: 3 },
  { code: '2299', text: 'BURGLARY', felonyShare: 1, weight: 6 },
  { code: '2399', text: 'LARCENY', felonyShare: 0.3, weight: 6 },
  { code: '2404', text: 'AUTO THEFT', felonyShare: 1, weight: 4 },
  { code: '3599', text: 'DANGEROUS DRUGS', felonyShare: 0.5, weight: 8 },
  { code: '1202', text: 'ROBBERY-STREET-GUN', felonyShare: 1, weight: 2 },
  { code: '1299', text: 'ROBBERY', felonyShare: 1, weight: 2 },
  { code: '5404', text: 'DRIVING UNDER INFLUENCE LIQUOR', felonyShare: 0.1, weight: 6 },
  { code: '5212', text: 'WEAPON OFFENSE', felonyShare: 0.8, weight: 2 },
  { code: '2699', text: 'FRAUDULENT ACTIVITIES', felonyShare: 0.6, weight: 2 },
  { code: '0999', text: 'HOMICIDE', felonyShare: 1, weight: 0.3 },
];
export const WANTED_OFFENSE_TABLE = new Weighted(WANTED_OFFENSES.map((o): [OffenseCode, number] => [o, o.weight]));
export const PROBATION_VIOLATION = WANTED_OFFENSES[1];

/** CMC codes on wanted records that carry a caution, weighted. */
export const WANTED_CAUTIONS = new Weighted<string>([
  ['05', 25],
  ['00', 18],
  ['20', 18],
  ['25', 8],
  ['70', 5],
  ['01', 6],
  ['50', 3],
  ['55', 4],
  ['80', 3],
  ['90', 2],
  ['10', 1],
  ['40', 2],
]);

export const WANTED_MISC_TEXT = [
  'CONFIRM WITH ORI BEFORE ARREST',
  'SUBJ MAY BE ARMED',
  'LAST KNOWN TO FREQUENT DOWNTOWN AREA',
  'SUBJ HAS TATTOO ON LEFT FOREARM',
  'EXTRADITION WITHIN CALIFORNIA ONLY',
  'BAIL SET AT 50000',
  'BAIL SET AT 15000',
  'NO BAIL - HOLD FOR COURT',
];

export const MISSING_CIRCUMSTANCES: Readonly<Record<string, readonly string[]>> = {
  EMD: ['SUBJECT HAS DEMENTIA AND WANDERED FROM CARE FACILITY', 'SUBJECT HAS AUTISM AND IS NON-VERBAL; LEFT HOME ON FOOT'],
  EME: ['LAST SEEN LEAVING HOME WITH UNKNOWN ADULT; REQUIRES DAILY MEDICATION', 'EXPRESSED SUICIDAL INTENT BEFORE LEAVING'],
  EMI: ['TAKEN FROM PARK BY NON-CUSTODIAL PARENT IN VIOLATION OF CUSTODY ORDER', 'WITNESS SAW SUBJECT FORCED INTO A VEHICLE'],
  EMV: ['MISSING AFTER WILDFIRE EVACUATION ORDER', 'MISSING AFTER FLASH FLOOD IN CAMPGROUND'],
  EMJ: ['RUNAWAY; LEFT NOTE, TOOK BACKPACK AND PHONE', 'DID NOT RETURN FROM SCHOOL; BELIEVED TO BE WITH FRIENDS'],
  EMO: ['NO CONTACT WITH FAMILY FOR THREE WEEKS; VEHICLE FOUND AT TRAILHEAD', 'FAILED TO RETURN FROM FISHING TRIP'],
};

/** Protection-order types with their share of CARPOS orders, forms and terms. */
export interface OrderType {
  type: 'DVRO' | 'EPO' | 'ELDER_ABUSE' | 'CIVIL_HARASSMENT' | 'WORKPLACE_VIOLENCE' | 'GVRO' | 'CRIMINAL_PROTECTIVE';
  weight: number;
  /** Form of the order after hearing, and of the temporary order (if any). */
  finalForm: string;
  temporaryForm?: string;
  /** Share of orders that are still temporary. */
  temporaryShare: number;
  /** Range of the after-hearing term in days. */
  termDays: readonly [number, number];
  /** Days a temporary/emergency order lasts. */
  temporaryDays: number;
  firearmAlways: boolean;
  /** Usual PCO conditions (each with its chance). */
  conditions: readonly (readonly [pco: string, p: number])[];
}

export const ORDER_TYPES: readonly OrderType[] = [
  {
    type: 'DVRO',
    weight: 52,
    finalForm: 'DV-130',
    temporaryForm: 'DV-110',
    temporaryShare: 0.15,
    termDays: [365, 1826],
    temporaryDays: 21,
    firearmAlways: true,
    conditions: [
      ['01', 0.98],
      ['02', 0.4],
      ['03', 0.2],
      ['04', 0.85],
      ['05', 0.7],
      ['06', 0.15],
      ['07', 1],
      ['09', 0.2],
    ],
  },
  {
    type: 'CRIMINAL_PROTECTIVE',
    weight: 20,
    finalForm: 'CR-160',
    temporaryShare: 0,
    termDays: [365, 3650],
    temporaryDays: 0,
    firearmAlways: true,
    conditions: [
      ['01', 1],
      ['04', 0.7],
      ['05', 0.6],
      ['07', 1],
      ['08', 0.1],
    ],
  },
  {
    type: 'CIVIL_HARASSMENT',
    weight: 12,
    finalForm: 'CH-130',
    temporaryForm: 'CH-110',
    temporaryShare: 0.2,
    termDays: [365, 1826],
    temporaryDays: 21,
    firearmAlways: false,
    conditions: [
      ['01', 0.95],
      ['04', 0.8],
      ['05', 0.6],
      ['07', 0.9],
    ],
  },
  {
    type: 'EPO',
    weight: 6,
    finalForm: 'EPO-001',
    temporaryShare: 1,
    termDays: [7, 7],
    temporaryDays: 7,
    firearmAlways: true,
    conditions: [
      ['01', 1],
      ['03', 0.3],
      ['04', 0.9],
      ['05', 0.5],
      ['07', 1],
      ['09', 0.2],
    ],
  },
  {
    type: 'ELDER_ABUSE',
    weight: 4,
    finalForm: 'EA-130',
    temporaryForm: 'EA-110',
    temporaryShare: 0.2,
    termDays: [365, 1826],
    temporaryDays: 21,
    firearmAlways: false,
    conditions: [
      ['01', 1],
      ['03', 0.2],
      ['04', 0.8],
      ['05', 0.5],
      ['07', 0.9],
    ],
  },
  {
    type: 'WORKPLACE_VIOLENCE',
    weight: 3,
    finalForm: 'WV-130',
    temporaryForm: 'WV-110',
    temporaryShare: 0.2,
    termDays: [365, 1095],
    temporaryDays: 21,
    firearmAlways: false,
    conditions: [
      ['01', 1],
      ['04', 0.9],
      ['05', 0.4],
      ['07', 0.9],
    ],
  },
  {
    type: 'GVRO',
    weight: 3,
    finalForm: 'GV-130',
    temporaryForm: 'GV-110',
    temporaryShare: 0.3,
    termDays: [365, 1826],
    temporaryDays: 21,
    firearmAlways: true,
    conditions: [
      ['07', 1],
      ['08', 0.3],
    ],
  },
];
export const ORDER_TYPE_TABLE = new Weighted(ORDER_TYPES.map((t): [OrderType, number] => [t, t.weight]));

export const ORDER_NOTES = [
  'PETITIONER REQUESTS NOTIFICATION WHEN ORDER IS SERVED',
  'RESTRAINED PERSON OWNS A HANDGUN; RELINQUISHMENT RECEIPT NOT YET FILED',
  'CHILDREN LISTED ON ORDER; CUSTODY PER DV-140',
  'PROTECTED PERSON WORKS NIGHT SHIFT',
  null,
  null,
];

export const SEX_OFFENSE_TIERS = new Weighted<string>([
  ['1', 45],
  ['2', 30],
  ['3', 25],
]);

export interface GunModel {
  make: string;
  model: string;
  caliber: string;
  type: 'P' | 'R' | 'S' | 'V';
}
export const GUNS: readonly GunModel[] = [
  { make: 'GLOCK', model: '19', caliber: '9MM', type: 'P' },
  { make: 'GLOCK', model: '17', caliber: '9MM', type: 'P' },
  { make: 'SMITH & WESSON', model: 'M&P SHIELD', caliber: '9MM', type: 'P' },
  { make: 'SMITH & WESSON', model: '686', caliber: '.357', type: 'V' },
  { make: 'RUGER', model: '10/22', caliber: '.22', type: 'R' },
  { make: 'RUGER', model: 'LCR', caliber: '.38', type: 'V' },
  { make: 'SIG SAUER', model: 'P365', caliber: '9MM', type: 'P' },
  { make: 'SPRINGFIELD', model: 'XD', caliber: '.40', type: 'P' },
  { make: 'REMINGTON', model: '870', caliber: '12GA', type: 'S' },
  { make: 'MOSSBERG', model: '500', caliber: '12GA', type: 'S' },
  { make: 'BERETTA', model: '92FS', caliber: '9MM', type: 'P' },
  { make: 'COLT', model: 'M1911', caliber: '.45', type: 'P' },
  { make: 'TAURUS', model: 'G2C', caliber: '9MM', type: 'P' },
];

export const ARTICLES: readonly (readonly [type: string, brand: string, description: string])[] = [
  ['LAPTOP', 'APPLE', 'SILVER 14 IN LAPTOP'],
  ['LAPTOP', 'DELL', 'BLACK LAPTOP IN GRAY CASE'],
  ['PHONE', 'APPLE', 'SMARTPHONE, BLUE CASE'],
  ['PHONE', 'SAMSUNG', 'SMARTPHONE, CRACKED SCREEN'],
  ['TOOL', 'DEWALT', 'CORDLESS DRILL KIT'],
  ['TOOL', 'MILWAUKEE', 'IMPACT DRIVER AND BATTERIES'],
  ['BICYCLE', 'TREK', 'RED MOUNTAIN BIKE'],
  ['BICYCLE', 'SPECIALIZED', 'BLACK ROAD BIKE'],
  ['CAMERA', 'CANON', 'DSLR CAMERA WITH ZOOM LENS'],
  ['TELEVISION', 'LG', '55 IN FLAT SCREEN TV'],
];
