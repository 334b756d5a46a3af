/**
 * `npm start` runs each subgraph and misuse detection in a supervised child process: a subgraph killed
 * with SIGKILL is restarted and answers again; SIGTERM stops every process; a runner killed with SIGKILL
 * leaves no child behind.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../common/config.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { alive, startRunner, waitGone, type RunnerProcess } from './support/runner-process.ts';

const SLOW = 600_000;
const dirs: string[] = [];
const runners: RunnerProcess[] = [];

afterAll(async () => {
  for (const runner of runners) if (runner.child.exitCode === null && runner.child.signalCode === null) runner.child.kill('SIGKILL');
  await Promise.all(runners.map((runner) => runner.exited));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `scripts/start.ts` over a copy of the test dataset, every port picked by the system, SQLite audit. */
async function start(): Promise<{ runner: RunnerProcess; graphql: string; pids: Record<string, number> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'start-test-'));
  dirs.push(dataDir);
  cpSync(inject('dataDir'), dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PERSONS: '3000', GATEWAY_PORT: '0', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.AUDIT_DB;
  for (const name of SUBGRAPH_NAMES) env[`${name.toUpperCase()}_PORT`] = '0';
  const runner = startRunner('scripts/start.ts', [], env);
  runners.push(runner);
  await runner.waitFor(/Ctrl-C stops everything/);
  const output = runner.output();
  const graphql = output.match(/GraphQL endpoint\s+(\S+)/)![1];
  const pids: Record<string, number> = {};
  for (const name of SUBGRAPH_NAMES) pids[name] = Number(output.match(new RegExp(`^  ${name}\\s+\\S+\\s+\\(pid (\\d+)\\)`, 'm'))![1]);
  pids.detection = Number(output.match(/misuse detection\s+pid (\d+)/)![1]);
  return { runner, graphql, pids };
}

async function plateLookup(graphql: string): Promise<{ status: number; make?: string }> {
  const response = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await headersFor(CALLERS.investigator)) },
    body: JSON.stringify({ query: '{ vehicle(plate: "7WNT123", state: "CA") { make registeredOwner { name { full } } } }' }),
  });
  const body = (await response.json()) as { data?: { vehicle?: { make?: string } } };
  return { status: response.status, make: body.data?.vehicle?.make };
}

describe('npm start: subgraphs in supervised child processes', () => {
  it(
    'answers through child subgraphs, restarts one killed with SIGKILL, and stops every process on SIGTERM',
    async () => {
      const { runner, graphql, pids } = await start();
      expect(new Set(Object.values(pids)).size).toBe(SUBGRAPH_NAMES.length + 1);
      expect(Object.values(pids)).not.toContain(runner.child.pid);
      expect(await plateLookup(graphql)).toEqual({ status: 200, make: expect.any(String) });

      process.kill(pids.dmv, 'SIGKILL');
      const [, newPid] = await runner.waitFor(/subgraph dmv ready again \(pid (\d+)/);
      expect(runner.output()).toMatch(/subgraph dmv \(pid \d+\) died \(signal SIGKILL\); restarting/);
      expect(Number(newPid)).not.toBe(pids.dmv);
      expect(await plateLookup(graphql)).toEqual({ status: 200, make: expect.any(String) });

      runner.child.kill('SIGTERM');
      expect(await runner.exited).toEqual({ code: 0, signal: null });
      expect(await waitGone([...Object.values(pids), Number(newPid)], 5_000)).toEqual([]);
    },
    SLOW,
  );

  it(
    'leaves no orphan when the runner itself is killed with SIGKILL',
    async () => {
      const { runner, pids } = await start();
      expect(Object.values(pids).every(alive)).toBe(true);
      runner.child.kill('SIGKILL');
      await runner.exited;
      expect(await waitGone(Object.values(pids))).toEqual([]);
    },
    SLOW,
  );
});
