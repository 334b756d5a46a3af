import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSchema, parse, print } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { StaticDecisionMemo } from '../authz/caller-shape.ts';
import { pruneDocument } from '../authz/prune.ts';
import { staticDifferences } from '../authz/shadow.ts';
import { createLogger } from '../logger.ts';
import { LivePolicy } from './live-policy.ts';
import { loadPolicy } from './load.ts';
import type { DecisionContext } from './types.ts';
import { policyVersion } from './version.ts';

const schema = buildSchema(`
  type Query { person(id: ID!): Person }
  type Person { id: ID name: String residenceAddress: DmvAddress }
  type DmvAddress { street: String state: String }
`);

const ROLES = 'roles:\n  INVESTIGATOR: { purposes: [C] }\n  PATROL_OFFICER: { purposes: [C] }\n';
const types = (addressGrant: string) => `
grants:
  identity: { roles: [INVESTIGATOR, PATROL_OFFICER], purposes: [C] }
  address: { roles: [INVESTIGATOR], purposes: [C]${addressGrant} }
types:
  Query:
    fields: { person: [identity] }
  Person:
    fields: { id: [identity], name: [identity], residenceAddress: [address] }
  DmvAddress:
    fields:
      street:
        allow: [identity]
        deny: [{ id: sah, when: [addressIsSafeAtHome], reason: Safe at Home. }]
      state: [identity]
`;
const WITH_CASE = ', caseNumber: required';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function policyFolder(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'live-policy-'));
  folders.push(root);
  const dir = path.join(root, 'policies');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const quiet = createLogger('silent');

describe('policyVersion', () => {
  it('is the content: the same files elsewhere give the same version, any byte or name changed a new one', () => {
    const files = { 'roles.yaml': ROLES, 'types.yaml': types(WITH_CASE) };
    const version = loadPolicy(policyFolder(files), schema).version;
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    expect(loadPolicy(policyFolder(files), schema).version).toBe(version);
    expect(loadPolicy(policyFolder({ ...files, 'types.yaml': types('') }), schema).version).not.toBe(version);
    expect(policyVersion([{ relativePath: 'a.yaml', bytes: 'x' }])).not.toBe(policyVersion([{ relativePath: 'b.yaml', bytes: 'x' }]));
    // Length-prefixed: moving bytes between the name and the content changes the version.
    expect(policyVersion([{ relativePath: 'ab', bytes: 'c' }])).not.toBe(policyVersion([{ relativePath: 'a', bytes: 'bc' }]));
  });
});

