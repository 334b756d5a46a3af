/**
 * Misuse cases through the audit subgraph (over HTTP with a signed gateway context, both audit stores):
 * the list with totals and filters, one case with its evidence timeline, triage mutations (idempotent,
 * in the history), scoping by agency for reads and changes, bad input, and the audit report.
 */
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertInput } from '../../audit/alert.ts';
import { AUDIT_EVENT_VERSION, type AuditEvent, type AuditEventInput } from '../../audit/event.ts';
import { postgresHarness, postgresReachable, sqliteHarness, type StoreHarness } from '../../audit/store-test-support.ts';
import type { GatewayContextClaims } from '../../common/gateway-context.ts';
import { postAsGateway } from '../common/testing.ts';
import { startAuditSubgraph, type RunningAuditSubgraph } from './index.ts';

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; argument?: string } }[];
}

const AGENCY_A = 'CA0190100';
const AGENCY_B = 'CA0370000';
const AUDITOR: Partial<GatewayContextClaims> = { sub: 'doj-1', ori: 'CA0349400', roles: ['DOJ_AUDITOR'], purpose: 'A' };
const COORDINATOR_A: Partial<GatewayContextClaims> = { sub: 'tac-a', ori: AGENCY_A, roles: ['AGENCY_COORDINATOR'], purpose: 'A' };
const COORDINATOR_B: Partial<GatewayContextClaims> = { sub: 'tac-b', ori: AGENCY_B, roles: ['AGENCY_COORDINATOR'], purpose: 'A' };
const PATROL_A: Partial<GatewayContextClaims> = { sub: 'u1001', ori: AGENCY_A, roles: ['PATROL_OFFICER'], purpose: 'C' };

function event(minutes: number, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    version: AUDIT_EVENT_VERSION,
    time: new Date(Date.UTC(2024, 4, 1, 8) + minutes * 60_000).toISOString(),
    requestId: `req-${minutes}-${Math.random().toString(36).slice(2)}`,
    userId: 'u-misuse-1',
    userName: 'HARLAN, DEREK',
    ori: AGENCY_A,
    roles: ['PATROL_OFFICER'],
    purpose: 'C',
    caseNumber: null,
    caseStatus: null,
    incidentNumber: null,
    incidentStatus: null,
    clientAddress: '10.0.0.7',
    operationName: 'Lookup',
    operationHash: 'a'.repeat(64),
    operationText: '{ person(id: "P9000001") { residenceAddress { street } } }',
    subjects: ['P9000001'],
    records: [],
    fieldsDisclosed: ['Query.person', 'Person.residenceAddress', 'DmvAddress.street'],
    fieldsDenied: [],
    views: [{ kind: 'HOME_ADDRESS', personId: 'P9000001' }],
    sources: ['cjis', 'dmv'],
    outcome: 'ALLOWED',
    reason: null,
    latencyMs: 5,
    policyVersion: null,
    releasedBy: [],
    shadow: null,
    ...overrides,
  };
}

function alert(key: string, events: AuditEvent[], overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    detector: 'relativeLookup',
    severity: 'HIGH',
    userId: 'u-misuse-1',
    ori: AGENCY_A,
    summary: 'HARLAN looked up their ex-spouse P9000001.',
    eventSeqs: events.map((e) => e.seq),
    facts: { relation: 'EX_SPOUSE', personId: 'P9000001' },
    key,
    time: events[events.length - 1].time,
    subjectId: 'P9000001',
    signals: ['EX_SPOUSE'],
    ...overrides,
  };
}

const pgReachable = await postgresReachable();
const BACKENDS = [
  { name: 'sqlite', harness: sqliteHarness, available: true },
  { name: 'postgres', harness: postgresHarness, available: pgReachable },
];

const CASE_FIELDS = `id userId ori subjectId severity status assignee detectors signals summaries firstSeen lastSeen
  alerts { detector severity summary signals time evidenceSeqs }
  evidence { seq detectors seen event { seq userId ori time } }
  history { at by action fromStatus toStatus assignee note }`;

interface CaseNode {
  id: string;
  ori: string;
  userId: string;
  status: string;
  assignee: string | null;
  detectors: string[];
  evidence: { seq: string; detectors: string[]; seen: string[]; event: { seq: string; ori: string } | null }[];
  history: { by: string; action: string; fromStatus: string | null; toStatus: string; assignee: string | null; note: string | null }[];
}

