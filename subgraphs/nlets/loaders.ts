import type DataLoader from 'dataloader';
import { listLoader, rowLoader } from '../common/loaders.ts';
import type { Store } from '../common/store.ts';
import * as q from './queries.ts';
import * as w from './workflow-queries.ts';

/** This request's DataLoaders for the nlets subgraph: one SQL statement per batch each. */
export interface NletsLoaders {
  /** DQ by state + OLN; key from `pairKey`. */
  licenceByStateOln: DataLoader<string, q.LicenceRow | null>;
  /** RQ by state + plate; key from `pairKey`. */
  registrationByStatePlate: DataLoader<string, q.RegistrationRow | null>;
  registrationsByVin: DataLoader<string, q.RegistrationRow[]>;
  agencyByOri: DataLoader<string, q.AgencyRow | null>;
  licencesByPerson: DataLoader<string, q.LicenceRow[]>;
  registrationsByOwner: DataLoader<string, q.RegistrationRow[]>;
  historiesByPerson: DataLoader<string, q.HistoryRow[]>;
  /** Entries of a state history; key from `pairKey(state, sid)`. */
  entriesByHistory: DataLoader<string, q.HistoryEntryRow[]>;
  messageById: DataLoader<string, w.MessageRow | null>;
  recipientsByMessage: DataLoader<string, w.RecipientRow[]>;
  messagesByHitConfirmation: DataLoader<string, w.MessageRow[]>;
  hitConfirmationById: DataLoader<string, w.HitConfirmationRow | null>;
  /** Hit confirmations of an NCIC record; key from `pairKey(recordType, nic)`. */
  hitConfirmationsByRecord: DataLoader<string, w.HitConfirmationRow[]>;
}

/** The DataLoader key of a (state, number) pair. `|` never occurs in validated codes or numbers. */
export function pairKey(state: string, number: string): string {
  return `${state}|${number}`;
}

function splitPairs(keys: readonly string[]): q.StatePair[] {
  return keys.map((key) => {
    const at = key.indexOf('|');
    return [key.slice(0, at), key.slice(at + 1)] as const;
  });
}

export function createLoaders(store: Store): NletsLoaders {
  return {
    licenceByStateOln: rowLoader(
      (keys) => q.licencesByStateOln(store, splitPairs(keys)),
      (row) => pairKey(row.state, row.oln),
    ),
    registrationByStatePlate: rowLoader(
      (keys) => q.registrationsByStatePlate(store, splitPairs(keys)),
      (row) => pairKey(row.state, row.plate),
    ),
    registrationsByVin: listLoader(
      (keys) => q.registrationsByVin(store, keys),
      (row) => row.vin,
    ),
    agencyByOri: rowLoader(
      (keys) => q.agenciesByOri(store, keys),
      (row) => row.ori,
    ),
    licencesByPerson: listLoader(
      (keys) => q.licencesByPerson(store, keys),
      (row) => row.personId,
    ),
    registrationsByOwner: listLoader(
      (keys) => q.registrationsByOwner(store, keys),
      (row) => row.ownerPersonId,
    ),
    historiesByPerson: listLoader(
      (keys) => q.historiesByPerson(store, keys),
      (row) => row.personId,
    ),
    entriesByHistory: listLoader(
      (keys) => q.entriesByHistory(store, splitPairs(keys)),
      (row) => pairKey(row.state, row.sid),
    ),
    messageById: rowLoader(
      (keys) => w.messagesById(store, keys),
      (row) => row.id,
    ),
    recipientsByMessage: listLoader(
      (keys) => w.recipientsByMessage(store, keys),
      (row) => row.messageId,
    ),
    messagesByHitConfirmation: listLoader(
      (keys) => w.messagesByHitConfirmation(store, keys),
      (row) => row.hitConfirmationId ?? '',
    ),
    hitConfirmationById: rowLoader(
      (keys) => w.hitConfirmationsById(store, keys),
      (row) => row.id,
    ),
    hitConfirmationsByRecord: listLoader(
      (keys) => w.hitConfirmationsByRecord(store, splitPairs(keys)),
      (row) => pairKey(row.recordType, row.nic),
    ),
  };
}
