import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertInput } from '../../audit/alert.ts';
import { AUDIT_EVENT_VERSION, type AuditEvent, type AuditEventInput } from '../../audit/event.ts';
import { postgresHarness, postgresReachable, sqliteHarness, type StoreHarness, TEST_DATABASE_URL } from '../../audit/store-test-support.ts';
import type { GatewayContextClaims } from '../../common/gateway-context.ts';
import { postAsGateway } from '../common/testing.ts';
import { startAuditSubgraph, type RunningAuditSubgraph } from './index.ts';

interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; argument?: string } }[];
}
interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
type EventNode = { seq: string } & Record<string, unknown>;

const AGENCY_A = 'CA0190100';
const AGENCY_B = 'CA0370000';
const AGENCY_C = 'CA0010000';
const AUDITOR: Partial<GatewayContextClaims> = { sub: 'doj-1', ori: 'CA0349400', roles: ['DOJ_AUDITOR'], purpose: 'A' };
const COORDINATOR_A: Partial<GatewayContextClaims> = { sub: 'tac-a', ori: AGENCY_A, roles: ['AGENCY_COORDINATOR'], purpose: 'A' };
const PATROL_A: Partial<GatewayContextClaims> = { sub: 'u1001', ori: AGENCY_A, roles: ['PATROL_OFFICER'], purpose: 'C' };

/** An audit event as the gateway records it; every test event overrides what it is about. */
function event(overrides: Partial<AuditEventInput>): AuditEventInput {
  return {
    version: AUDIT_EVENT_VERSION,
    time: '2024-05-01T08:00:00.000Z',
    requestId: `req-${Math.random().toString(36).slice(2)}`,
    userId: 'u1001',
    userName: 'Officer Diaz',
    ori: AGENCY_A,
    roles: ['PATROL_OFFICER'],
    purpose: 'C',
    caseNumber: null,
    caseStatus: null,
    incidentNumber: null,
    incidentStatus: null,
    clientAddress: '10.0.0.7',
    operationName: 'Plate',
    operationHash: 'a'.repeat(64),
    operationText: '{ vehicle(plate: "7WNT123", state: "CA") { registeredOwner { name { full } } } }',
    subjects: [],
    records: [],
    fieldsDisclosed: [],
    fieldsDenied: [],
    views: [],
    sources: ['dmv', 'cjis'],
    outcome: 'ALLOWED',
    reason: null,
    latencyMs: 12.5,
    policyVersion: null,
    releasedBy: [],
    shadow: null,
    ...overrides,
  };
}

