import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agencyByOri } from '../generator/agencies.ts';
import { REPO_ROOT } from '../common/config.ts';

/** An ORI written in a description: 2 state letters, then 3 county digits, then 4 letters or digits. */
const ORI_IN_TEXT = /\b[A-Z]{2}\d{3}[A-Z0-9]{4}\b/g;

describe('examples in the subgraph schema descriptions', () => {
  it('every example ORI exists in the generated agency directory, so a user who copies it is not refused', () => {
    const subgraphs = path.join(REPO_ROOT, 'subgraphs');
    const unknown: string[] = [];
    let seen = 0;
    for (const name of readdirSync(subgraphs)) {
      let sdl: string;
      try {
        sdl = readFileSync(path.join(subgraphs, name, 'schema.graphql'), 'utf8');
      } catch {
        continue;
      }
      for (const [ori] of sdl.matchAll(ORI_IN_TEXT)) {
        seen += 1;
        if (!agencyByOri(ori)) unknown.push(`subgraphs/${name}/schema.graphql: ${ori}`);
      }
    }
    expect(seen).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });
});
