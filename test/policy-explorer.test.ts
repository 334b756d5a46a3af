/**
 * The Policy Explorer's JSON endpoints (`/policies/api/...`): the API's bearer token, POLICY_OFFICER (DOJ
 * auditors and agency coordinators read-only), 401 without a token and 403 for anyone else, every call and
 * every refusal audited; the page itself is offline (strict Content-Security-Policy); a candidate policy
 * (shadow mode, POLICY_CANDIDATE_DIR) shows as its diff against the live one.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../common/config.ts';
import type { PolicyDiff } from '../gateway/policy/diff.ts';
import type { ReplayReport } from '../gateway/policy/replay.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import { headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const POLICY_OFFICER: TestCaller = { sub: 'u-policy-1', ori: 'CA0349400', roles: ['POLICY_OFFICER'] };
const DOJ_AUDITOR: TestCaller = { sub: 'u-doj-1', ori: 'CA0349400', roles: ['DOJ_AUDITOR'] };
const PATROL: TestCaller = { sub: 'u-patrol-1', ori: 'CA0190100', roles: ['PATROL_OFFICER'] };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(async () => {
  await stack?.stop();
});

/** What an endpoint answers: its JSON, or `errors` as the API's errors. */
type Answer = Record<string, unknown> & { errors: { message: string; extensions: Record<string, unknown> }[] };

