import type DataLoader from 'dataloader';
import { listLoader, rowLoader } from '../common/loaders.ts';
import type { Store } from '../common/store.ts';
import * as dq from './dissemination-queries.ts';
import * as q from './queries.ts';
import * as wq from './workflow-queries.ts';

/** This request's DataLoaders for the cori subgraph: one SQL statement per batch at every nesting level. */
export interface CoriLoaders {
  subjectByCii: DataLoader<string, q.SubjectRow | null>;
  subjectByPerson: DataLoader<string, q.SubjectRow | null>;
  arrestsByCii: DataLoader<string, q.ArrestRow[]>;
  chargesByArrest: DataLoader<string, q.ChargeRow[]>;
  sentenceByCharge: DataLoader<string, q.SentenceRow | null>;
  custodyByCii: DataLoader<string, q.CustodyRow[]>;
  supervisionByCii: DataLoader<string, q.SupervisionRow[]>;
  programsByCii: DataLoader<string, q.ProgramRow[]>;
  chargeById: DataLoader<string, q.ChargeRow | null>;
  challengeById: DataLoader<string, wq.ChallengeRow | null>;
  noticesByChallenge: DataLoader<string, wq.NoticeRow[]>;
  /** Keyed by the audit event seq (decimal string) that disclosed the record passed on. */
  disseminationsByDisclosure: DataLoader<string, dq.DisseminationRow[]>;
}

export function createLoaders(store: Store): CoriLoaders {
  return {
    subjectByCii: rowLoader(
      (keys) => q.subjectsByCii(store, keys),
      (row) => row.cii,
    ),
    subjectByPerson: rowLoader(
      (keys) => q.subjectsByPerson(store, keys),
      (row) => row.personId,
    ),
    arrestsByCii: listLoader(
      (keys) => q.arrestsByCii(store, keys),
      (row) => row.cii,
    ),
    chargesByArrest: listLoader(
      (keys) => q.chargesByArrest(store, keys),
      (row) => row.arrestId,
    ),
    sentenceByCharge: rowLoader(
      (keys) => q.sentencesByCharge(store, keys),
      (row) => row.chargeId,
    ),
    custodyByCii: listLoader(
      (keys) => q.custodyByCii(store, keys),
      (row) => row.cii,
    ),
    supervisionByCii: listLoader(
      (keys) => q.supervisionByCii(store, keys),
      (row) => row.cii,
    ),
    programsByCii: listLoader(
      (keys) => q.programsByCii(store, keys),
      (row) => row.cii,
    ),
    chargeById: rowLoader(
      (keys) => wq.chargesById(store, keys),
      (row) => row.id,
    ),
    challengeById: rowLoader(
      (keys) => wq.challengesById(store, keys),
      (row) => row.id,
    ),
    noticesByChallenge: listLoader(
      (keys) => wq.noticesByChallenge(store, keys),
      (row) => row.challengeId,
    ),
    disseminationsByDisclosure: listLoader(
      (keys) => dq.disseminationsOfDisclosures(store, keys.map(Number)),
      (row) => String(row.disclosureSeq),
    ),
  };
}
