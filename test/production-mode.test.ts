/**
 * Production is not development: the gateway does not start on the development key unless told to, and
 * errors reveal no schema suggestions and no stack traces outside development.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import { SUBGRAPH_STARTERS } from '../scripts/definitions.ts';
import { REPO_ROOT } from '../common/config.ts';
import { headersFor, CALLERS } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(() => stack?.stop());

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an npm script with only the given environment on top of PATH and HOME; kills it after `ms`. */
function runScript(args: string[], env: Record<string, string>, ms = 60_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      detached: true, // its own process group, so that a script that did start can be stopped whole
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`npm run ${args.join(' ')} was still running after ${ms} ms:\n${stdout}${stderr}`));
    }, ms);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run gateway (NODE_ENV=production)', () => {
  it('refuses to start without an identity provider, saying so in one line', async () => {
    const auditDir = mkdtempSync(path.join(tmpdir(), 'prod-gateway-'));
    try {
      const exit = await runScript(['gateway'], { GATEWAY_PORT: '0', AUDIT_DB: path.join(auditDir, 'audit.sqlite'), LOG_LEVEL: 'silent' });
      expect(exit.code).not.toBe(0);
      expect(exit.stdout).toBe('');
      const lines = exit.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /NODE_ENV=production needs an identity provider: set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE, or state AUTH_MODE=development/,
      );
    } finally {
      rmSync(auditDir, { recursive: true, force: true });
    }
  });
});

/** Asked of a gateway, each of these gets "Did you mean ...?" from graphql-js unless it is hidden. */
const MISTAKES = [
  { name: 'an unknown field', query: `{ person(id: "P0000001") { criminalHistor { cii } } }`, variables: {}, hint: 'criminalHistory' },
  { name: 'an unknown argument', query: '{ vehicle(plat: "7WNT123", state: "CA") { vin } }', variables: {}, hint: 'plate' },
  {
    name: 'an unknown input field in the variables',
    query: 'query Events($filter: AuditEventFilter) { auditEvents(filter: $filter) { pageInfo { hasNextPage } } }',
    variables: { filter: { userid: 'u-1' } },
    hint: 'userId',
  },
];

async function ask(url: string, query: string, variables: Record<string, unknown>): Promise<{ status: number; body: GraphQLBody }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await headersFor(CALLERS.auditor)) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}

describe('schema suggestions', () => {
  let development: RunningGateway;
  beforeAll(async () => {
    development = await startGateway({
      port: 0,
      logLevel: 'silent',
      supergraphPath: path.join(REPO_ROOT, 'supergraph.graphql'),
      subgraphUrls: Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.url])),
      auditStore: stack.audit,
      development: true,
    });
  });
  afterAll(() => development?.stop());

  it.each(MISTAKES)('a production gateway answers $name without suggesting a name', async ({ query, variables, hint }) => {
    const { status, body } = await ask(stack.gatewayUrl, query, variables);
    expect(status).toBe(400);
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
    expect(JSON.stringify(body)).not.toContain(`"${hint}"`);
  });

  it.each(MISTAKES)('a development gateway suggests the name for $name', async ({ query, variables, hint }) => {
    const { status, body } = await ask(development.url, query, variables);
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.message).join('\n')).toMatch(new RegExp(`Did you mean [^?]*"${hint}"`));
  });
});

describe('subgraph stack traces', () => {
  /** Starts the dmv subgraph alone, on a copy of its store, as `npm run subgraph` would with this NODE_ENV. */
  async function dmvWith(nodeEnv: string | undefined) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dmv-alone-'));
    copyFileSync(path.join(inject('dataDir'), 'dmv.sqlite'), path.join(dataDir, 'dmv.sqlite'));
    const previous = process.env.NODE_ENV;
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    try {
      const subgraph = await SUBGRAPH_STARTERS.dmv({ dataDir, port: 0 });
      return {
        url: subgraph.url,
        stop: async () => {
          await subgraph.stop();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    } finally {
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
    }
  }

  it.each([
    ['unset (npm start, npm run subgraph)', undefined],
    ['development', 'development'],
    ['production', 'production'],
  ])('a call without the gateway context gets 401 and no stack trace, NODE_ENV %s', async (_label, nodeEnv) => {
    const dmv = await dmvWith(nodeEnv);
    try {
      const response = await fetch(dmv.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ vehicle(plate: "7WNT123", state: "CA") { vin } }' }),
      });
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      expect(text).not.toMatch(/stacktrace|\.ts:\d+|node_modules/);
    } finally {
      await dmv.stop();
    }
  });
});