/** Twelve hand-written events over three days and two agencies, then 30 by a busy user of a third agency. */
const SCRIPTED: AuditEventInput[] = [
  event({
    time: '2024-05-01T08:00:00.000Z',
    subjects: ['P9000001'],
    records: ['Vehicle:1HGCM82633A004352'],
    fieldsDisclosed: ['Query.vehicle', 'Vehicle.registeredOwner', 'Person.name'],
    views: [{ kind: 'VEHICLE_REGISTRATION', personId: 'P9000001' }],
  }),
  event({ time: '2024-05-01T09:00:00.000Z', subjects: [], fieldsDenied: ['Person.criminalHistory'], outcome: 'DENIED' }),
  event({
    time: '2024-05-01T10:00:00.000Z',
    userId: 'u2001',
    userName: 'Det. Okafor',
    ori: AGENCY_B,
    roles: ['INVESTIGATOR'],
    purpose: 'D',
    caseNumber: '24-000187',
    caseStatus: 'VALID',
    subjects: ['P9000001', 'P9000003'],
    views: [{ kind: 'HOME_ADDRESS', personId: 'P9000001' }],
    policyVersion: 'c0ffee'.repeat(10) + 'c0ff',
    releasedBy: ['Person.name=person-identity (policies/grants.yaml:13)'],
    shadow: { policyVersion: 'b'.repeat(64), differences: [{ coordinate: 'Person.dob', live: 'ALLOW', candidate: 'DENY' }] },
  }),
  event({
    time: '2024-05-02T08:00:00.000Z',
    userId: 'u2001',
    ori: AGENCY_B,
    roles: ['INVESTIGATOR'],
    outcome: 'ERROR',
    reason: 'Invalid plate',
  }),
  event({
    time: '2024-05-02T09:00:00.000Z',
    userId: null,
    userName: null,
    ori: null,
    roles: [],
    purpose: null,
    outcome: 'UNAUTHENTICATED',
    reason: 'missing token',
    operationText: null,
    operationHash: null,
    operationName: null,
    sources: [],
  }),
  event({ time: '2024-05-02T23:59:59.999Z', subjects: ['P9000001'] }),
  event({ time: '2024-05-03T00:00:00.000Z', purpose: 'A', roles: ['DISPATCHER'], subjects: ['P9000002'], outcome: 'ALLOWED' }),
  event({ time: '2024-05-03T01:00:00.000Z', userId: 'u1002', purpose: null, outcome: 'PURPOSE_REFUSED', reason: 'no X-Purpose' }),
  event({
    time: '2024-05-03T02:00:00.000Z',
    userId: 'u2001',
    ori: AGENCY_B,
    roles: ['INVESTIGATOR'],
    purpose: 'C',
    subjects: ['P9000003'],
  }),
  event({
    time: '2024-05-03T03:00:00.000Z',
    userId: 'u2002',
    ori: AGENCY_B,
    roles: ['RECORDS_CLERK'],
    purpose: 'F',
    subjects: ['P9000004'],
  }),
  event({ time: '2024-05-03T04:00:00.000Z', userId: 'u1001', subjects: ['P9000001', 'P9000002'] }),
  event({
    time: '2024-05-03T05:00:00.000Z',
    userId: 'u2001',
    ori: AGENCY_B,
    roles: ['INVESTIGATOR'],
    purpose: 'D',
    subjects: ['P9000001'],
  }),
];
const BUSY = Array.from({ length: 30 }, (_, i) =>
  event({
    time: `2024-05-04T${String(i % 24).padStart(2, '0')}:${String(i).padStart(2, '0')}:00.000Z`,
    userId: 'u3001',
    ori: AGENCY_C,
    subjects: [`P00000${String(i).padStart(2, '0')}`],
  }),
);

const pgReachable = await postgresReachable();
if (!pgReachable)
  console.warn(`\n*** PostgreSQL is unreachable at ${TEST_DATABASE_URL}: the audit subgraph over PostgreSQL is SKIPPED ***\n`);
const BACKENDS = [
  { name: 'sqlite', harness: sqliteHarness, available: true },
  { name: 'postgres', harness: postgresHarness, available: pgReachable },
];

let harness: StoreHarness;
let running: RunningAuditSubgraph;
let stored: AuditEvent[];
let alerts: Alert[];

function alert(overrides: Partial<AlertInput> & Pick<AlertInput, 'eventSeqs'>): AlertInput {
  return {
    detector: 'relativeLookup',
    severity: 'HIGH',
    userId: 'u1001',
    ori: AGENCY_A,
    summary: 'u1001 looked up their ex-spouse P9000001.',
    facts: { relation: 'EX_SPOUSE', personId: 'P9000001' },
    key: `relativeLookup:${overrides.eventSeqs.join(',')}`,
    time: '2024-05-01T08:00:00.000Z',
    ...overrides,
  };
}

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  caller: Partial<GatewayContextClaims> = AUDITOR,
): Promise<GraphQLResponse<T>> {
  const response = await postAsGateway(running, { query, variables }, caller);
  return (await response.json()) as GraphQLResponse<T>;
}

