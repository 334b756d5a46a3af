import { pino, type Logger } from 'pino';

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

/** The process's JSON logger (one line per event, to stdout). */
export function createLogger(level: LogLevel, name = 'gateway'): Logger {
  return pino({ name, level });
}
