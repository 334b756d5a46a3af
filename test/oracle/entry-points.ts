import fc from 'fast-check';
import type { Focus, Pools } from './dataset.ts';

/**
 * The root fields operations start from, with arguments that find real records of the dataset (and a
 * few that find nothing, so "absent" answers are exercised too), and how often each is picked. Half of
 * the time an argument leads to the operation's focus person (for a SUBJECT, usually themselves), so
 * that own-record, sealed-entry and address decisions come up often.
 */
export interface EntryPoint {
  field: string;
  weight: number;
  args: (focus: Focus) => fc.Arbitrary<Record<string, unknown>>;
}

const MISSING_PERSON_ID = 'P8999999';

export function entryPoints(pools: Pools): EntryPoint[] {
  const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
  /** The focus's value when it has one (half of the time), else one from the pool. */
  const prefer = <T>(own: T | undefined, pool: readonly T[]) => (own === undefined ? pick(pool) : fc.oneof(fc.constant(own), pick(pool)));
  const anyPerson = fc.oneof({ weight: 19, arbitrary: pick(pools.personIds) }, { weight: 1, arbitrary: fc.constant(MISSING_PERSON_ID) });
  const personId = (focus: Focus) => fc.oneof(fc.constant(focus.personId), anyPerson);
  const record = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) => fc.record(model) as fc.Arbitrary<Record<string, unknown>>;
  return [
    { field: 'person', weight: 12, args: (f) => record({ id: personId(f) }) },
    { field: 'persons', weight: 3, args: (f) => record({ ids: fc.uniqueArray(personId(f), { minLength: 1, maxLength: 4 }) }) },
    {
      field: 'searchPersons',
      weight: 3,
      args: (f) =>
        prefer(f.name, pools.names).chain((name) =>
          fc.constantFrom({ lastName: name.last, firstName: name.first, dob: name.dob }, { lastName: name.last, dob: name.dob }),
        ),
    },
    { field: 'personByFbi', weight: 1, args: () => record({ fbi: pick(pools.fbis) }) },
    { field: 'personByCii', weight: 2, args: (f) => record({ cii: prefer(f.cii, pools.ciis) }) },
    { field: 'personByDriverLicense', weight: 1, args: (f) => record({ number: prefer(f.dlNumber, pools.dlNumbers) }) },
    { field: 'criminalHistory', weight: 6, args: (f) => record({ cii: prefer(f.cii, pools.ciis) }) },
    { field: 'vehicle', weight: 4, args: (f) => record({ plate: prefer(f.plate, pools.plates), state: fc.constant('CA') }) },
    { field: 'vehicleByVin', weight: 1, args: () => record({ vin: pick(pools.vins) }) },
    { field: 'driverLicense', weight: 1, args: (f) => record({ number: prefer(f.dlNumber, pools.dlNumbers) }) },
    {
      field: 'vehicleCheck',
      weight: 1,
      args: () =>
        fc.oneof(
          record({ plate: pick(pools.plates), state: fc.constant('CA') }),
          pick(pools.stolenPlates).map((p) => ({ plate: p.plate, state: p.state })),
          record({ vin: pick(pools.vins) }),
        ),
    },
    { field: 'stolenGuns', weight: 1, args: () => record({ serial: pick(pools.gunSerials) }) },
    { field: 'stolenArticles', weight: 1, args: () => record({ serial: pick(pools.articleSerials) }) },
    { field: 'wantedPerson', weight: 2, args: () => record({ nic: pick(pools.wantedNics) }) },
    { field: 'protectionOrder', weight: 2, args: () => record({ nic: pick(pools.orderNics) }) },
    { field: 'protectionOrderByFcn', weight: 1, args: () => record({ fcn: pick(pools.fcns) }) },
    { field: 'outOfStateDriver', weight: 1, args: () => pick(pools.outOfStateLicenses).map((l) => ({ state: l.state, oln: l.oln })) },
    {
      field: 'outOfStateRegistration',
      weight: 1,
      args: () => pick(pools.outOfStateRegistrations).map((r) => ({ state: r.state, plate: r.plate })),
    },
    { field: 'outOfStateRegistrationByVin', weight: 1, args: () => pick(pools.outOfStateRegistrations).map((r) => ({ vin: r.vin })) },
    { field: 'agency', weight: 1, args: () => record({ ori: pick(pools.oris) }) },
    { field: 'agencies', weight: 1, args: () => fc.constantFrom({}, { state: 'CA' }) },
    { field: 'inbox', weight: 1, args: () => fc.constant({}) },
    { field: 'outbox', weight: 1, args: () => fc.constant({}) },
    { field: 'hitConfirmations', weight: 1, args: () => fc.constantFrom({ role: 'SENT' }, { role: 'RECEIVED' }) },
    { field: 'recordChallenges', weight: 1, args: () => fc.constant({}) },
    { field: 'recordCorrectionNotices', weight: 1, args: () => fc.constant({}) },
    { field: 'auditEvents', weight: 3, args: () => fc.constantFrom({}, { first: 20 }, { filter: { ori: 'CA0190100' } }) },
    { field: 'misuseAlerts', weight: 1, args: () => fc.constant({}) },
    { field: 'disclosuresOf', weight: 2, args: (f) => record({ personId: personId(f) }) },
  ];
}
