import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { startStack, type Stack } from './support/stack.ts';

/** The gateway's HTTP surface: probes, the offline IDE, transport limits and errors. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(async () => {
  await stack?.stop();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(new URL(path, stack.origin), { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('probes', () => {
  it('GET /health answers 200 {status:"ok"}', async () => {
    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 when the policy is loaded and all six subgraphs and the audit store answer', async () => {
    const ready = await get('/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', down: [], policy: { version: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });
});

describe('the offline IDE', () => {
  it('GET / serves GraphiQL with no external URL, pointed at /graphql, opening on the wanted driver', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain('<div id="graphiql">');
    // Every src/href is a path on this gateway; nothing names another host.
    const references = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(references.sort()).toEqual([
      '/ide/app.js',
      '/ide/graphiql.min.css',
      '/ide/graphiql.min.js',
      '/ide/react-dom.production.min.js',
      '/ide/react.production.min.js',
    ]);
    expect(page.text).not.toMatch(/https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
    const config = JSON.parse(/<script type="application\/json" id="ide-config">(.*?)<\/script>/s.exec(page.text)![1]) as {
      endpoint: string;
      defaultQuery: string;
    };
    expect(config.endpoint).toBe('/graphql');
    expect(config.defaultQuery).toContain(`person(id: "${SHOWCASE.wantedDriver.personId}")`);
  });

  it('serves every asset the page loads, with a script-only-from-self content security policy', async () => {
    const page = await fetch(new URL('/', stack.origin));
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const [asset, type, marker] of [
      ['/ide/react.production.min.js', 'text/javascript', 'react.production.min.js'],
      ['/ide/react-dom.production.min.js', 'text/javascript', 'react-dom.production.min.js'],
      ['/ide/graphiql.min.js', 'text/javascript', 'GraphiQL'],
      ['/ide/graphiql.min.css', 'text/css', '.graphiql-container'],
      ['/ide/app.js', 'text/javascript', 'GraphiQL.createFetcher'],
    ]) {
      const response = await get(asset);
      expect([asset, response.status, response.type.split(';')[0]]).toEqual([asset, 200, type]);
      expect(response.text).toContain(marker);
    }
    expect((await get('/ide/../../package.json')).status).toBe(404);
    expect((await get('/ide/index.js')).status).toBe(404);
  });

  it("answers the IDE's default query with the wanted driver's profile and no errors", async () => {
    const page = await get('/');
    const config = JSON.parse(/id="ide-config">(.*?)<\/script>/s.exec(page.text)![1]) as { defaultQuery: string };
    const { status, body } = await stack.query<{ person: { id: string } }>(config.defaultQuery);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.person.id).toBe(SHOWCASE.wantedDriver.personId);
  });
});

describe('the GraphQL endpoint over HTTP', () => {
  const QUERY = `query Who($id: ID!) { person(id: $id) { id name { full } } }`;

  it('accepts GET for queries (with a CSRF-safe header) and echoes the request id', async () => {
    const url = new URL(stack.gatewayUrl);
    url.searchParams.set('query', QUERY);
    url.searchParams.set('variables', JSON.stringify({ id: SHOWCASE.wantedDriver.personId }));
    const response = await fetch(url, {
      headers: { ...(await stack.authHeaders()), 'apollo-require-preflight': 'true', 'x-request-id': 'req-123' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-123');
    const body = (await response.json()) as { data: { person: { id: string; name: { full: string } } } };
    expect(body.data.person).toEqual({ id: SHOWCASE.wantedDriver.personId, name: { full: SHOWCASE.wantedDriver.name } });
  });

  it('gives each request a new id when the caller sends none or an unusable one', async () => {
    const plain = await stack.query(QUERY, { id: SHOWCASE.wantedDriver.personId });
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const forged = await stack.query(
      QUERY,
      { id: SHOWCASE.wantedDriver.personId },
      { ...(await stack.authHeaders()), 'x-request-id': 'a b\tc' },
    );
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body over the size limit with 413 and a JSON error', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await stack.authHeaders()) },
      body: JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(200 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        { message: 'The request body is larger than the gateway accepts (102400 bytes).', extensions: { code: 'PAYLOAD_TOO_LARGE' } },
      ],
    });
  });

  it('refuses malformed JSON with 400 and a JSON error', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await stack.authHeaders()) },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('has no Apollo landing page and answers unknown paths with 404 JSON', async () => {
    const landing = await get('/graphql', { accept: 'text/html' });
    expect(landing.text).not.toMatch(/apollo-server-landing-page|embeddable-sandbox|https?:\/\//);
    const missing = await get('/nothing-here');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});

// Last: it stops a subgraph of this file's stack.
describe('readiness when a subgraph is down', () => {
  it('GET /ready answers 503 naming the stopped subgraph, while /health stays 200', async () => {
    await stack.subgraphs.nlets.stop();
    const ready = await get('/ready');
    expect(ready.status).toBe(503);
    // Anonymous: the name only, no URL and no error text (test/readiness.test.ts).
    expect(JSON.parse(ready.text)).toEqual({
      status: 'unavailable',
      down: ['nlets'],
      policy: { version: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect((await get('/health')).status).toBe(200);
  });

  it('a query still answers what the other sources hold, with SOURCE_UNAVAILABLE for the stopped one', async () => {
    const { status, body } = await stack.query<{ person: { id: string; name: { full: string }; outOfStateLicenses: unknown } }>(
      `{ person(id: "${SHOWCASE.wantedDriver.personId}") { id name { full } outOfStateLicenses { state } } }`,
    );
    expect(status).toBe(200);
    expect(body.data?.person).toEqual({
      id: SHOWCASE.wantedDriver.personId,
      name: { full: SHOWCASE.wantedDriver.name },
      outOfStateLicenses: null,
    });
    expect(body.errors?.map((e) => e.extensions)).toEqual([{ code: 'SOURCE_UNAVAILABLE', serviceName: 'nlets' }]);
    expect(JSON.stringify(body.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });
});
