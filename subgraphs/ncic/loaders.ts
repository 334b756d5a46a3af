import type DataLoader from 'dataloader';
import { today } from '../common/clock.ts';
import { listLoader, rowLoader } from '../common/loaders.ts';
import type { Store } from '../common/store.ts';
import * as q from './queries.ts';
import * as w from './workflow-queries.ts';

/** The ncic subgraph's per-request DataLoaders: one SQL statement per batch of keys. */
export interface Loaders {
  wantsByPerson: DataLoader<string, q.WantRow[]>;
  wantByNic: DataLoader<string, q.WantRow | null>;
  missingByPerson: DataLoader<string, q.MissingRow[]>;
  ordersByRestrainedPerson: DataLoader<string, q.OrderRow[]>;
  ordersByProtectedPerson: DataLoader<string, q.ProtectingOrderRow[]>;
  orderByNic: DataLoader<string, q.OrderRow | null>;
  orderByFcn: DataLoader<string, q.OrderRow | null>;
  conditionsByNic: DataLoader<string, q.ConditionRow[]>;
  protectedPersonsByNic: DataLoader<string, q.ProtectedPersonRow[]>;
  confidentialByNic: DataLoader<string, q.ConfidentialRow | null>;
  sexOffendersByPerson: DataLoader<string, q.SexOffenderRow[]>;
  cautionsByPerson: DataLoader<string, q.PersonCautionRow[]>;
  cautionsByNic: DataLoader<string, q.RecordCautionRow[]>;
  /** Resolves to the person id when NCIC has a hit on that person, else null. */
  hitByPerson: DataLoader<string, { personId: string } | null>;
  stolenVehiclesByVin: DataLoader<string, q.StolenVehicleRow[]>;
  stolenVehiclesByPlate: DataLoader<string, q.StolenVehicleRow[]>;
  stolenPlatesByPlate: DataLoader<string, q.StolenPlateRow[]>;
  stolenGunsBySerial: DataLoader<string, q.StolenGunRow[]>;
  stolenArticlesBySerial: DataLoader<string, q.StolenArticleRow[]>;
  terminationByNic: DataLoader<string, w.TerminationRow | null>;
  serviceByNic: DataLoader<string, w.ServiceRow | null>;
}

export function createLoaders(store: Store): Loaders {
  return {
    wantsByPerson: listLoader(
      (ids: readonly string[]) => q.wantsByPerson(store, ids),
      (row) => row.personId,
    ),
    wantByNic: rowLoader(
      (nics: readonly string[]) => q.wantsByNic(store, nics),
      (row) => row.nic,
    ),
    missingByPerson: listLoader(
      (ids: readonly string[]) => q.missingByPerson(store, ids),
      (row) => row.personId,
    ),
    ordersByRestrainedPerson: listLoader(
      (ids: readonly string[]) => q.ordersByRestrainedPerson(store, ids),
      (row) => row.personId,
    ),
    ordersByProtectedPerson: listLoader(
      (ids: readonly string[]) => q.ordersByProtectedPerson(store, ids),
      (row) => row.protectedPersonId,
    ),
    orderByNic: rowLoader(
      (nics: readonly string[]) => q.ordersByNic(store, nics),
      (row) => row.nic,
    ),
    orderByFcn: rowLoader(
      (fcns: readonly string[]) => q.ordersByFcn(store, fcns),
      (row) => row.fcn,
    ),
    conditionsByNic: listLoader(
      (nics: readonly string[]) => q.conditionsByNic(store, nics),
      (row) => row.nic,
    ),
    protectedPersonsByNic: listLoader(
      (nics: readonly string[]) => q.protectedPersonsByNic(store, nics),
      (row) => row.nic,
    ),
    confidentialByNic: rowLoader(
      (nics: readonly string[]) => q.confidentialByNic(store, nics),
      (row) => row.nic,
    ),
    sexOffendersByPerson: listLoader(
      (ids: readonly string[]) => q.sexOffendersByPerson(store, ids),
      (row) => row.personId,
    ),
    cautionsByPerson: listLoader(
      (ids: readonly string[]) => q.cautionsByPerson(store, ids),
      (row) => row.personId,
    ),
    cautionsByNic: listLoader(
      (nics: readonly string[]) => q.cautionsByNic(store, nics),
      (row) => row.nic,
    ),
    hitByPerson: rowLoader(
      (ids: readonly string[]) => q.personsWithHit(store, ids, today()),
      (row) => row.personId,
    ),
    stolenVehiclesByVin: listLoader(
      (vins: readonly string[]) => q.stolenVehiclesByVin(store, vins),
      (row) => row.vin,
    ),
    stolenVehiclesByPlate: listLoader(
      (plates: readonly string[]) => q.stolenVehiclesByPlate(store, plates),
      (row) => row.plate ?? '',
    ),
    stolenPlatesByPlate: listLoader(
      (plates: readonly string[]) => q.stolenPlatesByPlate(store, plates),
      (row) => row.plate,
    ),
    stolenGunsBySerial: listLoader(
      (serials: readonly string[]) => q.stolenGunsBySerial(store, serials),
      (row) => row.serial,
    ),
    stolenArticlesBySerial: listLoader(
      (serials: readonly string[]) => q.stolenArticlesBySerial(store, serials),
      (row) => row.serial,
    ),
    terminationByNic: rowLoader(
      (nics: readonly string[]) => w.terminationsByNic(store, nics),
      (row) => row.nic,
    ),
    serviceByNic: rowLoader(
      (nics: readonly string[]) => w.servicesByNic(store, nics),
      (row) => row.nic,
    ),
  };
}
