import { createHash } from 'node:crypto';

/** One policy file as read: its path relative to the policy folder and its bytes. */
export interface VersionedFile {
  relativePath: string;
  bytes: Uint8Array | string;
}

/**
 * The policy's version: sha256 (hex) over its files sorted by relative path, each as its path, its length
 * and its bytes. Content only — a copy of the folder elsewhere, or a file touched without a change, keeps
 * the version; any byte changed, a file added, removed or renamed makes a new one. An audit event names
 * the version it was decided under, so an auditor can fetch exactly those files from version control.
 */
export function policyVersion(files: readonly VersionedFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0))) {
    const bytes = typeof file.bytes === 'string' ? Buffer.from(file.bytes, 'utf8') : file.bytes;
    hash.update(`${file.relativePath}\0${bytes.byteLength}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** How a version is shown to people (UIs, log lines): its first 12 hex digits. */
export function shortVersion(version: string): string {
  return version.slice(0, 12);
}
