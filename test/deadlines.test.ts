/**
 * Deadlines and circuit breakers toward the sources: a hung or stopped source costs its callers at most its
 * deadline — they get the rest of the answer and SOURCE_TIMEOUT naming it — and repeated failures open its
 * breaker (fail fast with SOURCE_UNAVAILABLE, shown by /ready) until a probe after the cool-down succeeds.
 *
 * Two stand-ins for a sick source: a raw HTTP server in front of cori that takes requests and never answers
 * (or passes them on, once "recovered"), and a real nlets subgraph in a child process stopped with SIGSTOP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultLimitsConfig, type LimitsConfig } from '../gateway/limits/config.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { REPO_ROOT } from '../common/config.ts';
import { headersFor, CALLERS } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

const CORI_DEADLINE_MS = 1000;
const COOLDOWN_MS = 1500;
/** A generous bound for "answered in time" on a busy machine: the deadline plus 5 s. */
const IN_TIME_MS = 3000 + 5000;

const PERSON = SHOWCASE.wantedDriver.personId;
const PROFILE = `{ person(id: "${PERSON}") { name { full } wants { nic } criminalHistory { cii } outOfStateLicenses { state } } }`;

/** Takes requests for a subgraph and either never answers them or passes them on. */
interface SickSource {
  url: string;
  mode: 'hang' | 'pass';
  /** Requests received so far. */
  received: number;
  stop(): Promise<void>;
}

async function startSickSource(targetUrl: string): Promise<SickSource> {
  const sockets = new Set<Socket>();
  const source: SickSource = { url: '', mode: 'hang', received: 0, stop: async () => undefined };
  const forward = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    source.received++;
    if (source.mode === 'hang') return; // the request is read, nothing is ever answered
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
    ) as Record<string, string>;
    const upstream = await fetch(targetUrl, { method: req.method, headers, body: Buffer.concat(chunks) });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  };
  const server = http.createServer((req, res) => void forward(req, res).catch(() => res.destroy()));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  source.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  source.stop = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return source;
}

/** A real nlets subgraph in a child process (`npm run subgraph -- nlets`), on a copy of the test data. */
async function startChildSubgraph(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/subgraph.ts'), 'nlets'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, NLETS_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`nlets child did not start: ${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`nlets child exited (${code}): ${output}`)));
  });
  return { child, url };
}

interface Answer {
  status: number;
  body: GraphQLBody<{
    person: {
      name: { full: string } | null;
      wants: unknown[] | null;
      criminalHistory: unknown;
      outOfStateLicenses: unknown[] | null;
    } | null;
  }>;
  elapsedMs: number;
}

let stack: Stack;
let gateway: RunningGateway;
let cori: SickSource;
let nlets: { child: ChildProcess; url: string };
let childData: string;

beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
  childData = mkdtempSync(path.join(tmpdir(), 'deadlines-data-'));
  cpSync(inject('dataDir'), childData, { recursive: true });
  [cori, nlets] = await Promise.all([startSickSource(stack.subgraphs.cori.url), startChildSubgraph(childData)]);
  const limits: LimitsConfig = defaultLimitsConfig();
  // nlets keeps the default deadline, the longest: asked after cjis, it has less than that left.
  limits.sources = {
    timeoutMs: { ...limits.sources.timeoutMs, cori: CORI_DEADLINE_MS },
    breakerFailures: 3,
    breakerCooldownMs: COOLDOWN_MS,
  };
  gateway = await startGateway({
    port: 0,
    logLevel: 'silent',
    supergraphSdl: readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8'),
    subgraphUrls: { ...Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.url])), cori: cori.url, nlets: nlets.url },
    auditStore: stack.audit,
    readyTimeoutMs: 500,
    limits,
  });
}, 180_000);

