import { randomUUID } from 'node:crypto';
import type { AuditStore } from '../../audit/store.ts';
import { now } from '../common/clock.ts';
import { auditPages } from './audit-pages.ts';
import { badUserInput } from '../common/errors.ts';
import { priorResult, runOnce } from '../common/idempotency.ts';
import { EMPTY_CONNECTION, type Connection } from '../common/paging.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import { disseminationRecipients } from './dissemination-queries.ts';
import type { CoriLoaders } from './loaders.ts';
import type { ChargeRow } from './queries.ts';
import type { PageArgs } from '../common/paging.ts';
import { pageOf, parsePage } from './paging.ts';
import * as wq from './workflow-queries.ts';
import {
  forbidden,
  parseFirst,
  parseIdempotencyKey,
  parseOptionalText,
  parseRecordId,
  parseResolution,
  parseStatus,
  parseText,
  type ParsedResolution,
  type ResolveInput,
} from './workflow-parse.ts';

/**
 * Record review (PC 11120–11127): a subject challenges a charge of their own record, a DOJ records clerk
 * corrects it (notifying the agencies that received the record in the past two years, from the audit
 * trail) or denies it (the subject may then ask for an administrative hearing).
 */

type Context = SubgraphContext<CoriLoaders>;

/** What cori needs beyond its store: the audit trail, to find who received a record. */
export interface CoriServices {
  /** The audit store (opened on first use when the starter owns it); absent: corrections cannot be made. */
  auditStore?: () => Promise<AuditStore>;
}

const SUBJECT = 'SUBJECT';
const RECORDS_CLERK = 'RECORDS_CLERK';
const REVIEWERS = [RECORDS_CLERK, 'COURT_CLERK'];

interface FileInput {
  chargeId: string;
  claimedError: string;
  materiality: string;
  evidence?: string | null;
}

/** Null: the caller sees every challenge; a person id: only that subject's; undefined: none. */
function visibleTo(ctx: Context): string | null | undefined {
  if (ctx.caller.roles.some((role) => REVIEWERS.includes(role))) return null;
  if (ctx.caller.roles.includes(SUBJECT)) return ctx.caller.sub;
  return undefined;
}

function challenge(ctx: Context, id: string): wq.ChallengeRow | null {
  return wq.challengesById(ctx.store, [id])[0] ?? null;
}

/** The distinct ORIs that received `CriminalHistory:<cii>` of this person since `from`. */
export async function recordRecipients(audit: AuditStore, personId: string, cii: string, from: string): Promise<string[]> {
  const record = `CriminalHistory:${cii}`;
  const oris = new Set<string>();
  for await (const page of auditPages(audit, { subject: personId, from })) {
    for (const event of page) {
      // Agencies that received the record; the subject's own review of it is not a dissemination.
      const receivedByAgency = event.outcome === 'ALLOWED' && event.purpose !== 'RECORD_REVIEW' && !event.roles.includes('SUBJECT');
      if (receivedByAgency && event.ori && event.records.includes(record)) oris.add(event.ori);
    }
  }
  return [...oris].sort();
}

/** The notice text: CII, charge and what changed (never identifiers such as the SSN). */
function noticeText(
  cii: string,
  charge: ChargeRow,
  after: { disposition: string; dispositionDate: string | null; sealed: number },
  challengeId: string,
): string {
  const changes: string[] = [];
  if (after.disposition !== charge.disposition) changes.push(`disposition ${charge.disposition} -> ${after.disposition}`);
  if (after.dispositionDate !== charge.dispositionDate)
    changes.push(`disposition date ${charge.dispositionDate ?? 'none'} -> ${after.dispositionDate ?? 'none'}`);
  if (after.sealed !== charge.sealed) changes.push(after.sealed ? 'charge now SEALED' : 'charge no longer sealed');
  return (
    `CORI RECORD CORRECTION (PC 11126). CII ${cii}, charge ${charge.id} (arrest ${charge.arrestId}, count ${charge.seq}: ` +
    `${charge.statute} ${charge.description}): ${changes.length ? changes.join('; ') : 'record confirmed unchanged'}. ` +
    `Replace any copy of this record you hold. Review ${challengeId}.`
  );
}

async function resolve(ctx: Context, services: CoriServices, parsed: ParsedResolution, key: string): Promise<wq.ChallengeRow | null> {
  const operation = 'resolveRecordChallenge';
  const prior = priorResult(ctx.store, ctx.caller.sub, key);
  if (prior?.operation === operation) return challenge(ctx, prior.resultId);
  const current = challenge(ctx, parsed.id);
  if (!current) throw badUserInput('input.id', `no record challenge ${parsed.id}.`);
  if (current.status !== 'OPEN') throw forbidden(`Record challenge ${current.id} was already resolved (${current.status}).`);
  const at = now();
  let recipients: string[] = [];
  const from = new Date(at);
  from.setUTCFullYear(from.getUTCFullYear() - 2);
  const recipientsSince = from.toISOString();
  if (parsed.correction) {
    if (!services.auditStore) throw new Error('cori has no audit store: cannot find the agencies to notify of a correction.');
    recipients = await recordRecipients(await services.auditStore(), current.personId, current.cii, recipientsSince);
  }
  const resolvedAt = at.toISOString();
  const id = runOnce(ctx.store, ctx.caller.sub, key, operation, () => {
    const resolved = wq.resolveChallenge(ctx.store, {
      id: current.id,
      status: parsed.decision,
      resolvedAt,
      resolvedBy: ctx.caller.sub,
      resolverOri: ctx.caller.ori,
      reason: parsed.reason,
      hearingRight: parsed.decision === 'DENIED' ? 1 : 0,
    });
    if (!resolved) throw forbidden(`Record challenge ${current.id} was already resolved.`);
    const c = parsed.correction;
    if (c) {
      const charge = wq.chargeWithOwner(ctx.store, current.chargeId);
      if (!charge) throw badUserInput('input.id', `the charge of record challenge ${current.id} no longer exists.`);
      const after = {
        disposition: c.disposition ?? charge.disposition,
        dispositionDate: c.dispositionDate ?? charge.dispositionDate,
        sealed: c.sealed == null ? charge.sealed : Number(c.sealed),
      };
      wq.updateCharge(ctx.store, charge.id, after);
      const text = noticeText(current.cii, charge, after, current.id);
      // Those the receiving agencies passed the record on to (PC 11078 log) are told as well; the resolver's own agency is not.
      const secondary = disseminationRecipients(ctx.store, current.cii, recipientsSince);
      for (const toOri of [...new Set([...recipients, ...secondary])].filter((ori) => ori !== ctx.caller.ori).sort()) {
        wq.insertNotice(ctx.store, {
          id: `RN-${randomUUID()}`,
          challengeId: current.id,
          toOri,
          cii: current.cii,
          text,
          sentAt: resolvedAt,
        });
      }
    }
    return current.id;
  });
  return challenge(ctx, id);
}

