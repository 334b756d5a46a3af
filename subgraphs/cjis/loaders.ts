import type DataLoader from 'dataloader';
import { listLoader, rowLoader } from '../common/loaders.ts';
import type { Store } from '../common/store.ts';
import * as q from './queries.ts';

/** The cjis subgraph's per-request DataLoaders: one SQL statement per batch each. */
export interface Loaders {
  personById: DataLoader<string, q.PersonRow | null>;
  personByFbi: DataLoader<string, q.PersonRow | null>;
  personByCii: DataLoader<string, q.PersonRow | null>;
  /** Keyed by `licenceKey(state, number)`. */
  personByLicence: DataLoader<string, q.PersonRow | null>;
  knownNames: DataLoader<string, q.NameRow[]>;
  iiiByPerson: DataLoader<string, q.IIIRecordRow | null>;
  iiiStates: DataLoader<string, q.IIIStateRow[]>;
  iiiCycles: DataLoader<string, q.IIICycleRow[]>;
}

/** The key of `personByLicence`: licence state and number. */
export function licenceKey(state: string, number: string): string {
  return `${state}|${number}`;
}

export function createLoaders(store: Store): Loaders {
  return {
    personById: rowLoader(
      (ids) => q.personsById(store, ids),
      (row) => row.id,
    ),
    personByFbi: rowLoader(
      (fbis) => q.personsByFbi(store, fbis),
      (row) => row.fbi ?? '',
    ),
    personByCii: rowLoader(
      (ciis) => q.personsByCii(store, ciis),
      (row) => row.cii ?? '',
    ),
    personByLicence: rowLoader(
      (keys) => q.personsByOln(store, [...new Set(keys.map((key) => key.slice(key.indexOf('|') + 1)))]),
      (row) => licenceKey(row.ols ?? '', row.oln ?? ''),
    ),
    knownNames: listLoader(
      (ids) => q.knownNamesByPerson(store, ids),
      (row) => row.person_id,
    ),
    iiiByPerson: rowLoader(
      (ids) => q.iiiRecordsByPerson(store, ids),
      (row) => row.person_id,
    ),
    iiiStates: listLoader(
      (fbis) => q.iiiStatesByFbi(store, fbis),
      (row) => row.fbi,
    ),
    iiiCycles: listLoader(
      (fbis) => q.iiiCyclesByFbi(store, fbis),
      (row) => row.fbi,
    ),
  };
}
