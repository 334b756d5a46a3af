import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATOR_VERSION, generate, type Manifest } from './index.ts';
import { tableHashes, tempDir } from './test-support.ts';

const PERSONS = 2500;
const dirs = [tempDir('gen-seed1-a'), tempDir('gen-seed1-b'), tempDir('gen-seed2')];
const manifests: Manifest[] = [];

beforeAll(async () => {
  manifests.push(await generate({ persons: PERSONS, seed: 1, outDir: dirs[0].dir }));
  manifests.push(await generate({ persons: PERSONS, seed: 1, outDir: dirs[1].dir }));
  manifests.push(await generate({ persons: PERSONS, seed: 2, outDir: dirs[2].dir }));
});

afterAll(() => dirs.forEach((d) => d.remove()));

describe('determinism', () => {
  it('the same seed and options give identical rows in every table', () => {
    const a = tableHashes(dirs[0].dir);
    const b = tableHashes(dirs[1].dir);
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(32);
    expect(b).toEqual(a);
    expect(manifests[1].counts).toEqual(manifests[0].counts);
  });

  it('a different seed gives a different population', () => {
    const a = tableHashes(dirs[0].dir);
    const c = tableHashes(dirs[2].dir);
    expect(c['cjis.persons']).not.toBe(a['cjis.persons']);
    expect(c['dmv.vehicles']).not.toBe(a['dmv.vehicles']);
    expect(c['cori.charges']).not.toBe(a['cori.charges']);
    expect(c['personnel.relationships']).not.toBe(a['personnel.relationships']);
    // The agency directory is fixed data, not drawn from the seed.
    expect(c['nlets.agencies']).toBe(a['nlets.agencies']);
  });

  it('plants the same showcase rows whatever the seed', () => {
    const showcaseOnly = (source: string, table: string): string => {
      const column: Record<string, string> = {
        'cjis.persons': 'id',
        'cjis.person_names': 'person_id',
        'cjis.iii_records': 'person_id',
        'cori.subjects': 'person_id',
        'dmv.licenses': 'person_id',
        'dmv.addresses': 'person_id',
        'dmv.vehicles': 'owner_person_id',
        'ncic.wanted': 'person_id',
        'ncic.missing': 'person_id',
        'ncic.protection_orders': 'person_id',
        'ncic.cautions': 'person_id',
        'nlets.oos_licenses': 'person_id',
        'nlets.state_histories': 'person_id',
        'personnel.agency_users': 'person_id',
        'personnel.relationships': 'person_id',
        'personnel.high_profile': 'person_id',
      };
      const key = column[`${source}.${table}`];
      return key ? `WHERE ${key} >= 'P9'` : 'WHERE 0';
    };
    const a = tableHashes(dirs[0].dir, showcaseOnly);
    const c = tableHashes(dirs[2].dir, showcaseOnly);
    expect(c).toEqual(a);
  });

  it('records seed, size, as-of date, counts and duration in the manifest', () => {
    const [m] = manifests;
    expect(m).toMatchObject({ generatorVersion: GENERATOR_VERSION, seed: 1, persons: PERSONS, asOf: '2026-11-01' });
    expect(m.counts['cjis.persons']).toBe(PERSONS + 13 + 10); // showcase and planted personnel people
    expect(m.seconds).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(m.generatedAt))).toBe(false);
  });
});
