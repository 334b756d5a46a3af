/**
 * Rate limits per user and per agency: 429 RATE_LIMITED with Retry-After, audited with the limit, visible to
 * the agency's coordinator; invalid tokens from one client address are throttled before verification; with
 * Redis, gateway replicas share one budget; with Redis configured but down, each replica still limits.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEvent } from '../audit/event.ts';
import { defaultLimitsConfig, type LimitsConfig, type RateLimitConfig } from '../gateway/limits/config.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import { REPO_ROOT } from '../common/config.ts';
import { headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUERY = '{ agencies(state: "CA") { ori } }';

function limitsWith(rate: Partial<RateLimitConfig>): LimitsConfig {
  const limits = defaultLimitsConfig();
  return { ...limits, rate: { ...limits.rate, ...rate } };
}

/** A caller no other test (or earlier run sharing the Redis) has spent budget for. */
function freshCaller(ori = 'CA0190100'): TestCaller {
  return { sub: `u-rate-${randomUUID()}`, ori, roles: ['INVESTIGATOR'], purpose: 'C' };
}

interface Answer {
  status: number;
  body: GraphQLBody;
  retryAfter: string | null;
  requestId: string;
}

async function ask(url: string, headers: Record<string, string>): Promise<Answer> {
  const requestId = `rate-${randomUUID()}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-request-id': requestId, ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
  return {
    status: response.status,
    body: (await response.json()) as GraphQLBody,
    retryAfter: response.headers.get('retry-after'),
    requestId,
  };
}

/** Asks (round robin over `urls`) until the first refusal; at most `max` times. */
async function askUntilRefused(urls: string[], caller: TestCaller, max = 60): Promise<{ admitted: number; refusal?: Answer }> {
  const headers = await headersFor(caller);
  for (let i = 0; i < max; i++) {
    const answer = await ask(urls[i % urls.length], headers);
    if (answer.status !== 200) return { admitted: i, refusal: answer };
  }
  return { admitted: max };
}

async function recordOf(stack: Stack, requestId: string): Promise<AuditEvent[]> {
  return (await stack.audit.query({ limit: 100 })).filter((e) => e.requestId === requestId);
}

describe('rate limits (memory store)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      dataDir: inject('dataDir'),
      limits: limitsWith({ user: { perSecond: 1, burst: 4 }, agency: { perSecond: 1, burst: 8 }, badTokensPerMinute: 3 }),
    });
  });
  afterAll(() => stack?.stop());

  it("refuses a user past their budget: 429, Retry-After, RATE_LIMITED, audited, visible to the agency's coordinator", async () => {
    const caller = freshCaller();
    const { admitted, refusal } = await askUntilRefused([stack.gatewayUrl], caller);
    expect(admitted).toBeGreaterThanOrEqual(5); // 1 per second + a burst of 4
    expect(admitted).toBeLessThan(10);
    expect(refusal!.status).toBe(429);
    expect(Number(refusal!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refusal!.body.data ?? null).toBeNull();
    expect(refusal!.body.errors).toEqual([
      {
        message: expect.stringContaining('this user'),
        extensions: { code: 'RATE_LIMITED', limit: 'user', retryAfterSeconds: Number(refusal!.retryAfter) },
      },
    ]);
    const records = await recordOf(stack, refusal!.requestId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      outcome: 'RATE_LIMITED',
      userId: caller.sub,
      ori: caller.ori,
      sources: [],
      reason: expect.stringContaining('limit=user'),
    });

    // The coordinator of that agency (a budget of their own) finds it through the audit subgraph.
    const coordinator = { sub: `u-coord-${randomUUID()}`, ori: caller.ori, roles: ['AGENCY_COORDINATOR' as const], purpose: 'A' };
    const { body } = await stack.query<{ auditEvents: { edges: { node: { requestId: string; outcome: string; reason: string } }[] } }>(
      `{ auditEvents(filter: { outcome: "RATE_LIMITED", userId: "${caller.sub}" }) { edges { node { requestId outcome reason } } } }`,
      undefined,
      await headersFor(coordinator),
    );
    expect(body.errors ?? []).toEqual([]);
    expect(body.data!.auditEvents.edges.map((e) => e.node)).toEqual([
      { requestId: refusal!.requestId, outcome: 'RATE_LIMITED', reason: expect.stringContaining('limit=user') },
    ]);
  });

  it('refuses an agency past its budget, whoever of its users asks', async () => {
    const ori = 'CA0340N01';
    let refusal: Answer | undefined;
    let admitted = 0;
    // Fresh users each time: only the agency's budget can run out.
    for (let i = 0; i < 40 && !refusal; i++) {
      const answer = await ask(stack.gatewayUrl, await headersFor({ ...freshCaller(ori), roles: ['NONCRIMINAL_AGENCY'], purpose: 'I' }));
      if (answer.status === 200) admitted++;
      else refusal = answer;
    }
    expect(admitted).toBeGreaterThanOrEqual(9);
    expect(refusal?.status).toBe(429);
    expect(refusal!.body.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'agency' });
  });

  // Last in this file: it blocks the test client's address (127.0.0.1) for a minute.
  it('throttles invalid tokens by client address, before verifying the next token (even a valid one)', async () => {
    const bad = { authorization: 'Bearer not-a-token', 'x-purpose': 'C' };
    for (let i = 0; i < 3; i++) expect((await ask(stack.gatewayUrl, bad)).status).toBe(401);
    // No token at all is not a guess: still 401, not counted.
    expect((await ask(stack.gatewayUrl, { 'x-purpose': 'C' })).status).toBe(401);
    const blocked = await ask(stack.gatewayUrl, bad);
    expect(blocked.status).toBe(429);
    expect(blocked.body.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'bad-tokens' });
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    const valid = await ask(stack.gatewayUrl, await headersFor(freshCaller()));
    expect(valid.status).toBe(429);
    const records = await recordOf(stack, blocked.requestId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'RATE_LIMITED', userId: null, reason: expect.stringContaining('limit=bad-tokens') });
  });
});

const redisUp = await reachable(new URL(REDIS_URL));

describe.skipIf(!redisUp)(`rate limits shared in Redis (${REDIS_URL}; skipped when it does not answer)`, () => {
  let stack: Stack;
  let second: RunningGateway;
  const limits = limitsWith({ redisUrl: REDIS_URL, user: { perSecond: 1, burst: 4 } });
  beforeAll(async () => {
    stack = await startStack({ dataDir: inject('dataDir'), limits });
    second = await startGateway({
      port: 0,
      logLevel: 'silent',
      supergraphSdl: readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8'),
      subgraphUrls: Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.url])),
      auditStore: stack.audit,
      limits,
    });
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  it('two gateway replicas share one budget per user', async () => {
    const { admitted, refusal } = await askUntilRefused([stack.gatewayUrl, second.url], freshCaller());
    expect(refusal?.status).toBe(429);
    // One budget (1/s + 4) for both, not one each (which would admit at least 10).
    expect(admitted).toBeGreaterThanOrEqual(5);
    expect(admitted).toBeLessThan(10);
  });
});

describe('rate limits with Redis configured but down', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails at once.
    stack = await startStack({
      dataDir: inject('dataDir'),
      limits: limitsWith({ redisUrl: 'redis://127.0.0.1:1', user: { perSecond: 1, burst: 4 } }),
    });
  });
  afterAll(() => stack?.stop());

  it('keeps answering, and each replica still enforces the limits in its own memory', async () => {
    const { admitted, refusal } = await askUntilRefused([stack.gatewayUrl], freshCaller());
    expect(admitted).toBeGreaterThanOrEqual(5);
    expect(refusal?.status).toBe(429);
  });
});

async function reachable(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
