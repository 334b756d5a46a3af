import { randomUUID } from 'node:crypto';
import { badUserInput } from '../common/errors.ts';
import { now } from '../common/clock.ts';
import { parseIdentifier } from '../common/validate.ts';
import { pairKey } from './loaders.ts';
import { parseKnownOri, writeMessage } from './messages.ts';
import * as w from './workflow-queries.ts';
import type { PageArgs } from '../common/paging.ts';
import { pageOf, parsePage } from './paging.ts';
import { forbidden, parseFirst, parseId, parseIdempotencyKey, parseIsoTime, parseOptionalText, runOnce, type Context } from './workflow.ts';

/**
 * Hit confirmation (Nlets YQ/YR, NCIC policy): the inquiring agency asks the entering agency to confirm a
 * hit; answer due in 10 minutes (URGENT) or 1 hour (ROUTINE); unanswered → 2nd then 3rd request, then escalate.
 */

type RecordType = w.HitConfirmationRow['recordType'];
type Priority = w.HitConfirmationRow['priority'];
type Response = 'CONFIRMED' | 'DENIED' | 'NEED_MORE_TIME';

const ANSWER_MINUTES: Record<Priority, number> = { URGENT: 10, ROUTINE: 60 };
/** Nlets YQ request type: WP wanted person, PO protection order. */
const YQ_TYPE: Record<RecordType, string> = { WANTED: 'WP', PROTECTION_ORDER: 'PO' };
export const MAX_ATTEMPTS = 3;

interface RequestInput {
  nic: string;
  recordType: RecordType;
  enteringOri: string;
  priority: Priority;
  remarks?: string | null;
}

interface ResponseInput {
  id: string;
  response: Response;
  confirmBy?: string | null;
  remarks?: string | null;
}

function dueFrom(at: Date, priority: Priority): string {
  return new Date(at.getTime() + ANSWER_MINUTES[priority] * 60_000).toISOString();
}

/** The time by which the entering agency owes an answer, or null once it has confirmed or denied. */
function deadline(h: w.HitConfirmationRow): string | null {
  if (h.status === 'PENDING') return h.dueAt;
  if (h.status === 'NEED_MORE_TIME') return h.confirmBy;
  return null;
}

function isOverdue(h: w.HitConfirmationRow): boolean {
  const by = deadline(h);
  return by !== null && now().getTime() > Date.parse(by);
}

const canSee = (ctx: Context, h: w.HitConfirmationRow) => h.requestingOri === ctx.caller.ori || h.enteringOri === ctx.caller.ori;

/** Reads a hit confirmation inside a mutation's transaction, refusing agencies that are not `side` of it. */
function ownHit(ctx: Context, id: string, side: 'requestingOri' | 'enteringOri', action: string): w.HitConfirmationRow {
  const hit = w.hitConfirmationsById(ctx.store, [id])[0];
  if (!hit || hit[side] !== ctx.caller.ori) {
    const who = side === 'requestingOri' ? 'the requesting agency' : 'the entering agency';
    throw forbidden(`Hit confirmation ${id} is not yours to ${action}: only ${who} may (your ORI ${ctx.caller.ori}).`);
  }
  return hit;
}

function sendYq(ctx: Context, hit: w.HitConfirmationRow, sentAt: string): void {
  const lines = [
    `Request ${hit.attempt} of ${MAX_ATTEMPTS} to confirm NCIC hit on ${hit.recordType} record NIC/${hit.nic}.`,
    `Priority ${hit.priority}: answer (confirm, deny or say when you will confirm) by ${hit.dueAt}.`,
  ];
  if (hit.remarks) lines.push(`Remarks: ${hit.remarks}`);
  writeMessage(
    ctx.store,
    {
      kind: 'YQ',
      fromOri: hit.requestingOri,
      sentBy: ctx.caller.sub,
      sentAt,
      hitConfirmationId: hit.id,
      subject: `YQ ${YQ_TYPE[hit.recordType]} NIC/${hit.nic} PRI/${hit.priority[0]} RNO/${hit.attempt}`,
      text: lines.join('\n'),
    },
    [hit.enteringOri],
  );
}

