/**
 * Places: fictitious California counties (with their 3-digit ORI county codes) holding real city names
 * and plausible ZIP prefixes, fictitious street names, and out-of-state cities for Nlets records.
 */

export interface County {
  /** 3-digit county code used in ORIs (CA + code + 4 characters). */
  code: string;
  name: string;
  /** Share of the state population living here (relative weight). */
  weight: number;
  /** Real city names with a 3-digit ZIP prefix. */
  cities: readonly (readonly [city: string, zip3: string])[];
}

export const COUNTIES: readonly County[] = [
  {
    code: '060',
    name: 'Harbor',
    weight: 25,
    cities: [
      ['LOS ANGELES', '900'],
      ['LONG BEACH', '908'],
      ['PASADENA', '911'],
      ['GLENDALE', '912'],
      ['TORRANCE', '905'],
      ['POMONA', '917'],
      ['INGLEWOOD', '903'],
      ['COMPTON', '902'],
      ['EL MONTE', '917'],
      ['SANTA CLARITA', '913'],
      ['LANCASTER', '935'],
      ['PALMDALE', '935'],
      ['DOWNEY', '902'],
      ['WHITTIER', '906'],
      ['NORWALK', '906'],
    ],
  },
  {
    code: '037',
    name: 'Mesa Grande',
    weight: 8.3,
    cities: [
      ['SAN DIEGO', '921'],
      ['CHULA VISTA', '919'],
      ['OCEANSIDE', '920'],
      ['ESCONDIDO', '920'],
      ['EL CAJON', '920'],
      ['CARLSBAD', '920'],
    ],
  },
  {
    code: '030',
    name: 'Orange Grove',
    weight: 8,
    cities: [
      ['ANAHEIM', '928'],
      ['SANTA ANA', '927'],
      ['IRVINE', '926'],
      ['HUNTINGTON BEACH', '926'],
      ['GARDEN GROVE', '928'],
      ['FULLERTON', '928'],
      ['COSTA MESA', '926'],
    ],
  },
  {
    code: '033',
    name: 'Desert Palms',
    weight: 6.3,
    cities: [
      ['RIVERSIDE', '925'],
      ['MORENO VALLEY', '925'],
      ['CORONA', '928'],
      ['TEMECULA', '925'],
      ['INDIO', '922'],
      ['MURRIETA', '925'],
    ],
  },
  {
    code: '036',
    name: 'High Desert',
    weight: 5.5,
    cities: [
      ['SAN BERNARDINO', '924'],
      ['FONTANA', '923'],
      ['ONTARIO', '917'],
      ['RANCHO CUCAMONGA', '917'],
      ['VICTORVILLE', '923'],
      ['RIALTO', '923'],
    ],
  },
  {
    code: '043',
    name: 'Santa Rita Valley',
    weight: 5,
    cities: [
      ['SAN JOSE', '951'],
      ['SUNNYVALE', '940'],
      ['SANTA CLARA', '950'],
      ['MOUNTAIN VIEW', '940'],
      ['MILPITAS', '950'],
      ['GILROY', '950'],
    ],
  },
  {
    code: '001',
    name: 'Bayshore',
    weight: 4.2,
    cities: [
      ['OAKLAND', '946'],
      ['FREMONT', '945'],
      ['HAYWARD', '945'],
      ['BERKELEY', '947'],
      ['SAN LEANDRO', '945'],
    ],
  },
  {
    code: '034',
    name: 'American River',
    weight: 4,
    cities: [
      ['SACRAMENTO', '958'],
      ['ELK GROVE', '957'],
      ['CITRUS HEIGHTS', '956'],
      ['FOLSOM', '956'],
      ['RANCHO CORDOVA', '956'],
    ],
  },
  {
    code: '038',
    name: 'Fog Harbor',
    weight: 3,
    cities: [
      ['SAN FRANCISCO', '941'],
      ['DALY CITY', '940'],
      ['SOUTH SAN FRANCISCO', '940'],
    ],
  },
  {
    code: '019',
    name: 'Sierra Vista',
    weight: 2.6,
    cities: [
      ['FRESNO', '937'],
      ['CLOVIS', '936'],
      ['SANGER', '936'],
      ['REEDLEY', '936'],
      ['SELMA', '936'],
    ],
  },
  {
    code: '015',
    name: 'Kettle Ridge',
    weight: 2.3,
    cities: [
      ['BAKERSFIELD', '933'],
      ['DELANO', '932'],
      ['RIDGECREST', '935'],
    ],
  },
  {
    code: '039',
    name: 'Delta Plains',
    weight: 2,
    cities: [
      ['STOCKTON', '952'],
      ['TRACY', '953'],
      ['LODI', '952'],
      ['MANTECA', '953'],
    ],
  },
];