export function workflowResolvers(services: CoriServices) {
  return {
    Query: {
      recordChallenges(_: unknown, args: { status?: string | null; first?: number | null }, ctx: Context): wq.ChallengeRow[] {
        const status = parseStatus(args.status);
        const first = parseFirst(args.first);
        const person = visibleTo(ctx);
        return person === undefined ? [] : wq.listChallenges(ctx.store, person, status, first);
      },
      async recordChallenge(_: unknown, args: { id: string }, ctx: Context): Promise<wq.ChallengeRow | null> {
        const id = parseRecordId(args.id, 'id');
        const person = visibleTo(ctx);
        if (person === undefined) return null;
        const row = await ctx.loaders.challengeById.load(id);
        return row && (person === null || row.personId === person) ? row : null;
      },
      recordCorrectionNotices(_: unknown, args: { first?: number | null }, ctx: Context): wq.NoticeRow[] {
        return wq.noticesTo(ctx.store, ctx.caller.ori, parseFirst(args.first));
      },
      recordChallengesConnection(_: unknown, args: PageArgs & { status?: string | null }, ctx: Context): Connection<wq.ChallengeRow> {
        const status = parseStatus(args.status);
        const page = parsePage('record-challenge', args);
        const person = visibleTo(ctx);
        if (person === undefined) return EMPTY_CONNECTION;
        return pageOf(wq.listChallenges(ctx.store, person, status, page.first + 1, page.after), page, 'record-challenge', (c) => c.filedAt);
      },
      recordCorrectionNoticesConnection(_: unknown, args: PageArgs, ctx: Context): Connection<wq.NoticeRow> {
        const page = parsePage('correction-notice', args);
        return pageOf(wq.noticesTo(ctx.store, ctx.caller.ori, page.first + 1, page.after), page, 'correction-notice', (n) => n.sentAt);
      },
    },
    Mutation: {
      fileRecordChallenge(_: unknown, args: { input: FileInput; idempotencyKey: string }, ctx: Context): wq.ChallengeRow | null {
        const key = parseIdempotencyKey(args.idempotencyKey);
        const chargeId = parseRecordId(args.input.chargeId, 'input.chargeId');
        const claimedError = parseText(args.input.claimedError, 'input.claimedError');
        const materiality = parseText(args.input.materiality, 'input.materiality');
        const evidence = parseOptionalText(args.input.evidence, 'input.evidence');
        if (!ctx.caller.roles.includes(SUBJECT)) throw forbidden('Only the subject of a record may challenge it (PC 11126).');
        const filedAt = now().toISOString();
        const id = runOnce(ctx.store, ctx.caller.sub, key, 'fileRecordChallenge', () => {
          const charge = wq.chargeWithOwner(ctx.store, chargeId);
          // Unknown and someone else's charge get the same answer: charge ids are not probed this way.
          if (!charge || charge.personId !== ctx.caller.sub) throw forbidden(`Charge ${chargeId} is not on your record.`);
          const open = wq.openChallengeForCharge(ctx.store, chargeId);
          if (open) throw badUserInput('input.chargeId', `charge ${chargeId} already has an open challenge (${open.id}).`);
          const row: wq.ChallengeRow = {
            id: `RC-${randomUUID()}`,
            cii: charge.cii,
            personId: charge.personId,
            chargeId,
            claimedError,
            materiality,
            evidence,
            status: 'OPEN',
            filedAt,
            filedBy: ctx.caller.sub,
            resolvedAt: null,
            resolvedBy: null,
            resolverOri: null,
            decisionReason: null,
            hearingRight: 0,
          };
          wq.insertChallenge(ctx.store, row);
          return row.id;
        });
        return challenge(ctx, id);
      },
      async resolveRecordChallenge(
        _: unknown,
        args: { input: ResolveInput; idempotencyKey: string },
        ctx: Context,
      ): Promise<wq.ChallengeRow | null> {
        if (!ctx.caller.roles.includes(RECORDS_CLERK)) throw forbidden('Only a DOJ records clerk may resolve a record challenge.');
        const key = parseIdempotencyKey(args.idempotencyKey);
        return resolve(ctx, services, parseResolution(args.input), key);
      },
    },
    RecordChallenge: {
      charge: (row: wq.ChallengeRow, _: unknown, ctx: Context) => ctx.loaders.chargeById.load(row.chargeId),
      hearingRight: (row: wq.ChallengeRow) => row.hearingRight === 1,
      notifications: (row: wq.ChallengeRow, _: unknown, ctx: Context) => ctx.loaders.noticesByChallenge.load(row.id),
    },
  };
}
