import { randomUUID } from 'node:crypto';
import { badUserInput } from '../common/errors.ts';
import { now } from '../common/clock.ts';
import type { Store } from '../common/store.ts';
import { parseOri } from './validate.ts';
import * as w from './workflow-queries.ts';
import type { PageArgs } from '../common/paging.ts';
import { pageOf, parsePage } from './paging.ts';
import { forbidden, parseFirst, parseId, parseIdempotencyKey, parseText, runOnce, type Context } from './workflow.ts';

/** Administrative messages (Nlets AM) between agencies; YQ/YR hit confirmation messages use the same store. */

export const MAX_RECIPIENTS = 10;

interface MessageInput {
  to: string[];
  subject: string;
  text: string;
}

/** Writes one message and its recipient rows (inside the caller's transaction); returns its id. */
export function writeMessage(store: Store, message: Omit<w.MessageRow, 'id'>, to: readonly string[]): string {
  const id = randomUUID();
  w.insertMessage(store, { id, ...message });
  for (const ori of to) w.insertRecipient(store, id, ori);
  return id;
}

/** An ORI that is in the ORION directory, else BAD_USER_INPUT naming the argument and the ORI. */
export async function parseKnownOri(ctx: Context, value: string, argument: string): Promise<string> {
  const ori = parseOri(value, argument);
  if (!(await ctx.loaders.agencyByOri.load(ori))) {
    throw badUserInput(argument, `ORI ${ori} is not in the ORION directory.`);
  }
  return ori;
}

async function parseRecipients(ctx: Context, to: readonly string[]): Promise<string[]> {
  if (to.length < 1 || to.length > MAX_RECIPIENTS) {
    throw badUserInput('input.to', `send to 1 to ${MAX_RECIPIENTS} ORIs (got ${to.length}).`);
  }
  const oris = to.map((value, i) => parseOri(value, `input.to[${i}]`));
  await Promise.all(oris.map((ori, i) => parseKnownOri(ctx, ori, `input.to[${i}]`)));
  return [...new Set(oris)];
}

/** Whether the caller's agency sent or received the message. */
async function visible(ctx: Context, message: w.MessageRow): Promise<boolean> {
  if (message.fromOri === ctx.caller.ori) return true;
  const recipients = await ctx.loaders.recipientsByMessage.load(message.id);
  return recipients.some((r) => r.ori === ctx.caller.ori);
}

/** A message by id if the caller's agency sent or received it, else null. */
export async function visibleMessage(ctx: Context, id: string): Promise<w.MessageRow | null> {
  const message = await ctx.loaders.messageById.load(id);
  return message && (await visible(ctx, message)) ? message : null;
}

export const messageQueries = {
  inbox(_: unknown, args: { unreadOnly?: boolean | null; first?: number | null }, ctx: Context) {
    return w.inbox(ctx.store, ctx.caller.ori, args.unreadOnly ?? false, parseFirst(args.first));
  },
  outbox(_: unknown, args: { first?: number | null }, ctx: Context) {
    return w.outbox(ctx.store, ctx.caller.ori, parseFirst(args.first));
  },
  inboxConnection(_: unknown, args: PageArgs & { unreadOnly?: boolean | null }, ctx: Context) {
    const page = parsePage('nlets-inbox', args);
    const rows = w.inbox(ctx.store, ctx.caller.ori, args.unreadOnly ?? false, page.first + 1, page.after);
    return pageOf(rows, page, 'nlets-inbox', (m) => m.sentAt);
  },
  outboxConnection(_: unknown, args: PageArgs, ctx: Context) {
    const page = parsePage('nlets-outbox', args);
    return pageOf(w.outbox(ctx.store, ctx.caller.ori, page.first + 1, page.after), page, 'nlets-outbox', (m) => m.sentAt);
  },
  message(_: unknown, args: { id: string }, ctx: Context) {
    return visibleMessage(ctx, parseId(args.id));
  },
};

export const messageMutations = {
  async sendAdministrativeMessage(_: unknown, args: { input: MessageInput; idempotencyKey: string }, ctx: Context) {
    const key = parseIdempotencyKey(args.idempotencyKey);
    const subject = parseText(args.input.subject, 'input.subject', 100);
    const text = parseText(args.input.text, 'input.text', 4000);
    const to = await parseRecipients(ctx, args.input.to);
    const sentAt = now().toISOString();
    const id = runOnce(ctx.store, ctx.caller.sub, key, 'sendAdministrativeMessage', () =>
      writeMessage(
        ctx.store,
        {
          kind: 'AM',
          fromOri: ctx.caller.ori,
          sentBy: ctx.caller.sub,
          subject,
          text,
          sentAt,
          hitConfirmationId: null,
        },
        to,
      ),
    );
    return ctx.loaders.messageById.load(id);
  },

  markMessageRead(_: unknown, args: { id: string; idempotencyKey: string }, ctx: Context) {
    const key = parseIdempotencyKey(args.idempotencyKey);
    const id = parseId(args.id);
    const at = now().toISOString();
    runOnce(ctx.store, ctx.caller.sub, key, 'markMessageRead', () => {
      const recipients = w.recipientsByMessage(ctx.store, [id]);
      if (!recipients.some((r) => r.ori === ctx.caller.ori)) {
        throw forbidden(`Message ${id} is not addressed to your agency (${ctx.caller.ori}): only a receiving agency marks it read.`);
      }
      w.markRead(ctx.store, id, ctx.caller.ori, at, ctx.caller.sub);
      return id;
    });
    ctx.loaders.recipientsByMessage.clear(id);
    return ctx.loaders.messageById.load(id);
  },
};

export const AdministrativeMessage = {
  from: (m: w.MessageRow, _: unknown, ctx: Context) => ctx.loaders.agencyByOri.load(m.fromOri),
  async to(m: w.MessageRow, _: unknown, ctx: Context) {
    return (await ctx.loaders.recipientsByMessage.load(m.id)).map((r) => r.ori);
  },
  async readAt(m: w.MessageRow, _: unknown, ctx: Context) {
    const recipients = await ctx.loaders.recipientsByMessage.load(m.id);
    return recipients.find((r) => r.ori === ctx.caller.ori)?.readAt ?? null;
  },
};