afterAll(async () => {
  nlets?.child.kill('SIGCONT');
  nlets?.child.kill('SIGTERM');
  await gateway?.stop();
  await cori?.stop();
  await stack?.stop();
  if (childData) rmSync(childData, { recursive: true, force: true });
});

async function ask(query = PROFILE): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(await headersFor(CALLERS.investigator)) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, body, elapsedMs: performance.now() - started };
}

const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.serviceName]);

async function ready(): Promise<{ status: number; down: string[] }> {
  const response = await fetch(new URL('/ready', gateway.origin));
  return { status: response.status, down: ((await response.json()) as { down: string[] }).down };
}

describe('a source that takes requests and never answers (cori)', () => {
  it('costs its callers its deadline: the rest of the answer, and SOURCE_TIMEOUT naming it', async () => {
    const answer = await ask();
    expect(answer.status).toBe(200);
    expect(answer.body.data!.person!.name!.full).toBe(SHOWCASE.wantedDriver.name);
    expect(answer.body.data!.person!.wants!.length).toBeGreaterThan(0);
    expect(answer.body.data!.person!.outOfStateLicenses).not.toBeNull();
    expect(answer.body.data!.person!.criminalHistory).toBeNull();
    expect(codesOf(answer)).toEqual([['SOURCE_TIMEOUT', 'cori']]);
    expect(answer.body.errors![0].message).toContain('cori source did not answer in time');
    expect(answer.elapsedMs).toBeLessThan(IN_TIME_MS);
  });

  it('opens its breaker after repeated timeouts: then fails fast, without asking it, and /ready names it', async () => {
    for (let i = 0; i < 2; i++) expect(codesOf(await ask())).toEqual([['SOURCE_TIMEOUT', 'cori']]);
    const asked = cori.received;
    const fast = await ask();
    expect(codesOf(fast)).toEqual([['SOURCE_UNAVAILABLE', 'cori']]);
    expect(fast.body.data!.person!.name!.full).toBe(SHOWCASE.wantedDriver.name);
    expect(cori.received).toBe(asked); // the open breaker did not send it
    expect(await ready()).toEqual({ status: 503, down: ['cori'] });
  });

  it('closes again once a probe after the cool-down succeeds', async () => {
    cori.mode = 'pass';
    // The source is back, but until a probe goes through the breaker still holds it down.
    expect((await ready()).down).toEqual(['cori']);
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100));
    const answer = await ask();
    expect(answer.body.errors ?? []).toEqual([]);
    expect(answer.body.data!.person!.criminalHistory).not.toBeNull();
    expect(await ready()).toEqual({ status: 200, down: [] });
  });
});

describe('a real subgraph process stopped with SIGSTOP (nlets)', () => {
  it('answers every request in time with the other sources intact, and again once it continues', async () => {
    nlets.child.kill('SIGSTOP');
    try {
      const answers = await Promise.all(Array.from({ length: 4 }, () => ask()));
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(codesOf(answer)).toEqual([['SOURCE_TIMEOUT', 'nlets']]);
        expect(answer.body.data!.person!.name!.full).toBe(SHOWCASE.wantedDriver.name);
        expect(answer.body.data!.person!.criminalHistory).not.toBeNull();
        expect(answer.body.data!.person!.outOfStateLicenses).toBeNull();
        expect(answer.elapsedMs).toBeLessThan(IN_TIME_MS);
      }
      // Four timeouts opened its breaker (3 failures): the next request does not wait for it.
      const fast = await ask();
      expect(codesOf(fast)).toEqual([['SOURCE_UNAVAILABLE', 'nlets']]);
      expect(fast.body.data!.person!.name!.full).toBe(SHOWCASE.wantedDriver.name);
    } finally {
      nlets.child.kill('SIGCONT');
    }
    // After the cool-down a probe closes it.
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100));
    const back = await ask();
    expect(back.body.errors ?? []).toEqual([]);
    expect(back.body.data!.person!.outOfStateLicenses).not.toBeNull();
  });
});
