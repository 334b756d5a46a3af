import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_CONTEXT_HEADER, PROBE_QUERY, requestBodyHash, type GraphQLRequestBody } from '../common/gateway-context.ts';
import { openSqliteAuditStore } from '../audit/store-sqlite.ts';
import type { AuditStore } from '../audit/store.ts';
import { mintDevToken } from './identity/dev-issuer.ts';
import { startGateway, type RunningGateway } from './server.ts';

/**
 * What the gateway sends to a subgraph, seen from the subgraph's side: a plain HTTP server stands in for
 * a subgraph and records each request (the five real subgraphs are exercised in test/*.test.ts).
 */
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
/** What the stand-in subgraph answers next: HTTP status and JSON body. */
let answer: { status: number; body: unknown } = { status: 200, body: { data: { hello: 'world' } } };
let subgraph: http.Server;
let gateway: RunningGateway;
let caller: Record<string, string>;
let auditStore: AuditStore;
/** A policy for the stand-in schema: a patrol officer may read `hello`. */
const policyDir = mkdtempSync(path.join(tmpdir(), 'gateway-test-policy-'));
writeFileSync(
  path.join(policyDir, 'policy.yaml'),
  'roles:\n  PATROL_OFFICER: { purposes: [C] }\ntypes:\n  Query:\n    fields:\n      hello: [{ id: hello, roles: [PATROL_OFFICER], purposes: any }]\n',
);

beforeAll(async () => {
  subgraph = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer.status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
  const { port } = subgraph.address() as AddressInfo;
  const composed = composeServices([
    {
      name: 'echo',
      url: `http://127.0.0.1:${port}/graphql`,
      typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type Query { hello: String }`),
    },
  ]);
  if (!composed.supergraphSdl) throw new Error(String(composed.errors));
  // The audit trail of this test goes to a temporary store, never to the repository's data directory.
  auditStore = await openSqliteAuditStore(path.join(policyDir, 'audit.sqlite'));
  gateway = await startGateway({ supergraphSdl: composed.supergraphSdl, port: 0, logLevel: 'silent', policyDir, auditStore });
  const token = await mintDevToken({ sub: 'u1', name: 'Officer', ori: 'CA0190100', roles: ['PATROL_OFFICER'] });
  caller = { authorization: `Bearer ${token}`, 'x-purpose': 'C' };
});

afterAll(async () => {
  await gateway?.stop();
  await new Promise((resolve) => subgraph?.close(resolve));
  await auditStore?.close();
  rmSync(policyDir, { recursive: true, force: true });
});

async function ask(headers: Record<string, string>): Promise<Response> {
  return fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...caller, ...headers },
    body: JSON.stringify({ query: '{ hello }' }),
  });
}

describe('requests from the gateway to a subgraph', () => {
  it("forward the caller's x-request-id, which the gateway also echoes", async () => {
    received.length = 0;
    const response = await ask({ 'x-request-id': 'trace-42' });
    expect(await response.json()).toEqual({ data: { hello: 'world' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(received).toHaveLength(1);
    expect(received[0].headers['x-request-id']).toBe('trace-42');
    expect(JSON.parse(received[0].body)).toMatchObject({ query: '{hello}' });
  });

  it('carry the id the gateway made up when the caller sent none', async () => {
    received.length = 0;
    const response = await ask({});
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(received[0].headers['x-request-id']).toBe(id);
  });

  it('do not pass the caller’s other headers on, only a signed context of their own', async () => {
    received.length = 0;
    await ask({ 'x-purpose': 'C', cookie: 'session=1' });
    expect(received[0].headers['x-purpose']).toBeUndefined();
    expect(received[0].headers.cookie).toBeUndefined();
    expect(received[0].headers.authorization).toBeUndefined();
    expect(claimsOf(received[0])).toMatchObject({ sub: 'u1', ori: 'CA0190100', roles: ['PATROL_OFFICER'], purpose: 'C' });
  });

  it('carry a context for this subgraph and this exact body, with an id of its own, valid for seconds', async () => {
    received.length = 0;
    await ask({});
    await ask({});
    const [first, second] = received.map(claimsOf);
    expect(first).toMatchObject({ aud: 'echo', bodySha256: requestBodyHash(JSON.parse(received[0].body) as GraphQLRequestBody) });
    expect((first.exp as number) - (first.iat as number)).toBeLessThanOrEqual(10);
    expect(first.jti).toEqual(expect.any(String));
    expect(second.jti).not.toBe(first.jti);
  });
});

function claimsOf(request: { headers: http.IncomingHttpHeaders }): Record<string, unknown> {
  const [, payload] = String(request.headers[GATEWAY_CONTEXT_HEADER]).split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}

describe('subgraph failures as the client sees them', () => {
  afterAll(() => {
    answer = { status: 200, body: { data: { hello: 'world' } } };
  });

  it('an HTTP error from a subgraph is SOURCE_UNAVAILABLE naming the source, without its URL or body', async () => {
    answer = { status: 500, body: { errors: [{ message: 'SQLITE_CORRUPT at /srv/data/secret.sqlite' }] } };
    const body = (await (await ask({})).json()) as { data: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.data).toEqual({ hello: null });
    expect(body.errors).toEqual([
      {
        message: 'The echo source did not answer; the fields it serves are missing from this result.',
        extensions: { code: 'SOURCE_UNAVAILABLE', serviceName: 'echo' },
      },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/SQLITE|secret|127\.0\.0\.1/);
  });

  it("a subgraph's GraphQL error keeps its message and code but loses any stack trace", async () => {
    answer = {
      status: 200,
      body: {
        data: { hello: null },
        errors: [
          {
            message: 'Invalid plate: too long',
            path: ['hello'],
            extensions: { code: 'BAD_USER_INPUT', stacktrace: ['at resolver (/srv/x.ts:1)'] },
          },
        ],
      },
    };
    const body = (await (await ask({})).json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toBe('Invalid plate: too long');
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].extensions).not.toHaveProperty('stacktrace');
  });
});

// Last: it closes the audit store.
describe('GET /ready', () => {
  const ready = async () => {
    const response = await fetch(new URL('/ready', gateway.origin));
    return { status: response.status, text: await response.text() };
  };

  it('probes each subgraph with the probe query under a probe-only context, and names nothing but what is down', async () => {
    answer = { status: 200, body: { data: { __typename: 'Query' } } };
    received.length = 0;
    const up = await ready();
    expect(up.status).toBe(200);
    expect(JSON.parse(up.text)).toEqual({ status: 'ready', down: [], policy: { version: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(JSON.parse(received[0].body)).toEqual({ query: PROBE_QUERY });
    expect(claimsOf(received[0])).toMatchObject({ aud: 'echo', probe: true });
    expect(claimsOf(received[0])).not.toHaveProperty('roles');

    answer = { status: 500, body: { errors: [{ message: 'SQLITE_CORRUPT at /srv/data/secret.sqlite' }] } };
    const down = await ready();
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toEqual({
      status: 'unavailable',
      down: ['echo'],
      policy: { version: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    answer = { status: 200, body: { data: { hello: 'world' } } };
  });

  it('answers 503 naming the audit store when it is down', async () => {
    answer = { status: 200, body: { data: { __typename: 'Query' } } };
    await auditStore.close();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toEqual({
      status: 'unavailable',
      down: ['audit'],
      policy: { version: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });
});
