import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The subgraphs, in the order they are started and listed: the five sources, then `audit` (the audit
 * trail, read from the audit store rather than from a generated `<name>.sqlite`), then `rms` (each
 * agency's own cases and CAD incidents).
 */
export const SUBGRAPH_NAMES = ['cjis', 'ncic', 'nlets', 'dmv', 'cori', 'audit', 'rms'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Default local ports; each can be overridden with `<NAME>_PORT` (e.g. `DMV_PORT=5004`). */
export const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000,
  cjis: 4001,
  ncic: 4002,
  nlets: 4003,
  dmv: 4004,
  cori: 4005,
  audit: 4006,
  rms: 4007,
};

export function portFromEnv(name: SubgraphName | 'gateway', env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[`${name.toUpperCase()}_PORT`];
  if (raw === undefined || raw === '') return DEFAULT_PORTS[name];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name.toUpperCase()}_PORT must be a port number (0-65535), got "${raw}"`);
  }
  return port;
}

/** Where the generated source stores live: `DATA_DIR`, default `<repo>/data`. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR ?? path.join(REPO_ROOT, 'data'));
}

/** Host that servers bind to: `HOST`, default 127.0.0.1 (nothing is exposed beyond this machine by default). */
export function hostFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOST ?? '127.0.0.1';
}
