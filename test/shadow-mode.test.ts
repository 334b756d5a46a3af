/**
 * Shadow mode (README, "Shipping a change: reload, version, shadow mode"): a candidate policy
 * (POLICY_CANDIDATE_DIR) is consulted on live traffic; responses follow the live policy, and every field
 * on which the candidate would decide differently is recorded in the request's audit event and counted.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEvent } from '../audit/event.ts';
import { REPO_ROOT } from '../common/config.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import { apiSchemaOfSupergraphFile } from '../gateway/policy/api-schema.ts';
import { loadPolicy } from '../gateway/policy/load.ts';
import { CALLERS, headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

const REQUIRES_CASE = 'purposes: [C, D]\n    caseNumber: required\n    reason: >-\n      DMV residence addresses';
const NO_CASE = 'purposes: [C, D]\n    reason: >-\n      DMV residence addresses';
/** The Safe at Home deny rule of DmvAddress (dmv.yaml), as written. */
const SAFE_AT_HOME_DENY = / {10}- id: safe-at-home\n(?: {12}.*\n)+?(?= {10}- id:)/;

let stack: Stack;
let root: string;
let candidateDir: string;
let liveVersion: string;
let candidateVersion: string;

function candidateFile(file: string): string {
  return path.join(candidateDir, file);
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'shadow-'));
  candidateDir = path.join(root, 'policies');
  cpSync(path.join(REPO_ROOT, 'policies'), candidateDir, { recursive: true });
  // The candidate under review: residence addresses without a case number.
  const grants = readFileSync(candidateFile('grants.yaml'), 'utf8');
  expect(grants).toContain(REQUIRES_CASE);
  writeFileSync(candidateFile('grants.yaml'), grants.replace(REQUIRES_CASE, NO_CASE));
  const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
  liveVersion = loadPolicy(path.join(REPO_ROOT, 'policies'), schema).version;
  candidateVersion = loadPolicy(candidateDir, schema).version;
  stack = await startStack({ dataDir: inject('dataDir'), policy: { policyCandidateDir: candidateDir, policyWatch: false } });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function ask(caller: TestCaller, query: string): Promise<{ body: GraphQLBody; event: AuditEvent }> {
  const { status, body } = await stack.query(query, {}, await headersFor(caller));
  expect(status).toBe(200);
  const [event] = await stack.audit.query({ userId: caller.sub, limit: 1 });
  return { body, event };
}

async function shadowMetric(): Promise<string[]> {
  const text = await (await fetch(new URL('/metrics', stack.origin))).text();
  return text.split('\n').filter((line) => line.startsWith('clets_gateway_policy_shadow_differences_total{'));
}

describe('a candidate that drops caseNumber: required from dmv-residence-address', () => {
  const QUERY = `{ person(id: "${SHOWCASE.cleanDriver.personId}") { name { full } residenceAddress { street city } } }`;

  it('shows both versions on /ready', async () => {
    const ready = (await (await fetch(new URL('/ready', stack.origin))).json()) as { policy: unknown };
    expect(ready.policy).toEqual({ version: liveVersion, candidateVersion });
  });

  it('leaves the response to the live policy and records where the candidate differs', async () => {
    const { body, event } = await ask(CALLERS.investigatorNoCase, QUERY);
    // Live: no case number, no address.
    expect(body.data).toEqual({ person: { name: { full: SHOWCASE.cleanDriver.name }, residenceAddress: null } });
    expect(body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'person.residenceAddress']]);
    expect(event.policyVersion).toBe(liveVersion);
    expect(event.fieldsDenied).toEqual(['Person.residenceAddress']);
    // The candidate would have released the address (its lines are decided on the data by both policies alike).
    expect(event.shadow).toEqual({
      policyVersion: candidateVersion,
      differences: [{ coordinate: 'Person.residenceAddress', live: 'DENY', candidate: 'ALLOW' }],
    });
    expect(await shadowMetric()).toContain(
      'clets_gateway_policy_shadow_differences_total{coordinate="Person.residenceAddress",live="DENY",candidate="ALLOW"} 1',
    );
  });

  it('records an empty difference list where both policies agree', async () => {
    const { event } = await ask(CALLERS.patrol, `{ person(id: "${SHOWCASE.cleanDriver.personId}") { name { full } } }`);
    expect(event.shadow).toEqual({ policyVersion: candidateVersion, differences: [] });
  });
});

describe('a candidate that changes a decision made on the data', () => {
  const ADDRESS = (id: string) => `{ person(id: "${id}") { residenceAddress { street safeAtHome } } }`;

  beforeAll(() => {
    // Reviewed next: the Safe at Home deny rule removed (a decision that depends on each address).
    const dmv = readFileSync(candidateFile('dmv.yaml'), 'utf8');
    expect(dmv).toMatch(SAFE_AT_HOME_DENY);
    writeFileSync(candidateFile('dmv.yaml'), dmv.replace(SAFE_AT_HOME_DENY, ''));
    const outcome = stack.gateway.reloadPolicy();
    expect(outcome.live.result).toBe('unchanged');
    expect(outcome.candidate?.result).toBe('reloaded');
    candidateVersion = outcome.candidate?.result === 'reloaded' ? outcome.candidate.version : '';
  });

  it('compares on each record the shield decides: a Safe at Home address differs, an ordinary one does not', async () => {
    const investigator = CALLERS.investigator; // with a case number: the address depends on the data only
    const sheltered = await ask(investigator, ADDRESS(SHOWCASE.protectedPerson.personId));
    expect(sheltered.body.data).toEqual({ person: { residenceAddress: { street: null, safeAtHome: true } } });
    expect(sheltered.event.shadow).toEqual({
      policyVersion: candidateVersion,
      differences: [{ coordinate: 'DmvAddress.street', live: 'DENY', candidate: 'ALLOW' }],
    });

    const ordinary = await ask(investigator, ADDRESS(SHOWCASE.cleanDriver.personId));
    expect(ordinary.body.errors).toBeUndefined();
    expect(ordinary.event.shadow).toEqual({ policyVersion: candidateVersion, differences: [] });
  });
});

describe('an invalid candidate', () => {
  it('is refused and logged; live traffic is unaffected and the previous candidate stays', async () => {
    const previous = candidateVersion;
    const grants = readFileSync(candidateFile('grants.yaml'), 'utf8');
    writeFileSync(candidateFile('grants.yaml'), grants.replace('  dmv-records:\n', '  dmv-records:\n    colour: blue\n'));
    const outcome = stack.gateway.reloadPolicy();
    expect(outcome.live.result).toBe('unchanged');
    expect(outcome.candidate).toEqual({
      result: 'refused',
      version: previous,
      errors: expect.stringMatching(/policies\/grants\.yaml:\d+: /),
    });

    const ready = (await (await fetch(new URL('/ready', stack.origin))).json()) as { status: string; policy: Record<string, string> };
    expect(ready.status).toBe('ready');
    expect(ready.policy).toMatchObject({ version: liveVersion, candidateVersion: previous });
    expect(Date.parse(ready.policy.candidateReloadFailedAt)).not.toBeNaN();
    expect(ready.policy.reloadFailedAt).toBeUndefined();

    const { body, event } = await ask(CALLERS.investigatorNoCase, `{ person(id: "${SHOWCASE.cleanDriver.personId}") { name { full } } }`);
    expect(body.errors).toBeUndefined();
    expect(event.policyVersion).toBe(liveVersion);
    expect(event.shadow?.policyVersion).toBe(previous);
  });
});
