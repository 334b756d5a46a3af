import { Weighted } from '../random.ts';

/** A make with its NCIC VMA code, manufacturer identifiers (WMI) and models (NCIC VST body style). */
export interface Make {
  code: string;
  wmis: readonly string[];
  models: readonly (readonly [model: string, body: string])[];
  weight: number;
}

export const PASSENGER_MAKES: readonly Make[] = [
  {
    code: 'TOYT',
    weight: 16,
    wmis: ['4T1', 'JTD', '2T3', '5TD', '5TF'],
    models: [
      ['CAMRY', '4D'],
      ['COROLLA', '4D'],
      ['RAV4', 'UT'],
      ['TACOMA', 'PK'],
      ['PRIUS', 'HB'],
      ['HIGHLANDER', 'UT'],
      ['SIENNA', 'VN'],
      ['TUNDRA', 'PK'],
    ],
  },
  {
    code: 'HOND',
    weight: 13,
    wmis: ['1HG', '2HG', '5J6', '5FN', 'JHM'],
    models: [
      ['CIVIC', '4D'],
      ['ACCORD', '4D'],
      ['CR-V', 'UT'],
      ['ODYSSEY', 'VN'],
      ['PILOT', 'UT'],
      ['FIT', 'HB'],
    ],
  },
  {
    code: 'FORD',
    weight: 11,
    wmis: ['1FA', '1FT', '1FM', '3FA'],
    models: [
      ['F150', 'PK'],
      ['F250', 'PK'],
      ['EXPLORER', 'UT'],
      ['FOCUS', '4D'],
      ['MUSTANG', '2D'],
      ['ESCAPE', 'UT'],
      ['TRANSIT', 'VN'],
      ['FUSION', '4D'],
    ],
  },
  {
    code: 'CHEV',
    weight: 9,
    wmis: ['1G1', '1GC', '1GN', '3GN'],
    models: [
      ['SILVERADO', 'PK'],
      ['MALIBU', '4D'],
      ['EQUINOX', 'UT'],
      ['TAHOE', 'UT'],
      ['CAMARO', '2D'],
      ['BOLT', 'HB'],
    ],
  },
  {
    code: 'NISS',
    weight: 8,
    wmis: ['1N4', 'JN8', '1N6', '3N1'],
    models: [
      ['ALTIMA', '4D'],
      ['SENTRA', '4D'],
      ['ROGUE', 'UT'],
      ['FRONTIER', 'PK'],
      ['VERSA', '4D'],
      ['LEAF', 'HB'],
    ],
  },
  {
    code: 'TESL',
    weight: 5,
    wmis: ['5YJ', '7SA'],
    models: [
      ['MODEL 3', '4D'],
      ['MODEL Y', 'UT'],
      ['MODEL S', '4D'],
    ],
  },
  {
    code: 'BMW',
    weight: 3,
    wmis: ['WBA', '5UX'],
    models: [
      ['330I', '4D'],
      ['X5', 'UT'],
      ['530I', '4D'],
      ['X3', 'UT'],
    ],
  },
  {
    code: 'DODG',
    weight: 4,
    wmis: ['2C3', '1C6', '2C4', '1C4'],
    models: [
      ['RAM 1500', 'PK'],
      ['CHARGER', '4D'],
      ['GRAND CARAVAN', 'VN'],
      ['DURANGO', 'UT'],
    ],
  },
  {
    code: 'HYUN',
    weight: 5,
    wmis: ['5NP', 'KM8', 'KMH'],
    models: [
      ['ELANTRA', '4D'],
      ['SONATA', '4D'],
      ['TUCSON', 'UT'],
      ['SANTA FE', 'UT'],
    ],
  },
  {
    code: 'KIA',
    weight: 4,
    wmis: ['KNA', '5XY', '3KP'],
    models: [
      ['FORTE', '4D'],
      ['SORENTO', 'UT'],
      ['SOUL', 'HB'],
      ['K5', '4D'],
    ],
  },
  {
    code: 'SUBA',
    weight: 3,
    wmis: ['4S3', 'JF2', '4S4'],
    models: [
      ['OUTBACK', 'SW'],
      ['FORESTER', 'UT'],
      ['IMPREZA', '4D'],
    ],
  },
  {
    code: 'VOLK',
    weight: 2.5,
    wmis: ['3VW', 'WVW', '1VW'],
    models: [
      ['JETTA', '4D'],
      ['GOLF', 'HB'],
      ['TIGUAN', 'UT'],
    ],
  },
  {
    code: 'MERZ',
    weight: 2.5,
    wmis: ['WDD', 'W1K', '4JG'],
    models: [
      ['C300', '4D'],
      ['E350', '4D'],
      ['GLE350', 'UT'],
    ],
  },
  {
    code: 'LEXS',
    weight: 2.5,
    wmis: ['JTH', '2T2', '58A'],
    models: [
      ['RX350', 'UT'],
      ['ES350', '4D'],
      ['IS250', '4D'],
    ],
  },
  {
    code: 'JEEP',
    weight: 2.5,
    wmis: ['1C4', '1J4'],
    models: [
      ['WRANGLER', 'UT'],
      ['GRAND CHEROKEE', 'UT'],
      ['CHEROKEE', 'UT'],
    ],
  },
  {
    code: 'MAZD',
    weight: 2,
    wmis: ['JM1', 'JM3'],
    models: [
      ['MAZDA3', '4D'],
      ['CX-5', 'UT'],
      ['MX-5', 'CV'],
    ],
  },
];

