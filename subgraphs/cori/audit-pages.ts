import type { AuditQuery, AuditStore } from '../../audit/store.ts';

const AUDIT_PAGE = 500;

/** The audit events matching `query`, newest first, one page at a time (the caller may stop early). */
export async function* auditPages(audit: AuditStore, query: Omit<AuditQuery, 'limit' | 'beforeSeq'>) {
  let beforeSeq: number | undefined;
  for (;;) {
    const page = await audit.query({ ...query, limit: AUDIT_PAGE, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
    if (page.length > 0) yield page;
    if (page.length < AUDIT_PAGE) return;
    beforeSeq = page[page.length - 1].seq;
  }
}