const EVENTS = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    edges { cursor node { seq time userId ori purpose outcome subjects } }
    pageInfo { hasNextPage endCursor }
  } }`;

/** The seqs of one page of auditEvents. */
async function eventSeqs(filter: Record<string, unknown>, caller: Partial<GatewayContextClaims> = AUDITOR, first = 100): Promise<number[]> {
  const result = await gql<{ auditEvents: Page<EventNode> }>(EVENTS, { filter, first }, caller);
  expect(result.errors).toBeUndefined();
  return result.data!.auditEvents.edges.map((edge) => Number(edge.node.seq));
}

/** Seqs of the stored events matching `predicate`, newest first (what the subgraph should answer). */
function expected(predicate: (event: AuditEvent) => boolean): number[] {
  return stored
    .filter(predicate)
    .map((e) => e.seq)
    .reverse();
}

describe.each(BACKENDS)('the audit subgraph over the $name audit store', (backend) => {
  if (!backend.available) {
    it.skip('needs PostgreSQL at TEST_DATABASE_URL', () => undefined);
    return;
  }

  beforeAll(async () => {
    harness = await backend.harness();
    const store = harness.store;
    stored = [];
    for (const input of [...SCRIPTED, ...BUSY]) stored.push(await store.append(input));
    const seqOf = (i: number) => stored[i].seq;
    alerts = await store.addAlerts([
      alert({ eventSeqs: [seqOf(0)], time: stored[0].time }),
      alert({
        detector: 'addressWithoutNeed',
        severity: 'MEDIUM',
        userId: 'u2001',
        ori: AGENCY_B,
        summary: 'u2001 saw a home address.',
        facts: { personId: 'P9000001' },
        eventSeqs: [seqOf(2)],
        key: 'addressWithoutNeed:3',
        time: stored[2].time,
      }),
      alert({
        detector: 'highProfileAccess',
        severity: 'MEDIUM',
        eventSeqs: [seqOf(10), seqOf(5)],
        key: 'highProfileAccess:6,11',
        facts: { personId: 'P9000001', reason: 'CELEBRITY' },
        time: stored[10].time,
      }),
      // A coordinator must not see another agency's evidence even if an alert of theirs pointed at it.
      alert({
        detector: 'unusualVolume',
        severity: 'LOW',
        eventSeqs: [seqOf(6), seqOf(8)],
        key: 'unusualVolume:7,9',
        time: stored[8].time,
      }),
      ...BUSY.map((_, i) =>
        alert({
          detector: 'unusualVolume',
          severity: 'LOW',
          userId: 'u3001',
          ori: AGENCY_C,
          summary: `burst ${i}`,
          facts: { count: i },
          eventSeqs: [seqOf(12 + i), seqOf(12 + ((i + 1) % 30))],
          key: `busy:${i}`,
          time: stored[12 + i].time,
        }),
      ),
    ]);
    running = await startAuditSubgraph({ dataDir: tmpdir(), port: 0, store });
  });

  afterAll(async () => {
    await running?.stop();
    await harness?.cleanup();
  });

  describe('auditEvents', () => {
    it('returns every field of an event as the store holds it, newest first', async () => {
      const result = await gql<{ auditEvents: Page<Record<string, unknown>> }>(`{ auditEvents(filter: { userId: "u2001" }, first: 3) {
        edges { cursor node { seq version time requestId userId userName ori roles purpose caseNumber caseStatus incidentNumber
          incidentStatus clientAddress operationName operationHash operationText subjects records fieldsDisclosed fieldsDenied
          views { kind personId } sources outcome reason latencyMs policyVersion releasedBy
          shadow { policyVersion differences { coordinate live candidate } } hash prevHash } } } }`);
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.auditEvents.edges.map((e) => e.node);
      expect(nodes.map((n) => n.seq)).toEqual([stored[11].seq, stored[8].seq, stored[3].seq].map(String));
      const third = stored[2];
      const older = await gql<{ auditEvents: Page<Record<string, unknown>> }>(
        `query($after: String) { auditEvents(filter: { userId: "u2001" }, first: 1, after: $after) { edges { node {
          seq version time requestId userId userName ori roles purpose caseNumber caseStatus incidentNumber incidentStatus
          clientAddress operationName operationHash operationText subjects records fieldsDisclosed fieldsDenied
          views { kind personId } sources outcome reason latencyMs policyVersion releasedBy
          shadow { policyVersion differences { coordinate live candidate } } hash prevHash } } } }`,
        { after: result.data!.auditEvents.edges[2].cursor },
      );
      expect(older.data!.auditEvents.edges[0].node).toEqual({ ...third, seq: String(third.seq) });
    });

    it.each([
      ['userId', { userId: 'u1001' }, (e: AuditEvent) => e.userId === 'u1001'],
      ['ori', { ori: 'ca0370000' }, (e: AuditEvent) => e.ori === AGENCY_B],
      ['subject', { subject: 'P9000001' }, (e: AuditEvent) => e.subjects.includes('P9000001')],
      ['purpose as a letter', { purpose: 'd' }, (e: AuditEvent) => e.purpose === 'D'],
      ['purpose as a name', { purpose: 'FIREARMS' }, (e: AuditEvent) => e.purpose === 'F'],
      ['outcome', { outcome: 'denied' }, (e: AuditEvent) => e.outcome === 'DENIED'],
      ['from (a date: from its start)', { from: '2024-05-03' }, (e: AuditEvent) => e.time >= '2024-05-03'],
      ['to (a date: that whole day included)', { to: '2024-05-02' }, (e: AuditEvent) => e.time < '2024-05-03'],
      [
        'from and to as date-times with an offset',
        { from: '2024-05-02T01:00:00-07:00', to: '2024-05-03T00:00:00.000Z' },
        (e: AuditEvent) => e.time >= '2024-05-02T08:00:00.000Z' && e.time < '2024-05-03T00:00:00.000Z',
      ],
      [
        'several criteria together (AND)',
        { ori: AGENCY_B, subject: 'P9000001', purpose: 'D' },
        (e: AuditEvent) => e.ori === AGENCY_B && e.subjects.includes('P9000001') && e.purpose === 'D',
      ],
    ])('filters by %s', async (_label, filter, predicate) => {
      const want = expected(predicate);
      expect(want.length).toBeGreaterThan(0);
      expect(await eventSeqs(filter)).toEqual(want);
    });

    it('pages through every event, newest first, with opaque cursors and no duplicates', async () => {
      const seen: number[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const result: GraphQLResponse<{ auditEvents: Page<EventNode> }> = await gql(EVENTS, { first: 10, after });
        expect(result.errors).toBeUndefined();
        const page = result.data!.auditEvents;
        pages++;
        seen.push(...page.edges.map((e) => Number(e.node.seq)));
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(5); // 42 events in pages of 10
      expect(seen).toEqual(stored.map((e) => e.seq).reverse());
      expect(Number.isNaN(Number(after))).toBe(true); // opaque: not a bare seq
    });

    it('answers an empty page for a filter nothing matches', async () => {
      const result = await gql(EVENTS, { filter: { userId: 'nobody' } });
      expect(result).toEqual({ data: { auditEvents: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } });
    });
  });

  describe('disclosuresOf', () => {
    const QUERY = `query($id: ID!, $from: String, $to: String, $first: Int, $after: String) {
      disclosuresOf(personId: $id, from: $from, to: $to, first: $first, after: $after) {
        edges { node { seq userId ori purpose caseNumber time fieldsDisclosed views { kind personId } } }
        pageInfo { hasNextPage endCursor } } }`;

    it('lists who saw a person, when, why and what, newest first', async () => {
      const result = await gql<{ disclosuresOf: Page<EventNode> }>(QUERY, { id: 'p9000001' });
      expect(result.data!.disclosuresOf.edges.map((e) => Number(e.node.seq))).toEqual(expected((e) => e.subjects.includes('P9000001')));
      const byDetective = result.data!.disclosuresOf.edges.find((e) => Number(e.node.seq) === stored[2].seq)!.node;
      expect(byDetective).toMatchObject({
        userId: 'u2001',
        ori: AGENCY_B,
        purpose: 'D',
        caseNumber: '24-000187',
        views: [{ kind: 'HOME_ADDRESS', personId: 'P9000001' }],
      });
    });

    it('limits to a time range and pages', async () => {
      const want = expected((e) => e.subjects.includes('P9000001') && e.time >= '2024-05-02' && e.time < '2024-05-04');
      const first = await gql<{ disclosuresOf: Page<EventNode> }>(QUERY, {
        id: 'P9000001',
        from: '2024-05-02',
        to: '2024-05-03',
        first: 2,
      });
      expect(first.data!.disclosuresOf.edges.map((e) => Number(e.node.seq))).toEqual(want.slice(0, 2));
      expect(first.data!.disclosuresOf.pageInfo.hasNextPage).toBe(true);
      const rest = await gql<{ disclosuresOf: Page<EventNode> }>(QUERY, {
        id: 'P9000001',
        from: '2024-05-02',
        to: '2024-05-03',
        first: 2,
        after: first.data!.disclosuresOf.pageInfo.endCursor,
      });
      expect(rest.data!.disclosuresOf.edges.map((e) => Number(e.node.seq))).toEqual(want.slice(2));
      expect(rest.data!.disclosuresOf.pageInfo.hasNextPage).toBe(false);
    });
  });

  describe('Person.auditTrail through _entities', () => {
    const ENTITIES = `query($r: [_Any!]!, $first: Int) { _entities(representations: $r) {
      ... on Person { id auditTrail(first: $first) { edges { node { seq userId } } pageInfo { hasNextPage } } } } }`;

    it('shows who looked at each person; a person nobody looked at has an empty trail', async () => {
      const result = await gql<{ _entities: { id: string; auditTrail: Page<EventNode> }[] }>(ENTITIES, {
        r: [
          { __typename: 'Person', id: 'P9000003' },
          { __typename: 'Person', id: 'P0000999' },
        ],
        first: 10,
      });
      expect(result.errors).toBeUndefined();
      const [seen, unseen] = result.data!._entities;
      expect(seen.auditTrail.edges.map((e) => Number(e.node.seq))).toEqual(expected((e) => e.subjects.includes('P9000003')));
      expect(unseen).toEqual({ id: 'P0000999', auditTrail: { edges: [], pageInfo: { hasNextPage: false } } });
    });
  });

  describe('misuseAlerts', () => {
    const ALERTS = `query($filter: AlertFilter, $first: Int, $after: String) {
      misuseAlerts(filter: $filter, first: $first, after: $after) {
        edges { cursor node { id detector severity userId ori summary facts time createdAt evidenceSeqs evidence { seq userId ori } } }
        pageInfo { hasNextPage endCursor } } }`;
    type AlertNode = { id: string; evidence: { seq: string; ori: string }[]; evidenceSeqs: string[] } & Record<string, unknown>;

    it('returns alerts newest first with their facts and evidence events, oldest evidence first', async () => {
      const result = await gql<{ misuseAlerts: Page<AlertNode> }>(ALERTS, { filter: { ori: AGENCY_A } });
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.misuseAlerts.edges.map((e) => e.node);
      expect(nodes.map((n) => n.detector)).toEqual(['unusualVolume', 'highProfileAccess', 'relativeLookup']);
      const highProfile = alerts[2];
      // facts is a JSON object in a string; PostgreSQL (jsonb) may order its keys differently.
      expect({ ...nodes[1], facts: JSON.parse(String(nodes[1].facts)) as unknown }).toEqual({
        id: String(highProfile.id),
        detector: 'highProfileAccess',
        severity: 'MEDIUM',
        userId: 'u1001',
        ori: AGENCY_A,
        summary: highProfile.summary,
        facts: { personId: 'P9000001', reason: 'CELEBRITY' },
        time: highProfile.time,
        createdAt: highProfile.createdAt,
        evidenceSeqs: [stored[5].seq, stored[10].seq].map(String),
        evidence: [stored[5], stored[10]].map((e) => ({ seq: String(e.seq), userId: 'u1001', ori: AGENCY_A })),
      });
    });

    it('filters by user and time, and pages with cursors', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const result: GraphQLResponse<{ misuseAlerts: Page<AlertNode> }> = await gql(ALERTS, {
          filter: { userId: 'u3001', from: '2024-05-04T05:00:00Z', to: '2024-05-04' },
          first: 7,
          after,
        });
        expect(result.errors).toBeUndefined();
        seen.push(...result.data!.misuseAlerts.edges.map((e) => e.node.id));
        if (!result.data!.misuseAlerts.pageInfo.hasNextPage) break;
        after = result.data!.misuseAlerts.pageInfo.endCursor;
      }
      const want = alerts
        .filter((a) => a.userId === 'u3001' && a.time >= '2024-05-04T05:00:00.000Z')
        .map((a) => String(a.id))
        .reverse();
      expect(want.length).toBeGreaterThan(7);
      expect(seen).toEqual(want);
    });

    it('loads the evidence of a whole page in one read of the audit store, whatever the page size', async () => {
      const reads = async (first: number) => {
        const before = running.store.statementCount;
        const result = await gql<{ misuseAlerts: Page<AlertNode> }>(ALERTS, { filter: { ori: AGENCY_C }, first });
        expect(result.errors).toBeUndefined();
        expect(result.data!.misuseAlerts.edges).toHaveLength(first);
        expect(result.data!.misuseAlerts.edges.every((e) => e.node.evidence.length === 2)).toBe(true);
        return running.store.statementCount - before;
      };
      const one = await reads(1);
      const twenty = await reads(20);
      expect(one).toBe(2); // the alerts, then their evidence
      expect(twenty).toBe(one);
    });
  });

  describe('scoping by role (defense in depth beside the gateway policy)', () => {
    it('shows an agency coordinator only their own agency', async () => {
      expect(await eventSeqs({}, COORDINATOR_A)).toEqual(expected((e) => e.ori === AGENCY_A));
      expect(await eventSeqs({ subject: 'P9000001' }, COORDINATOR_A)).toEqual(
        expected((e) => e.ori === AGENCY_A && e.subjects.includes('P9000001')),
      );
    });

    it('gives a coordinator nothing, without reading the store, for another agency', async () => {
      const before = running.store.statementCount;
      expect(await eventSeqs({ ori: AGENCY_B }, COORDINATOR_A)).toEqual([]);
      const alertsOfB = await gql<{ misuseAlerts: Page<unknown> }>(
        `{ misuseAlerts(filter: { ori: "${AGENCY_B}" }) { edges { cursor } } }`,
        {},
        COORDINATOR_A,
      );
      expect(alertsOfB.data!.misuseAlerts.edges).toEqual([]);
      expect(running.store.statementCount).toBe(before);
    });

    it("gives a coordinator their agency's alerts, and the disclosures and trails their agency made", async () => {
      const result = await gql<{ misuseAlerts: Page<{ ori: string }>; disclosuresOf: Page<EventNode> }>(
        `{
        misuseAlerts { edges { node { ori } } }
        disclosuresOf(personId: "P9000003") { edges { node { seq ori } } } }`,
        {},
        COORDINATOR_A,
      );
      expect(result.data!.misuseAlerts.edges.map((e) => e.node.ori)).toEqual([AGENCY_A, AGENCY_A, AGENCY_A]);
      expect(result.data!.disclosuresOf.edges).toEqual([]); // P9000003 was only looked at by agency B
    });

    it('hides evidence from another agency from a coordinator', async () => {
      const result = await gql<{ misuseAlerts: Page<{ detector: string; evidence: { ori: string }[] }> }>(
        '{ misuseAlerts(first: 1) { edges { node { detector evidence { ori } } } } }',
        {},
        COORDINATOR_A,
      );
      // The newest alert of agency A points at events 7 and 9; 9 belongs to agency B.
      expect(result.data!.misuseAlerts.edges[0].node).toEqual({ detector: 'unusualVolume', evidence: [{ ori: AGENCY_A }] });
    });

    it('shows a coordinator who is also a DOJ auditor everything', async () => {
      expect(await eventSeqs({}, { ...COORDINATOR_A, roles: ['AGENCY_COORDINATOR', 'DOJ_AUDITOR'] })).toEqual(expected(() => true));
    });

    it.each([
      ['a patrol officer', PATROL_A],
      ['a policy officer', { sub: 'pol-1', ori: 'CA0349400', roles: ['POLICY_OFFICER'], purpose: 'A' }],
    ])('gives %s empty results and reads nothing', async (_label, caller) => {
      const before = running.store.statementCount;
      const result = await gql(
        `query($r: [_Any!]!) {
        auditEvents { edges { cursor } pageInfo { hasNextPage endCursor } }
        misuseAlerts { edges { cursor } }
        disclosuresOf(personId: "P9000001") { edges { cursor } }
        _entities(representations: $r) { ... on Person { auditTrail { edges { cursor } } } } }`,
        { r: [{ __typename: 'Person', id: 'P9000001' }] },
        caller,
      );
      expect(result).toEqual({
        data: {
          auditEvents: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
          misuseAlerts: { edges: [] },
          disclosuresOf: { edges: [] },
          _entities: [{ auditTrail: { edges: [] } }],
        },
      });
      expect(running.store.statementCount).toBe(before);
    });
  });

  describe('bad input', () => {
    const eventCursor = Buffer.from('audit-event:5').toString('base64url');
    const alertCursor = Buffer.from('misuse-alert:5').toString('base64url');
    it.each([
      ['first: 0', '{ auditEvents(first: 0) { edges { cursor } } }', 'first'],
      ['first: 501', '{ auditEvents(first: 501) { edges { cursor } } }', 'first'],
      ['first: -3 on alerts', '{ misuseAlerts(first: -3) { edges { cursor } } }', 'first'],
      ['first: 1000 on a trail', '{ disclosuresOf(personId: "P9000001", first: 1000) { edges { cursor } } }', 'first'],
      ['a made-up cursor', '{ auditEvents(after: "seq-5") { edges { cursor } } }', 'after'],
      ['an alert cursor on events', `{ auditEvents(after: "${alertCursor}") { edges { cursor } } }`, 'after'],
      ['an event cursor on alerts', `{ misuseAlerts(after: "${eventCursor}") { edges { cursor } } }`, 'after'],
      ['a date that is not one', '{ auditEvents(filter: { from: "2024-02-30" }) { edges { cursor } } }', 'filter.from'],
      ['a time in words', '{ auditEvents(filter: { to: "yesterday" }) { edges { cursor } } }', 'filter.to'],
      ['a time without a zone', '{ auditEvents(filter: { from: "2024-05-01T08:00:00" }) { edges { cursor } } }', 'filter.from'],
      ['to before from', '{ auditEvents(filter: { from: "2024-05-03", to: "2024-05-01" }) { edges { cursor } } }', 'filter.to'],
      ['a bad alert date', '{ misuseAlerts(filter: { from: "05/01/2024" }) { edges { cursor } } }', 'filter.from'],
      ['a bad disclosures date', '{ disclosuresOf(personId: "P9000001", to: "2024-13-01") { edges { cursor } } }', 'to'],
      ['an ORI of the wrong length', '{ auditEvents(filter: { ori: "CA01" }) { edges { cursor } } }', 'filter.ori'],
      ['an ORI on alerts', '{ misuseAlerts(filter: { ori: "not an ori" }) { edges { cursor } } }', 'filter.ori'],
      ['an unknown outcome', '{ auditEvents(filter: { outcome: "MAYBE" }) { edges { cursor } } }', 'filter.outcome'],
      ['an unknown purpose', '{ auditEvents(filter: { purpose: "Q" }) { edges { cursor } } }', 'filter.purpose'],
      ['a subject that is no person id', '{ auditEvents(filter: { subject: "P-1; DROP" }) { edges { cursor } } }', 'filter.subject'],
      ['an empty user id', '{ auditEvents(filter: { userId: "  " }) { edges { cursor } } }', 'filter.userId'],
      ['a person id that is none', '{ disclosuresOf(personId: "../etc") { edges { cursor } } }', 'personId'],
    ])('refuses %s with BAD_USER_INPUT naming the argument', async (_label, query, argument) => {
      const before = running.store.statementCount;
      const result = await gql(query, {}, AUDITOR);
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(result.errors![0].message).toContain(`Invalid ${argument}:`);
      expect(running.store.statementCount).toBe(before);
    });

    it('refuses bad input from a caller without an audit role too, and keeps serving', async () => {
      const result = await gql('{ auditEvents(first: 0) { edges { cursor } } }', {}, PATROL_A);
      expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await eventSeqs({ userId: 'u2002' })).toEqual(expected((e) => e.userId === 'u2002'));
    });
  });

  describe('trust', () => {
    it.each([
      ['a query', { query: '{ auditEvents { edges { cursor } } }' }],
      [
        '_entities',
        {
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
          variables: { r: [{ __typename: 'Person', id: 'P9000001' }] },
        },
      ],
      ['_service', { query: '{ _service { sdl } }' }],
    ])("refuses %s without the gateway's signed context (401)", async (_label, body) => {
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(401);
      const result = (await response.json()) as GraphQLResponse;
      expect(result.data ?? null).toBeNull();
      expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});
