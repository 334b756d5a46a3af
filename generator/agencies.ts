import { COUNTIES } from './data/places.ts';

/**
 * The fictitious agency directory (ORION-like), written to `nlets.agencies` and used as the ORI of every
 * generated record. ORIs are 9 characters: state + 3-digit county code + 4 characters; superior courts
 * end in `J`. Names are invented ("Sierra Vista County Sheriff's Office"); no real agency is named.
 */

export type AgencyKind = 'POLICE' | 'SHERIFF' | 'COURT' | 'PROBATION' | 'DOJ' | 'DMV' | 'NONCRIMINAL';

export interface Agency {
  ori: string;
  name: string;
  state: string;
  kind: AgencyKind;
}

/** City police departments of fictitious cities, by county code. */
const POLICE_DEPARTMENTS: readonly (readonly [county: string, city: string])[] = [
  ['060', 'Harbor Point'],
  ['060', 'San Lorenzo Heights'],
  ['037', 'Mission Bluff'],
  ['030', 'Orchard Grove'],
  ['033', 'Palm Hollow'],
  ['043', 'Granite Springs'],
  ['001', 'Bayview Heights'],
  ['019', 'Cedar Valley'],
];

function californiaAgencies(): Agency[] {
  const list: Agency[] = [];
  for (const county of COUNTIES) {
    list.push({ ori: `CA${county.code}0000`, name: `${county.name} County Sheriff's Office`, state: 'CA', kind: 'SHERIFF' });
    list.push({ ori: `CA${county.code}015J`, name: `Superior Court of ${county.name} County`, state: 'CA', kind: 'COURT' });
    list.push({ ori: `CA${county.code}0P00`, name: `${county.name} County Probation Department`, state: 'CA', kind: 'PROBATION' });
  }
  POLICE_DEPARTMENTS.forEach(([county, city], i) => {
    const seq = POLICE_DEPARTMENTS.slice(0, i).filter(([c]) => c === county).length + 1;
    list.push({ ori: `CA${county}0${seq}00`, name: `${city} Police Department`, state: 'CA', kind: 'POLICE' });
  });
  list.push(
    { ori: 'CA0349100', name: 'State Highway Patrol, Capitol Division', state: 'CA', kind: 'POLICE' },
    { ori: 'CA0349200', name: 'State Bureau of Criminal Identification (DOJ)', state: 'CA', kind: 'DOJ' },
    { ori: 'CA0349300', name: 'State Division of Adult Parole Operations', state: 'CA', kind: 'PROBATION' },
    { ori: 'CA0349400', name: 'State Department of Motor Vehicles, Records Unit', state: 'CA', kind: 'DMV' },
    { ori: 'CA0349500', name: 'State Department of Justice, Firearms Bureau', state: 'CA', kind: 'DOJ' },
    { ori: 'CA034N001', name: 'State Board of Nursing Licensure', state: 'CA', kind: 'NONCRIMINAL' },
    { ori: 'CA060N002', name: 'Harbor Point Unified School District', state: 'CA', kind: 'NONCRIMINAL' },
    { ori: 'CA034N003', name: 'State Contractors Licensing Board', state: 'CA', kind: 'NONCRIMINAL' },
  );
  return list;
}

const OUT_OF_STATE_AGENCIES: readonly Agency[] = [
  { ori: 'NV0020100', name: 'Silver Basin Metropolitan Police Department', state: 'NV', kind: 'POLICE' },
  { ori: 'NV0160000', name: 'Truckee Meadows County Sheriff', state: 'NV', kind: 'SHERIFF' },
  { ori: 'AZ0070100', name: 'Saguaro Flats Police Department', state: 'AZ', kind: 'POLICE' },
  { ori: 'AZ0100000', name: 'Copper Mesa County Sheriff', state: 'AZ', kind: 'SHERIFF' },
  { ori: 'OR0260100', name: 'Rose Hollow Police Bureau', state: 'OR', kind: 'POLICE' },
  { ori: 'OR0240000', name: 'Willamette Ridge County Sheriff', state: 'OR', kind: 'SHERIFF' },
  { ori: 'WA0170100', name: 'Evergreen Sound Police Department', state: 'WA', kind: 'POLICE' },
  { ori: 'TX2270100', name: 'Lone Cedar Police Department', state: 'TX', kind: 'POLICE' },
  { ori: 'TX1010000', name: 'Gulf Prairie County Sheriff', state: 'TX', kind: 'SHERIFF' },
  { ori: 'UT0180100', name: 'Wasatch Bench Police Department', state: 'UT', kind: 'POLICE' },
  { ori: 'ID0010000', name: 'Snake Bend County Sheriff', state: 'ID', kind: 'SHERIFF' },
  { ori: 'CO0160100', name: 'Front Range City Police Department', state: 'CO', kind: 'POLICE' },
  { ori: 'NM0010100', name: 'Rio Arroyo Police Department', state: 'NM', kind: 'POLICE' },
  { ori: 'NY0303000', name: 'Hudson Narrows Police Department', state: 'NY', kind: 'POLICE' },
  { ori: 'FL0130000', name: 'Coral Key County Sheriff', state: 'FL', kind: 'SHERIFF' },
];

export const AGENCIES: readonly Agency[] = [...californiaAgencies(), ...OUT_OF_STATE_AGENCIES];

const byOri = new Map(AGENCIES.map((agency) => [agency.ori, agency]));

export function agencyByOri(ori: string): Agency | undefined {
  return byOri.get(ori);
}

/** Agencies of `kind` in one California county (by county code). */
export function countyAgencies(countyCode: string, kind: AgencyKind): Agency[] {
  return AGENCIES.filter((a) => a.state === 'CA' && a.ori.slice(2, 5) === countyCode && a.kind === kind);
}

/** Law-enforcement agencies (police and sheriff) of another state. */
export function stateLawEnforcement(state: string): Agency[] {
  return AGENCIES.filter((a) => a.state === state && (a.kind === 'POLICE' || a.kind === 'SHERIFF'));
}
