import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Simulated Live Scan prints. Every person of the population has fingers, so every person has a template
 * (`printTemplateOf`); DOJ holds the templates of the subjects of its records only (cori `fingerprints`), so
 * an applicant whose prints are not on file has no record, whatever name the agency states.
 */
export function printTemplateOf(personId: string): string {
  return `LS1-${createHash('sha256').update(`ten-print:${personId}`).digest('hex').slice(0, 40).toUpperCase()}`;
}

/** Writes the template of every cori subject into the cori store in `dir` (after the population is written). */
export function writeFingerprints(dir: string): number {
  const db = new Database(path.join(dir, 'cori.sqlite'));
  try {
    const subjects = db.prepare('SELECT cii, person_id AS personId FROM subjects').all() as { cii: string; personId: string }[];
    const insert = db.prepare('INSERT INTO fingerprints (template, cii) VALUES (?, ?)');
    db.transaction(() => subjects.forEach((s) => insert.run(printTemplateOf(s.personId), s.cii)))();
    return subjects.length;
  } finally {
    db.close();
  }
}