export const MOTORCYCLE_MAKES: readonly Make[] = [
  {
    code: 'HD',
    weight: 4,
    wmis: ['1HD'],
    models: [
      ['SPORTSTER', 'MC'],
      ['ROAD KING', 'MC'],
      ['FAT BOY', 'MC'],
    ],
  },
  {
    code: 'YAMA',
    weight: 2,
    wmis: ['JYA'],
    models: [
      ['YZF-R3', 'MC'],
      ['MT-07', 'MC'],
    ],
  },
  {
    code: 'KAWK',
    weight: 2,
    wmis: ['JKA'],
    models: [
      ['NINJA 400', 'MC'],
      ['VULCAN', 'MC'],
    ],
  },
  {
    code: 'HOND',
    weight: 2,
    wmis: ['JH2', '1HF'],
    models: [
      ['REBEL 500', 'MC'],
      ['CBR600RR', 'MC'],
    ],
  },
];

export const COMMERCIAL_MAKES: readonly Make[] = [
  {
    code: 'FRHT',
    weight: 4,
    wmis: ['1FU', '3AK'],
    models: [
      ['CASCADIA', 'TR'],
      ['M2 106', 'TK'],
    ],
  },
  {
    code: 'INTL',
    weight: 2,
    wmis: ['3HS', '1HT'],
    models: [
      ['LT625', 'TR'],
      ['MV607', 'TK'],
    ],
  },
  {
    code: 'KW',
    weight: 2,
    wmis: ['1XK', '2NK'],
    models: [
      ['T680', 'TR'],
      ['T270', 'TK'],
    ],
  },
];

export const PASSENGER_TABLE = new Weighted(PASSENGER_MAKES.map((m): [Make, number] => [m, m.weight]));
export const MOTORCYCLE_TABLE = new Weighted(MOTORCYCLE_MAKES.map((m): [Make, number] => [m, m.weight]));
export const COMMERCIAL_TABLE = new Weighted(COMMERCIAL_MAKES.map((m): [Make, number] => [m, m.weight]));

/** NCIC VCO colour codes, weighted like the cars on California roads. */
export const COLOURS = Weighted.parse(
  'WHI:24 BLK:20 GRY:17 SIL:14 BLU:9 RED:9 GRN:1.5 BRO:1.5 BGE:1 GLD:1 MAR:1 ONG:0.5 YEL:0.5 TAN:0.5 PLE:0.2',
);

/** Fictitious lienholders (legal owners). */
export const LIENHOLDERS = [
  'GOLDEN POPPY CREDIT UNION',
  'PACIFIC CREST AUTO FINANCE',
  'REDWOOD FIRST BANK',
  'SUNSET HARBOR FEDERAL CREDIT UNION',
  'MISSION TRAIL BANK',
  'COASTAL SUMMIT FINANCIAL',
  'VALLEY OAK LENDING',
  'SIERRA PEAK MOTOR CREDIT',
  'BLUE HORIZON AUTO LOANS',
  'CENTRAL VALLEY FARMERS BANK',
];
