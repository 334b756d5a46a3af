/** The audit report over a real SQLite audit store, and its CSV and HTML forms. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvent, sqliteHarness, type StoreHarness } from '../store-test-support.ts';
import { buildAuditReport } from './report.ts';
import { reportCsv, reportHtml } from './report-format.ts';

describe('audit report', () => {
  let h: StoreHarness;
  beforeEach(async () => {
    h = await sqliteHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  const range = { from: '2025-01-06T00:00:00.000Z', to: '2025-01-07T00:00:00.000Z' };

  it("lists a user's inquiries oldest first, within the period and the agency asked for, with the chain verified", async () => {
    await h.store.append(auditEvent(0, { userId: 'U1', caseNumber: '24-000187', caseStatus: 'VALID' }));
    await h.store.append(auditEvent(1, { userId: 'U2' }));
    await h.store.append(auditEvent(2, { userId: 'U1', ori: 'CA0370000' }));
    await h.store.append(auditEvent(60 * 24, { userId: 'U1' })); // the next day: outside the period
    const report = await buildAuditReport(h.store, { userId: 'U1', ...range });
    expect(report.inquiries.map((e) => e.seq)).toEqual([1, 3]);
    expect(report.inquiries[0]).toMatchObject({ caseNumber: '24-000187', caseStatus: 'VALID' });
    expect(report.truncated).toBe(false);
    const [latest] = await h.store.query({ limit: 1 });
    expect(report.chain).toMatchObject({ ok: true, checked: 4, latestSeq: 4, latestHash: latest.hash, problem: null });
    expect((await buildAuditReport(h.store, { userId: 'U1', ori: 'CA0370000', ...range })).inquiries.map((e) => e.seq)).toEqual([3]);
    expect((await buildAuditReport(h.store, { subjectId: 'P0000001', ...range }, 2)).truncated).toBe(true);
    await expect(buildAuditReport(h.store, { ...range })).rejects.toThrow(/exactly one/);
  });

  it('reports a broken chain, with where it breaks', async () => {
    await h.store.append(auditEvent(0, { userId: 'U1' }));
    await h.store.append(auditEvent(1, { userId: 'U1' }));
    await h.raw.runWithoutTriggers("UPDATE audit_events SET user_name = 'Someone Else' WHERE seq = 1");
    const report = await buildAuditReport(h.store, { userId: 'U1', ...range });
    expect(report.chain.ok).toBe(false);
    expect(report.chain.problem).toMatch(/^ALTERED at seq 1/);
    expect(reportHtml(report)).toContain('BROKEN: ALTERED at seq 1');
  });

  it('CSV quotes what needs quoting and defuses spreadsheet formulas; HTML escapes everything it shows', async () => {
    await h.store.append(
      auditEvent(0, { userId: 'U1', userName: 'Reyes, "Dana"', operationName: '=HYPERLINK("x")', reason: '<script>alert(1)</script>' }),
    );
    const report = await buildAuditReport(h.store, { userId: 'U1', ...range });
    const [, row] = reportCsv(report).split('\r\n');
    expect(row).toContain(',"Reyes, ""Dana""",');
    expect(row).toContain(`,"'=HYPERLINK(""x"")",`);
    const html = reportHtml({ ...report, userId: '<b>U1</b>' });
    expect(html).not.toContain('<b>U1</b>');
    expect(html).toContain('&lt;b&gt;U1&lt;/b&gt;');
    expect(html).not.toMatch(/<script/);
  });
});
