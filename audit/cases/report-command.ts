import { writeFileSync } from 'node:fs';
import type { AuditStore } from '../store.ts';
import { buildAuditReport } from './report.ts';
import { formatReport } from './report-format.ts';

/**
 * `npm run audit -- report --user u… | --subject P… --from D --to D [--ori ORI] --format csv|html [--out FILE]`:
 * the audit report of `auditReport` as a file an investigator can keep (CSV: one row per inquiry; HTML:
 * print-ready). Dates as in the API: `YYYY-MM-DD` (`--to` includes that day) or ISO-8601 date-times.
 */
export interface ReportCommandOptions {
  user?: string;
  subject?: string;
  from?: string;
  to?: string;
  ori?: string;
  format?: string;
  out?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A bound as the API reads it: a date alone is the start of that day (`from`) or the end of it (`to`). */
function reportBound(value: string, bound: 'from' | 'to'): string {
  const ms = Date.parse(DATE.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(ms)) throw new Error(`--${bound} must be a date (YYYY-MM-DD) or an ISO-8601 date-time, got "${value}"`);
  return new Date(DATE.test(value) && bound === 'to' ? ms + 86_400_000 : ms).toISOString();
}

/** Writes the report (to `out`, else stdout) and returns the text written. */
export async function reportCommand(store: AuditStore, options: ReportCommandOptions): Promise<string> {
  if ((options.user === undefined) === (options.subject === undefined)) throw new Error('give exactly one of --user and --subject');
  if (options.from === undefined || options.to === undefined) throw new Error('give --from and --to');
  const format = (options.format ?? 'csv').toLowerCase();
  if (format !== 'csv' && format !== 'html') throw new Error(`--format must be csv or html, got "${options.format}"`);
  const from = reportBound(options.from, 'from');
  const to = reportBound(options.to, 'to');
  if (from >= to) throw new Error(`--to (${to}) must be after --from (${from})`);
  const report = await buildAuditReport(store, {
    ...(options.user !== undefined ? { userId: options.user } : { subjectId: options.subject!.toUpperCase() }),
    ...(options.ori !== undefined ? { ori: options.ori.toUpperCase() } : {}),
    from,
    to,
  });
  const text = formatReport(report, format);
  if (options.out) writeFileSync(options.out, text, 'utf8');
  else process.stdout.write(text);
  // The summary goes to stderr, so that it never mixes with a report written to stdout.
  process.stderr.write(
    `report on ${report.userId ?? report.subjectId}: ${report.inquiries.length} inquiries${report.truncated ? ' (truncated)' : ''}, ` +
      `${report.cases.length} misuse cases, chain ${report.chain.ok ? 'OK' : 'BROKEN'} through seq ${report.chain.latestSeq ?? '-'}` +
      `${options.out ? ` -> ${options.out}` : ''}\n`,
  );
  return text;
}
