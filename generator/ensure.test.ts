import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureData, generate, readManifest, STORE_FILES } from './index.ts';
import { tempDir } from './test-support.ts';

const root = tempDir('gen-ensure');
afterAll(() => root.remove());

describe('ensureData and readManifest', () => {
  const dir = path.join(root.dir, 'data');

  it('readManifest returns undefined when there is no (valid) manifest', () => {
    expect(readManifest(dir)).toBeUndefined();
  });

  it('generates when the directory is empty, then reuses the complete stores', async () => {
    const first = await ensureData({ persons: 200, outDir: dir });
    expect(STORE_FILES.every((f) => existsSync(path.join(dir, f)))).toBe(true);
    expect(readManifest(dir)).toEqual(first);
    const mtime = statSync(path.join(dir, 'dmv.sqlite')).mtimeMs;

    const second = await ensureData({ persons: 200, outDir: dir });
    expect(second.generatedAt).toBe(first.generatedAt);
    expect(statSync(path.join(dir, 'dmv.sqlite')).mtimeMs).toBe(mtime);
  });

  it('regenerates when the manifest is missing', async () => {
    const before = readManifest(dir);
    rmSync(path.join(dir, 'manifest.json'));
    const again = await ensureData({ persons: 200, outDir: dir });
    expect(readManifest(dir)).toEqual(again);
    expect(again.generatedAt).not.toBe(before?.generatedAt);
  });

  it('regenerates when the options differ or a store is missing', async () => {
    const other = await ensureData({ persons: 250, outDir: dir });
    expect(other.persons).toBe(250);
    rmSync(path.join(dir, 'ncic.sqlite'));
    const repaired = await ensureData({ persons: 250, outDir: dir });
    expect(repaired.generatedAt).not.toBe(other.generatedAt);
    expect(existsSync(path.join(dir, 'ncic.sqlite'))).toBe(true);
  });

  it('ignores an unreadable or malformed manifest', () => {
    const bad = path.join(root.dir, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, 'manifest.json'), '{');
    expect(readManifest(bad)).toBeUndefined();
    writeFileSync(path.join(bad, 'manifest.json'), JSON.stringify({ seed: 1 }));
    expect(readManifest(bad)).toBeUndefined();
  });

  it('a failed generation leaves the previous data in place and no temporary directory', async () => {
    const before = readManifest(dir);
    await expect(
      generate({
        persons: 12_000,
        outDir: dir,
        onProgress: () => {
          throw new Error('disk full (simulated)');
        },
      }),
    ).rejects.toThrow('disk full (simulated)');
    expect(readManifest(dir)).toEqual(before);
    expect(readdirSync(root.dir).filter((name) => name.includes('-generating-'))).toEqual([]);
  });

  it('a crash before installation leaves no manifest in a new output directory', async () => {
    const fresh = path.join(root.dir, 'fresh');
    await expect(
      generate({
        persons: 12_000,
        outDir: fresh,
        onProgress: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(existsSync(path.join(fresh, 'manifest.json'))).toBe(false);
  });

  it('keeps other files of the output directory when it overwrites', async () => {
    writeFileSync(path.join(dir, 'audit.sqlite'), 'not ours');
    await generate({ persons: 100, outDir: dir });
    expect(existsSync(path.join(dir, 'audit.sqlite'))).toBe(true);
    expect(readManifest(dir)?.persons).toBe(100);
  });
});
