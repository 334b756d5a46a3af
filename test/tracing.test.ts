/**
 * Traces and logs of one request. Traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, the gateway exports
 * (OTLP/HTTP JSON, to a receiver in this process on 127.0.0.1) one trace per request continuing the
 * caller's `traceparent`: the request, prune, plan and execute, shield, audit write, each subgraph fetch,
 * and each subgraph's own span as the child of its fetch (the context travels in `traceparent`). Logs: every
 * line the gateway and the subgraphs write while serving a request carries its request id (the subgraphs
 * take it from the signed context's `rid` claim).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { defaultLimitsConfig } from '../gateway/limits/config.ts';
import { createLogger } from '../gateway/logger.ts';
import { flushTracing, startTracing, stopTracing } from '../gateway/observability/tracing.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}

/** A stand-in OTLP collector: keeps every span POSTed to /v1/traces. */
async function startReceiver(): Promise<{ endpoint: string; spans: ExportedSpan[]; stop(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[] };
        for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const PERSON = SHOWCASE.wantedDriver.personId;
const PROFILE = `{ person(id: "${PERSON}") { name { full } driverLicense { status } outOfStateLicenses { state } criminalHistory { cii } } }`;

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let stack: Stack;
let gateway: RunningGateway;
const gatewayLines: Record<string, unknown>[] = [];
/** What the subgraphs (which log to stdout) wrote during this file; kept out of the test output. */
const subgraphLines: Record<string, unknown>[] = [];
const savedLogLevel = process.env.LOG_LEVEL;

function captureSubgraphLogs(): () => void {
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = text.split('\n').filter((line) => line.startsWith('{"level"'));
    const parsed = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => String(line.name).startsWith('subgraph-'));
    if (parsed.length === 0) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    subgraphLines.push(...parsed);
    return true;
  });
  return () => spy.mockRestore();
}
let releaseStdout: () => void = () => undefined;

beforeAll(async () => {
  receiver = await startReceiver();
  expect(startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint })).toBe(true);
  process.env.LOG_LEVEL = 'debug'; // the subgraphs' loggers are made at this level when they start
  releaseStdout = captureSubgraphLogs();
  stack = await startStack({ dataDir: inject('dataDir') });
  const limits = defaultLimitsConfig();
  limits.sources.breakerFailures = 1;
  // A gateway of this test's own, logging every line at debug level into `gatewayLines`.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) gatewayLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  gateway = await startGateway({
    port: 0,
    logger: createLogger('debug', 'gateway', sink),
    supergraphSdl: (await import('node:fs')).readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8'),
    subgraphUrls: Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.url])),
    auditStore: stack.audit,
    limits,
    readyTimeoutMs: 10_000,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await stack?.stop();
  await stopTracing();
  await receiver?.stop();
  releaseStdout();
  if (savedLogLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = savedLogLevel;
});

async function ask(requestId: string, extra: Record<string, string> = {}) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...(await headersFor(CALLERS.investigator)), ...extra },
    body: JSON.stringify({ query: PROFILE }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
}

function attribute(span: ExportedSpan, key: string): string | undefined {
  return span.attributes?.find((a) => a.key === key)?.value.stringValue;
}

describe('traces', () => {
  it("one trace per request, continuing the caller's traceparent into every subgraph", async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const answer = await ask(`trace-${randomUUID()}`, { traceparent: `00-${traceId}-${callerSpan}-01` });
    expect(answer.body.errors ?? []).toEqual([]);
    await flushTracing();
    await vi.waitFor(() => expect(receiver.spans.some((s) => s.traceId === traceId && s.name === 'clets.subgraph.nlets')).toBe(true), {
      timeout: 20_000,
    });
    await flushTracing();

    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const named = (name: string) => spans.filter((s) => s.name === name);
    const request = named('clets.request');
    expect(request).toHaveLength(1);
    for (const name of ['clets.prune', 'gateway.plan', 'gateway.execute', 'clets.shield', 'clets.audit.write'])
      expect(named(name), name).toHaveLength(1);
    // Each subgraph asked: a fetch span at the gateway, and the subgraph's span as its child.
    for (const subgraph of ['cjis', 'dmv', 'nlets', 'cori']) {
      const fetches = named('clets.subgraph.fetch').filter((s) => attribute(s, 'clets.subgraph') === subgraph);
      expect(fetches.length, subgraph).toBeGreaterThanOrEqual(1);
      const served = named(`clets.subgraph.${subgraph}`);
      expect(served.length, subgraph).toBe(fetches.length);
      for (const span of served) expect(fetches.map((f) => f.spanId)).toContain(span.parentSpanId);
    }
    // One tree under the caller's span (an http server span may sit between: it is exported once it ends).
    await vi.waitFor(
      async () => {
        await flushTracing();
        const all = receiver.spans.filter((s) => s.traceId === traceId);
        const ids = new Set([callerSpan, ...all.map((s) => s.spanId)]);
        expect(all.filter((s) => !ids.has(s.parentSpanId ?? ''))).toEqual([]);
      },
      { timeout: 20_000 },
    );
  });
});

describe('logs', () => {
  it('every line of a request names its request id, at the gateway and in the subgraphs', async () => {
    const requestId = `logs-${randomUUID()}`;
    await stack.subgraphs.cori.stop(); // a failing source makes the gateway log (its breaker, the failed fetch)
    const firstGatewayLine = gatewayLines.length;
    const firstSubgraphLine = subgraphLines.length;
    const answer = await ask(requestId);
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toContain('SOURCE_UNAVAILABLE');

    const atGateway = gatewayLines.slice(firstGatewayLine);
    expect(atGateway.map((l) => l.msg)).toEqual(expect.arrayContaining(['subgraph request failed', 'source breaker OPEN: failing fast']));
    for (const line of atGateway) expect(line, JSON.stringify(line)).toMatchObject({ requestId });

    const atSubgraphs = subgraphLines.slice(firstSubgraphLine);
    expect(new Set(atSubgraphs.map((l) => l.name))).toEqual(new Set(['subgraph-cjis', 'subgraph-dmv', 'subgraph-nlets']));
    for (const line of atSubgraphs) expect(line, JSON.stringify(line)).toMatchObject({ requestId, msg: 'request served' });
  });
});
