/**
 * userActivity through the audit subgraph (over HTTP with a signed gateway context, both audit stores): a
 * user's lookups per day and per hour beside the median and 90th percentile of their peers (same agency,
 * same roles), what counts as a lookup, the coordinator's scope, and bad input.
 */
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_EVENT_VERSION, type AuditEventInput } from '../../audit/event.ts';
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

/** A request of `userId` on 2024-05-01 + `day` days, at `hour` UTC. */
function lookup(userId: string, day: number, hour: number, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    version: AUDIT_EVENT_VERSION,
    time: new Date(Date.UTC(2024, 4, 1 + day, hour, 10)).toISOString(),
    requestId: `req-${userId}-${day}-${hour}-${Math.random().toString(36).slice(2)}`,
    userId,
    userName: null,
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
    operationText: '{ vehicle(plate: "7ABC123", state: "CA") { make } }',
    subjects: [],
    records: ['Vehicle:1HGCM82633A004352'],
    fieldsDisclosed: ['Query.vehicle', 'Vehicle.make'],
    fieldsDenied: [],
    views: [],
    sources: ['dmv'],
    outcome: 'ALLOWED',
    reason: null,
    latencyMs: 5,
    policyVersion: null,
    releasedBy: [],
    shadow: null,
    ...overrides,
  };
}

const ACTIVITY = `query($userId: String!, $from: String!, $to: String!, $bucket: String) {
  userActivity(userId: $userId, from: $from, to: $to, bucket: $bucket) {
    userId ori roles bucket from to total peers truncated points { start count peerMedian peerP90 } } }`;
interface Activity {
  userActivity: {
    userId: string;
    ori: string;
    roles: string[];
    bucket: string;
    from: string;
    to: string;
    total: number;
    peers: string[];
    truncated: boolean;
    points: { start: string; count: number; peerMedian: number | null; peerP90: number | null }[];
  } | null;
}

const BACKENDS = [
  { name: 'sqlite', harness: sqliteHarness, available: true },
  { name: 'postgres', harness: postgresHarness, available: await postgresReachable() },
];

describe.each(BACKENDS)('userActivity over the $name audit store: a user beside their peers', (backend) => {
  if (!backend.available) {
    it.skip('needs PostgreSQL at TEST_DATABASE_URL', () => undefined);
    return;
  }
  let harness: StoreHarness;
  let running: RunningAuditSubgraph;

  async function activity(variables: Record<string, unknown>, caller = AUDITOR): Promise<GraphQLResponse<Activity>> {
    const response = await postAsGateway(running, { query: ACTIVITY, variables }, caller);
    return (await response.json()) as GraphQLResponse<Activity>;
  }

  beforeAll(async () => {
    harness = await backend.harness();
    const events: AuditEventInput[] = [];
    // The user under review: 12 lookups on day 0 (at 09:00), 1 on day 1; two refusals that are no lookups.
    for (let i = 0; i < 12; i++) events.push(lookup('u-busy', 0, 9));
    events.push(lookup('u-busy', 1, 15));
    events.push(lookup('u-busy', 1, 15, { outcome: 'PURPOSE_REFUSED' }), lookup('u-busy', 1, 15, { outcome: 'RATE_LIMITED' }));
    // Peers (same agency, same roles): 2, 3 and 4 lookups on day 0; one of them 1 on day 1.
    for (const [peer, n] of [
      ['u-peer-1', 2],
      ['u-peer-2', 3],
      ['u-peer-3', 4],
    ] as const) {
      for (let i = 0; i < n; i++) events.push(lookup(peer, 0, 10));
    }
    events.push(lookup('u-peer-1', 1, 16));
    // Not peers: an investigator of the same agency, a patrol officer of another agency.
    for (let i = 0; i < 30; i++) events.push(lookup('u-inv', 0, 11, { roles: ['INVESTIGATOR'] }));
    for (let i = 0; i < 30; i++) events.push(lookup('u-b', 0, 11, { ori: AGENCY_B }));
    for (const event of events) await harness.store.append(event);
    running = await startAuditSubgraph({ dataDir: tmpdir(), port: 0, store: harness.store });
  });

  afterAll(async () => {
    await running?.stop();
    await harness?.cleanup();
  });

  it("counts the user's lookups per day beside the peers' median and 90th percentile", async () => {
    const result = await activity({ userId: 'u-busy', from: '2024-05-01', to: '2024-05-03' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.userActivity).toEqual({
      userId: 'u-busy',
      ori: AGENCY_A,
      roles: ['PATROL_OFFICER'],
      bucket: 'DAY',
      from: '2024-05-01T00:00:00.000Z',
      to: '2024-05-04T00:00:00.000Z',
      total: 13,
      peers: ['u-peer-1', 'u-peer-2', 'u-peer-3'],
      truncated: false,
      points: [
        { start: '2024-05-01T00:00:00.000Z', count: 12, peerMedian: 3, peerP90: 4 },
        { start: '2024-05-02T00:00:00.000Z', count: 1, peerMedian: 0, peerP90: 1 },
        { start: '2024-05-03T00:00:00.000Z', count: 0, peerMedian: 0, peerP90: 0 },
      ],
    });
  });

  it('buckets by hour', async () => {
    const result = await activity({ userId: 'u-busy', from: '2024-05-01T08:00:00Z', to: '2024-05-01T12:00:00Z', bucket: 'HOUR' });
    expect(result.data!.userActivity!.points).toEqual([
      { start: '2024-05-01T08:00:00.000Z', count: 0, peerMedian: 0, peerP90: 0 },
      { start: '2024-05-01T09:00:00.000Z', count: 12, peerMedian: 0, peerP90: 0 },
      { start: '2024-05-01T10:00:00.000Z', count: 0, peerMedian: 3, peerP90: 4 },
      { start: '2024-05-01T11:00:00.000Z', count: 0, peerMedian: 0, peerP90: 0 },
    ]);
  });

  it("a coordinator sees their own agency's users only; nobody else sees anything", async () => {
    const own = await activity({ userId: 'u-busy', from: '2024-05-01', to: '2024-05-03' }, COORDINATOR_A);
    expect(own.data!.userActivity!.total).toBe(13);
    expect((await activity({ userId: 'u-busy', from: '2024-05-01', to: '2024-05-03' }, COORDINATOR_B)).data).toEqual({
      userActivity: null,
    });
    expect((await activity({ userId: 'u-busy', from: '2024-05-01', to: '2024-05-03' }, PATROL_A)).data).toEqual({ userActivity: null });
    expect((await activity({ userId: 'u-nobody', from: '2024-05-01', to: '2024-05-03' })).data).toEqual({ userActivity: null });
  });

  it('refuses bad input, naming the argument', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ userId: 'u-busy', from: '2024-05-01', to: '2024-05-03', bucket: 'WEEK' }, 'bucket'],
      [{ userId: 'u-busy', from: '2024-01-01', to: '2024-03-01', bucket: 'HOUR' }, 'to'],
      [{ userId: 'u-busy', from: '2024-05-03', to: '2024-05-01' }, 'to'],
      [{ userId: 'u-busy', from: 'yesterday', to: '2024-05-01' }, 'from'],
      [{ userId: '', from: '2024-05-01', to: '2024-05-03' }, 'userId'],
    ];
    for (const [variables, argument] of cases) {
      const result = await activity(variables);
      expect(result.errors?.[0].extensions, JSON.stringify(variables)).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});
