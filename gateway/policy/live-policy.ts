import { watch, type FSWatcher } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../logger.ts';
import { loadPolicy } from './load.ts';
import type { Policy } from './types.ts';
import { shortVersion } from './version.ts';

/**
 * The policies one request is decided under, swapped as a whole on reload. A request captures the object
 * in force when its purpose is checked and keeps it to the end (prune, shield, audit), so a reload never
 * changes the rules halfway through a response.
 */
export interface PolicyInForce {
  /** Decides every response. */
  readonly live: Policy;
  /** Shadow mode: a candidate policy whose differing decisions are recorded in the audit, never applied. */
  readonly candidate?: Policy;
}

export type Which = 'live' | 'candidate';

/** What one reload did to each policy. */
export interface ReloadOutcome {
  live: ReloadResult;
  /** Absent when no candidate folder is configured. */
  candidate?: ReloadResult;
}

export type ReloadResult =
  | { result: 'reloaded'; version: string; previous?: string }
  | { result: 'unchanged'; version: string }
  /** Invalid: the previous policy stays in force; `errors` has each problem at file:line. */
  | { result: 'refused'; errors: string; version?: string };

/** What `/ready` may say about the policies (versions are content hashes, not secrets; problems go to the log). */
export interface PolicyStatus {
  version?: string;
  candidateVersion?: string;
  /** When the latest reload of the live policy was refused (cleared by the next successful one). */
  reloadFailedAt?: string;
  candidateReloadFailedAt?: string;
}

export interface LivePolicyOptions {
  /** Folder of the live policy (POLICY_DIR). */
  dir: string;
  /** Folder of a candidate policy for shadow mode (POLICY_CANDIDATE_DIR). */
  candidateDir?: string;
  /** Reload when a file in either folder changes (POLICY_WATCH, default true). SIGHUP reloads either way. */
  watch: boolean;
  logger: Logger;
  /** Quiet time after the last file event before reloading (an editor's save is several events). */
  debounceMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 250;
/** The files `loadPolicy` reads; changes to anything else in the folder do not reload. */
const POLICY_FILE = /\.ya?ml$/;

/**
 * The live policy of a running gateway, and its candidate in shadow mode. Loaded for the API schema at
 * start (an invalid live policy stops the start); reloaded on demand (SIGHUP) and, unless switched off,
 * when a file of either folder changes. A reload validates completely — the same `loadPolicy` with every
 * field covered as at start — and swaps atomically; an invalid policy is refused with its file:line
 * problems in the log and the previous one stays in force.
 */
export class LivePolicy {
  private schema?: GraphQLSchema;
  private inForce?: PolicyInForce;
  private readonly failedAt: Partial<Record<Which, string>> = {};
  private readonly watchers: FSWatcher[] = [];
  private debounce?: NodeJS.Timeout;
  private readonly listeners: ((outcome: ReloadOutcome) => void)[] = [];

  constructor(private readonly options: LivePolicyOptions) {}

  /** The policies in force; undefined before the schema is loaded. */
  get current(): PolicyInForce | undefined {
    return this.inForce;
  }

  /**
   * Compiles the policies for this API schema and starts watching. Throws PolicyError when the live policy
   * is invalid (the gateway must not start); an invalid candidate is logged and shadow mode stays off.
   */
  load(schema: GraphQLSchema): PolicyInForce {
    this.schema = schema;
    const live = compile(this.options.dir, schema);
    const candidate = this.options.candidateDir === undefined ? undefined : this.tryCandidate(this.options.candidateDir, schema);
    this.inForce = { live, ...(candidate ? { candidate } : {}) };
    this.options.logger.info(
      { version: live.version, files: live.files, ...(candidate ? { candidateVersion: candidate.version } : {}) },
      `policy ${shortVersion(live.version)} in force${candidate ? `; shadow candidate ${shortVersion(candidate.version)}` : ''}`,
    );
    if (this.options.watch) this.startWatching();
    return this.inForce;
  }

