/**
 * Shipping a policy change without a restart (README, "Shipping a change: reload, version, shadow mode"):
 * the gateway watches its policy folder and reloads on SIGHUP; a new policy is validated completely and
 * swapped between requests, an invalid one is refused and the old one stays in force; every audit event
 * names the version it was decided under and the rule that released each disclosed field.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEvent } from '../audit/event.ts';
import { REPO_ROOT } from '../common/config.ts';
import { createGatewayContextSigner } from '../common/context-signer.ts';
import { SHOWCASE } from '../generator/showcase.ts';
import type { SubgraphHeaders } from '../gateway/gateway.ts';
import { apiSchemaOfSupergraphFile } from '../gateway/policy/api-schema.ts';
import { loadPolicy } from '../gateway/policy/load.ts';
import { signedSubgraphContext } from '../gateway/subgraph-context.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startRunner } from './support/runner-process.ts';
import { startStack, type GraphQLBody, type Stack } from './support/stack.ts';

/** An investigator stating no case: the residence address needs one (dmv-residence-address, VC 1808.21). */
const CALLER = CALLERS.investigatorNoCase;
const PERSON = SHOWCASE.cleanDriver.personId;
const QUERY = `{ person(id: "${PERSON}") { name { full } residenceAddress { street } } }`;

const REQUIRES_CASE = 'purposes: [C, D]\n    caseNumber: required\n    reason: >-\n      DMV residence addresses';
const NO_CASE = 'purposes: [C, D]\n    reason: >-\n      DMV residence addresses';
const GOOD_RULE = 'residenceAddress: [dmv-residence-address]';
const BAD_RULE = 'residenceAddress: [dmv-residence-adress]';

interface PolicyReady {
  status: string;
  policy: { version: string; reloadFailedAt?: string; candidateVersion?: string };
}

/** A copy of the repository's policies in `<tmp>/policies`, so that rule sources read `policies/<file>:<line>`. */
function copyPolicies(): { root: string; dir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'policy-reload-'));
  const dir = path.join(root, 'policies');
  cpSync(path.join(REPO_ROOT, 'policies'), dir, { recursive: true });
  return { root, dir };
}