async function get<T = Answer>(origin: string, pathAndQuery: string, caller?: TestCaller, requestId?: string) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (caller) headers.authorization = (await headersFor(caller)).authorization;
  if (requestId) headers['x-request-id'] = requestId;
  const response = await fetch(`${origin}${pathAndQuery}`, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

async function auditOf(requestId: string) {
  return (await stack.audit.query({ limit: 50 })).find((event) => event.requestId === requestId);
}

interface Matrix {
  policyVersion: string;
  viewer: { sub: string; roles: string[]; access: string; mayReplay: boolean };
  columns: { role: string; purpose: string; caseNumber: boolean }[];
  coordinates: string[];
  verdicts: string[];
}

function verdictOf(matrix: Matrix, coordinate: string, role: string, purpose: string, caseNumber: boolean): string {
  const column = matrix.columns.findIndex((c) => c.role === role && c.purpose === purpose && c.caseNumber === caseNumber);
  return matrix.verdicts[matrix.coordinates.indexOf(coordinate)].charAt(column);
}

describe('the Policy Explorer endpoints', () => {
  it('answer 401 without a token, audited as UNAUTHENTICATED', async () => {
    const { status, headers, body } = await get(stack.origin, '/policies/api/matrix', undefined, 'explorer-401');
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toContain('Bearer');
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
    expect(await auditOf('explorer-401')).toMatchObject({ outcome: 'UNAUTHENTICATED', operationName: 'policies.matrix', userId: null });
    const forged = await fetch(`${stack.origin}/policies/api/matrix`, { headers: { authorization: 'Bearer aaaa.bbbb.cccc' } });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answer 403 "not permitted" to a patrol officer, audited as DENIED', async () => {
    for (const endpoint of ['matrix', 'cell?role=PATROL_OFFICER&purpose=C&coordinate=Vehicle.plate', 'candidate']) {
      const { status, body } = await get(stack.origin, `/policies/api/${endpoint}`, PATROL, `explorer-403-${endpoint.slice(0, 4)}`);
      expect(status).toBe(403);
      expect(body.errors[0]).toMatchObject({
        extensions: { code: 'FORBIDDEN' },
        message: expect.stringMatching(/^Not permitted: your roles \(PATROL_OFFICER\)/),
      });
      expect(body).not.toHaveProperty('coordinates');
    }
    expect(await auditOf('explorer-403-matr')).toMatchObject({
      outcome: 'DENIED',
      userId: 'u-patrol-1',
      reason: expect.stringContaining('Not permitted'),
    });
  });

  it('give a policy officer the matrix role × purpose × case number → field, audited', async () => {
    const { status, headers, body: matrix } = await get<Matrix>(stack.origin, '/policies/api/matrix', POLICY_OFFICER, 'explorer-matrix');
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(matrix.viewer).toEqual({ sub: 'u-policy-1', roles: ['POLICY_OFFICER'], access: 'policy officer', mayReplay: true });
    expect(matrix.policyVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(matrix.columns).toContainEqual({ role: 'PATROL_OFFICER', purpose: 'C', caseNumber: false });
    expect(matrix.columns).not.toContainEqual(expect.objectContaining({ role: 'PATROL_OFFICER', purpose: 'A' }));
    expect(matrix.verdicts.every((row) => row.length === matrix.columns.length && /^[adp]+$/.test(row))).toBe(true);
    expect(verdictOf(matrix, 'Vehicle.plate', 'PATROL_OFFICER', 'C', false)).toBe('a');
    expect(verdictOf(matrix, 'CriminalHistory.ssn', 'PATROL_OFFICER', 'C', true)).toBe('d');
    expect(verdictOf(matrix, 'CriminalHistory.ssn', 'INVESTIGATOR', 'C', false)).toBe('d');
    expect(verdictOf(matrix, 'CriminalHistory.ssn', 'INVESTIGATOR', 'C', true)).toBe('a');
    expect(verdictOf(matrix, 'DmvAddress.street', 'PATROL_OFFICER', 'C', false)).toBe('p');
    expect(await auditOf('explorer-matrix')).toMatchObject({
      outcome: 'ALLOWED',
      operationName: 'policies.matrix',
      operationText: 'GET /policies/api/matrix',
      userId: 'u-policy-1',
      roles: ['POLICY_OFFICER'],
      subjects: [],
    });
  });

  it('let a DOJ auditor read, marked read-only', async () => {
    const { status, body } = await get(stack.origin, '/policies/api/matrix', DOJ_AUDITOR);
    expect(status).toBe(200);
    expect(body.viewer).toMatchObject({ access: 'read-only', mayReplay: false });
  });

  it('explain one cell: the reason, the rule at file:line, the conditions or the ways to be allowed', async () => {
    const allowed = await get(
      stack.origin,
      '/policies/api/cell?role=PATROL_OFFICER&purpose=C&caseNumber=false&coordinate=Vehicle.plate',
      POLICY_OFFICER,
    );
    expect(allowed.body).toMatchObject({ access: 'ALLOWED', role: 'PATROL_OFFICER', purpose: 'C', caseNumber: false });
    expect(allowed.body.rules).toEqual([expect.stringMatching(/^dmv-records \(policies\/grants\.yaml:\d+\)$/)]);

    const denied = await get(stack.origin, '/policies/api/cell?role=INVESTIGATOR&purpose=C&coordinate=CriminalHistory.ssn', DOJ_AUDITOR);
    expect(denied.body).toMatchObject({ access: 'DENIED', reason: expect.stringContaining('without a case number') });
    expect(denied.body.allowedWith).toContainEqual(expect.objectContaining({ caseNumber: true }));

    const depends = await get(
      stack.origin,
      '/policies/api/cell?role=PATROL_OFFICER&purpose=C&coordinate=DmvAddress.street',
      POLICY_OFFICER,
    );
    expect(depends.body).toMatchObject({ access: 'DEPENDS_ON_DATA', conditions: expect.arrayContaining(['addressIsSafeAtHome']) });
    expect(depends.body.rules).toContainEqual(expect.stringMatching(/\(policies\/dmv\.yaml:\d+\)$/));
  });

  it('refuse bad cell input with 400 and say what is expected, audited as an error', async () => {
    const cases: [string, string][] = [
      ['role=SHERIFF&purpose=C&coordinate=Vehicle.plate', 'role must be one of'],
      ['role=PATROL_OFFICER&purpose=A&coordinate=Vehicle.plate', 'purpose must be one that PATROL_OFFICER may state: C'],
      ['role=PATROL_OFFICER&purpose=C&coordinate=Vehicle.nope', 'coordinate must be a field of the API'],
      ['role=PATROL_OFFICER&purpose=C&caseNumber=yes&coordinate=Vehicle.plate', 'caseNumber must be true or false'],
      ['role=PATROL_OFFICER&role=INVESTIGATOR&purpose=C&coordinate=Vehicle.plate', 'Give the query parameter "role" once'],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await get(
        stack.origin,
        `/policies/api/cell?${query}`,
        POLICY_OFFICER,
        `explorer-400-${cases.findIndex((c) => c[0] === query)}`,
      );
      expect(status, query).toBe(400);
      expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining(message) });
    }
    expect(await auditOf('explorer-400-0')).toMatchObject({ outcome: 'ERROR', reason: expect.stringContaining('role must be one of') });
  });

  it('say "no candidate loaded" when the gateway runs no shadow candidate', async () => {
    const { status, body } = await get(stack.origin, '/policies/api/candidate', POLICY_OFFICER);
    expect(status).toBe(200);
    expect(body).toMatchObject({ loaded: false, message: expect.stringContaining('No candidate loaded') });
  });

  it('serve the page and its two files from the gateway, under a strict Content-Security-Policy', async () => {
    const page = await fetch(`${stack.origin}/policies`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['explorer.js', 'explorer.css']) {
      const response = await fetch(`${stack.origin}/policies/assets/${asset}`);
      expect(response.status).toBe(200);
      expect(await response.text()).not.toMatch(/https?:\/\//);
    }
    expect((await fetch(`${stack.origin}/policies/assets/..%2Fexplorer-data.ts`)).status).toBe(404);
  });
});

describe('a candidate policy in shadow mode', () => {
  let candidateDir: string;
  let gateway: RunningGateway;
  beforeAll(async () => {
    // The candidate takes DMV records away from purpose C.
    candidateDir = mkdtempSync(path.join(tmpdir(), 'candidate-policy-'));
    cpSync(path.join(REPO_ROOT, 'policies'), candidateDir, { recursive: true, filter: (source) => !source.includes(`${path.sep}tests`) });
    const grants = path.join(candidateDir, 'grants.yaml');
    const text = readFileSync(grants, 'utf8');
    const changed = text.replace(/(dmv-records:\n\s+roles: \[criminal-justice\]\n\s+purposes: )\[C, D, A\]/, '$1[D, A]');
    expect(changed).not.toBe(text);
    writeFileSync(grants, changed);
    gateway = await startGateway({
      port: 0,
      logLevel: 'silent',
      supergraphSdl: readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8'),
      subgraphUrls: Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.url])),
      auditStore: stack.audit,
      policyCandidateDir: candidateDir,
      policyWatch: false,
      readyTimeoutMs: 10_000,
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    if (candidateDir) rmSync(candidateDir, { recursive: true, force: true });
  });

  it('shows the diff against the live policy: a patrol officer loses Vehicle.plate', async () => {
    const { status, body } = await get<{ loaded: boolean; liveVersion: string; candidateVersion: string; diff: PolicyDiff }>(
      gateway.origin,
      '/policies/api/candidate',
      POLICY_OFFICER,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      loaded: true,
      liveVersion: expect.stringMatching(/^[0-9a-f]{64}$/),
      candidateVersion: expect.any(String),
    });
    expect(body.candidateVersion).not.toBe(body.liveVersion);
    const groups = body.diff.groups;
    const patrol = groups.find((g) => g.cells.some((c) => c.role === 'PATROL_OFFICER' && c.purpose === 'C'))!;
    expect(patrol.changes).toContainEqual(
      expect.objectContaining({
        coordinate: 'Vehicle.plate',
        before: expect.objectContaining({ verdict: 'allow' }),
        after: expect.objectContaining({ verdict: 'deny' }),
      }),
    );
    expect(body.diff.totals.lost).toBeGreaterThan(0);
  });

  it("replays the audit trail under the candidate for a policy officer: the patrol officer's plate check would lose the plate", async () => {
    const patrol = await headersFor({ ...PATROL, purpose: 'C' });
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...patrol, 'x-request-id': 'explorer-replay-plate' },
      body: JSON.stringify({ query: '{ vehicle(plate: "7WNT123", state: "CA") { plate make } }' }),
    });
    expect(response.status, await response.clone().text()).toBe(200);

    const reader = await fetch(`${gateway.origin}/policies/api/candidate/replay`, {
      method: 'POST',
      headers: { authorization: (await headersFor(DOJ_AUDITOR)).authorization },
    });
    expect(reader.status).toBe(403);

    const replay = await fetch(`${gateway.origin}/policies/api/candidate/replay`, {
      method: 'POST',
      headers: { authorization: (await headersFor(POLICY_OFFICER)).authorization, 'x-request-id': 'explorer-replay' },
    });
    expect(replay.status).toBe(200);
    const { report } = (await replay.json()) as { report: ReplayReport };
    expect(report.events.replayed).toBeGreaterThan(0);
    const plate = report.newlyWithheld.find((impact) => impact.coordinate === 'Vehicle.plate');
    expect(plate).toMatchObject({ live: 'allow', candidate: 'deny' });
    expect(plate!.exampleRequestIds).toContain('explorer-replay-plate');
    expect(await auditOf('explorer-replay')).toMatchObject({ outcome: 'ALLOWED', operationName: 'policies.replay', userId: 'u-policy-1' });
  });
});
