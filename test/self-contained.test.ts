/**
 * The repository stands on its own: no file cites a document or a path that exists only outside it (a
 * reader of a fresh clone must be able to follow every reference), and every `docs/*.md` cited exists.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../common/config.ts';

const TEXT = /\.(ts|js|mjs|json|ya?ml|md|graphql|sql|sh|txt)$|^\.ci\/run$/;

/** The text files git tracks (not the scratch files of someone's working tree). */
function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return listed.split('\n').filter((file) => TEXT.test(file) && file !== 'package-lock.json' && existsSync(path.join(REPO_ROOT, file)));
}

// Spelled in pieces so that this file does not match itself.
const OUTSIDE = [
  { what: 'an absolute path under /work', pattern: new RegExp(['', 'work', ''].join('/')) },
  { what: 'a design document that is not in docs/', pattern: new RegExp(`(?<!docs/)\\b${'design'}\\.md\\b`) },
  { what: 'a domain document that is not in docs/', pattern: new RegExp(`(?<!docs/)\\b${'domain'}\\.md\\b`) },
];

describe('references', () => {
  const files = repositoryFiles();

  it('lists the repository', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'vitest.config.ts']));
  });

  it('cite nothing outside the repository', () => {
    const found: string[] = [];
    for (const file of files) {
      readFileSync(path.join(REPO_ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const { what, pattern } of OUTSIDE) if (pattern.test(line)) found.push(`${file}:${i + 1} cites ${what}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('name only documents that exist under docs/', () => {
    const missing = new Set<string>();
    for (const file of files) {
      for (const [cited] of readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/\bdocs\/[\w-]+\.md\b/g)) {
        if (!existsSync(path.join(REPO_ROOT, cited))) missing.add(`${file} cites ${cited}`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
