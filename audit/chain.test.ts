import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalEventJson,
  canonicalJson,
  type ChainAnchor,
  chainEvents,
  eventHash,
  GENESIS_ANCHOR,
  GENESIS_HASH,
  type StoredLink,
  verifyChain,
} from './chain.ts';
import type { AuditEvent } from './event.ts';
import { auditEvent } from './store-test-support.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** An in-memory chain source over stored links (as a store would read them, in seq order). */
function source(links: StoredLink[], anchor: ChainAnchor = GENESIS_ANCHOR, pageSize = 3) {
  const sorted = [...links].sort((a, b) => a.seq - b.seq);
  return {
    anchor,
    pages: (async function* () {
      for (let i = 0; i < sorted.length; i += pageSize) yield sorted.slice(i, i + pageSize);
    })(),
    seqOfHash: async (hash: string, belowSeq: number) => sorted.find((l) => l.hash === hash && l.seq < belowSeq)?.seq,
  };
}

function links(events: AuditEvent[]): StoredLink[] {
  return events.map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash, input: e }));
}

const chain = (n: number, anchor: ChainAnchor = GENESIS_ANCHOR) =>
  chainEvents(
    anchor,
    Array.from({ length: n }, (_, i) => auditEvent(i)),
  );

describe('canonical JSON', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('of an event is the same whatever the key order, and covers only the AuditEventInput fields', () => {
    const input = auditEvent(0);
    const reversed = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    expect(canonicalEventJson(reversed)).toBe(canonicalEventJson(input));
    const stored = { ...input, seq: 7, prevHash: 'x', hash: 'y', views: [{ personId: 'P0000001', kind: 'VEHICLE_REGISTRATION' as const }] };
    expect(canonicalEventJson(stored)).toBe(canonicalEventJson(input));
    expect(JSON.parse(canonicalEventJson(input))).toEqual(input);
    expect(canonicalEventJson(input)).toBe(canonicalJson(input));
    expect(
      canonicalEventJson(input).startsWith('{"caseNumber":null,"caseStatus":null,"clientAddress":"10.20.30.40","fieldsDenied":[],'),
    ).toBe(true);
  });

  it('of a version 1 event is the text version 1 hashed: without the fields added in version 2', () => {
    const { caseStatus, incidentNumber, incidentStatus, policyVersion, releasedBy, shadow, ...v1Fields } = auditEvent(0);
    expect([caseStatus, incidentNumber, incidentStatus, policyVersion, releasedBy, shadow]).toEqual([null, null, null, null, [], null]);
    const v1 = { ...v1Fields, version: 1 as const };
    expect(
      canonicalEventJson({
        ...v1,
        caseStatus: null,
        incidentNumber: null,
        incidentStatus: null,
        policyVersion: null,
        releasedBy: [],
        shadow: null,
      }),
    ).toBe(canonicalJson(v1));
  });

  it('changes with each field added in version 2', () => {
    const input = auditEvent(0);
    const changed = [
      { caseStatus: 'VALID' },
      { incidentNumber: 'I24-1' },
      { incidentStatus: 'EXPIRED' },
      { policyVersion: 'abc' },
      { releasedBy: ['Person.name=person-identity'] },
      { shadow: { policyVersion: 'def', differences: [{ coordinate: 'Person.ssn', live: 'DENY' as const, candidate: 'ALLOW' as const }] } },
    ];
    for (const change of changed) expect(canonicalEventJson({ ...input, ...change })).not.toBe(canonicalEventJson(input));
  });

  it('changes with any field', () => {
    const input = auditEvent(0);
    expect(canonicalEventJson({ ...input, latencyMs: 12.6 })).not.toBe(canonicalEventJson(input));
    expect(canonicalEventJson({ ...input, subjects: [] })).not.toBe(canonicalEventJson(input));
  });
});

describe('hashing', () => {
  it('hash = sha256(prevHash + canonical JSON), from a genesis of 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    const input = auditEvent(0);
    expect(eventHash(GENESIS_HASH, input)).toBe(sha256(GENESIS_HASH + canonicalEventJson(input)));
  });

  it('chainEvents numbers from the head and links each event to the previous one', () => {
    const [a, b, c] = chain(3);
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    expect(c).toMatchObject({ prevHash: b.hash, hash: eventHash(b.hash, auditEvent(2, { requestId: c.requestId })) });
    const [next] = chainEvents({ seq: 3, hash: c.hash }, [auditEvent(3)]);
    expect(next).toMatchObject({ seq: 4, prevHash: c.hash });
  });
});

