import { phoneticKey } from '../../subgraphs/common/phonetic.ts';
import type { Context } from '../context.ts';
import type { Person } from '../person.ts';
import type { Row } from '../tables.ts';
import { aka, dobTypo, misspell, type NameParts } from '../variants.ts';

type NameType = Row<'cjis.person_names'>['name_type'];

export interface EnteredIdentity extends NameParts {
  dob: string;
}

/**
 * Every name and DOB the identity index knows a person by. Records that agencies enter under a
 * misspelled name or a mistyped DOB register that variant here, so search can find them.
 */
export class KnownNames {
  private readonly rows = new Map<string, Row<'cjis.person_names'>>();
  /** The person's other name, when they have one. */
  akaName: NameParts | undefined;

  constructor(readonly person: Person) {
    this.add('PRIMARY', person, person.dob);
  }

  /** Gives the person an AKA (once). */
  addAka(ctx: Context): NameParts {
    if (!this.akaName) {
      this.akaName = aka(this.person, ctx.rng);
      this.add('AKA', this.akaName, this.person.dob);
    }
    return this.akaName;
  }

  /**
   * The identity as one agency entered it: misspelled with probability `pName`, DOB mistyped with
   * probability `pDob`, under the AKA with probability `pAka` when there is one.
   */
  asEntered(ctx: Context, pName: number, pDob: number, pAka = 0): EnteredIdentity {
    const rng = ctx.rng;
    const base: NameParts = this.akaName && rng.chance(pAka) ? this.akaName : this.person;
    let { last, first } = base;
    const { middle } = base;
    let dob = this.person.dob;
    let type: NameType | undefined = base === this.person ? undefined : 'AKA';
    if (rng.chance(pName)) {
      if (rng.chance(0.7)) last = misspell(last, rng);
      else first = misspell(first, rng);
      type = 'MISSPELLING';
    }
    if (rng.chance(pDob)) {
      const typo = dobTypo(dob, ctx.asOf, rng);
      if (typo) {
        dob = typo;
        type ??= 'ALT_DOB';
      }
    }
    if (type) this.add(type, { last, first, middle }, dob);
    return { last, first, middle, dob };
  }

  add(type: NameType, name: NameParts, dob: string): void {
    const key = `${name.last}|${name.first}|${name.middle ?? ''}|${dob}`;
    if (this.rows.has(key)) return;
    this.rows.set(key, {
      person_id: this.person.id,
      name_type: type,
      last_name: name.last,
      first_name: name.first,
      middle_name: name.middle,
      dob,
      last_soundex: phoneticKey(name.last),
      first_soundex: phoneticKey(name.first),
    });
  }

  write(ctx: Context): void {
    for (const row of this.rows.values()) ctx.out.add('cjis.person_names', row);
  }
}
