import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

/** `LOG_LEVEL` (default `info`; tests set `silent`). An unknown level is a configuration error. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = env.LOG_LEVEL ?? 'info';
  if (!(LEVELS as readonly string[]).includes(raw)) {
    throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; got "${raw}"`);
  }
  return raw as LogLevel;
}

/** The request being served, so that every log line written while serving it names it. */
const currentRequest = new AsyncLocalStorage<string>();

/** Runs `fn` (and everything it starts) as part of the request `requestId`: its log lines carry the id. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return currentRequest.run(requestId, fn);
}

/**
 * The process's JSON logger (one line per event, to stdout, or to `destination`). A line written while
 * a request is served carries its `requestId`, whether or not the call passes it.
 */
export function createLogger(level: LogLevel, name = 'gateway', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    mixin: () => {
      const requestId = currentRequest.getStore();
      return requestId === undefined ? {} : { requestId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
