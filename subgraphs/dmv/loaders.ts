import type DataLoader from 'dataloader';
import { listLoader, rowLoader } from '../common/loaders.ts';
import type { Store } from '../common/store.ts';
import * as q from './queries.ts';

/** The dmv subgraph's per-request DataLoaders: one SQL statement per batch each. */
export interface Loaders {
  licenseByNumber: DataLoader<string, q.LicenseRow | null>;
  /** The person's current licence: the one issued last. */
  licenseByPerson: DataLoader<string, q.LicenseRow | null>;
  /** All addresses of a person (residence and mailing share one statement). */
  addressesByPerson: DataLoader<string, q.AddressRow[]>;
  vehicleByVin: DataLoader<string, q.VehicleRow | null>;
  /** Keyed by plate; California registrations only. */
  vehicleByCaPlate: DataLoader<string, q.VehicleRow | null>;
  vehiclesByOwner: DataLoader<string, q.VehicleRow[]>;
}

export function createLoaders(store: Store): Loaders {
  return {
    licenseByNumber: rowLoader(
      (numbers) => q.licensesByNumber(store, numbers),
      (row) => row.dl_number,
    ),
    // rowLoader keeps the last row per key; the query orders by issue date, so that is the current licence.
    licenseByPerson: rowLoader(
      (ids) => q.licensesByPerson(store, ids),
      (row) => row.person_id,
    ),
    addressesByPerson: listLoader(
      (ids) => q.addressesByPerson(store, ids),
      (row) => row.person_id,
    ),
    vehicleByVin: rowLoader(
      (vins) => q.vehiclesByVin(store, vins),
      (row) => row.vin,
    ),
    // Ordered by registration expiry: a reissued plate resolves to its latest registration.
    vehicleByCaPlate: rowLoader(
      (plates) => q.vehiclesByCaPlate(store, plates),
      (row) => row.plate,
    ),
    vehiclesByOwner: listLoader(
      (ids) => q.vehiclesByOwner(store, ids),
      (row) => row.owner_person_id,
    ),
  };
}
