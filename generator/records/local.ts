import { AGENCIES, countyAgencies, stateLawEnforcement, type Agency } from '../agencies.ts';
import { COUNTIES, type County } from '../data/places.ts';
import type { Random } from '../random.ts';

/** The agencies that serve one county: who arrests, which court hears the case, who supervises. */
export interface LocalAgencies {
  police: Agency[];
  sheriff: Agency;
  court: Agency;
  probation: Agency;
}

function only(list: Agency[], what: string): Agency {
  const agency = list[0];
  if (!agency) throw new Error(`agency directory lacks ${what}`);
  return agency;
}

const LOCAL = new Map<string, LocalAgencies>(
  COUNTIES.map((county) => [
    county.code,
    {
      police: countyAgencies(county.code, 'POLICE'),
      sheriff: only(countyAgencies(county.code, 'SHERIFF'), `a sheriff for county ${county.code}`),
      court: only(countyAgencies(county.code, 'COURT'), `a court for county ${county.code}`),
      probation: only(countyAgencies(county.code, 'PROBATION'), `probation for county ${county.code}`),
    },
  ]),
);

export function local(county: County): LocalAgencies {
  const agencies = LOCAL.get(county.code);
  if (!agencies) throw new Error(`no agencies for county ${county.code}`);
  return agencies;
}

const CA_LAW_ENFORCEMENT = AGENCIES.filter((a) => a.state === 'CA' && (a.kind === 'POLICE' || a.kind === 'SHERIFF'));
export const HIGHWAY_PATROL = only(
  AGENCIES.filter((a) => a.name.startsWith('State Highway Patrol')),
  'the highway patrol',
);
export const PAROLE = only(
  AGENCIES.filter((a) => a.name.includes('Parole')),
  'the parole division',
);

/** A law-enforcement agency that would act in this county (now and then one from elsewhere in the state). */
export function lawEnforcement(county: County, rng: Random): Agency {
  if (rng.chance(0.1)) return rng.pick(CA_LAW_ENFORCEMENT);
  const { police, sheriff } = local(county);
  return police.length > 0 && rng.chance(0.55) ? rng.pick(police) : sheriff;
}

/** A police or sheriff's agency of another state. */
export function outOfStateLawEnforcement(state: string, rng: Random): Agency {
  const list = stateLawEnforcement(state);
  if (list.length === 0) throw new Error(`agency directory has no law enforcement in ${state}`);
  return rng.pick(list);
}
