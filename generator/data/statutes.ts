import { Weighted } from '../random.ts';

/** California charges that CORI arrests carry, with their usual level and how often they occur. */
export interface Statute {
  statute: string;
  description: string;
  /** F felony, M misdemeanour (wobblers are listed at their usual charging level). */
  level: 'F' | 'M';
  weight: number;
  /** Grouping used for couplings (DUI -> licence suspension, DV -> protection orders, sex -> registration). */
  kind: 'DUI' | 'DV' | 'SEX' | 'DRUG' | 'THEFT' | 'VIOLENT' | 'VEHICLE' | 'WEAPON' | 'PUBLIC_ORDER' | 'COURT' | 'FRAUD';
}

export const STATUTES: readonly Statute[] = [
  { statute: 'VC 23152(a)', description: 'DRIVING UNDER THE INFLUENCE', level: 'M', weight: 120, kind: 'DUI' },
  { statute: 'VC 23152(b)', description: 'DRIVING WITH 0.08% BLOOD ALCOHOL', level: 'M', weight: 30, kind: 'DUI' },
  { statute: 'VC 23153(a)', description: 'DUI CAUSING INJURY', level: 'F', weight: 6, kind: 'DUI' },
  { statute: 'PC 484(a)', description: 'PETTY THEFT', level: 'M', weight: 60, kind: 'THEFT' },
  { statute: 'PC 459.5', description: 'SHOPLIFTING', level: 'M', weight: 35, kind: 'THEFT' },
  { statute: 'PC 459', description: 'BURGLARY', level: 'F', weight: 40, kind: 'THEFT' },
  { statute: 'PC 487(a)', description: 'GRAND THEFT', level: 'F', weight: 15, kind: 'THEFT' },
  { statute: 'PC 496(a)', description: 'RECEIVING STOLEN PROPERTY', level: 'M', weight: 18, kind: 'THEFT' },
  { statute: 'VC 10851(a)', description: 'UNLAWFUL TAKING OF A VEHICLE', level: 'F', weight: 18, kind: 'VEHICLE' },
  { statute: 'HS 11350(a)', description: 'POSSESSION OF A CONTROLLED SUBSTANCE', level: 'M', weight: 60, kind: 'DRUG' },
  { statute: 'HS 11377(a)', description: 'POSSESSION OF METHAMPHETAMINE', level: 'M', weight: 45, kind: 'DRUG' },
  { statute: 'HS 11364', description: 'POSSESSION OF DRUG PARAPHERNALIA', level: 'M', weight: 25, kind: 'DRUG' },
  { statute: 'HS 11351', description: 'POSSESSION FOR SALE OF A CONTROLLED SUBSTANCE', level: 'F', weight: 10, kind: 'DRUG' },
  { statute: 'HS 11378', description: 'POSSESSION FOR SALE OF METHAMPHETAMINE', level: 'F', weight: 8, kind: 'DRUG' },
  { statute: 'PC 273.5(a)', description: 'CORPORAL INJURY ON SPOUSE OR COHABITANT', level: 'F', weight: 35, kind: 'DV' },
  { statute: 'PC 243(e)(1)', description: 'BATTERY ON SPOUSE OR COHABITANT', level: 'M', weight: 30, kind: 'DV' },
  { statute: 'PC 273.6(a)', description: 'VIOLATION OF A PROTECTIVE ORDER', level: 'M', weight: 8, kind: 'COURT' },
  { statute: 'PC 646.9(a)', description: 'STALKING', level: 'F', weight: 4, kind: 'DV' },
  { statute: 'PC 242', description: 'BATTERY', level: 'M', weight: 30, kind: 'VIOLENT' },
  { statute: 'PC 245(a)(1)', description: 'ASSAULT WITH A DEADLY WEAPON', level: 'F', weight: 22, kind: 'VIOLENT' },
  {
    statute: 'PC 245(a)(4)',
    description: 'ASSAULT WITH FORCE LIKELY TO PRODUCE GREAT BODILY INJURY',
    level: 'F',
    weight: 12,
    kind: 'VIOLENT',
  },
  { statute: 'PC 422(a)', description: 'CRIMINAL THREATS', level: 'F', weight: 12, kind: 'VIOLENT' },
  { statute: 'PC 211', description: 'ROBBERY', level: 'F', weight: 14, kind: 'VIOLENT' },
  { statute: 'PC 187(a)', description: 'MURDER', level: 'F', weight: 0.6, kind: 'VIOLENT' },
  { statute: 'PC 29800(a)(1)', description: 'FELON IN POSSESSION OF A FIREARM', level: 'F', weight: 8, kind: 'WEAPON' },
  { statute: 'PC 25850(a)', description: 'CARRYING A LOADED FIREARM IN PUBLIC', level: 'M', weight: 6, kind: 'WEAPON' },
  { statute: 'PC 647(f)', description: 'DRUNK IN PUBLIC', level: 'M', weight: 45, kind: 'PUBLIC_ORDER' },
  { statute: 'PC 148(a)(1)', description: 'RESISTING, DELAYING OR OBSTRUCTING AN OFFICER', level: 'M', weight: 30, kind: 'PUBLIC_ORDER' },
  { statute: 'PC 415', description: 'DISTURBING THE PEACE', level: 'M', weight: 12, kind: 'PUBLIC_ORDER' },
  { statute: 'PC 594(a)', description: 'VANDALISM', level: 'M', weight: 18, kind: 'PUBLIC_ORDER' },
  { statute: 'PC 602', description: 'TRESPASSING', level: 'M', weight: 14, kind: 'PUBLIC_ORDER' },
  { statute: 'VC 14601.1(a)', description: 'DRIVING WITH A SUSPENDED LICENCE', level: 'M', weight: 30, kind: 'VEHICLE' },
  { statute: 'VC 20002(a)', description: 'HIT AND RUN, PROPERTY DAMAGE', level: 'M', weight: 8, kind: 'VEHICLE' },
  { statute: 'VC 2800.2(a)', description: 'EVADING A PEACE OFFICER WITH RECKLESS DRIVING', level: 'F', weight: 5, kind: 'VEHICLE' },
  { statute: 'PC 166(a)(4)', description: 'DISOBEYING A COURT ORDER', level: 'M', weight: 8, kind: 'COURT' },
  { statute: 'PC 853.7', description: 'FAILURE TO APPEAR AFTER WRITTEN PROMISE', level: 'M', weight: 10, kind: 'COURT' },
  { statute: 'PC 530.5(a)', description: 'IDENTITY THEFT', level: 'F', weight: 6, kind: 'FRAUD' },
  { statute: 'PC 470(a)', description: 'FORGERY', level: 'F', weight: 4, kind: 'FRAUD' },
  { statute: 'PC 314.1', description: 'INDECENT EXPOSURE', level: 'M', weight: 2, kind: 'SEX' },
  { statute: 'PC 647.6(a)', description: 'ANNOYING OR MOLESTING A CHILD', level: 'M', weight: 1, kind: 'SEX' },
  { statute: 'PC 288(a)', description: 'LEWD ACT WITH A CHILD UNDER 14', level: 'F', weight: 1, kind: 'SEX' },
  { statute: 'PC 261(a)(2)', description: 'RAPE BY FORCE OR FEAR', level: 'F', weight: 0.6, kind: 'SEX' },
];

