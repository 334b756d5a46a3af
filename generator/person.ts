import { addYears, ageOn, fromDay, toDay } from './dates.ts';
import { FIRST_NAMES, GROUPS, MIDDLE_NAME_SHARE, RACE_BY_GROUP, SURNAMES, type Group } from './data/names.ts';
import { COUNTIES, STREET_FIRST, STREET_SECOND, STREET_SUFFIX, type County } from './data/places.ts';
import { Weighted, type Random } from './random.ts';

/** A generated person's identity and description: what every source derives its records from. */
export interface Person {
  id: string;
  group: Group;
  last: string;
  first: string;
  middle: string | null;
  sex: 'M' | 'F';
  race: string;
  dob: string;
  age: number;
  /** Height in inches, weight in pounds; NCIC EYE / HAI / SKN codes. */
  height: number;
  weight: number;
  eye: string;
  hair: string;
  skin: string;
  address: Address;
}

export interface Address {
  street: string;
  city: string;
  state: string;
  zip: string;
  county: County;
  since: string;
}

export function personId(index: number): string {
  return `P${String(index).padStart(7, '0')}`;
}

/** `LAST, FIRST MIDDLE` as NCIC's NAM field writes it. */
export function formatName(last: string, first: string, middle: string | null): string {
  return middle ? `${last}, ${first} ${middle}` : `${last}, ${first}`;
}

const COUNTY_TABLE = new Weighted(COUNTIES.map((c): [County, number] => [c, c.weight]));

/** Ages 16–90, fewer of the oldest. */
const AGE_TABLE = new Weighted(
  Array.from({ length: 75 }, (_, i): [number, number] => {
    const age = 16 + i;
    return [age, age < 65 ? 1 : age < 75 ? 0.8 : age < 85 ? 0.5 : 0.25];
  }),
);

const EYES: Readonly<Record<'LIGHT' | 'DARK', Weighted<string>>> = {
  LIGHT: Weighted.parse('BLU:33 BRO:38 HAZ:13 GRN:11 GRY:3 MUL:1 XXX:1'),
  DARK: Weighted.parse('BRO:82 BLK:11 HAZ:5 GRN:1 XXX:1'),
};
const HAIR: Readonly<Record<'LIGHT' | 'DARK', Weighted<string>>> = {
  LIGHT: Weighted.parse('BRO:52 BLN:20 BLK:10 RED:6 SDY:6 XXX:1'),
  DARK: Weighted.parse('BLK:62 BRO:36 XXX:1'),
};
const SKIN: Readonly<Record<Group, Weighted<string>>> = {
  WHITE: Weighted.parse('FAR:40 LGT:45 MED:10 RUD:5'),
  HISPANIC: Weighted.parse('MED:45 LBR:25 OLV:20 LGT:10'),
  BLACK: Weighted.parse('MBR:35 DBR:30 DRK:25 LBR:8 BLK:2'),
  ASIAN: Weighted.parse('LGT:45 MED:40 OLV:15'),
  PACIFIC: Weighted.parse('MBR:50 MED:30 LBR:20'),
  NATIVE: Weighted.parse('MED:40 MBR:30 RUD:20 LBR:10'),
};

/** A run of distinct people who share a surname and first name with nearby DOBs (search must rank them). */
interface Cluster {
  group: Group;
  last: string;
  first: string;
  sex: 'M' | 'F';
  dobDay: number;
  remaining: number;
}

/** Makes people one at a time, sometimes in common-name clusters. */
export class PersonFactory {
  private cluster: Cluster | undefined;

  constructor(
    private readonly rng: Random,
    private readonly asOf: string,
  ) {}

  make(index: number): Person {
    const rng = this.rng;
    const cluster = this.cluster && this.cluster.remaining > 0 ? this.cluster : undefined;
    const group = cluster?.group ?? GROUPS.sample(rng);
    const sex = cluster?.sex ?? (rng.chance(0.5) ? 'M' : 'F');
    const last = cluster?.last ?? SURNAMES[group].sample(rng);
    const first = cluster?.first ?? FIRST_NAMES[group][sex].sample(rng);
    let dob: string;
    if (cluster) {
      cluster.remaining--;
      const youngest = toDay(addYears(this.asOf, -16));
      const oldest = toDay(addYears(this.asOf, -90));
      dob = fromDay(Math.min(youngest, Math.max(oldest, cluster.dobDay + rng.int(-700, 700))));
    } else {
      const age = AGE_TABLE.sample(rng);
      const birthday = toDay(addYears(this.asOf, -age - 1)) + 1;
      dob = fromDay(rng.int(birthday, birthday + 364));
    }
    let middle = rng.chance(MIDDLE_NAME_SHARE[group]) ? FIRST_NAMES[group][sex].sample(rng) : null;
    if (middle === first) middle = null;
    if (!cluster && rng.chance(0.004)) {
      this.cluster = { group, last, first, sex, dobDay: toDay(dob), remaining: rng.int(2, 4) };
    }
    const age = ageOn(dob, this.asOf);
    const light = group === 'WHITE';
    const height = sex === 'M' ? rng.normalInt(69, 3, 60, 80) : rng.normalInt(64, 2.8, 56, 75);
    const bmi = rng.normalInt(27, 5, 17, 48);
    return {
      id: personId(index),
      group,
      last,
      first,
      middle,
      sex,
      race: RACE_BY_GROUP[group].sample(rng),
      dob,
      age,
      height,
      weight: Math.round((bmi * height * height) / 703),
      eye: EYES[light ? 'LIGHT' : 'DARK'].sample(rng),
      hair:
        age > 58 && rng.chance(0.45)
          ? rng.chance(0.7)
            ? 'GRY'
            : 'WHI'
          : sex === 'M' && age > 40 && rng.chance(0.08)
            ? 'XXX'
            : HAIR[light ? 'LIGHT' : 'DARK'].sample(rng),
      skin: SKIN[group].sample(rng),
      address: this.address(dob),
    };
  }

  private address(dob: string): Address {
    const rng = this.rng;
    const county = COUNTY_TABLE.sample(rng);
    const [city, zip3] = rng.pick(county.cities);
    const asOfDay = toDay(this.asOf);
    const earliest = Math.min(Math.max(toDay(addYears(dob, 18)), asOfDay - 365 * 25), asOfDay - 30);
    return {
      street: makeStreet(rng),
      city,
      state: 'CA',
      zip: `${zip3}${rng.digits(2)}`,
      county,
      since: fromDay(rng.int(earliest, asOfDay - 30)),
    };
  }
}

/** A fictitious street address line, e.g. `4127 CEDAR HOLLOW RD` or `88 QUAILCREST WAY APT 12`. */
export function makeStreet(rng: Random): string {
  const name = rng.chance(0.5)
    ? `${rng.pick(STREET_FIRST)} ${rng.pick(STREET_SECOND)}`
    : `${rng.pick(STREET_FIRST)}${rng.pick(STREET_SECOND)}`;
  const unit = rng.chance(0.28) ? ` APT ${rng.int(1, 40)}${rng.chance(0.3) ? rng.letters(1, 'ABCD') : ''}` : '';
  return `${rng.int(1, 28999)} ${name} ${rng.pick(STREET_SUFFIX)}${unit}`;
}

/** `street, CITY, ST zip` on one line. */
export function addressLine(a: { street: string; city: string; state: string; zip: string }): string {
  return `${a.street}, ${a.city}, ${a.state} ${a.zip}`;
}
