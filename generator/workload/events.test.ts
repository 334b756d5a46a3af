import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/config.ts';
import { SIMULATED_OPERATIONS } from './events.ts';

describe('simulated traffic', () => {
  // A simulated event names an operation the API would refuse, and replay skips it: every one must be valid.
  const schema = buildSchema(readFileSync(path.join(REPO_ROOT, 'schema', 'api.graphql'), 'utf8'));
  it.each(SIMULATED_OPERATIONS.map((text) => [text.split(/[ (]/)[1], text]))('%s is a valid operation of the API', (_name, text) => {
    expect(validate(schema, parse(text)).map((error) => error.message)).toEqual([]);
  });
});
