import type { Context } from '../context.ts';
import { addMonths, fromDay } from '../dates.ts';
import type { County } from '../data/places.ts';
import { PRISONS, PROGRAMS, SUPERVISION_CONDITIONS, type Statute } from '../data/statutes.ts';
import { local, PAROLE } from './local.ts';

/** A convicted charge (or a completed drug diversion), as the sentencing step sees it. */
export interface Conviction {
  chargeId: string;
  statute: Statute;
  date: string;
  day: number;
  county: County;
  /** The lead charge of its arrest (gets the full sentence and any supervision). */
  lead: boolean;
  diversion?: boolean;
}

const CONDITIONS_BY_KIND: Readonly<Partial<Record<Statute['kind'], string>>> = {
  DUI: 'NO ALCOHOL',
  DRUG: 'DRUG TESTING',
  DV: 'NO CONTACT WITH VICTIM',
  THEFT: 'STAY AWAY FROM RETAIL STORE',
  WEAPON: 'NO FIREARMS OR AMMUNITION',
};

/**
 * Sentences, custody, supervision and rehabilitation programs that follow from convictions.
 * Returns true if any supervision is active on the as-of date.
 */
export function writeSupervisionAndPrograms(ctx: Context, cii: string, convictions: readonly Conviction[]): boolean {
  const { rng, out } = ctx;
  let active = false;
  let duiCount = 0;
  for (const c of convictions) {
    if (c.diversion) {
      writeProgram(ctx, cii, 'SUBSTANCE_ABUSE', PROGRAMS.SUBSTANCE_ABUSE[2], c.day + 14, 365);
      continue;
    }
    const felony = c.statute.level === 'F' && c.lead;
    let jail: number | null = null;
    let prison: number | null = null;
    let probation: number | null = null;
    let fine: number | null = null;
    if (felony && rng.chance(0.35)) {
      prison = rng.pick([16, 24, 32, 36, 48, 60, 72, 96, 120]);
    } else if (felony) {
      jail = rng.int(90, 365);
      probation = rng.pick([36, 48, 60]);
    } else {
      jail = rng.chance(0.5) ? rng.pick([1, 2, 5, 10, 30, 45, 60, 90, 180]) : null;
      probation = c.statute.kind === 'DUI' ? rng.pick([36, 60]) : rng.chance(0.75) ? rng.pick([12, 24, 36]) : null;
    }
    if (rng.chance(felony ? 0.4 : 0.7)) fine = rng.pick(felony ? [300, 1000, 2500, 5000, 10000] : [150, 300, 390, 500, 1000, 1500, 2000]);
    if (!c.lead) probation = null;
    if (jail === null && prison === null && probation === null && fine === null) fine = 300;
    out.add('cori.sentences', {
      charge_id: c.chargeId,
      jail_days: jail,
      prison_months: prison,
      probation_months: probation,
      fine,
      sentence_date: c.date,
    });

    if (jail !== null && jail > 3) {
      const release = c.day + Math.ceil(jail * 0.5);
      out.add('cori.custody', {
        id: ctx.nextId('CU'),
        cii,
        facility: `${c.county.name.toUpperCase()} COUNTY MAIN JAIL`,
        kind: 'JAIL',
        start_date: c.date,
        end_date: release <= ctx.asOfDay ? fromDay(release) : null,
      });
    }
    if (prison !== null) {
      const release = c.day + Math.round(prison * 30.4 * 0.55);
      out.add('cori.custody', {
        id: ctx.nextId('CU'),
        cii,
        facility: rng.pick(PRISONS),
        kind: 'PRISON',
        start_date: c.date,
        end_date: release <= ctx.asOfDay ? fromDay(release) : null,
      });
      if (rng.chance(0.4)) {
        const kind = rng.chance(0.5) ? 'EDUCATION' : 'VOCATIONAL';
        writeProgram(ctx, cii, kind, rng.pick(PROGRAMS[kind]), c.day + rng.int(30, 200), rng.int(120, 365));
      }
      if (release <= ctx.asOfDay) {
        const serious = c.statute.kind === 'VIOLENT' || c.statute.kind === 'SEX' || c.statute.kind === 'DV';
        const agency = serious ? PAROLE.ori : local(c.county).probation.ori;
        active = writeSupervision(ctx, cii, serious ? 'PAROLE' : 'PRCS', agency, release, 36, c.statute) || active;
      }
    }
    if (probation !== null) {
      const kind = felony && jail !== null && jail >= 180 && rng.chance(0.2) ? 'MANDATORY_SUPERVISION' : 'PROBATION';
      active = writeSupervision(ctx, cii, kind, local(c.county).probation.ori, c.day, probation, c.statute) || active;
    }

    if (c.statute.kind === 'DUI' && c.lead) {
      duiCount++;
      writeProgram(ctx, cii, 'SUBSTANCE_ABUSE', PROGRAMS.SUBSTANCE_ABUSE[duiCount > 1 ? 1 : 0], c.day + 14, duiCount > 1 ? 540 : 90);
    } else if (c.statute.kind === 'DV' && c.lead) {
      writeProgram(ctx, cii, 'DV_BATTERER', PROGRAMS.DV_BATTERER[0], c.day + 21, 364);
    } else if (c.statute.kind === 'VIOLENT' && c.lead && rng.chance(0.4)) {
      writeProgram(ctx, cii, 'ANGER_MANAGEMENT', PROGRAMS.ANGER_MANAGEMENT[0], c.day + 21, 182);
    }
  }
  return active;
}

function writeSupervision(
  ctx: Context,
  cii: string,
  kind: string,
  agencyOri: string,
  startDay: number,
  months: number,
  statute: Statute,
): boolean {
  const { rng } = ctx;
  const start = fromDay(startDay);
  const end = addMonths(start, months);
  const running = end >= ctx.asOf;
  const status = running ? (rng.chance(0.05) ? 'REVOKED' : 'ACTIVE') : rng.chance(0.12) ? 'REVOKED' : 'COMPLETED';
  const conditions = new Set(['SEARCH AND SEIZURE']);
  const specific = CONDITIONS_BY_KIND[statute.kind];
  if (specific) conditions.add(specific);
  if (rng.chance(0.5)) conditions.add(rng.pick(SUPERVISION_CONDITIONS));
  ctx.out.add('cori.supervision', {
    id: ctx.nextId('SV'),
    cii,
    kind,
    agency_ori: agencyOri,
    start_date: start,
    end_date: end,
    status,
    conditions: [...conditions].join('; '),
  });
  return status === 'ACTIVE';
}

function writeProgram(ctx: Context, cii: string, kind: string, name: string, startDay: number, days: number): void {
  if (startDay > ctx.asOfDay) return;
  const endDay = startDay + days;
  const enrolled = endDay > ctx.asOfDay;
  const terminated = !enrolled && ctx.rng.chance(0.18);
  ctx.out.add('cori.programs', {
    id: ctx.nextId('PG'),
    cii,
    name,
    kind,
    start_date: fromDay(startDay),
    end_date: enrolled ? null : fromDay(terminated ? startDay + Math.floor(days * ctx.rng.next()) : endDay),
    status: enrolled ? 'ENROLLED' : terminated ? 'TERMINATED' : 'COMPLETED',
  });
}
