/**
 * `npm run cluster`: two gateway replicas behind the round-robin proxy, sharing the PostgreSQL audit trail
 * and the Redis rate limits. Under load, with one replica killed with SIGKILL midway, every answered
 * request has exactly one audit record and the chain verifies; one user's budget holds across replicas.
 * Skipped (saying why) when PostgreSQL or Redis does not answer.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPostgresAuditStore } from '../audit/store-postgres.ts';
import { postgresReachable, TEST_DATABASE_URL } from '../audit/store-test-support.ts';
import { SUBGRAPH_NAMES } from '../common/config.ts';
import { headersFor, type TestCaller } from './support/callers.ts';
import { startRunner, type RunnerProcess } from './support/runner-process.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RATE = { perSecond: 1, burst: 20 };
const QUERY = '{ agencies(state: "CA") { ori } }';

const postgresUp = await postgresReachable();
const redisUp = await reachable(new URL(REDIS_URL));
const skipReason = !postgresUp
  ? `PostgreSQL unreachable at ${new URL(TEST_DATABASE_URL).host}`
  : !redisUp
    ? `Redis unreachable at ${new URL(REDIS_URL).host}`
    : '';

interface Answer {
  status: number;
  requestId: string | null;
}

describe.skipIf(skipReason !== '')(
  `npm run cluster: two replicas, one trail, one budget${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const schema = `cluster_test_${process.pid}_${Date.now().toString(36)}`;
    let dataDir: string;
    let runner: RunnerProcess;
    let graphql: string;
    let replicaPids: number[];

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'cluster-test-'));
      cpSync(inject('dataDir'), dataDir, { recursive: true });
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: TEST_DATABASE_URL,
        AUDIT_DB_SCHEMA: schema,
        REDIS_URL,
        RATE_USER_PER_SECOND: String(RATE.perSecond),
        RATE_USER_BURST: String(RATE.burst),
        LOG_LEVEL: 'warn',
      };
      for (const name of SUBGRAPH_NAMES) env[`${name.toUpperCase()}_PORT`] = '0';
      runner = startRunner('scripts/cluster.ts', ['--replicas', '2', '--port', '0', '--replica-port', String(await twoFreePorts())], env);
      await runner.waitFor(/Ctrl-C stops everything/);
      graphql = runner.output().match(/Cluster endpoint\s+(\S+)/)![1];
      replicaPids = [...runner.output().matchAll(/replica \d+\s+\S+\s+\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    }, 600_000);

    afterAll(async () => {
      if (runner && runner.child.exitCode === null) {
        runner.child.kill('SIGTERM');
        await runner.exited;
      }
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await client.end();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }, 120_000);

    it('refuses to start without a shared store, in one line', async () => {
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: TEST_DATABASE_URL };
      delete env.REDIS_URL;
      const refused = startRunner('scripts/cluster.ts', ['--replicas', '2'], env);
      expect((await refused.exited).code).toBe(2);
      expect(refused.output().trim().split('\n')).toEqual([expect.stringMatching(/^npm run cluster needs REDIS_URL: replicas must share/)]);
    });

    it('holds one per-user budget across the replicas', async () => {
      expect(replicaPids).toHaveLength(2);
      const caller = freshCaller();
      const started = performance.now();
      const answers = await load(60, 8, () => caller);
      const seconds = (performance.now() - started) / 1000;
      const allowed = answers.filter((a) => a.status === 200).length;
      // The bucket: the burst, one second's rate, and what the rate refilled while the requests ran.
      const bucket = RATE.burst + RATE.perSecond * (1 + Math.ceil(seconds));
      expect(allowed).toBeGreaterThanOrEqual(RATE.burst);
      expect(allowed).toBeLessThanOrEqual(bucket);
      expect(answers.filter((a) => a.status === 429).length).toBe(60 - allowed);
    });

    it('keeps exactly one audit record per answered request when a replica is killed mid-load, and the chain verifies', async () => {
      const callers = Array.from({ length: 30 }, () => freshCaller());
      let sent = 0;
      let killed = false;
      const answers = await load(300, 8, () => {
        if (++sent === 100 && !killed) {
          killed = true;
          process.kill(replicaPids[0], 'SIGKILL');
        }
        return callers[sent % callers.length];
      });
      expect(killed).toBe(true);
      const answered = answers.filter((a) => a.status === 200 || (a.status >= 400 && a.status < 500));
      // Only requests in flight at the killed replica may go unanswered (502).
      expect(answered.length).toBeGreaterThanOrEqual(300 - 8);
      expect(answers.filter((a) => !answered.includes(a)).every((a) => a.status === 502)).toBe(true);
      const ids = answered.map((a) => a.requestId);
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);

      const store = await openPostgresAuditStore(TEST_DATABASE_URL, { schema, poolSize: 2 });
      try {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        const rows = await client.query<{ request_id: string; n: string }>(
          `SELECT request_id, count(*) AS n FROM "${schema}".audit_events WHERE request_id = ANY($1::text[]) GROUP BY request_id`,
          [ids],
        );
        await client.end();
        const counts = new Map(rows.rows.map((row) => [row.request_id, Number(row.n)]));
        expect(ids.filter((id) => counts.get(id!) !== 1)).toEqual([]);
        expect(await store.verify()).toMatchObject({ ok: true });
      } finally {
        await store.close();
      }
      // The supervisor brought the killed replica back.
      await runner.waitFor(/gateway replica 1 ready again/);
      expect(runner.output()).toMatch(/gateway replica 1 \(pid \d+\) died \(signal SIGKILL\); restarting/);
    });

    /** `total` POSTs through the proxy, `concurrency` at a time, each as `callerFor()` says. */
    async function load(total: number, concurrency: number, callerFor: () => TestCaller): Promise<Answer[]> {
      const answers: Answer[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < total) {
          next++;
          const headers = await headersFor(callerFor());
          try {
            const response = await fetch(graphql, {
              method: 'POST',
              headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
              body: JSON.stringify({ query: QUERY }),
            });
            await response.arrayBuffer();
            answers.push({ status: response.status, requestId: response.headers.get('x-request-id') });
          } catch {
            answers.push({ status: 0, requestId: null });
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return answers;
    }
  },
);

function freshCaller(): TestCaller {
  return { sub: `u-cluster-${randomUUID()}`, ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C' };
}

/** A port p such that p and p + 1 are free now. */
async function twoFreePorts(): Promise<number> {
  for (;;) {
    const first = await listenOn(0);
    if (first === undefined) continue;
    if ((await listenOn(first + 1)) !== undefined) return first;
  }
}

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

async function reachable(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
