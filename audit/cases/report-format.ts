import type { AuditEvent } from '../event.ts';
import type { AuditReportData } from './report.ts';

/**
 * An audit report as a file: CSV (one row per inquiry, RFC 4180) for a spreadsheet, or a self-contained,
 * print-ready HTML page (no external assets; @media print) an investigator can put in a file.
 */

export const CSV_COLUMNS = [
  'seq',
  'time',
  'user_id',
  'user_name',
  'ori',
  'purpose',
  'case_number',
  'case_status',
  'incident_number',
  'incident_status',
  'outcome',
  'operation',
  'subjects',
  'records',
  'views',
  'fields_disclosed',
  'fields_denied',
  'reason',
  'hash',
] as const;

function inquiryValues(event: AuditEvent): string[] {
  return [
    String(event.seq),
    event.time,
    event.userId ?? '',
    event.userName ?? '',
    event.ori ?? '',
    event.purpose ?? '',
    event.caseNumber ?? '',
    event.caseStatus ?? '',
    event.incidentNumber ?? '',
    event.incidentStatus ?? '',
    event.outcome,
    event.operationName ?? '',
    event.subjects.join(' '),
    event.records.join(' '),
    event.views.map((v) => `${v.kind}:${v.personId}`).join(' '),
    event.fieldsDisclosed.join(' '),
    event.fieldsDenied.join(' '),
    event.reason ?? '',
    event.hash,
  ];
}

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One header row, then one row per inquiry, oldest first (CRLF line ends). */
export function reportCsv(report: AuditReportData): string {
  const rows = [CSV_COLUMNS as readonly string[], ...report.inquiries.map(inquiryValues)];
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body { font: 11pt/1.4 Georgia, 'Times New Roman', serif; margin: 2em; color: #000; }
h1 { font-size: 16pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #000; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; } th, td { border: 1px solid #888; padding: 2px 4px; vertical-align: top; text-align: left; }
th { background: #eee; } .meta td:first-child { font-weight: bold; width: 14em; } .ok { color: #060; } .broken { color: #a00; font-weight: bold; }
code, .hash { font-family: 'Courier New', monospace; font-size: 8pt; word-break: break-all; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } thead { display: table-header-group; } th { background: none; } }
`;

/** A complete HTML document: header, chain verification, misuse cases, then every inquiry. */
export function reportHtml(report: AuditReportData): string {
  const e = escapeHtml;
  const about = report.userId !== null ? `user ${report.userId}` : `person ${report.subjectId ?? ''}`;
  const chain = report.chain;
  const cell = (value: string | number | null | undefined) => `<td>${e(value === null || value === undefined ? '' : String(value))}</td>`;
  const cases = report.cases
    .map(
      (c) =>
        `<tr>${cell(c.id)}${cell(c.status)}${cell(c.severity)}${cell(c.userId)}${cell(c.ori)}${cell(c.subjectId)}<td>${e(c.detectors.join(', '))}${[...new Set(c.alerts.map((a) => a.summary))].map((summary) => `<br><small>${e(summary)}</small>`).join('')}</td>` +
        `${cell(`${c.firstSeen} – ${c.lastSeen}`)}${cell(c.assignee)}<td>${c.history
          .map((h) => `${e(h.at)} ${e(h.by)}: ${e(h.action)} ${e(h.fromStatus ?? '')}→${e(h.toStatus)}${h.note ? ` — ${e(h.note)}` : ''}`)
          .join('<br>')}</td></tr>`,
    )
    .join('\n');
  const inquiries = report.inquiries
    .map(
      (i) =>
        `<tr>${cell(i.seq)}${cell(i.time)}${cell(`${i.userName ?? ''} (${i.userId ?? '—'}, ${i.ori ?? '—'})`)}${cell(i.purpose)}` +
        `${cell([i.caseNumber && `case ${i.caseNumber} ${i.caseStatus ?? ''}`, i.incidentNumber && `incident ${i.incidentNumber} ${i.incidentStatus ?? ''}`].filter(Boolean).join('; '))}` +
        `${cell(i.outcome)}<td>${[...i.views.map((v) => `${v.kind} of ${v.personId}`), ...i.records].map(e).join('<br>')}</td>` +
        `<td><code>${e(i.fieldsDisclosed.join(' '))}</code></td><td class="hash">${e(i.hash.slice(0, 16))}…</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Audit report: ${e(about)}, ${e(report.from)} to ${e(report.to)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Audit report: ${e(about)}</h1>
<p>California criminal-justice records gateway — record of inquiries (CJIS Security Policy 5.4; PC 11105, 11 CCR 703). Synthetic data.</p>
<table class="meta">
<tr><td>Subject of the report</td><td>${e(about)}</td></tr>
<tr><td>Period</td><td>${e(report.from)} (inclusive) to ${e(report.to)} (exclusive)</td></tr>
<tr><td>Generated</td><td>${e(report.generatedAt)}</td></tr>
<tr><td>Inquiries</td><td>${report.inquiries.length}${report.truncated ? ' (truncated: more inquiries in the period; narrow it)' : ''}</td></tr>
<tr><td>Hash chain</td><td class="${chain.ok ? 'ok' : 'broken'}">${chain.ok ? 'INTACT' : `BROKEN: ${e(chain.problem ?? '')}`} — ${chain.checked} events verified at ${e(chain.verifiedAt)}</td></tr>
<tr><td>Latest event</td><td>seq ${e(String(chain.latestSeq ?? '—'))}, hash <span class="hash">${e(chain.latestHash ?? '—')}</span></td></tr>
</table>
<h2>Misuse cases (${report.cases.length})</h2>
${report.cases.length === 0 ? '<p>None.</p>' : `<table><thead><tr><th>Case</th><th>Status</th><th>Severity</th><th>User</th><th>ORI</th><th>Subject</th><th>Detectors and findings</th><th>Alerts</th><th>Assignee</th><th>History</th></tr></thead><tbody>\n${cases}\n</tbody></table>`}
<h2>Inquiries (${report.inquiries.length})</h2>
${report.inquiries.length === 0 ? '<p>None.</p>' : `<table><thead><tr><th>Seq</th><th>Time (UTC)</th><th>Operator</th><th>Purpose</th><th>Case / incident (need to know)</th><th>Outcome</th><th>Seen</th><th>Fields disclosed</th><th>Hash</th></tr></thead><tbody>\n${inquiries}\n</tbody></table>`}
</body>
</html>
`;
}

export type ReportFormat = 'csv' | 'html';

export function formatReport(report: AuditReportData, format: ReportFormat): string {
  return format === 'csv' ? reportCsv(report) : reportHtml(report);
}