/** First and second halves of fictitious street names ("CEDAR HOLLOW RD"). */
export const STREET_FIRST = (
  'ALDER ASPEN BIRCH CEDAR CYPRESS ELM HAWTHORN JUNIPER LAUREL MAPLE OAK PINE REDWOOD SAGE SEQUOIA SYCAMORE ' +
  'WILLOW ACACIA MANZANITA POPPY LUPINE AMBER CORAL COPPER GRANITE SILVER GOLDEN QUAIL HERON FALCON RAVEN ' +
  'SPARROW MEADOWLARK CANYON HARBOR MISSION RANCHO VISTA SUMMIT SUNSET SUNRISE MORNING EVENING STARLIGHT ' +
  'CRYSTAL MOSSY BRAMBLE THISTLE CLOVER FERN IVY ORCHARD VINEYARD'
).split(' ');
export const STREET_SECOND = (
  'CREST HOLLOW RIDGE MEADOW GLEN BROOK SPRINGS GROVE HILL HEIGHTS VIEW POINT TRAIL BEND CREEK RUN HAVEN ' +
  'FIELD PARK KNOLL BLUFF HARBOR MESA VALLEY WOOD'
).split(' ');
export const STREET_SUFFIX = 'ST ST ST AVE AVE AVE DR DR DR LN WAY CT RD BLVD PL CIR'.split(' ');

export interface OutOfStateInfo {
  state: string;
  weight: number;
  cities: readonly (readonly [city: string, zip3: string])[];
  /** Driver licence class for an ordinary car in that state. */
  carClass: string;
}

/** States that Californians most often hold licences/records from, with a few of their cities. */
export const OUT_OF_STATE: readonly OutOfStateInfo[] = [
  {
    state: 'NV',
    weight: 25,
    carClass: 'C',
    cities: [
      ['LAS VEGAS', '891'],
      ['HENDERSON', '890'],
      ['RENO', '895'],
      ['SPARKS', '894'],
      ['CARSON CITY', '897'],
    ],
  },
  {
    state: 'AZ',
    weight: 20,
    carClass: 'D',
    cities: [
      ['PHOENIX', '850'],
      ['TUCSON', '857'],
      ['MESA', '852'],
      ['SCOTTSDALE', '852'],
    ],
  },
  {
    state: 'OR',
    weight: 14,
    carClass: 'C',
    cities: [
      ['PORTLAND', '972'],
      ['SALEM', '973'],
      ['EUGENE', '974'],
      ['MEDFORD', '975'],
    ],
  },
  {
    state: 'WA',
    weight: 10,
    carClass: 'C',
    cities: [
      ['SEATTLE', '981'],
      ['SPOKANE', '992'],
      ['TACOMA', '984'],
      ['VANCOUVER', '986'],
    ],
  },
  {
    state: 'TX',
    weight: 12,
    carClass: 'C',
    cities: [
      ['HOUSTON', '770'],
      ['DALLAS', '752'],
      ['SAN ANTONIO', '782'],
      ['AUSTIN', '787'],
      ['EL PASO', '799'],
    ],
  },
  {
    state: 'UT',
    weight: 4,
    carClass: 'D',
    cities: [
      ['SALT LAKE CITY', '841'],
      ['PROVO', '846'],
    ],
  },
  {
    state: 'ID',
    weight: 3,
    carClass: 'D',
    cities: [
      ['BOISE', '837'],
      ['NAMPA', '836'],
    ],
  },
  {
    state: 'CO',
    weight: 4,
    carClass: 'R',
    cities: [
      ['DENVER', '802'],
      ['COLORADO SPRINGS', '809'],
    ],
  },
  {
    state: 'NM',
    weight: 2,
    carClass: 'D',
    cities: [
      ['ALBUQUERQUE', '871'],
      ['LAS CRUCES', '880'],
    ],
  },
  {
    state: 'NY',
    weight: 3,
    carClass: 'D',
    cities: [
      ['NEW YORK', '100'],
      ['BUFFALO', '142'],
    ],
  },
  {
    state: 'FL',
    weight: 3,
    carClass: 'E',
    cities: [
      ['MIAMI', '331'],
      ['ORLANDO', '328'],
    ],
  },
];
