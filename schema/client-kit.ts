/**
 * The client kit's generated files: GraphQL Code Generator's typed documents (`examples/generated/`, from
 * `codegen.ts`) and the trusted-documents manifest (`trusted-documents.json`: the sha256 of each
 * generated operation's exact text → that text). Both are committed; a test regenerates them in memory
 * and fails when the committed ones are stale.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import codegenConfig, { CLIENT_KIT_OUTPUT } from '../codegen.ts';
import { REPO_ROOT } from '../common/config.ts';

export const TRUSTED_DOCUMENTS_FILE = path.join(REPO_ROOT, 'trusted-documents.json');

/** Runs GraphQL Code Generator without writing: repository-relative path → content. */
export async function generateClientKit(): Promise<Map<string, string>> {
  const outputs = (await generate({ ...codegenConfig, cwd: REPO_ROOT, silent: true }, false)) as Types.FileOutput[];
  return new Map(outputs.map((o) => [path.relative(REPO_ROOT, path.resolve(REPO_ROOT, o.filename)), o.content]));
}

/** The generated files that differ from (or are missing in) the working tree. */
export function staleFiles(generated: Map<string, string>): string[] {
  return [...generated].filter(([file, content]) => readIfPresent(path.join(REPO_ROOT, file)) !== content).map(([file]) => file);
}

export function writeClientKit(generated: Map<string, string>): void {
  for (const [file, content] of generated) {
    mkdirSync(path.dirname(path.join(REPO_ROOT, file)), { recursive: true });
    writeFileSync(path.join(REPO_ROOT, file), content);
  }
}

/**
 * The manifest of the committed generated documents, printed as committed. Read from the module itself
 * (every exported document string), so the hashes are of exactly the text the client sends.
 */
export async function trustedDocumentsManifest(): Promise<string> {
  const module = (await import(pathToFileURL(path.join(REPO_ROOT, CLIENT_KIT_OUTPUT, 'graphql.ts')).href)) as Record<string, unknown>;
  const texts = Object.entries(module)
    .filter(([name, value]) => name.endsWith('Document') && value instanceof String)
    .map(([, value]) => String(value));
  const entries = texts
    .map((text) => [createHash('sha256').update(text).digest('hex'), text] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

export function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