async function loadFresh(ctx: Context, id: string) {
  ctx.loaders.hitConfirmationById.clear(id);
  ctx.loaders.messagesByHitConfirmation.clear(id);
  return ctx.loaders.hitConfirmationById.load(id);
}

export const hitQueries = {
  async hitConfirmation(_: unknown, args: { id: string }, ctx: Context) {
    const hit = await ctx.loaders.hitConfirmationById.load(parseId(args.id));
    return hit && canSee(ctx, hit) ? hit : null;
  },
  hitConfirmations(_: unknown, args: { role: 'SENT' | 'RECEIVED'; first?: number | null }, ctx: Context) {
    return w.hitConfirmationsOfAgency(ctx.store, args.role, ctx.caller.ori, parseFirst(args.first));
  },
  hitConfirmationsConnection(_: unknown, args: PageArgs & { role: 'SENT' | 'RECEIVED' }, ctx: Context) {
    const page = parsePage('hit-confirmation', args);
    const rows = w.hitConfirmationsOfAgency(ctx.store, args.role, ctx.caller.ori, page.first + 1, page.after);
    return pageOf(rows, page, 'hit-confirmation', (h) => h.requestedAt);
  },
};

export const hitMutations = {
  async requestHitConfirmation(_: unknown, args: { input: RequestInput; idempotencyKey: string }, ctx: Context) {
    const key = parseIdempotencyKey(args.idempotencyKey);
    const { input } = args;
    const nic = parseIdentifier(input.nic, 'input.nic', { regex: /^[A-Z]\d{9}$/, example: 'W123456789' });
    const remarks = parseOptionalText(input.remarks, 'input.remarks', 500);
    const enteringOri = await parseKnownOri(ctx, input.enteringOri, 'input.enteringOri');
    if (enteringOri === ctx.caller.ori) {
      throw badUserInput('input.enteringOri', `${enteringOri} is your own agency: confirm your own records directly.`);
    }
    const at = now();
    const id = runOnce(ctx.store, ctx.caller.sub, key, 'requestHitConfirmation', () => {
      const hit: w.HitConfirmationRow = {
        id: randomUUID(),
        nic,
        recordType: input.recordType,
        requestingOri: ctx.caller.ori,
        requestedBy: ctx.caller.sub,
        enteringOri,
        priority: input.priority,
        remarks,
        requestedAt: at.toISOString(),
        dueAt: dueFrom(at, input.priority),
        attempt: 1,
        status: 'PENDING',
        respondedAt: null,
        respondedBy: null,
        confirmBy: null,
        responseRemarks: null,
      };
      w.insertHitConfirmation(ctx.store, hit);
      sendYq(ctx, hit, hit.requestedAt);
      return hit.id;
    });
    return loadFresh(ctx, id);
  },

  async respondHitConfirmation(_: unknown, args: { input: ResponseInput; idempotencyKey: string }, ctx: Context) {
    const key = parseIdempotencyKey(args.idempotencyKey);
    const { input } = args;
    const id = parseId(input.id, 'input.id');
    const remarks = parseOptionalText(input.remarks, 'input.remarks', 500);
    let confirmBy: string | null = null;
    if (input.response === 'NEED_MORE_TIME') {
      if (input.confirmBy == null) throw badUserInput('input.confirmBy', 'required with NEED_MORE_TIME: say when you will confirm.');
      confirmBy = parseIsoTime(input.confirmBy, 'input.confirmBy');
      if (Date.parse(confirmBy) <= now().getTime()) throw badUserInput('input.confirmBy', `${confirmBy} is not in the future.`);
    } else if (input.confirmBy != null) {
      throw badUserInput('input.confirmBy', 'only with NEED_MORE_TIME.');
    }
    const at = now().toISOString();
    runOnce(ctx.store, ctx.caller.sub, key, 'respondHitConfirmation', () => {
      const hit = ownHit(ctx, id, 'enteringOri', 'answer');
      if (hit.status === 'CONFIRMED' || hit.status === 'DENIED') {
        throw forbidden(`Hit confirmation ${id} was already answered ${hit.status} at ${hit.respondedAt}.`);
      }
      w.updateHitResponse(ctx.store, id, input.response, at, ctx.caller.sub, confirmBy, remarks);
      const lines = [`Response to request ${hit.attempt} on ${hit.recordType} record NIC/${hit.nic}: ${input.response}.`];
      if (confirmBy) lines.push(`Will confirm by ${confirmBy}.`);
      if (remarks) lines.push(`Remarks: ${remarks}`);
      writeMessage(
        ctx.store,
        {
          kind: 'YR',
          fromOri: hit.enteringOri,
          sentBy: ctx.caller.sub,
          sentAt: at,
          hitConfirmationId: id,
          subject: `YR ${YQ_TYPE[hit.recordType]} NIC/${hit.nic} ${input.response}`,
          text: lines.join('\n'),
        },
        [hit.requestingOri],
      );
      return id;
    });
    return loadFresh(ctx, id);
  },

  async resendHitConfirmation(_: unknown, args: { id: string; idempotencyKey: string }, ctx: Context) {
    const key = parseIdempotencyKey(args.idempotencyKey);
    const id = parseId(args.id);
    const at = now();
    runOnce(ctx.store, ctx.caller.sub, key, 'resendHitConfirmation', () => {
      const hit = ownHit(ctx, id, 'requestingOri', 'resend');
      if (!isOverdue(hit)) {
        const by = deadline(hit);
        throw forbidden(
          by
            ? `Hit confirmation ${id} is not overdue: the answer is due by ${by}.`
            : `Hit confirmation ${id} was already answered ${hit.status}.`,
        );
      }
      if (hit.attempt >= MAX_ATTEMPTS) {
        throw forbidden(`Hit confirmation ${id}: request ${MAX_ATTEMPTS} is unanswered; escalate per state procedure.`);
      }
      const next = { ...hit, attempt: hit.attempt + 1, dueAt: dueFrom(at, hit.priority), status: 'PENDING' as const };
      w.updateHitResend(ctx.store, id, next.attempt, next.dueAt);
      sendYq(ctx, next, at.toISOString());
      return id;
    });
    return loadFresh(ctx, id);
  },
};

