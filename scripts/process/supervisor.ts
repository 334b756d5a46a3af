/**
 * Runs one script as a supervised child process (node + tsx, with an IPC channel): waits until it is
 * ready, restarts it with exponential backoff when it dies (each death and restart logged), and stops it
 * with SIGTERM (SIGKILL after a grace period). Children preload `child-guard.ts`, so they stop themselves
 * if this process dies without stopping them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const GUARD = fileURLToPath(new URL('./child-guard.ts', import.meta.url));

/** How a child says it is ready: an IPC message `{ type: 'ready', url }`, or an HTTP URL answering 200. */
export type Readiness = { kind: 'message' } | { kind: 'http'; url: string } | { kind: 'started' };

export interface ChildSpec {
  /** Name in logs. */
  name: string;
  /** Absolute path of the TypeScript entry point. */
  script: string;
  args?: string[];
  /** The child's environment, read again at every (re)start. */
  env: () => NodeJS.ProcessEnv;
  readiness: Readiness;
  /** How long a start may take before the child is killed and counted as failed. @default 60000 */
  readyTimeoutMs?: number;
}

export interface SupervisorOptions {
  log?: (line: string) => void;
  /** First restart delay; doubled per consecutive failure. @default 250 */
  initialBackoffMs?: number;
  /** @default 30000 */
  maxBackoffMs?: number;
  /** A child up this long has its backoff reset. @default 10000 */
  stableAfterMs?: number;
  /** SIGTERM → SIGKILL grace. @default 10000 */
  graceMs?: number;
}

export interface ReadyInfo {
  pid: number;
  /** The URL the child reported (message readiness) or was probed at (http readiness). */
  url?: string;
}

interface ReadyMessage {
  type: 'ready';
  url?: string;
}

function isReadyMessage(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready';
}

export class Supervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private firstReady: { resolve(info: ReadyInfo): void; reject(error: Error): void } | undefined;
  private everReady = false;
  private readonly log: (line: string) => void;
  /** Deaths after the first successful start. */
  restarts = 0;
  /** The latest ready information. */
  current: ReadyInfo | undefined;
  /** Called after every (re)start that became ready. */
  onReady: (info: ReadyInfo) => void = () => undefined;

  constructor(
    readonly spec: ChildSpec,
    private readonly options: SupervisorOptions = {},
  ) {
    this.log = options.log ?? ((line) => console.log(line));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the child; resolves when it is first ready, rejects if it dies or times out before that. */
  start(): Promise<ReadyInfo> {
    return new Promise<ReadyInfo>((resolve, reject) => {
      this.firstReady = { resolve, reject };
      this.spawn();
    });
  }

  private spawn(): void {
    const { spec } = this;
    const child = fork(spec.script, spec.args ?? [], {
      execArgv: ['--import', 'tsx', '--import', GUARD],
      env: spec.env(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Its own process group: a Ctrl-C in the terminal reaches only the runner, which stops the children
      // in order instead of watching them die and restarting them.
      detached: true,
    });
    this.child = child;
    const startedAt = Date.now();
    let ready = false;
    const timeout = setTimeout(() => {
      if (ready) return;
      this.log(`[supervisor] ${spec.name} (pid ${child.pid}) not ready after ${spec.readyTimeoutMs ?? 60_000} ms: killing it`);
      child.kill('SIGKILL');
    }, spec.readyTimeoutMs ?? 60_000);
    timeout.unref();
    const becameReady = (url?: string): void => {
      if (ready || this.child !== child) return;
      ready = true;
      clearTimeout(timeout);
      const info: ReadyInfo = { pid: child.pid ?? -1, url };
      this.current = info;
      if (this.everReady) this.log(`[supervisor] ${spec.name} ready again (pid ${info.pid}${url ? `, ${url}` : ''})`);
      this.everReady = true;
      this.firstReady?.resolve(info);
      this.firstReady = undefined;
      this.onReady(info);
    };

    if (spec.readiness.kind === 'message') {
      child.on('message', (message) => {
        if (isReadyMessage(message)) becameReady(message.url);
      });
    } else if (spec.readiness.kind === 'http') {
      void this.probe(child, spec.readiness.url, () => ready).then((ok) => ok && becameReady((spec.readiness as { url: string }).url));
    } else {
      child.once('spawn', () => becameReady());
    }

    child.once('exit', (code, signal) => {
      clearTimeout(timeout);
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      if (!this.everReady && this.firstReady) {
        this.firstReady.reject(new Error(`${spec.name} stopped before it was ready (${how})`));
        this.firstReady = undefined;
        return;
      }
      if (Date.now() - startedAt >= (this.options.stableAfterMs ?? 10_000)) this.failures = 0;
      const delay = Math.min((this.options.initialBackoffMs ?? 250) * 2 ** this.failures, this.options.maxBackoffMs ?? 30_000);
      this.failures++;
      this.restarts++;
      this.log(`[supervisor] ${spec.name} (pid ${child.pid}) died (${how}); restarting in ${delay} ms (restart ${this.restarts})`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        if (!this.stopping) this.spawn();
      }, delay);
    });
  }

  /** Polls `url` until it answers 200, the child is gone, or it was found ready otherwise. */
  private async probe(child: ChildProcess, url: string, done: () => boolean): Promise<boolean> {
    while (!done() && child.exitCode === null && child.signalCode === null && this.child === child) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.status === 200) return true;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return false;
  }

  /** Stops the child (no restart): SIGTERM, then SIGKILL after the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.firstReady?.reject(new Error(`${this.spec.name} stopped before it was ready`));
    this.firstReady = undefined;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.log(
        `[supervisor] ${this.spec.name} (pid ${child.pid}) still running ${this.options.graceMs ?? 10_000} ms after SIGTERM: SIGKILL`,
      );
      child.kill('SIGKILL');
    }, this.options.graceMs ?? 10_000);
    await exited;
    clearTimeout(timer);
  }
}
