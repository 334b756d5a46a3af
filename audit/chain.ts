/**
 * The tamper-evident chain, as pure functions: every stored event carries
 * `hash = sha256(prevHash + canonicalEventJson(input))`, where `prevHash` is the previous event's hash (or
 * the purge anchor's, or 64 zeros for the very first event). Changing, removing or slipping in an event
 * breaks the chain at that place, and `verifyChain` says where and how.
 *
 * The hash covers exactly the `AuditEventInput` fields (not `seq`): a stored row holds those fields and
 * nothing else, so a verifier rebuilds the same canonical text from the row.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent, AuditEventInput, ShadowRecord } from './event.ts';
import type { VerifyResult } from './store.ts';

/** The `prevHash` of the first event ever written. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainProblem = NonNullable<VerifyResult['problem']>;

/** Where a chain starts: genesis (seq 0), or the last event removed by a retention purge. */
export interface ChainAnchor {
  /** Events up to and including this seq have been purged (0: none). */
  seq: number;
  /** The hash the first remaining event must chain from. */
  hash: string;
}

export const GENESIS_ANCHOR: ChainAnchor = { seq: 0, hash: GENESIS_HASH };

/**
 * JSON text of a value with object keys sorted at every level (arrays keep their order). Values that JSON
 * cannot represent (undefined, functions) are dropped from objects, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** Version 1 events (written before need to know and policy versions were recorded) hash without these fields. */
const V2_ONLY_FIELDS = [
  'caseStatus',
  'incidentNumber',
  'incidentStatus',
  'policyVersion',
  'releasedBy',
  'shadow',
] as const satisfies readonly (keyof AuditEventInput)[];

/**
 * The canonical text of an event: exactly the `AuditEventInput` fields, keys sorted, `undefined` read as
 * null. Extra properties (e.g. `seq`, `hash` of a stored event) are not part of it. Equal to
 * `canonicalJson` of those fields; built directly in key order because it runs for every event written
 * and verified.
 */
export function canonicalEventJson(input: AuditEventInput): string {
  const sorted: Record<keyof AuditEventInput, unknown> = {
    caseNumber: input.caseNumber ?? null,
    caseStatus: input.caseStatus ?? null,
    clientAddress: input.clientAddress,
    fieldsDenied: input.fieldsDenied,
    fieldsDisclosed: input.fieldsDisclosed,
    incidentNumber: input.incidentNumber ?? null,
    incidentStatus: input.incidentStatus ?? null,
    latencyMs: input.latencyMs,
    operationHash: input.operationHash ?? null,
    operationName: input.operationName ?? null,
    operationText: input.operationText ?? null,
    ori: input.ori ?? null,
    outcome: input.outcome,
    policyVersion: input.policyVersion ?? null,
    purpose: input.purpose ?? null,
    reason: input.reason ?? null,
    records: input.records,
    releasedBy: input.releasedBy,
    requestId: input.requestId,
    roles: input.roles,
    // Version 1 drops the shadow below; not reading it keeps a version 1 row's stray shadow from throwing.
    shadow: input.version !== 1 && input.shadow ? canonicalShadow(input.shadow) : null,
    sources: input.sources,
    subjects: input.subjects,
    time: input.time,
    userId: input.userId ?? null,
    userName: input.userName ?? null,
    version: input.version,
    views: input.views.map((view) => ({ kind: view.kind, personId: view.personId })),
  };
  if (input.version === 1) {
    // Deleting keeps the others in their (sorted) insertion order.
    const v1: Partial<typeof sorted> = sorted;
    for (const key of V2_ONLY_FIELDS) delete v1[key];
  }
  return JSON.stringify(sorted);
}

