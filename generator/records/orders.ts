import type { Context } from '../context.ts';
import { addYears, fromDay, toDay } from '../dates.ts';
import { FIRST_NAMES, SURNAMES } from '../data/names.ts';
import { ORDER_NOTES, type OrderType } from '../data/ncic.ts';
import { addressLine, formatName, makeStreet, type Person } from '../person.ts';
import type { Plan } from '../plan.ts';
import type { Row } from '../tables.ts';
import type { CoriResult } from './cori.ts';
import { SAFE_AT_HOME } from './dmv.ts';
import { local } from './local.ts';
import type { KnownNames } from './names.ts';

const AREA_CODES: Readonly<Record<string, readonly string[]>> = {
  '060': ['213', '310', '562', '626', '818'],
  '037': ['619', '858'],
  '030': ['714', '949'],
  '033': ['951'],
  '036': ['909'],
  '043': ['408'],
  '001': ['510'],
  '034': ['916'],
  '038': ['415'],
  '019': ['559'],
  '015': ['661'],
  '039': ['209'],
};

const CASE_PREFIX: Readonly<Record<OrderType['type'], string>> = {
  DVRO: 'FL',
  EPO: 'EPO',
  ELDER_ABUSE: 'EA',
  CIVIL_HARASSMENT: 'CH',
  WORKPLACE_VIOLENCE: 'WV',
  GVRO: 'GV',
  CRIMINAL_PROTECTIVE: 'CR',
};

/**
 * One CARPOS/NCIC protection order restraining `person`: the order, its PCO conditions, its protected
 * persons (linked to the population when the protected person is in it) and the confidential CLETS-001 data.
 */