describe('verifyChain', () => {
  it('passes an intact chain, from genesis or from a purge anchor, across pages', async () => {
    expect(await verifyChain(source(links(chain(7))))).toEqual({ ok: true, checked: 7 });
    expect(await verifyChain(source([]))).toEqual({ ok: true, checked: 0 });
    const anchor = { seq: 40, hash: sha256('the last purged event') };
    expect(await verifyChain(source(links(chain(5, anchor)), anchor))).toEqual({ ok: true, checked: 5 });
  });

  it('ALTERED: content changed, or hash changed, at that seq', async () => {
    const stored = links(chain(5));
    const content = stored.map((l) => (l.seq === 3 && 'input' in l ? { ...l, input: { ...l.input, userName: 'Officer Dana Reyez' } } : l));
    expect(await verifyChain(source(content))).toMatchObject({ ok: false, checked: 2, problem: { seq: 3, kind: 'ALTERED' } });
    const hash = stored.map((l) => (l.seq === 4 ? { ...l, hash: sha256('x') } : l));
    expect(await verifyChain(source(hash))).toMatchObject({ ok: false, checked: 3, problem: { seq: 4, kind: 'ALTERED' } });
    const garbled: StoredLink[] = stored.map((l) =>
      l.seq === 2 ? { seq: 2, prevHash: l.prevHash, hash: l.hash, decodeError: 'Unexpected token' } : l,
    );
    expect(await verifyChain(source(garbled))).toMatchObject({
      problem: { seq: 2, kind: 'ALTERED', detail: 'event 2 no longer decodes (Unexpected token)' },
    });
  });

  it('DELETED: a gap reports the first missing seq; a removal with renumbering reports where the link breaks', async () => {
    const stored = links(chain(8));
    expect(await verifyChain(source(stored.filter((l) => l.seq !== 4 && l.seq !== 5)))).toEqual({
      ok: false,
      checked: 3,
      problem: { seq: 4, kind: 'DELETED', detail: 'events 4-5 are missing (the next stored event is 6)' },
    });
    expect((await verifyChain(source(stored.filter((l) => l.seq !== 1)))).problem).toMatchObject({ seq: 1, kind: 'DELETED' });
    const renumbered = stored.filter((l) => l.seq !== 4).map((l) => (l.seq > 4 ? { ...l, seq: l.seq - 1 } : l));
    expect((await verifyChain(source(renumbered))).problem).toMatchObject({
      seq: 4,
      kind: 'DELETED',
      detail: expect.stringMatching(/does not chain from event 3/),
    });
  });

  it('INSERTED: an event chaining from one that already has a successor, or a repeated seq', async () => {
    const events = chain(5);
    const forgedInput = auditEvent(9, { userId: 'U-FORGER' });
    const forged = { ...forgedInput, seq: 6, prevHash: events[1].hash, hash: eventHash(events[1].hash, forgedInput) };
    expect(await verifyChain(source(links([...events, forged])))).toMatchObject({
      ok: false,
      checked: 5,
      problem: {
        seq: 6,
        kind: 'INSERTED',
        detail: expect.stringMatching(/chains from event 2, which already has a successor \(event 3\)/),
      },
    });
    // Slipped into the middle with the later events renumbered: the break shows where the branch rejoins.
    const spliced = [
      ...events.slice(0, 3),
      { ...forged, seq: 4, prevHash: events[2].hash, hash: eventHash(events[2].hash, forgedInput) },
      ...events.slice(3).map((e) => ({ ...e, seq: e.seq + 1 })),
    ];
    expect((await verifyChain(source(links(spliced)))).problem).toMatchObject({ seq: 5, kind: 'INSERTED' });
    // A second branch from the genesis.
    const fromGenesis = { ...forgedInput, seq: 6, prevHash: GENESIS_HASH, hash: eventHash(GENESIS_HASH, forgedInput) };
    expect((await verifyChain(source(links([...events, fromGenesis])))).problem).toMatchObject({ seq: 6, kind: 'INSERTED' });
    // A repeated seq (a store without a unique seq).
    const repeated = links(events);
    const pages = (async function* () {
      yield [repeated[0], repeated[1], repeated[1]];
    })();
    expect((await verifyChain({ anchor: GENESIS_ANCHOR, pages, seqOfHash: async () => undefined })).problem).toMatchObject({
      seq: 2,
      kind: 'INSERTED',
    });
  });

  it('ANCHOR_MISMATCH: the first remaining event does not chain from the anchor', async () => {
    const anchor = { seq: 40, hash: sha256('the last purged event') };
    const stored = links(chain(3, anchor));
    expect(await verifyChain(source(stored, { seq: 40, hash: sha256('a rewritten anchor') }))).toMatchObject({
      ok: false,
      checked: 0,
      problem: { seq: 41, kind: 'ANCHOR_MISMATCH' },
    });
    expect((await verifyChain(source(links(chain(2)), { seq: 0, hash: sha256('not genesis') }))).problem).toMatchObject({
      seq: 1,
      kind: 'ANCHOR_MISMATCH',
    });
  });
});
