import type { AuditEvent } from '../event.ts';
import type { AuditQuery, AuditStore } from '../store.ts';
import type { MisuseCase } from './case.ts';

/**
 * The audit report on one user (what they asked) or one person (who looked them up) over a period: every
 * inquiry, the misuse cases about them, and the chain verified at the time of the report, so that the
 * report in an investigator's file can later be shown to match the trail (latest seq and hash). Built
 * here once for the GraphQL `auditReport` and for `npm run audit -- report` (CSV, HTML).
 */

/** Inquiries a report lists at most; a longer period is reported as truncated (narrow it). */
export const MAX_REPORT_INQUIRIES = 5000;
/** Cases a report lists at most. */
export const MAX_REPORT_CASES = 500;
const PAGE = 1000;

export interface AuditReportRequest {
  /** Exactly one of userId and subjectId. */
  userId?: string;
  subjectId?: string;
  /** ISO-8601, inclusive. */
  from: string;
  /** ISO-8601, exclusive. */
  to: string;
  /** Only this agency's inquiries and cases (a coordinator's report). */
  ori?: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  latestSeq: number | null;
  latestHash: string | null;
  problem: string | null;
  verifiedAt: string;
}

export interface AuditReportData {
  userId: string | null;
  subjectId: string | null;
  from: string;
  to: string;
  generatedAt: string;
  /** Oldest first. */
  inquiries: AuditEvent[];
  truncated: boolean;
  cases: MisuseCase[];
  chain: ChainVerification;
}

export async function buildAuditReport(
  store: AuditStore,
  request: AuditReportRequest,
  maxInquiries = MAX_REPORT_INQUIRIES,
): Promise<AuditReportData> {
  if ((request.userId === undefined) === (request.subjectId === undefined))
    throw new RangeError('give exactly one of userId and subjectId');
  const generatedAt = new Date().toISOString();
  const criteria: Omit<AuditQuery, 'limit' | 'beforeSeq'> = {
    ...(request.userId !== undefined ? { userId: request.userId } : { subject: request.subjectId }),
    ...(request.ori !== undefined ? { ori: request.ori } : {}),
    from: request.from,
    to: request.to,
  };
  const newestFirst: AuditEvent[] = [];
  let beforeSeq: number | undefined;
  for (;;) {
    const limit = Math.min(PAGE, maxInquiries + 1 - newestFirst.length);
    const page = await store.query({ ...criteria, limit, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
    newestFirst.push(...page);
    if (page.length < limit || newestFirst.length > maxInquiries) break;
    beforeSeq = page[page.length - 1].seq;
  }
  const truncated = newestFirst.length > maxInquiries;
  const cases = await store.cases.list({
    ...(request.userId !== undefined ? { userId: request.userId } : { subjectId: request.subjectId }),
    ...(request.ori !== undefined ? { ori: request.ori } : {}),
    from: request.from,
    to: request.to,
    limit: MAX_REPORT_CASES,
  });
  return {
    userId: request.userId ?? null,
    subjectId: request.subjectId ?? null,
    from: request.from,
    to: request.to,
    generatedAt,
    inquiries: newestFirst.slice(0, maxInquiries).reverse(),
    truncated,
    cases,
    chain: await verifyForReport(store),
  };
}

/** The chain verified now, with its latest event (read before verifying, so the verification covers it). */
export async function verifyForReport(store: AuditStore): Promise<ChainVerification> {
  const [latest] = await store.query({ limit: 1 });
  const result = await store.verify();
  return {
    ok: result.ok,
    checked: result.checked,
    latestSeq: latest?.seq ?? null,
    latestHash: latest?.hash ?? null,
    problem: result.problem ? `${result.problem.kind} at seq ${result.problem.seq}: ${result.problem.detail}` : null,
    verifiedAt: new Date().toISOString(),
  };
}

/** What an event shows was seen, one line each: sensitive views, then records. */
export function seenIn(event: Pick<AuditEvent, 'views' | 'records'>): string[] {
  return [...event.views.map((view) => `${view.kind} of ${view.personId}`), ...event.records];
}