export function writeOrder(ctx: Context, person: Person, plan: Plan, names: KnownNames, cori: CoriResult | undefined): void {
  const { rng, out } = ctx;
  const type = plan.order;
  if (!type) return;
  const temporary = rng.chance(type.temporaryShare);
  const form = temporary ? (type.temporaryForm ?? type.finalForm) : type.finalForm;
  const county = person.address.county;
  let court = local(county).court.name;
  let caseNumber: string | undefined;
  let issueDay: number;
  let expiryDay: number;
  if (temporary) {
    issueDay = rng.chance(0.6) ? ctx.asOfDay - rng.int(0, type.temporaryDays - 1) : ctx.asOfDay - rng.int(type.temporaryDays, 3 * 365);
    expiryDay = issueDay + type.temporaryDays;
  } else {
    const dvCase = type.type === 'CRIMINAL_PROTECTIVE' ? cori?.dvCase : undefined;
    if (dvCase) {
      issueDay = Math.min(ctx.asOfDay, toDay(dvCase.date) + rng.int(1, 45));
      court = dvCase.court;
      caseNumber = dvCase.caseNumber;
    } else {
      issueDay = ctx.asOfDay - rng.int(0, 6 * 365);
    }
    expiryDay = issueDay + rng.int(type.termDays[0], type.termDays[1]);
  }
  issueDay = Math.max(issueDay, toDay(addYears(person.dob, 18)));
  const issueDate = fromDay(issueDay);
  caseNumber ??= `${CASE_PREFIX[type.type]}${issueDate.slice(2, 4)}-${rng.digits(6)}`;
  const servedNow = type.type === 'EPO' || type.type === 'CRIMINAL_PROTECTIVE';
  const served = servedNow || rng.chance(temporary ? 0.55 : 0.92);
  const servedDay = servedNow ? issueDay : Math.min(ctx.asOfDay, issueDay + rng.int(0, 14));
  const nic = ctx.nic('H');
  const entered = names.asEntered(ctx, 0.05, 0.02);
  out.add('ncic.protection_orders', {
    nic,
    fcn: ctx.fcn(county.code, Number(issueDate.slice(0, 4))),
    person_id: person.id,
    name: formatName(entered.last, entered.first, entered.middle),
    sex: person.sex,
    race: person.race,
    dob: entered.dob,
    order_type: type.type,
    form,
    issue_date: issueDate,
    expiry_date: fromDay(expiryDay),
    status: rng.chance(0.08) ? 'TERMINATED' : 'ACTIVE',
    issuing_court: court,
    court_case_number: caseNumber,
    firearm_prohibited: type.firearmAlways || rng.chance(0.9) ? 1 : 0,
    served: served ? 1 : 0,
    served_at: served ? fromDay(servedDay) : null,
    ori: local(county).sheriff.ori,
    entered_at: fromDay(Math.min(ctx.asOfDay, issueDay + rng.int(0, 1))),
  });
  for (const [pco, p] of type.conditions) {
    if (rng.chance(p)) out.add('ncic.protection_order_conditions', { nic, pco });
  }

  const link = plan.protectedLink;
  let protectedAddress: string;
  if (link) {
    const other = link.person;
    out.add('ncic.protected_persons', {
      nic,
      person_id: other.id,
      name: formatName(other.last, other.first, other.middle),
      sex: other.sex,
      race: other.race,
      dob: other.dob,
      relation: link.relation,
    });
    protectedAddress = link.plan.safeAtHome
      ? `${SAFE_AT_HOME.street}, ${SAFE_AT_HOME.city}, CA ${SAFE_AT_HOME.zip}`
      : addressLine(other.address);
  } else {
    out.add('ncic.protected_persons', stranger(ctx, nic, person, type));
    const [city, zip3] = rng.pick(county.cities);
    protectedAddress = addressLine({ street: makeStreet(rng), city, state: 'CA', zip: `${zip3}${rng.digits(2)}` });
  }
  if (type.type === 'DVRO' && rng.chance(0.2)) {
    for (let k = rng.int(1, 2); k > 0; k--) {
      const sex = rng.chance(0.5) ? 'M' : 'F';
      out.add('ncic.protected_persons', {
        nic,
        person_id: null,
        name: formatName(person.last, FIRST_NAMES[person.group][sex].sample(rng), null),
        sex,
        race: person.race,
        dob: fromDay(ctx.asOfDay - rng.int(365, 15 * 365)),
        relation: 'CHILD',
      });
    }
  }
  out.add('ncic.protection_order_confidential', {
    nic,
    protected_address: protectedAddress,
    protected_phone: rng.chance(0.8) ? `${rng.pick(AREA_CODES[county.code] ?? ['916'])}-555-01${rng.digits(2)}` : null,
    restrained_address: rng.chance(0.85) ? addressLine(person.address) : null,
    notes: rng.pick(ORDER_NOTES),
  });
}

/** A protected person who is not in the population (only their CLETS entry exists). */
function stranger(ctx: Context, nic: string, person: Person, type: OrderType): Row<'ncic.protected_persons'> {
  const { rng } = ctx;
  const domestic = type.type === 'DVRO' || type.type === 'EPO' || type.type === 'CRIMINAL_PROTECTIVE' || type.type === 'GVRO';
  const sex = domestic ? (rng.chance(0.9) ? (person.sex === 'M' ? 'F' : 'M') : person.sex) : rng.chance(0.5) ? 'M' : 'F';
  const age = type.type === 'ELDER_ABUSE' ? rng.int(65, 92) : domestic ? Math.max(18, person.age + rng.int(-8, 8)) : rng.int(22, 70);
  const last = domestic && rng.chance(0.4) ? person.last : SURNAMES[person.group].sample(rng);
  return {
    nic,
    person_id: null,
    name: formatName(last, FIRST_NAMES[person.group][sex].sample(rng), null),
    sex,
    race: person.race,
    dob: fromDay(toDay(addYears(ctx.asOf, -age - 1)) + rng.int(1, 364)),
    relation: domestic
      ? type.type === 'GVRO'
        ? 'OTHER'
        : rng.pick(['SPOUSE', 'EX_SPOUSE', 'DATING', 'COHABITANT'])
      : type.type === 'WORKPLACE_VIOLENCE'
        ? 'COWORKER'
        : 'OTHER',
  };
}
