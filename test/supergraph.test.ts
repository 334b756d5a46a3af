import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeFromConfig, formatProblem } from '../gateway/composition.ts';
import { subgraphEndpoints } from '../gateway/endpoints.ts';
import { DEFAULT_PORTS, REPO_ROOT, SUBGRAPH_NAMES } from '../common/config.ts';

describe('the committed supergraph', () => {
  const outcome = composeFromConfig(path.join(REPO_ROOT, 'supergraph.yaml'));

  it('composes from supergraph.yaml without errors', () => {
    const problems = outcome.ok ? [] : outcome.problems.map((p) => formatProblem(p, REPO_ROOT));
    expect(problems).toEqual([]);
  });

  it('is up to date with the subgraph SDLs (run `npm run compose` when this fails)', () => {
    if (!outcome.ok) throw new Error('composition failed; see the test above');
    const committed = readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8');
    expect(committed.trimEnd() === outcome.supergraphSdl.trimEnd(), 'supergraph.graphql is stale: run `npm run compose`').toBe(true);
  });

  it('routes the five subgraphs to their default local ports', () => {
    const committed = readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8');
    expect(Object.fromEntries(subgraphEndpoints(committed).map((e) => [e.name, e.url]))).toEqual(
      Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://localhost:${DEFAULT_PORTS[name]}/graphql`])),
    );
  });
});

describe('composition errors', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'compose-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
  function config(files: Record<string, string>, version = '=2.7.0'): string {
    const lines = [`federation_version: ${version}`, 'subgraphs:'];
    for (const [name, sdl] of Object.entries(files)) {
      writeFileSync(path.join(dir, `${name}.graphql`), sdl);
      lines.push(`  ${name}:`, `    routing_url: http://localhost:1/${name}`, `    schema:`, `      file: ./${name}.graphql`);
    }
    const file = path.join(dir, `supergraph-${Object.keys(files).join('-')}.yaml`);
    writeFileSync(file, lines.join('\n'));
    return file;
  }

  it('names the code, the subgraphs and file:line of a type conflict', () => {
    const file = config({
      alpha: `${LINK}\ntype Query { a: Thing }\ntype Thing { x: Int }`,
      beta: `${LINK}\ntype Query { b: Thing }\ntype Thing { x: String }`,
    });
    const outcome = composeFromConfig(file);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const mismatch = outcome.problems.find((p) => p.code === 'FIELD_TYPE_MISMATCH');
    expect(mismatch?.subgraphs).toEqual(['alpha', 'beta']);
    expect(mismatch?.locations).toEqual([path.join(dir, 'alpha.graphql:3:14'), path.join(dir, 'beta.graphql:3:14')]);
    expect(formatProblem(mismatch!, dir)).toMatch(
      /^FIELD_TYPE_MISMATCH \[alpha, beta\] Type of field "Thing.x".*\n {4}at alpha.graphql:3:14\n {4}at beta.graphql:3:14$/s,
    );
  });

  it('reports an SDL syntax error with its file and line', () => {
    const outcome = composeFromConfig(config({ broken: `${LINK}\ntype Query {\n  a: \n}` }));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toEqual([
      expect.objectContaining({ code: 'SDL_SYNTAX_ERROR', subgraphs: ['broken'], locations: [path.join(dir, 'broken.graphql:4:1')] }),
    ]);
  });

  it('refuses a subgraph that links a newer federation than federation_version', () => {
    const outcome = composeFromConfig(config({ newer: `${LINK}\ntype Query { a: Int }` }, '=2.5.0'));
    expect(outcome.ok ? [] : outcome.problems.map((p) => p.code)).toEqual(['FEDERATION_VERSION_MISMATCH']);
  });

  it('`npm run compose` prints each error with code and file:line, exits 1 and leaves the old file alone', async () => {
    const file = config({
      one: `${LINK}\ntype Query { a: Thing }\ntype Thing { x: Int }`,
      two: `${LINK}\ntype Query { b: Thing }\ntype Thing { x: String }`,
    });
    const out = path.join(dir, 'supergraph.graphql');
    writeFileSync(out, '# the previous supergraph\n');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        path.join(REPO_ROOT, 'node_modules/.bin/tsx'),
        [path.join(REPO_ROOT, 'scripts/compose.ts'), '--config', file, '--out', out],
        { cwd: dir },
        (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Composition failed with 2 error(s); supergraph.graphql was not changed.');
    expect(result.stderr).toContain('FIELD_TYPE_MISMATCH [one, two] Type of field "Thing.x" is incompatible across subgraphs');
    expect(result.stderr).toContain('at one.graphql:3:14');
    expect(readFileSync(out, 'utf8')).toBe('# the previous supergraph\n');
  });

  it('reports a config file that cannot be used', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'federation_version: =2.7.0\nsubgraphs:\n  a:\n    routing_url: not a url\n    schema: { file: a.graphql }\n');
    const outcome = composeFromConfig(file);
    expect(outcome.ok ? [] : outcome.problems.map((p) => [p.code, p.message])).toEqual([
      ['CONFIG_INVALID', `${file}: subgraph "a": routing_url must be an http(s) URL`],
    ]);
  });
});