/** `hitConfirmations` of an NCIC record entity (WantedPersonRecord, ProtectionOrder): only the caller's agency's. */
function recordHits(recordType: RecordType) {
  return {
    __resolveReference: (ref: { nic: string }) => ({ nic: ref.nic }),
    async hitConfirmations(record: { nic: string }, _: unknown, ctx: Context) {
      const hits = await ctx.loaders.hitConfirmationsByRecord.load(pairKey(recordType, record.nic));
      return hits.filter((h) => canSee(ctx, h));
    },
  };
}

export const hitEntities = {
  WantedPersonRecord: recordHits('WANTED'),
  ProtectionOrder: recordHits('PROTECTION_ORDER'),
  HitConfirmation: {
    overdue: (h: w.HitConfirmationRow) => isOverdue(h),
    escalate: (h: w.HitConfirmationRow) => isOverdue(h) && h.attempt >= MAX_ATTEMPTS,
    messages: (h: w.HitConfirmationRow, _: unknown, ctx: Context) => ctx.loaders.messagesByHitConfirmation.load(h.id),
    requesting: (h: w.HitConfirmationRow, _: unknown, ctx: Context) => ctx.loaders.agencyByOri.load(h.requestingOri),
    entering: (h: w.HitConfirmationRow, _: unknown, ctx: Context) => ctx.loaders.agencyByOri.load(h.enteringOri),
  },
};