  /**
   * Reads both folders again; swaps in what is valid and changed, keeps what is not. Synchronous: between
   * two requests, never inside one.
   */
  reload(): ReloadOutcome {
    const schema = this.schema;
    const previous = this.inForce;
    if (!schema || !previous) throw new Error('the policy cannot be reloaded before the schema is loaded');
    const live = this.reloadOne('live', this.options.dir, previous.live, schema);
    const outcome: ReloadOutcome = { live: live.result };
    let candidate = previous.candidate;
    if (this.options.candidateDir !== undefined) {
      const reloaded = this.reloadOne('candidate', this.options.candidateDir, previous.candidate, schema);
      outcome.candidate = reloaded.result;
      candidate = reloaded.policy;
    }
    const livePolicy = live.policy ?? previous.live;
    if (livePolicy !== previous.live || candidate !== previous.candidate) {
      this.inForce = { live: livePolicy, ...(candidate ? { candidate } : {}) };
    }
    for (const listener of this.listeners) listener(outcome);
    return outcome;
  }

  /** Called after every reload (metrics, tests). */
  onReload(listener: (outcome: ReloadOutcome) => void): void {
    this.listeners.push(listener);
  }

  status(): PolicyStatus {
    return {
      ...(this.inForce ? { version: this.inForce.live.version } : {}),
      ...(this.inForce?.candidate ? { candidateVersion: this.inForce.candidate.version } : {}),
      ...(this.failedAt.live ? { reloadFailedAt: this.failedAt.live } : {}),
      ...(this.failedAt.candidate ? { candidateReloadFailedAt: this.failedAt.candidate } : {}),
    };
  }

  /** Stops watching (the policies in force stay usable). Idempotent. */
  close(): void {
    clearTimeout(this.debounce);
    for (const watcher of this.watchers.splice(0)) watcher.close();
  }

  /** One folder: the policy to keep in force (the previous one when the new one is refused) and what happened. */
  private reloadOne(
    which: Which,
    dir: string,
    previous: Policy | undefined,
    schema: GraphQLSchema,
  ): { policy: Policy | undefined; result: ReloadResult } {
    const logger = this.options.logger;
    let policy: Policy;
    try {
      policy = compile(dir, schema);
    } catch (error) {
      this.failedAt[which] = new Date().toISOString();
      const errors = (error as Error).message;
      logger.error(
        { policy: which, dir, errors, ...(previous ? { inForce: previous.version } : {}) },
        `${which} policy reload refused; ${previous ? `${shortVersion(previous.version)} stays in force` : 'none in force'}:\n${errors}`,
      );
      return { policy: previous, result: { result: 'refused', errors, ...(previous ? { version: previous.version } : {}) } };
    }
    delete this.failedAt[which];
    if (previous?.version === policy.version) return { policy: previous, result: { result: 'unchanged', version: policy.version } };
    logger.info(
      { policy: which, version: policy.version, ...(previous ? { previous: previous.version } : {}), files: policy.files },
      `${which} policy ${shortVersion(policy.version)} in force${previous ? ` (was ${shortVersion(previous.version)})` : ''}`,
    );
    return { policy, result: { result: 'reloaded', version: policy.version, ...(previous ? { previous: previous.version } : {}) } };
  }

  private tryCandidate(dir: string, schema: GraphQLSchema): Policy | undefined {
    try {
      return compile(dir, schema);
    } catch (error) {
      this.failedAt.candidate = new Date().toISOString();
      this.options.logger.error(
        { policy: 'candidate', dir, errors: (error as Error).message },
        `candidate policy refused; shadow mode is off until a valid one is loaded:\n${(error as Error).message}`,
      );
      return undefined;
    }
  }

  private startWatching(): void {
    if (this.watchers.length > 0) return;
    const debounceMs = this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    for (const dir of [this.options.dir, this.options.candidateDir]) {
      if (dir === undefined) continue;
      try {
        const watcher = watch(dir, { persistent: false }, (_event, file) => {
          if (file !== null && !POLICY_FILE.test(file)) return; // an editor's swap file, a test folder
          clearTimeout(this.debounce);
          this.debounce = setTimeout(() => this.reloadQuietly(), debounceMs);
          this.debounce.unref();
        });
        watcher.on('error', (error) => this.options.logger.warn({ err: error, dir }, 'policy folder watch failed; reload with SIGHUP'));
        this.watchers.push(watcher);
      } catch (error) {
        this.options.logger.warn({ err: error, dir }, 'cannot watch the policy folder; reload with SIGHUP');
      }
    }
  }

  private reloadQuietly(): void {
    try {
      this.reload();
    } catch (error) {
      this.options.logger.error({ err: error }, 'policy reload failed');
    }
  }
}

/** Exactly what the gateway requires at start: valid, and every field of the schema decided. */
function compile(dir: string, schema: GraphQLSchema): Policy {
  return loadPolicy(dir, schema, { requireEveryField: true });
}