describe('LivePolicy', () => {
  it('swaps a valid change in as a new object, keeps an invalid one out, and reports both', () => {
    const dir = policyFolder({ 'roles.yaml': ROLES, 'types.yaml': types(WITH_CASE) });
    const live = new LivePolicy({ dir, watch: false, logger: quiet });
    const first = live.load(schema);
    expect(live.status()).toEqual({ version: first.live.version });

    expect(live.reload().live).toEqual({ result: 'unchanged', version: first.live.version });
    expect(live.current).toBe(first);

    writeFileSync(path.join(dir, 'types.yaml'), types(''));
    const reloaded = live.reload().live;
    expect(reloaded).toEqual({ result: 'reloaded', version: expect.any(String), previous: first.live.version });
    const second = live.current!;
    expect(second).not.toBe(first);
    expect(second.live.version).not.toBe(first.live.version);
    expect(first.live.fields.get('Person.residenceAddress')?.allow[0].caseNumberRequired).toBe(true); // untouched

    writeFileSync(path.join(dir, 'types.yaml'), types('').replace('residenceAddress: [address]', 'residenceAddress: [adress]'));
    const refused = live.reload().live;
    expect(refused).toEqual({
      result: 'refused',
      version: second.live.version,
      errors: expect.stringMatching(/policies\/types\.yaml:9: unknown grant "adress" \(did you mean "address"\?\)/),
    });
    expect(live.current).toBe(second);
    expect(live.status()).toEqual({ version: second.live.version, reloadFailedAt: expect.any(String) });

    // A field left without a rule is refused as at start (every field must be decided).
    writeFileSync(path.join(dir, 'types.yaml'), types('').replace('      state: [identity]\n', ''));
    expect(live.reload().live).toMatchObject({ result: 'refused', errors: expect.stringContaining('DmvAddress.state') });
    expect(live.current).toBe(second);
  });

  it('stops the start on an invalid live policy, but only turns shadow mode off for an invalid candidate', () => {
    const good = policyFolder({ 'roles.yaml': ROLES, 'types.yaml': types(WITH_CASE) });
    const bad = policyFolder({ 'roles.yaml': ROLES, 'types.yaml': types(', caseNumber: sometimes') });
    expect(() => new LivePolicy({ dir: bad, watch: false, logger: quiet }).load(schema)).toThrow(/policies\/types\.yaml:\d+/);

    const live = new LivePolicy({ dir: good, candidateDir: bad, watch: false, logger: quiet });
    const inForce = live.load(schema);
    expect(inForce.candidate).toBeUndefined();
    expect(live.status()).toEqual({ version: inForce.live.version, candidateReloadFailedAt: expect.any(String) });

    writeFileSync(path.join(bad, 'types.yaml'), types(''));
    const outcome = live.reload();
    expect(outcome).toEqual({
      live: { result: 'unchanged', version: inForce.live.version },
      candidate: { result: 'reloaded', version: expect.any(String) },
    });
    expect(live.current?.live).toBe(inForce.live);
    expect(live.current?.candidate?.version).not.toBe(inForce.live.version);
    expect(live.status().candidateReloadFailedAt).toBeUndefined();
  });

  it('reloads by itself when a file of the folder changes (watching on)', async () => {
    const dir = policyFolder({ 'roles.yaml': ROLES, 'types.yaml': types(WITH_CASE) });
    const live = new LivePolicy({ dir, watch: true, logger: quiet, debounceMs: 20 });
    try {
      const first = live.load(schema);
      const reloaded = new Promise((resolve) => live.onReload(resolve));
      writeFileSync(path.join(dir, 'types.yaml'), types(''));
      expect(await reloaded).toMatchObject({ live: { result: 'reloaded' } });
      expect(live.current?.live.version).not.toBe(first.live.version);
    } finally {
      live.close();
    }
  });
});

describe('shadow comparison before execution', () => {
  const context: DecisionContext = { sub: 'u1', ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C' };
  const live = loadPolicy(policyFolder({ 'roles.yaml': ROLES, 'types.yaml': types(WITH_CASE) }), schema);
  const candidate = loadPolicy(policyFolder({ 'roles.yaml': ROLES, 'types.yaml': types('') }), schema);
  const decideLive = new StaticDecisionMemo(live).for('shape', context);
  const decideCandidate = new StaticDecisionMemo(candidate).for('shape', context);
  const document = parse('{ person(id: "P1") { name residenceAddress { street state } } }');

  it('names the fields the candidate decides differently from the caller alone', () => {
    expect(staticDifferences(schema, document, decideLive, decideCandidate)).toEqual([
      { coordinate: 'Person.residenceAddress', live: 'DENY', candidate: 'ALLOW' },
    ]);
  });

  it('prunes for the live policy only, adding the inputs the candidate needs to decide on the data', () => {
    const livePruned = print(pruneDocument(schema, document, decideLive).document);
    expect(livePruned).not.toContain('residenceAddress');
    // The candidate releases the address, whose street depends on Safe at Home: nothing is added above it,
    // because the live prune removed the address itself; nothing the live policy denies is fetched.
    const shadowPruned = print(pruneDocument(schema, document, decideLive, {}, decideCandidate).document);
    expect(shadowPruned).toBe(livePruned);
    // Where the live policy keeps the parent, the inputs of the candidate's conditions are fetched with it.
    const noCase = loadPolicy(policyFolder({ 'roles.yaml': ROLES, 'types.yaml': types('') }), schema);
    const stricter = loadPolicy(
      policyFolder({
        'roles.yaml': ROLES,
        'types.yaml': types('').replace(
          '      state: [identity]',
          '      state: { allow: [identity], deny: [{ id: sah2, when: [addressIsSafeAtHome], reason: No. }] }',
        ),
      }),
      schema,
    );
    const state = parse('{ person(id: "P1") { residenceAddress { state } } }');
    const decideNoCase = new StaticDecisionMemo(noCase).for('shape', context);
    expect(print(pruneDocument(schema, state, decideNoCase).document)).not.toContain('_authz_safeAtHome');
    const decideStricter = new StaticDecisionMemo(stricter).for('shape', context);
    expect(print(pruneDocument(schema, state, decideNoCase, {}, decideStricter).document)).toContain('_authz_safeAtHome: safeAtHome');
  });
});