export const STATUTE_TABLE = new Weighted(STATUTES.map((s): [Statute, number] => [s, s.weight]));
export const SEX_STATUTES = STATUTES.filter((s) => s.kind === 'SEX');
export const DV_STATUTES = STATUTES.filter((s) => s.kind === 'DV');

function statute(code: string): Statute {
  const found = STATUTES.find((s) => s.statute === code);
  if (!found) throw new Error(`unknown statute ${code}`);
  return found;
}

/** Charges that often ride along with a lead charge of a given kind. */
export const COMPANION_CHARGES: Readonly<Partial<Record<Statute['kind'], readonly Statute[]>>> = {
  DUI: [statute('VC 23152(b)'), statute('VC 14601.1(a)'), statute('PC 148(a)(1)')],
  DRUG: [statute('HS 11364'), statute('PC 148(a)(1)'), statute('HS 11350(a)')],
  DV: [statute('PC 422(a)'), statute('PC 243(e)(1)'), statute('PC 273.6(a)'), statute('PC 148(a)(1)')],
  THEFT: [statute('PC 496(a)'), statute('PC 594(a)'), statute('HS 11364')],
  VIOLENT: [statute('PC 148(a)(1)'), statute('PC 422(a)'), statute('PC 242')],
  VEHICLE: [statute('PC 496(a)'), statute('VC 14601.1(a)'), statute('PC 148(a)(1)')],
  WEAPON: [statute('PC 25850(a)'), statute('HS 11377(a)')],
  PUBLIC_ORDER: [statute('PC 148(a)(1)'), statute('PC 594(a)')],
};

