import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { Alert } from '../../audit/alert.ts';
import type { AuditEvent } from '../../audit/event.ts';
import type { AuditQuery } from '../../audit/store.ts';
import { connection as pageOf, decodePosition, EMPTY_CONNECTION, type Connection, type PageArgs } from '../common/paging.ts';
import { userActivity } from './activity.ts';
import { caseMutationResolvers, caseQueryResolvers, caseTypeResolvers } from './cases.ts';
import { inScope, scopedOri, scopeOf } from './scope.ts';
import { parseFirst, parseOri, parseOutcome, parsePersonId, parsePurposeCode, parseTimeRange, parseUserId } from './validate.ts';

import type { AuditContext } from './context.ts';

interface PersonRef {
  id: string;
}

interface AuditEventFilterInput {
  userId?: string | null;
  ori?: string | null;
  subject?: string | null;
  purpose?: string | null;
  outcome?: string | null;
  from?: string | null;
  to?: string | null;
}

interface AlertFilterInput {
  userId?: string | null;
  ori?: string | null;
  from?: string | null;
  to?: string | null;
}

/** A page as validated: its size and the position (seq or alert id) it continues below, if any. */
interface Page {
  first: number;
  below: number | undefined;
}

/** The kinds of audit list, as their cursors name them. */
type CursorKind = 'event' | 'alert';
const CURSOR_KIND: Record<CursorKind, string> = { event: 'audit-event', alert: 'misuse-alert' };

type Criteria = Omit<AuditQuery, 'beforeSeq' | 'limit'>;

function parsePage(kind: CursorKind, args: PageArgs): Page {
  return { first: parseFirst(args.first), below: args.after == null ? undefined : decodePosition(CURSOR_KIND[kind], args.after) };
}

function parseEventFilter(filter: AuditEventFilterInput | null | undefined): Criteria {
  if (!filter) return {};
  return {
    userId: filter.userId == null ? undefined : parseUserId(filter.userId, 'filter.userId'),
    ori: filter.ori == null ? undefined : parseOri(filter.ori, 'filter.ori'),
    subject: filter.subject == null ? undefined : parsePersonId(filter.subject, 'filter.subject'),
    purpose: filter.purpose == null ? undefined : parsePurposeCode(filter.purpose, 'filter.purpose'),
    outcome: filter.outcome == null ? undefined : parseOutcome(filter.outcome, 'filter.outcome'),
    ...parseTimeRange(filter.from, filter.to, 'filter.'),
  };
}

/** Reads one more item than the page holds, to know whether another page follows. */
function connection<T>(items: T[], page: Page, kind: CursorKind, position: (item: T) => number): Connection<T> {
  return pageOf(items, page.first, CURSOR_KIND[kind], (item) => [position(item)]);
}

const EMPTY = EMPTY_CONNECTION;

/** The caller's page of events matching `criteria`, within the part of the trail the caller may read. */
async function eventPage(ctx: AuditContext, criteria: Criteria, page: Page): Promise<Connection<AuditEvent>> {
  const scoped = scopedOri(scopeOf(ctx.caller), criteria.ori);
  if (!scoped) return EMPTY;
  const events = await ctx.store.events({ ...criteria, ori: scoped.ori, beforeSeq: page.below, limit: page.first + 1 });
  return connection(events, page, 'event', (event) => event.seq);
}

export const resolvers: GraphQLResolverMap<AuditContext> = {
  Query: {
    auditEvents(_: unknown, args: PageArgs & { filter?: AuditEventFilterInput | null }, ctx: AuditContext) {
      const page = parsePage('event', args);
      return eventPage(ctx, parseEventFilter(args.filter), page);
    },

    disclosuresOf(_: unknown, args: PageArgs & { personId: string; from?: string | null; to?: string | null }, ctx: AuditContext) {
      const subject = parsePersonId(args.personId, 'personId');
      const range = parseTimeRange(args.from, args.to);
      const page = parsePage('event', args);
      return eventPage(ctx, { subject, ...range }, page);
    },

    async misuseAlerts(_: unknown, args: PageArgs & { filter?: AlertFilterInput | null }, ctx: AuditContext) {
      const page = parsePage('alert', args);
      const filter = args.filter ?? {};
      const userId = filter.userId == null ? undefined : parseUserId(filter.userId, 'filter.userId');
      const ori = filter.ori == null ? undefined : parseOri(filter.ori, 'filter.ori');
      const range = parseTimeRange(filter.from, filter.to, 'filter.');
      const scoped = scopedOri(scopeOf(ctx.caller), ori);
      if (!scoped) return EMPTY;
      const alerts = await ctx.store.alerts({ userId, ...range, ori: scoped.ori, beforeId: page.below, limit: page.first + 1 });
      return connection(alerts, page, 'alert', (alert) => alert.id);
    },

    ...caseQueryResolvers,
    userActivity,
  },

  Mutation: caseMutationResolvers,
  ...caseTypeResolvers,

  Person: {
    __resolveReference(ref: PersonRef): PersonRef {
      return { id: ref.id };
    },
    auditTrail(person: PersonRef, args: PageArgs, ctx: AuditContext) {
      return eventPage(ctx, { subject: person.id }, parsePage('event', args));
    },
  },

  AuditEvent: {
    seq: (event: AuditEvent) => String(event.seq),
  },

  MisuseAlert: {
    id: (alert: Alert) => String(alert.id),
    facts: (alert: Alert) => JSON.stringify(alert.facts),
    evidenceSeqs: (alert: Alert) => evidenceSeqs(alert).map(String),
    async evidence(alert: Alert, _: unknown, ctx: AuditContext) {
      const scope = scopeOf(ctx.caller);
      const events = await ctx.loaders.eventBySeq.loadMany(evidenceSeqs(alert));
      const failure = events.find((event) => event instanceof Error);
      if (failure) throw failure;
      // Evidence from another agency stays hidden from a coordinator, whatever the alert says.
      return events.filter((event): event is AuditEvent => event !== null && !(event instanceof Error) && inScope(scope, event.ori));
    },
  },
};

function evidenceSeqs(alert: Alert): number[] {
  return [...new Set(alert.eventSeqs)].sort((a, b) => a - b);
}
