import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../common/config.ts';
import { checkCommittedApiSchema, compareApiSchema, describeChanges } from './api-schema.ts';
import { generateClientKit, staleFiles, TRUSTED_DOCUMENTS_FILE, trustedDocumentsManifest } from './client-kit.ts';

/** What `npm run schema:check` checks, run with the tests so that CI runs it. */
describe('the committed API schema (schema/api.graphql)', () => {
  it('has no breaking change against the API schema of supergraph.graphql (if intended: npm run schema:update, and CHANGELOG.md)', async () => {
    const comparison = await checkCommittedApiSchema();
    expect(comparison.breaking.map((c) => `${c.type} ${c.path ?? ''}: ${c.message}`)).toEqual([]);
  });

  it('is the current API schema (run `npm run schema:update` when this fails)', async () => {
    const comparison = await checkCommittedApiSchema();
    expect(comparison.current, describeChanges(comparison).join('\n')).toBe(true);
  });

  it('the check tells a breaking change from a safe one', async () => {
    const before = 'type Query { person(id: ID!): Person }\ntype Person { id: ID! name: String }';
    const removed = await compareApiSchema(before, 'type Query { person(id: ID!): Person }\ntype Person { id: ID! }');
    expect(removed.breaking.map((c) => c.path)).toEqual(['Person.name']);
    const added = await compareApiSchema(before, `${before.replace('name: String', 'name: String dob: String')}`);
    expect(added.breaking).toEqual([]);
    expect(added.safe.map((c) => c.path)).toEqual(['Person.dob']);
    const narrowed = await compareApiSchema(before, before.replace('person(id: ID!)', 'person(id: ID!, state: String!)'));
    expect(narrowed.breaking.map((c) => String(c.type))).toEqual(['FIELD_ARGUMENT_ADDED']);
  });
});

describe('the client kit generated from it', () => {
  it('examples/generated/ is what GraphQL Code Generator makes of schema/api.graphql and examples/operations (run `npm run schema:update` when this fails)', async () => {
    const generated = await generateClientKit();
    expect([...generated.keys()].sort()).toEqual([
      'examples/generated/gql.ts',
      'examples/generated/graphql.ts',
      'examples/generated/index.ts',
    ]);
    expect(staleFiles(generated)).toEqual([]);
  });

  it('trusted-documents.json lists exactly the generated operations, by the sha256 of their text', async () => {
    expect(readFileSync(TRUSTED_DOCUMENTS_FILE, 'utf8')).toBe(await trustedDocumentsManifest());
    expect(path.relative(REPO_ROOT, TRUSTED_DOCUMENTS_FILE)).toBe('trusted-documents.json');
  });
});