/** Rehabilitation programs, by kind, with fictitious provider names. */
export const PROGRAMS: Readonly<Record<string, readonly string[]>> = {
  SUBSTANCE_ABUSE: [
    'FIRST OFFENDER DUI PROGRAM (3 MONTHS)',
    'MULTIPLE OFFENDER DUI PROGRAM (18 MONTHS)',
    'DRUG COURT OUTPATIENT TREATMENT',
    'RESIDENTIAL RECOVERY PROGRAM - HILLCREST HOUSE',
  ],
  ANGER_MANAGEMENT: ['ANGER MANAGEMENT (26 SESSIONS) - NEW PATHWAYS COUNSELING'],
  DV_BATTERER: ['52-WEEK BATTERER INTERVENTION PROGRAM - SAFE HARBOR SERVICES'],
  EDUCATION: ['HIGH SCHOOL EQUIVALENCY (GED) PROGRAM', 'ADULT LITERACY PROGRAM'],
  VOCATIONAL: ['VOCATIONAL WELDING CERTIFICATE', 'CONSTRUCTION PRE-APPRENTICESHIP', 'COMMERCIAL DRIVING VOCATIONAL COURSE'],
};

export const PRISONS = [
  'COASTAL RIDGE STATE PRISON',
  'VALLEY OAK STATE PRISON',
  'SIERRA FOOTHILLS CORRECTIONAL FACILITY',
  'DESERT WIND STATE PRISON',
];

/** Conditions of supervision, as printed on the record. */
export const SUPERVISION_CONDITIONS = [
  'SEARCH AND SEIZURE',
  'NO ALCOHOL',
  'DRUG TESTING',
  'NO CONTACT WITH VICTIM',
  'NO FIREARMS OR AMMUNITION',
  'STAY AWAY FROM RETAIL STORE',
  'MAINTAIN EMPLOYMENT',
  'PAY RESTITUTION',
  'COMPLETE COMMUNITY SERVICE',
];

/** Out-of-state rap-sheet entries (what another state's IQ/FQ answer says). */
export const OUT_OF_STATE_OFFENSES = new Weighted<string>([
  ['DUI', 20],
  ['POSSESSION OF CONTROLLED SUBSTANCE', 18],
  ['THEFT', 16],
  ['BURGLARY', 8],
  ['ASSAULT', 10],
  ['DOMESTIC BATTERY', 8],
  ['ROBBERY', 3],
  ['DRIVING WHILE LICENSE SUSPENDED', 8],
  ['TRESPASS', 5],
  ['FRAUD', 4],
]);
export const OUT_OF_STATE_DISPOSITIONS = new Weighted<string>([
  ['CONVICTED', 55],
  ['DISMISSED', 22],
  ['DEFERRED ADJUDICATION', 10],
  ['NOT PROSECUTED', 10],
  ['ACQUITTED', 3],
]);