function edit(dir: string, file: string, from: string, to: string): void {
  const text = readFileSync(path.join(dir, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(path.join(dir, file), text.replace(from, to));
}

async function readyAt(origin: string): Promise<PolicyReady> {
  return (await (await fetch(new URL('/ready', origin))).json()) as PolicyReady;
}

/** Polls /ready until `done` holds (the watcher reloads after a quiet time; nothing here measures it). */
async function until(origin: string, done: (ready: PolicyReady) => boolean): Promise<PolicyReady> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const ready = await readyAt(origin).catch(() => undefined);
    if (ready && done(ready)) return ready;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/ready never showed the expected policy state: ${JSON.stringify(await readyAt(origin))}`);
}

describe('a gateway on a policy folder that changes', () => {
  let stack: Stack;
  let dir: string;
  let root: string;
  /** Called once, on the next fetch the gateway makes for a client request (then cleared). */
  let duringNextFetch: (() => void) | undefined;

  beforeAll(async () => {
    ({ root, dir } = copyPolicies());
    const signed = signedSubgraphContext(await createGatewayContextSigner());
    const subgraphHeaders: SubgraphHeaders = (request) => {
      if (request.context && duringNextFetch) {
        const run = duringNextFetch;
        duringNextFetch = undefined;
        run();
      }
      return signed(request);
    };
    stack = await startStack({ dataDir: inject('dataDir'), subgraphHeaders, policy: { policyDir: dir } });
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function ask(): Promise<{ body: GraphQLBody; event: AuditEvent }> {
    const { status, body } = await stack.query(QUERY, {}, await headersFor(CALLER));
    expect(status).toBe(200);
    const [event] = await stack.audit.query({ userId: CALLER.sub, limit: 1 });
    return { body, event };
  }

  const streetOf = (body: GraphQLBody) =>
    (body.data as { person: { residenceAddress: { street: string } | null } }).person.residenceAddress;

  let first: string;
  let second: string;

  it('reports the version of the policy in force on /ready and in every audit event, with the rule behind each field', async () => {
    const ready = await readyAt(stack.origin);
    first = ready.policy.version;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(ready.policy).toEqual({ version: first });
    // The version is the content's: the copy has the same one as the repository's folder.
    const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
    expect(loadPolicy(dir, schema).version).toBe(first);

    const { body, event } = await ask();
    expect(streetOf(body)).toBeNull();
    expect(body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'person.residenceAddress']]);
    expect(event.policyVersion).toBe(first);
    expect(event.releasedBy).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Person\.name=person-identity \(policies\/grants\.yaml:\d+\)$/),
        expect.stringMatching(/^PersonName\.full=person-identity \(policies\/grants\.yaml:\d+\)$/),
      ]),
    );
    expect(event.releasedBy.some((line) => line.startsWith('Person.residenceAddress='))).toBe(false);
    // One line per disclosed coordinate and rule.
    expect(new Set(event.releasedBy).size).toBe(event.releasedBy.length);
    expect(event.releasedBy.map((line) => line.split('=')[0])).toEqual(event.fieldsDisclosed);
  });

  it('applies a changed grant to the next request once the file is saved (watched folder)', async () => {
    edit(dir, 'grants.yaml', REQUIRES_CASE, NO_CASE);
    second = (await until(stack.origin, (ready) => ready.policy.version !== first)).policy.version;

    const { body, event } = await ask();
    expect(body.errors).toBeUndefined();
    expect(streetOf(body)).toEqual({ street: expect.any(String) });
    expect(event.policyVersion).toBe(second);
    const grantLine = readFileSync(path.join(dir, 'grants.yaml'), 'utf8').split('\n').indexOf('  dmv-residence-address:') + 1;
    expect(event.releasedBy).toContain(`Person.residenceAddress=dmv-residence-address (policies/grants.yaml:${grantLine})`);
    expect(event.releasedBy).toContain(`DmvAddress.street=dmv-records (policies/grants.yaml:${grantLineOf(dir, 'dmv-records')})`);
  });

  it('refuses a broken policy with file:line problems, keeps the old one in force and says so on /ready', async () => {
    edit(dir, 'person.yaml', GOOD_RULE, BAD_RULE);
    const ready = await until(stack.origin, (r) => r.policy.reloadFailedAt !== undefined);
    expect(ready.status).toBe('ready');
    expect(ready.policy.version).toBe(second);
    expect(Date.parse(ready.policy.reloadFailedAt!)).not.toBeNaN();

    // The same reload the watcher and SIGHUP run: the refusal names the file and line.
    const outcome = stack.gateway.reloadPolicy();
    const line =
      readFileSync(path.join(dir, 'person.yaml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(BAD_RULE)) + 1;
    expect(outcome.live).toEqual({
      result: 'refused',
      version: second,
      errors: expect.stringContaining(`policies/person.yaml:${line}: unknown grant "dmv-residence-adress"`),
    });

    const { body, event } = await ask();
    expect(streetOf(body)).toEqual({ street: expect.any(String) });
    expect(event.policyVersion).toBe(second);

    edit(dir, 'person.yaml', BAD_RULE, GOOD_RULE);
    expect(stack.gateway.reloadPolicy().live).toEqual({ result: 'unchanged', version: second });
    expect((await readyAt(stack.origin)).policy).toEqual({ version: second });
  });

  it('finishes a request under the version it started with when a reload lands in the middle of it', async () => {
    // While the request is being fetched, the grant is changed back and reloaded.
    let swapped: string | undefined;
    duringNextFetch = () => {
      edit(dir, 'grants.yaml', NO_CASE, REQUIRES_CASE);
      const outcome = stack.gateway.reloadPolicy().live;
      swapped = outcome.result === 'reloaded' ? outcome.version : undefined;
    };
    const during = await ask();
    expect(swapped).toBe(first); // the same bytes again: the same version as at start
    expect(during.body.errors).toBeUndefined();
    expect(streetOf(during.body)).toEqual({ street: expect.any(String) });
    expect(during.event.policyVersion).toBe(second);
    expect(during.event.releasedBy.some((l) => l.startsWith('Person.residenceAddress=dmv-residence-address'))).toBe(true);

    const after = await ask();
    expect(streetOf(after.body)).toBeNull();
    expect(after.event.policyVersion).toBe(first);
  });
});

function grantLineOf(dir: string, grant: string): number {
  return readFileSync(path.join(dir, 'grants.yaml'), 'utf8').split('\n').indexOf(`  ${grant}:`) + 1;
}

describe('npm run gateway with POLICY_WATCH=false', () => {
  it('keeps its policy when a file changes, reloads on SIGHUP, and refuses a broken one with file:line in its log', async () => {
    const { root, dir } = copyPolicies();
    const runner = startRunner('scripts/gateway.ts', [], {
      ...process.env,
      NODE_ENV: 'production',
      AUTH_MODE: 'development',
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'info',
      POLICY_DIR: dir,
      POLICY_WATCH: 'false',
      AUDIT_DB: path.join(root, 'audit.sqlite'),
    });
    try {
      const [, url] = await runner.waitFor(/GraphQL endpoint\s+(\S+)/, 120_000);
      const origin = new URL(url).origin;
      // The subgraphs are not running: /ready says so, and still names the policy in force.
      const before = (await readyAt(origin)).policy.version;
      expect(before).toMatch(/^[0-9a-f]{64}$/);

      edit(dir, 'grants.yaml', REQUIRES_CASE, NO_CASE);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await readyAt(origin)).policy.version).toBe(before);

      runner.child.kill('SIGHUP');
      const after = (await until(origin, (ready) => ready.policy.version !== before)).policy.version;
      await runner.waitFor(new RegExp(`live policy ${after.slice(0, 12)} in force \\(was ${before.slice(0, 12)}\\)`), 10_000);

      edit(dir, 'person.yaml', GOOD_RULE, BAD_RULE);
      runner.child.kill('SIGHUP');
      const refused = await until(origin, (ready) => ready.policy.reloadFailedAt !== undefined);
      expect(refused.policy.version).toBe(after);
      await runner.waitFor(/policies\/person\.yaml:\d+: unknown grant \\?"dmv-residence-adress\\?"/, 10_000);
    } finally {
      runner.child.kill('SIGTERM');
      await runner.exited;
      rmSync(root, { recursive: true, force: true });
    }
  });
});
