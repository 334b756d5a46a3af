import {
  CASE_STATUSES,
  CaseChangeError,
  type CaseChangeInput,
  type CaseCriteria,
  type MisuseCase,
  RESOLUTIONS,
  SEVERITIES,
} from '../../audit/cases/case.ts';
import type { AuditReportData } from '../../audit/cases/report.ts';
import { seenIn } from '../../audit/cases/report.ts';
import type { AuditEvent } from '../../audit/event.ts';
import { badUserInput } from '../common/errors.ts';
import { parseIdempotencyKey } from '../common/idempotency.ts';
import { connection, decodePosition, EMPTY_CONNECTION, type PageArgs } from '../common/paging.ts';
import type { AuditContext } from './context.ts';
import { inScope, scopedOri, scopeOf } from './scope.ts';
import {
  parseCaseId,
  parseDetector,
  parseFirst,
  parseNote,
  parseOptionalNote,
  parseOri,
  parsePersonId,
  parseTimeRange,
  parseUserId,
  parseWord,
} from './validate.ts';

/**
 * Misuse cases in the audit subgraph: the list with its totals, one case with its evidence timeline and
 * history, the triage mutations, and the audit report. Who sees what is the alerts' rule (scope.ts): a DOJ
 * auditor every agency's cases, a coordinator their own agency's — another agency's case answers exactly
 * like an unknown one, to reads and to changes alike.
 */

const CURSOR = 'misuse-case';

interface CaseFilterInput {
  detector?: string | null;
  severity?: string | null;
  status?: string | null;
  userId?: string | null;
  ori?: string | null;
  subjectId?: string | null;
  from?: string | null;
  to?: string | null;
}

function parseCaseFilter(filter: CaseFilterInput | null | undefined): CaseCriteria {
  if (!filter) return {};
  return {
    detector: filter.detector == null ? undefined : parseDetector(filter.detector, 'filter.detector'),
    severity: filter.severity == null ? undefined : parseWord(filter.severity, SEVERITIES, 'filter.severity', 'severity'),
    status: filter.status == null ? undefined : parseWord(filter.status, CASE_STATUSES, 'filter.status', 'case status'),
    userId: filter.userId == null ? undefined : parseUserId(filter.userId, 'filter.userId'),
    ori: filter.ori == null ? undefined : parseOri(filter.ori, 'filter.ori'),
    subjectId: filter.subjectId == null ? undefined : parsePersonId(filter.subjectId, 'filter.subjectId'),
    ...parseTimeRange(filter.from, filter.to, 'filter.'),
  };
}

/** The case if the caller may see it, else null (unknown and out of scope look the same). */
async function visibleCase(ctx: AuditContext, id: number): Promise<MisuseCase | null> {
  const found = await ctx.loaders.caseById.load(id);
  return found && inScope(scopeOf(ctx.caller), found.ori) ? found : null;
}

async function change(
  ctx: AuditContext,
  args: { id: string; idempotencyKey: string },
  action: (id: number) => CaseChangeInput,
): Promise<MisuseCase> {
  const id = parseCaseId(args.id);
  const key = parseIdempotencyKey(args.idempotencyKey);
  const input = { ...action(id), idempotencyKey: key, by: ctx.caller.sub };
  if (!(await visibleCase(ctx, id))) throw badUserInput('id', `no misuse case ${id}.`);
  try {
    const result = await ctx.store.changeCase(input);
    return result.case;
  } catch (error) {
    if (error instanceof CaseChangeError) throw badUserInput(error.kind === 'IDEMPOTENCY_KEY' ? 'idempotencyKey' : 'id', error.message);
    throw error;
  }
}

/** Counts as `{ key, count }` rows, in the order given (statuses and severities in their natural order). */
function counts(record: Record<string, number>): { key: string; count: number }[] {
  return Object.entries(record).map(([key, count]) => ({ key, count }));
}

interface EvidenceItem {
  seq: number;
  detectors: string[];
  caseOri: string;
}

