import { randomUUID } from 'node:crypto';
import type { AuditStore } from '../../audit/store.ts';
import { RECORD_NUMBER } from '../../common/vocabulary.ts';
import { now } from '../common/clock.ts';
import { badUserInput } from '../common/errors.ts';
import { parseIdempotencyKey, priorResult, runOnce } from '../common/idempotency.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import { auditPages } from './audit-pages.ts';
import * as dq from './dissemination-queries.ts';
import type { CoriLoaders } from './loaders.ts';
import type { CoriServices } from './workflow.ts';
import { parseText } from './workflow-parse.ts';

/**
 * The secondary dissemination log (PC 11078, 11 CCR 707(b)): an operator who passes a California record
 * received through this system to someone outside their agency records it, naming the recipient, the
 * purpose and the case. Each entry is linked to the audit event that disclosed the record to that operator,
 * auditors see it beside that event, and its recipient agency is sent the record's correction notices.
 */

type Context = SubgraphContext<CoriLoaders>;

const PURPOSES = ['C', 'D', 'F', 'J'];
const MAX_NAME = 100;

interface DisseminationInput {
  recordId: string;
  recipientName: string;
  recipientAgency: string;
  recipientOri: string;
  purpose: string;
  caseNumber: string;
}

interface ParsedInput extends DisseminationInput {
  cii: string;
  personId: string;
}

function parseShortText(value: string, argument: string): string {
  const text = parseText(value, argument);
  if (text.length > MAX_NAME) throw badUserInput(argument, `use at most ${MAX_NAME} characters.`);
  return text;
}

/** Everything but the record itself: checked before anything is looked up. */
function parseInput(input: DisseminationInput): DisseminationInput {
  const recordId = input.recordId.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,20}$/.test(recordId)) throw badUserInput('input.recordId', `"${input.recordId}" is not a CII or FBI number.`);
  const recipientOri = input.recipientOri.trim().toUpperCase();
  if (!/^[A-Z]{2}[A-Z0-9]{7}$/.test(recipientOri)) {
    throw badUserInput('input.recipientOri', `"${input.recipientOri}" is not an ORI (9 characters, e.g. CA019013A).`);
  }
  const purpose = input.purpose.trim().toUpperCase();
  if (!PURPOSES.includes(purpose)) {
    throw badUserInput('input.purpose', `"${input.purpose}" is not a criminal-justice purpose: use ${PURPOSES.join(', ')}.`);
  }
  const caseNumber = input.caseNumber.trim().toUpperCase();
  if (!RECORD_NUMBER.test(caseNumber)) throw badUserInput('input.caseNumber', 'use 1 to 20 letters, digits or "-".');
  return {
    recordId,
    recipientName: parseShortText(input.recipientName, 'input.recipientName'),
    recipientAgency: parseShortText(input.recipientAgency, 'input.recipientAgency'),
    recipientOri,
    purpose,
    caseNumber,
  };
}

/** The latest audit event in which this user received `CriminalHistory:<cii>`; undefined when none. */
export async function latestDisclosureTo(audit: AuditStore, userId: string, personId: string, cii: string): Promise<number | undefined> {
  const record = `CriminalHistory:${cii}`;
  for await (const page of auditPages(audit, { userId, subject: personId })) {
    const found = page.find((event) => event.outcome === 'ALLOWED' && event.records.includes(record));
    if (found) return found.seq;
  }
  return undefined;
}

async function record(ctx: Context, services: CoriServices, input: DisseminationInput, key: string) {
  const operation = 'recordSecondaryDissemination';
  const prior = priorResult(ctx.store, ctx.caller.sub, key);
  if (prior?.operation === operation) return dq.disseminationById(ctx.store, prior.resultId);
  const parsed = parseInput(input);
  // An unknown record and one never disclosed to the caller get the same answer: ids are not probed this way.
  const notReceived = () =>
    badUserInput('input.recordId', `you have not received a California record ${parsed.recordId} through this system.`);
  const found = dq.recordById(ctx.store, parsed.recordId);
  if (!found) throw notReceived();
  if (!services.auditStore) throw new Error('cori has no audit store: cannot find the disclosure a dissemination continues.');
  const disclosureSeq = await latestDisclosureTo(await services.auditStore(), ctx.caller.sub, found.personId, found.cii);
  if (disclosureSeq === undefined) throw notReceived();
  const entry: ParsedInput = { ...parsed, ...found };
  const id = runOnce(ctx.store, ctx.caller.sub, key, operation, () => {
    const row: dq.DisseminationRow = {
      id: `SD-${randomUUID()}`,
      ...entry,
      recordedAt: now().toISOString(),
      recordedBy: ctx.caller.sub,
      recorderOri: ctx.caller.ori,
      disclosureSeq,
    };
    dq.insertDissemination(ctx.store, row);
    return row.id;
  });
  return dq.disseminationById(ctx.store, id);
}

/** Null: every entry; an ORI: that agency's; undefined: none (only auditors read the log). */
function auditScope(ctx: Context): string | null | undefined {
  if (ctx.caller.roles.includes('DOJ_AUDITOR')) return null;
  if (ctx.caller.roles.includes('AGENCY_COORDINATOR')) return ctx.caller.ori;
  return undefined;
}

export function disseminationResolvers(services: CoriServices) {
  return {
    Mutation: {
      async recordSecondaryDissemination(
        _: unknown,
        args: { input: DisseminationInput; idempotencyKey: string },
        ctx: Context,
      ): Promise<dq.DisseminationRow | null> {
        return (await record(ctx, services, args.input, parseIdempotencyKey(args.idempotencyKey))) ?? null;
      },
    },
    AuditEvent: {
      __resolveReference(ref: { seq: string }): { seq: string } {
        return { seq: ref.seq };
      },
      async disseminations(event: { seq: string }, _: unknown, ctx: Context): Promise<dq.DisseminationRow[]> {
        const scope = auditScope(ctx);
        if (scope === undefined || !/^\d{1,15}$/.test(event.seq)) return [];
        const rows = await ctx.loaders.disseminationsByDisclosure.load(String(Number(event.seq)));
        return scope === null ? rows : rows.filter((row) => row.recorderOri === scope);
      },
    },
    SecondaryDissemination: {
      disclosureSeq: (row: dq.DisseminationRow) => String(row.disclosureSeq),
    },
  };
}
