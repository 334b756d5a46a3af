import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../common/config.ts';

/**
 * The rooms of the repository and the arrows allowed between them (docs/architecture.md, "Rooms"). A room
 * may import from itself and from the rooms listed for it; anything else is a forbidden import. Test code
 * (test/, scripts/, bench/, *.test.ts) may reach into any room, except where a rule below says otherwise.
 */
const ALLOWED: Record<string, readonly string[]> = {
  common: [],
  audit: ['common'],
  gateway: ['common', 'audit'],
  subgraphs: ['common', 'audit'],
  generator: ['common', 'subgraphs', 'audit'], // the workload simulator writes an audit trail and measures the detectors
  policies: ['common', 'gateway'],
};

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return listed.split('\n').filter((file) => file.endsWith('.ts'));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => path.normalize(path.join(path.dirname(file), m[1] ?? m[2])));
}

const roomOf = (file: string) => file.split('/')[0];
const isTestCode = (file: string) => /\.test\.ts$|test-support\.ts$|(^|\/)testing\.ts$/.test(file);

describe('rooms and arrows', () => {
  const files = sourceFiles();

  it('no production module imports across a forbidden arrow', () => {
    const forbidden: string[] = [];
    for (const file of files) {
      const room = roomOf(file);
      const allowed = ALLOWED[room];
      if (!allowed || isTestCode(file)) continue;
      for (const target of importsOf(file)) {
        const targetRoom = roomOf(target);
        if (targetRoom !== room && !allowed.includes(targetRoom)) forbidden.push(`${file} -> ${target}`);
      }
    }
    expect(forbidden).toEqual([]);
  });

  it('subgraphs do not import one another (each room is a source of its own)', () => {
    const crossings = files
      .filter((file) => file.startsWith('subgraphs/') && !file.startsWith('subgraphs/common/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => target.startsWith('subgraphs/') && !target.startsWith('subgraphs/common/'))
          .filter((target) => target.split('/')[1] !== file.split('/')[1])
          .map((target) => `${file} -> ${target}`),
      );
    expect(crossings).toEqual([]);
  });

  it('no import cycles between modules', () => {
    const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => target.endsWith('.ts'))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('the check sees a forbidden import when there is one', () => {
    // Guards the guard: the import pattern must match the forms used in this repository.
    const sample = "import type { X } from '../../gateway/audit/recorder.ts';\nconst m = import('../common/config.ts');";
    expect([...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2])).toEqual(['../../gateway/audit/recorder.ts', '../common/config.ts']);
  });
});
