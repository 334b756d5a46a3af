/**
 * The SQLite chain writer, on its own thread so that commits (an fsync each, synchronous=FULL) and hashing
 * never hold up the gateway's event loop. The main thread sends one batch at a time; the writer reads the
 * chain head, chains the batch in seq order, inserts it and commits in ONE transaction (BEGIN IMMEDIATE, so
 * several processes sharing a file still keep one linear chain), then answers with each event's place.
 * A failed transaction rolls back entirely and the error goes back for the whole batch.
 *
 * This file is both the worker's entry point (when started with the marker below) and the main thread's
 * handle on it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { chainEvents } from './chain.ts';
import type { AuditEventInput } from './event.ts';
import { eventToRow, EVENT_COLUMNS, rowValues } from './store-common.ts';
import { sqliteHead } from './sqlite-schema.ts';

const WORKER_MARK = 'clets-audit-sqlite-writer';

/** Where an appended event landed in the chain. */
export interface ChainPlace {
  seq: number;
  prevHash: string;
  hash: string;
}

type Request = { type: 'append'; inputs: AuditEventInput[] } | { type: 'close' };
type Reply =
  | { type: 'ready' }
  | { type: 'appended'; places: ChainPlace[] }
  | { type: 'failed'; message: string; code: string | undefined }
  | { type: 'closed' };

interface WriterOptions {
  file: string;
  busyTimeoutMs: number;
}

/** The synchronous writer itself (runs on the worker thread; usable directly in tests). */
export class SqliteChainWriter {
  private readonly db: Database.Database;
  private readonly insertEvent: Database.Statement;
  private readonly insertSubject: Database.Statement;

  constructor(options: WriterOptions) {
    this.db = new Database(options.file, { fileMustExist: true });
    this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.insertEvent = this.db.prepare(
      `INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.insertSubject = this.db.prepare('INSERT OR IGNORE INTO audit_subjects (person_id, seq) VALUES (?, ?)');
  }

  /** Appends the batch in one transaction; returns each event's place, in order. */
  append(inputs: readonly AuditEventInput[]): ChainPlace[] {
    return this.db
      .transaction(() => {
        const events = chainEvents(sqliteHead(this.db), inputs);
        for (const event of events) {
          this.insertEvent.run(...rowValues(eventToRow(event)));
          for (const personId of new Set(event.subjects)) this.insertSubject.run(personId, event.seq);
        }
        return events.map(({ seq, prevHash, hash }) => ({ seq, prevHash, hash }));
      })
      .immediate();
  }

  close(): void {
    this.db.close();
  }
}

/** The main thread's handle: one batch in flight at a time (the group committer guarantees it). */
export class SqliteWriterThread {
  private worker: Worker | undefined;
  private pending: { resolve(reply: Reply): void; reject(error: Error): void } | undefined;

  private constructor(private readonly options: WriterOptions) {}

  /** Starts the writer thread and waits until it has opened the database. */
  static async start(options: WriterOptions): Promise<SqliteWriterThread> {
    const thread = new SqliteWriterThread(options);
    await thread.spawn();
    return thread;
  }

  async append(inputs: AuditEventInput[]): Promise<ChainPlace[]> {
    // A writer that died (it should not) is restarted for the next batch rather than failing forever.
    if (!this.worker) await this.spawn();
    const reply = await this.request({ type: 'append', inputs });
    if (reply.type === 'appended') return reply.places;
    if (reply.type === 'failed') throw Object.assign(new Error(reply.message), { code: reply.code });
    throw new Error(`unexpected reply from the audit writer: ${reply.type}`);
  }

  async close(): Promise<void> {
    if (!this.worker) return;
    const worker = this.worker;
    await this.request({ type: 'close' }).catch(() => undefined);
    await worker.terminate();
    this.worker = undefined;
  }

  private async spawn(): Promise<void> {
    const worker = startWorker({ [WORKER_MARK]: true, ...this.options });
    this.worker = worker;
    worker.on('message', (reply: Reply) => {
      const pending = this.pending;
      this.pending = undefined;
      worker.unref();
      pending?.resolve(reply);
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the audit writer thread exited (code ${code})`)));
    const first = await this.waitForReply();
    if (first.type !== 'ready') throw new Error(`the audit writer did not start: ${first.type === 'failed' ? first.message : first.type}`);
  }

  private request(request: Request): Promise<Reply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the audit writer thread is not running'));
    const reply = this.waitForReply();
    worker.postMessage(request);
    return reply;
  }

  private waitForReply(): Promise<Reply> {
    if (this.pending) return Promise.reject(new Error('the audit writer already has a request in flight'));
    // Keep the process alive while a batch is in flight, and only then.
    this.worker?.ref();
    return new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject };
    });
  }
}

/**
 * Starts this file as a worker. Under tsx (no build step) the worker thread needs the TypeScript loader
 * registered first: Node 20 does not pass the main thread's module hooks on to workers.
 */
function startWorker(data: Record<string, unknown>): Worker {
  const self = new URL(import.meta.url);
  if (!self.pathname.endsWith('.ts')) return new Worker(self, { workerData: data });
  const tsxApi = tsxEsmApi();
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(self.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** tsx's ESM register API, found through tsx's own export map (`require.resolve` would give the CJS one). */
function tsxEsmApi(): string {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifestPath), manifest.exports['./esm/api'].import.default)).href;
}

function runWorker(port: NonNullable<typeof parentPort>, options: WriterOptions): void {
  let writer: SqliteChainWriter;
  try {
    writer = new SqliteChainWriter(options);
  } catch (error) {
    port.postMessage({ type: 'failed', message: (error as Error).message, code: errorCode(error) } satisfies Reply);
    return;
  }
  port.on('message', (request: Request) => {
    if (request.type === 'close') {
      writer.close();
      port.postMessage({ type: 'closed' } satisfies Reply);
      port.close();
      return;
    }
    try {
      port.postMessage({ type: 'appended', places: writer.append(request.inputs) } satisfies Reply);
    } catch (error) {
      port.postMessage({ type: 'failed', message: (error as Error).message, code: errorCode(error) } satisfies Reply);
    }
  });
  port.postMessage({ type: 'ready' } satisfies Reply);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const data: unknown = workerData;
if (!isMainThread && parentPort && typeof data === 'object' && data !== null && WORKER_MARK in data) {
  const { file, busyTimeoutMs } = data as unknown as WriterOptions;
  runWorker(parentPort, { file, busyTimeoutMs });
}