describe.each(BACKENDS)('misuse cases through the audit subgraph over the $name audit store', (backend) => {
  if (!backend.available) {
    it.skip('needs PostgreSQL at TEST_DATABASE_URL', () => undefined);
    return;
  }
  let harness: StoreHarness;
  let running: RunningAuditSubgraph;
  let events: AuditEvent[];

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, caller = AUDITOR): Promise<GraphQLResponse<T>> {
    const response = await postAsGateway(running, { query, variables }, caller);
    return (await response.json()) as GraphQLResponse<T>;
  }

  beforeAll(async () => {
    harness = await backend.harness();
    const store = harness.store;
    events = [];
    for (let i = 0; i < 6; i++) events.push(await store.append(event(i * 60)));
    // Agency B: a volume burst by another user, naming nobody.
    events.push(await store.append(event(400, { userId: 'u-b-1', ori: AGENCY_B, subjects: [], views: [], records: ['Vehicle:1HG'] })));
    await store.addAlerts([
      alert('rel-1', [events[0], events[1]]),
      alert('addr-1', [events[1], events[2]], { detector: 'addressWithoutNeed', severity: 'MEDIUM', signals: ['NO_CASE'] }),
      alert('vol-b', [events[6]], {
        userId: 'u-b-1',
        ori: AGENCY_B,
        detector: 'unusualVolume',
        severity: 'LOW',
        subjectId: undefined,
        signals: [],
      }),
    ]);
    running = await startAuditSubgraph({ dataDir: tmpdir(), port: 0, store });
  });

  afterAll(async () => {
    await running?.stop();
    await harness?.cleanup();
  });

  const LIST = `query($filter: MisuseCaseFilter, $first: Int, $after: String) {
    misuseCases(filter: $filter, first: $first, after: $after) {
      totals { total byStatus { key count } bySeverity { key count } byDetector { key count } }
      edges { cursor node { ${CASE_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
  type List = { misuseCases: { totals: { total: number; byDetector: { key: string; count: number }[] }; edges: { node: CaseNode }[] } };

  it('lists cases newest first with totals; one case holds the grouped alerts and its evidence timeline resolves the events', async () => {
    const result = await gql<List>(LIST);
    expect(result.errors).toBeUndefined();
    const { totals, edges } = result.data!.misuseCases;
    expect(edges.map((e) => [e.node.userId, e.node.ori])).toEqual([
      ['u-b-1', AGENCY_B],
      ['u-misuse-1', AGENCY_A],
    ]);
    expect(totals.total).toBe(2);
    expect(totals.byDetector).toEqual(
      expect.arrayContaining([
        { key: 'relativeLookup', count: 1 },
        { key: 'unusualVolume', count: 1 },
      ]),
    );
    const misuse = edges[1].node;
    expect(misuse).toMatchObject({ status: 'OPEN', assignee: null, severity: 'HIGH', detectors: ['addressWithoutNeed', 'relativeLookup'] });
    expect(misuse.evidence).toEqual([
      {
        seq: String(events[0].seq),
        detectors: ['relativeLookup'],
        seen: ['HOME_ADDRESS of P9000001'],
        event: expect.objectContaining({ seq: String(events[0].seq) }),
      },
      {
        seq: String(events[1].seq),
        detectors: ['addressWithoutNeed', 'relativeLookup'],
        seen: ['HOME_ADDRESS of P9000001'],
        event: expect.objectContaining({ ori: AGENCY_A }),
      },
      {
        seq: String(events[2].seq),
        detectors: ['addressWithoutNeed'],
        seen: ['HOME_ADDRESS of P9000001'],
        event: expect.objectContaining({ ori: AGENCY_A }),
      },
    ]);
    expect(misuse.history).toEqual([expect.objectContaining({ by: 'detection', action: 'OPENED', toStatus: 'OPEN' })]);
  });

  it('filters by detector, severity, status, user, agency and subject, and pages', async () => {
    const ids = async (filter: Record<string, unknown>, caller = AUDITOR) => {
      const result = await gql<List>(LIST, { filter }, caller);
      expect(result.errors).toBeUndefined();
      return result.data!.misuseCases.edges.map((e) => e.node.userId);
    };
    expect(await ids({ detector: 'unusualVolume' })).toEqual(['u-b-1']);
    expect(await ids({ severity: 'high' })).toEqual(['u-misuse-1']);
    expect(await ids({ status: 'FOUNDED' })).toEqual([]);
    expect(await ids({ userId: 'u-b-1' })).toEqual(['u-b-1']);
    expect(await ids({ ori: AGENCY_A })).toEqual(['u-misuse-1']);
    expect(await ids({ subjectId: 'p9000001' })).toEqual(['u-misuse-1']);
    expect(await ids({ from: '2024-05-02' })).toEqual([]);
    const first = await gql<{ misuseCases: { edges: { node: CaseNode }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } }>(LIST, {
      first: 1,
    });
    expect(first.data!.misuseCases.pageInfo.hasNextPage).toBe(true);
    const second = await gql<List>(LIST, { first: 1, after: first.data!.misuseCases.pageInfo.endCursor });
    expect(second.data!.misuseCases.edges.map((e) => e.node.userId)).toEqual(['u-misuse-1']);
  });

  it("a coordinator sees and triages only their own agency's cases; another agency's case answers like an unknown one", async () => {
    expect((await gql<List>(LIST, {}, COORDINATOR_A)).data!.misuseCases.edges.map((e) => e.node.ori)).toEqual([AGENCY_A]);
    expect((await gql<List>(LIST, { filter: { ori: AGENCY_A } }, COORDINATOR_B)).data!.misuseCases.edges).toEqual([]);
    expect((await gql<List>(LIST, {}, COORDINATOR_B)).data!.misuseCases.totals.total).toBe(1);
    const [agencyA] = (await gql<List>(LIST, { filter: { ori: AGENCY_A } })).data!.misuseCases.edges;
    const one = await gql<{ misuseCase: CaseNode | null }>(
      `query($id: ID!) { misuseCase(id: $id) { id } }`,
      { id: agencyA.node.id },
      COORDINATOR_B,
    );
    expect(one).toEqual({ data: { misuseCase: null } });
    const unknown = await gql(`mutation { addMisuseCaseNote(id: "99999", note: "x", idempotencyKey: "n-0") { id } }`, {}, COORDINATOR_B);
    const foreign = await gql(
      `mutation($id: ID!) { addMisuseCaseNote(id: $id, note: "x", idempotencyKey: "n-1") { id } }`,
      { id: agencyA.node.id },
      COORDINATOR_B,
    );
    expect(unknown.errors![0].message).toBe('Invalid id: no misuse case 99999.');
    expect(foreign.errors![0].message).toBe(`Invalid id: no misuse case ${agencyA.node.id}.`);
    expect((await gql<List>(LIST, {}, PATROL_A)).data!.misuseCases.edges).toEqual([]);
  });

  it('assign → resolve FOUNDED with notes: every change in the history, retries write nothing, a resolved case is final', async () => {
    const [agencyA] = (await gql<List>(LIST, { filter: { ori: AGENCY_A } })).data!.misuseCases.edges;
    const id = agencyA.node.id;
    const early = await gql(
      `mutation($id: ID!) { resolveMisuseCase(id: $id, status: "FOUNDED", note: "n", idempotencyKey: "r-0") { id } }`,
      { id },
      COORDINATOR_A,
    );
    expect(early.errors![0]).toMatchObject({
      message: expect.stringMatching(/assign it before resolving/),
      extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
    });
    const ASSIGN = `mutation($id: ID!) { assignMisuseCase(id: $id, assignee: "tac-a", note: "taking it", idempotencyKey: "a-1") { status assignee history { action } } }`;
    const assigned = await gql<{ assignMisuseCase: CaseNode }>(ASSIGN, { id }, COORDINATOR_A);
    expect(assigned.data!.assignMisuseCase).toMatchObject({ status: 'ASSIGNED', assignee: 'tac-a' });
    const retried = await gql<{ assignMisuseCase: CaseNode }>(ASSIGN, { id }, COORDINATOR_A);
    expect(retried.data!.assignMisuseCase.history).toEqual(assigned.data!.assignMisuseCase.history);
    await gql(
      `mutation($id: ID!) { addMisuseCaseNote(id: $id, note: "Officer interviewed.", idempotencyKey: "n-2") { id } }`,
      { id },
      COORDINATOR_A,
    );
    const resolved = await gql<{ resolveMisuseCase: CaseNode }>(
      `mutation($id: ID!) { resolveMisuseCase(id: $id, status: "FOUNDED", note: "No case number; ex-spouse.", idempotencyKey: "r-1") { ${CASE_FIELDS} } }`,
      { id },
      COORDINATOR_A,
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data!.resolveMisuseCase.history.map((h) => [h.by, h.action, h.fromStatus, h.toStatus, h.note])).toEqual([
      ['detection', 'OPENED', null, 'OPEN', expect.any(String)],
      ['tac-a', 'ASSIGNED', 'OPEN', 'ASSIGNED', 'taking it'],
      ['tac-a', 'NOTE', 'ASSIGNED', 'ASSIGNED', 'Officer interviewed.'],
      ['tac-a', 'RESOLVED', 'ASSIGNED', 'FOUNDED', 'No case number; ex-spouse.'],
    ]);
    const reassign = await gql(`mutation($id: ID!) { assignMisuseCase(id: $id, assignee: "x", idempotencyKey: "a-2") { id } }`, { id });
    expect(reassign.errors![0].message).toMatch(/final/);
    const keyReuse = await gql(
      `mutation($id: ID!) { addMisuseCaseNote(id: $id, note: "x", idempotencyKey: "a-1") { id } }`,
      { id },
      COORDINATOR_A,
    );
    expect(keyReuse.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'idempotencyKey' });
    const founded = await gql<List>(LIST, { filter: { status: 'FOUNDED' } });
    expect(founded.data!.misuseCases.edges.map((e) => e.node.id)).toEqual([id]);
  });

  it('refuses bad input, naming the argument', async () => {
    const bad = async (query: string) => (await gql(query)).errors![0].extensions;
    expect(await bad(`{ misuseCases(filter: { severity: "SEVERE" }) { totals { total } } }`)).toMatchObject({
      argument: 'filter.severity',
    });
    expect(await bad(`{ misuseCases(filter: { status: "CLOSED" }) { totals { total } } }`)).toMatchObject({ argument: 'filter.status' });
    expect(await bad(`{ misuseCase(id: "abc") { id } }`)).toMatchObject({ argument: 'id' });
    expect(await bad(`mutation { resolveMisuseCase(id: "1", status: "OPEN", note: "n", idempotencyKey: "k") { id } }`)).toMatchObject({
      argument: 'status',
    });
    expect(await bad(`mutation { addMisuseCaseNote(id: "1", note: "   ", idempotencyKey: "k") { id } }`)).toMatchObject({
      argument: 'note',
    });
    expect(await bad(`mutation { addMisuseCaseNote(id: "1", note: "n", idempotencyKey: "not a key") { id } }`)).toMatchObject({
      argument: 'idempotencyKey',
    });
    expect(await bad(`{ auditReport(from: "2024-05-01", to: "2024-05-02") { from } }`)).toMatchObject({ argument: 'userId' });
  });

  it('the audit report: every inquiry of the user in the period, their cases, and the chain verified up to the latest event', async () => {
    const REPORT = `query($userId: String, $subjectId: ID) { auditReport(userId: $userId, subjectId: $subjectId, from: "2024-05-01", to: "2024-05-01") {
      userId subjectId from to generatedAt inquiryCount truncated
      inquiries { seq time userId ori purpose caseNumber caseStatus incidentNumber incidentStatus outcome subjects records views { kind personId } fieldsDisclosed hash }
      misuseCases { id status }
      chain { ok checked latestSeq latestHash problem verifiedAt } } }`;
    type Report = {
      auditReport: {
        inquiryCount: number;
        inquiries: { seq: string; views: unknown[] }[];
        misuseCases: { id: string }[];
        chain: { ok: boolean; checked: number; latestSeq: string; latestHash: string };
      };
    };
    const result = await gql<Report>(REPORT, { userId: 'u-misuse-1' });
    expect(result.errors).toBeUndefined();
    const report = result.data!.auditReport;
    expect(report.inquiries.map((i) => i.seq)).toEqual(events.slice(0, 6).map((e) => String(e.seq)));
    expect(report.inquiries[0].views).toEqual([{ kind: 'HOME_ADDRESS', personId: 'P9000001' }]);
    expect(report.misuseCases).toHaveLength(1);
    const last = events[events.length - 1];
    expect(report.chain).toMatchObject({ ok: true, checked: events.length, latestSeq: String(last.seq), latestHash: last.hash });
    // By subject, as agency B's coordinator: none of agency A's inquiries.
    const forB = await gql<Report>(REPORT, { subjectId: 'P9000001' }, COORDINATOR_B);
    expect(forB.data!.auditReport.inquiries).toEqual([]);
    expect(forB.data!.auditReport.misuseCases).toEqual([]);
  });
});
