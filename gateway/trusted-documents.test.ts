import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../common/config.ts';
import { apiSchemaOfSupergraphFile } from './policy/api-schema.ts';
import { DEFAULT_TRUSTED_DOCUMENTS_FILE, loadTrustedDocuments, sha256, trustedDocumentsFromEnv } from './trusted-documents.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'trusted-documents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(name: string, entries: Record<string, unknown>): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

describe('the trusted-documents manifest', () => {
  it('the committed one loads, and every document in it is valid against the served API schema', () => {
    const documents = loadTrustedDocuments(DEFAULT_TRUSTED_DOCUMENTS_FILE);
    expect(documents.size).toBeGreaterThanOrEqual(4);
    const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
    const invalid = [...documents].flatMap(([hash, text]) => validate(schema, parse(text)).map((e) => `${hash}: ${e.message}`));
    expect(invalid).toEqual([]);
  });

  it('refuses an entry whose key is not the sha256 of its text', () => {
    const text = '{ __typename }';
    expect(loadTrustedDocuments(manifest('good.json', { [sha256(text)]: text })).get(sha256(text))).toBe(text);
    expect(() => loadTrustedDocuments(manifest('edited.json', { [sha256(text)]: '{ person(id: "P1") { id } }' }))).toThrow(
      /is not the sha256 of its operation text/,
    );
    expect(() => loadTrustedDocuments(manifest('list.json', [text] as unknown as Record<string, unknown>))).toThrow(/JSON object/);
  });
});

describe('configuration from the environment', () => {
  it('is off by default', () => {
    expect(trustedDocumentsFromEnv({}).oris).toEqual([]);
  });

  it('reads the agencies, upper-cased, and * for every agency', () => {
    expect(trustedDocumentsFromEnv({ TRUSTED_DOCUMENTS_ORIS: ' ca0190000, CA0340N01 ,' }).oris).toEqual(['CA0190000', 'CA0340N01']);
    expect(trustedDocumentsFromEnv({ TRUSTED_DOCUMENTS_ORIS: '*' }).oris).toEqual(['*']);
  });

  it('refuses to start with an invalid ORI, or switched on without a manifest (fail closed)', () => {
    expect(() => trustedDocumentsFromEnv({ TRUSTED_DOCUMENTS_ORIS: 'CA019' })).toThrow(/not an ORI: CA019/);
    const missing = path.join(dir, 'missing.json');
    expect(() => trustedDocumentsFromEnv({ TRUSTED_DOCUMENTS_ORIS: 'CA0190000', TRUSTED_DOCUMENTS_FILE: missing })).toThrow(
      /does not exist/,
    );
    expect(trustedDocumentsFromEnv({ TRUSTED_DOCUMENTS_FILE: missing }).documents.size).toBe(0);
  });
});