function canonicalShadow(shadow: ShadowRecord): unknown {
  return {
    differences: shadow.differences.map((d) => ({ candidate: d.candidate, coordinate: d.coordinate, live: d.live })),
    policyVersion: shadow.policyVersion,
  };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `sha256(prevHash + canonical JSON of the input)`, hex. */
export function eventHash(prevHash: string, input: AuditEventInput): string {
  return sha256Hex(prevHash + canonicalEventJson(input));
}

/** Places inputs after `head` (the last stored event, or the anchor): seq, prevHash and hash for each. */
export function chainEvents(head: ChainAnchor, inputs: readonly AuditEventInput[]): AuditEvent[] {
  let { seq, hash } = head;
  return inputs.map((input) => {
    const prevHash = hash;
    seq += 1;
    hash = eventHash(prevHash, input);
    return { ...input, seq, prevHash, hash };
  });
}

/**
 * A stored event as the verifier reads it: its chain columns and its content, or why the content could
 * not be read back (a stored row someone scribbled on so that it no longer decodes).
 */
export type StoredLink =
  | { seq: number; prevHash: string; hash: string; input: AuditEventInput }
  | { seq: number; prevHash: string; hash: string; decodeError: string };

export interface ChainSource {
  anchor: ChainAnchor;
  /** Stored events with seq > anchor.seq in ascending seq order, in pages. */
  pages: AsyncIterable<readonly StoredLink[]>;
  /** The seq of a stored event with this hash and a seq below `belowSeq`, if there is one. */
  seqOfHash: (hash: string, belowSeq: number) => Promise<number | undefined>;
}

/**
 * Walks the chain in seq order from the anchor, recomputing every hash, and reports the FIRST problem:
 * - `ALTERED` at the event whose content (or hash) no longer matches its hash;
 * - `DELETED` at the first missing seq of a gap, or at the event that does not chain from its predecessor
 *   while no stored event has the hash it chains from (an event was removed and the rest renumbered, or
 *   the predecessor was rewritten with a recomputed hash);
 * - `INSERTED` at an event that chains from an event that already has a successor (a forged branch), or
 *   that repeats or goes back in seq;
 * - `ANCHOR_MISMATCH` at the first remaining event when it does not chain from the purge anchor.
 */
export async function verifyChain(source: ChainSource): Promise<VerifyResult> {
  const { anchor } = source;
  let previous: { seq: number; hash: string } = anchor;
  let checked = 0;
  for await (const page of source.pages) {
    for (const event of page) {
      const problem = await checkLink(anchor, previous, event, source.seqOfHash);
      if (problem) return { ok: false, checked, problem };
      checked += 1;
      previous = event;
    }
  }
  return { ok: true, checked };
}

async function checkLink(
  anchor: ChainAnchor,
  previous: { seq: number; hash: string },
  event: StoredLink,
  seqOfHash: ChainSource['seqOfHash'],
): Promise<ChainProblem | undefined> {
  const { seq } = event;
  if (seq <= previous.seq) {
    return { seq, kind: 'INSERTED', detail: `event ${seq} repeats or goes back in sequence after event ${previous.seq}` };
  }
  if ('decodeError' in event) {
    return { seq, kind: 'ALTERED', detail: `event ${seq} no longer decodes (${event.decodeError})` };
  }
  if (eventHash(event.prevHash, event.input) !== event.hash) {
    return { seq, kind: 'ALTERED', detail: `event ${seq}: its content does not match its hash (content or hash changed)` };
  }
  const expectedSeq = previous.seq + 1;
  if (event.prevHash === previous.hash) {
    if (seq === expectedSeq) return undefined;
    return { seq: expectedSeq, kind: 'DELETED', detail: missing(expectedSeq, seq) };
  }
  const forkedFrom = event.prevHash === anchor.hash ? anchor.seq : await seqOfHash(event.prevHash, seq);
  if (forkedFrom !== undefined && forkedFrom < previous.seq) {
    const what =
      forkedFrom === anchor.seq ? (anchor.seq === 0 ? 'the genesis' : `the purge anchor (seq ${anchor.seq})`) : `event ${forkedFrom}`;
    return {
      seq,
      kind: 'INSERTED',
      detail: `event ${seq} chains from ${what}, which already has a successor (event ${forkedFrom + 1}): a forged event was inserted`,
    };
  }
  if (seq > expectedSeq) return { seq: expectedSeq, kind: 'DELETED', detail: missing(expectedSeq, seq) };
  if (previous === anchor) {
    return {
      seq,
      kind: 'ANCHOR_MISMATCH',
      detail:
        anchor.seq === 0
          ? `event ${seq} is the first event but does not chain from the genesis hash`
          : `event ${seq} does not chain from the purge anchor (events up to ${anchor.seq} purged)`,
    };
  }
  return {
    seq,
    kind: 'DELETED',
    detail: `event ${seq} does not chain from event ${previous.seq} and no stored event has the hash it chains from: an event before it was removed (and the rest renumbered), or event ${previous.seq} was rewritten with a recomputed hash`,
  };
}

function missing(from: number, next: number): string {
  const range = next - from === 1 ? `event ${from} is` : `events ${from}-${next - 1} are`;
  return `${range} missing (the next stored event is ${next})`;
}
