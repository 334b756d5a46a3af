import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../index.ts';
import { tempDir } from '../test-support.ts';
import { printTemplateOf } from './livescan.ts';

const out = tempDir('gen-livescan');

beforeAll(async () => {
  await generate({ persons: 200, seed: 3, outDir: out.dir });
});
afterAll(() => out.remove());

describe('simulated Live Scan prints', () => {
  it('gives every person one template of their own, the same every time', () => {
    expect(printTemplateOf('P0000001')).toMatch(/^LS1-[0-9A-F]{40}$/);
    expect(printTemplateOf('P0000001')).toBe(printTemplateOf('P0000001'));
    expect(printTemplateOf('P0000002')).not.toBe(printTemplateOf('P0000001'));
  });

  it('DOJ holds the prints of exactly the subjects of its records', () => {
    const db = new Database(path.join(out.dir, 'cori.sqlite'), { readonly: true });
    try {
      const subjects = db.prepare('SELECT cii, person_id AS personId FROM subjects').all() as { cii: string; personId: string }[];
      const prints = db.prepare('SELECT template, cii FROM fingerprints').all() as { template: string; cii: string }[];
      expect(subjects.length).toBeGreaterThan(10);
      expect(prints.sort((a, b) => a.cii.localeCompare(b.cii))).toEqual(
        subjects.map((s) => ({ template: printTemplateOf(s.personId), cii: s.cii })).sort((a, b) => a.cii.localeCompare(b.cii)),
      );
    } finally {
      db.close();
    }
  });
});