export const caseQueryResolvers = {
  async misuseCases(_: unknown, args: PageArgs & { filter?: CaseFilterInput | null }, ctx: AuditContext) {
    const first = parseFirst(args.first);
    const below = args.after == null ? undefined : decodePosition(CURSOR, args.after);
    const criteria = parseCaseFilter(args.filter);
    const scoped = scopedOri(scopeOf(ctx.caller), criteria.ori);
    if (!scoped) return { ...EMPTY_CONNECTION, totals: null, scopedCriteria: null };
    const scopedCriteria = { ...criteria, ori: scoped.ori };
    const cases = await ctx.store.cases({ ...scopedCriteria, beforeId: below, limit: first + 1 });
    for (const c of cases) ctx.loaders.caseById.prime(c.id, c);
    return { ...connection(cases, first, CURSOR, (c) => [c.id]), scopedCriteria };
  },

  async misuseCase(_: unknown, args: { id: string }, ctx: AuditContext) {
    return visibleCase(ctx, parseCaseId(args.id));
  },

  async auditReport(
    _: unknown,
    args: { userId?: string | null; subjectId?: string | null; from: string; to: string },
    ctx: AuditContext,
  ): Promise<AuditReportData | null> {
    const userId = args.userId == null ? undefined : parseUserId(args.userId, 'userId');
    const subjectId = args.subjectId == null ? undefined : parsePersonId(args.subjectId, 'subjectId');
    if ((userId === undefined) === (subjectId === undefined)) throw badUserInput('userId', 'give exactly one of userId and subjectId.');
    const range = parseTimeRange(args.from, args.to);
    const scoped = scopedOri(scopeOf(ctx.caller), undefined);
    if (!scoped) return null;
    const report = await ctx.store.report({ userId, subjectId, from: range.from!, to: range.to!, ori: scoped.ori });
    for (const c of report.cases) ctx.loaders.caseById.prime(c.id, c);
    return report;
  },
};

export const caseMutationResolvers = {
  assignMisuseCase(_: unknown, args: { id: string; assignee: string; note?: string | null; idempotencyKey: string }, ctx: AuditContext) {
    const assignee = parseUserId(args.assignee, 'assignee');
    const note = parseOptionalNote(args.note);
    return change(ctx, args, (caseId) => ({ caseId, action: 'ASSIGN', assignee, note, by: '', idempotencyKey: '' }));
  },
  resolveMisuseCase(_: unknown, args: { id: string; status: string; note: string; idempotencyKey: string }, ctx: AuditContext) {
    const status = parseWord(args.status, RESOLUTIONS, 'status', 'resolution');
    const note = parseNote(args.note);
    return change(ctx, args, (caseId) => ({ caseId, action: 'RESOLVE', status, note, by: '', idempotencyKey: '' }));
  },
  addMisuseCaseNote(_: unknown, args: { id: string; note: string; idempotencyKey: string }, ctx: AuditContext) {
    const note = parseNote(args.note);
    return change(ctx, args, (caseId) => ({ caseId, action: 'NOTE', note, by: '', idempotencyKey: '' }));
  },
};

export const caseTypeResolvers = {
  MisuseCaseConnection: {
    async totals(parent: { scopedCriteria: CaseCriteria | null }, _: unknown, ctx: AuditContext) {
      if (!parent.scopedCriteria) return { total: 0, byStatus: [], bySeverity: [], byDetector: [] };
      const totals = await ctx.store.caseTotals(parent.scopedCriteria);
      return {
        total: totals.total,
        byStatus: counts(totals.byStatus),
        bySeverity: counts(totals.bySeverity),
        byDetector: counts(totals.byDetector),
      };
    },
  },
  MisuseCase: {
    id: (c: MisuseCase) => String(c.id),
    summaries: (c: MisuseCase) => [...new Set(c.alerts.map((a) => a.summary))],
    evidence(c: MisuseCase): EvidenceItem[] {
      const bySeq = new Map<number, Set<string>>();
      for (const alert of c.alerts) {
        for (const seq of alert.eventSeqs) {
          const detectors = bySeq.get(seq) ?? new Set<string>();
          detectors.add(alert.detector);
          bySeq.set(seq, detectors);
        }
      }
      return [...bySeq.entries()]
        .sort(([a], [b]) => a - b)
        .map(([seq, detectors]) => ({ seq, detectors: [...detectors].sort(), caseOri: c.ori }));
    },
  },
  MisuseCaseAlert: {
    evidenceSeqs: (a: MisuseCase['alerts'][number]) => a.eventSeqs.map(String),
  },
  MisuseCaseEvidence: {
    seq: (e: EvidenceItem) => String(e.seq),
    async seen(e: EvidenceItem, _: unknown, ctx: AuditContext) {
      const event = await evidenceEvent(e, ctx);
      return event ? seenIn(event) : [];
    },
    event: (e: EvidenceItem, _: unknown, ctx: AuditContext) => evidenceEvent(e, ctx),
  },
  AuditReport: {
    misuseCases: (r: AuditReportData) => r.cases,
    inquiryCount: (r: AuditReportData) => r.inquiries.length,
    chain: (r: AuditReportData) => ({ ...r.chain, latestSeq: r.chain.latestSeq === null ? null : String(r.chain.latestSeq) }),
  },
};

/** The evidence event, if it still exists and is in the caller's scope (evidence of another agency stays hidden). */
async function evidenceEvent(e: EvidenceItem, ctx: AuditContext): Promise<AuditEvent | null> {
  const event = await ctx.loaders.eventBySeq.load(e.seq);
  return event && inScope(scopeOf(ctx.caller), event.ori) ? event : null;
}
