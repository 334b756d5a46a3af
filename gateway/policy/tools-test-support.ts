import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../common/config.ts';

/**
 * Test fixtures of the policy tools: a copy of the committed policies/ in a temporary `policies/` folder
 * (so rule sources read `policies/grants.yaml:48` as in the tree), with small edits a test makes.
 */
export function policyCopy(edits: Record<string, (text: string) => string> = {}): { dir: string; remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'policy-fixture-'));
  const dir = path.join(root, 'policies');
  cpSync(path.join(REPO_ROOT, 'policies'), dir, { recursive: true, filter: (source) => !source.includes(`${path.sep}tests`) });
  for (const [file, edit] of Object.entries(edits)) {
    const target = path.join(dir, file);
    const before = readFileSync(target, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing: the fixture no longer matches policies/`);
    writeFileSync(target, after);
  }
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Drops `caseNumber: required` from one grant of grants.yaml. */
export function dropCaseNumber(grant: string): (text: string) => string {
  return (text) => text.replace(new RegExp(`(\\n  ${grant}:\\n(?:    .*\\n)*?)    caseNumber: required\\n`), '$1');
}

/** `policies/<file>:<line>` of the first line of <dir>/<file> that is exactly `text`: where a rule is written today. */
export function sourceOf(file: string, text: string, dir = path.join(REPO_ROOT, 'policies')): string {
  const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
  const line = lines.indexOf(text) + 1;
  if (line === 0) throw new Error(`policies/${file} has no line "${text}": the fixture no longer matches policies/`);
  return `policies/${file}:${line}`;
}
