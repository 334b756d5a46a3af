import DataLoader from 'dataloader';
import type { MisuseCase } from '../../audit/cases/case.ts';
import type { AuditEvent } from '../../audit/event.ts';
import type { AuditReader } from './queries.ts';

/** This request's DataLoaders for the audit subgraph: one audit-store read per batch. */
export interface AuditLoaders {
  /** Events by seq (an alert's evidence); null for a seq that does not exist or was purged. */
  eventBySeq: DataLoader<number, AuditEvent | null>;
  /** Misuse cases by id; null for an unknown id. */
  caseById: DataLoader<number, MisuseCase | null>;
}

export function createLoaders(reader: AuditReader): AuditLoaders {
  return {
    eventBySeq: new DataLoader<number, AuditEvent | null>(async (seqs) => {
      const bySeq = new Map((await reader.eventsBySeq(seqs)).map((event) => [event.seq, event]));
      return seqs.map((seq) => bySeq.get(seq) ?? null);
    }),
    caseById: new DataLoader<number, MisuseCase | null>(async (ids) => {
      const byId = new Map((await reader.casesById(ids)).map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
