import { randomUUID } from 'node:crypto';
import { now } from '../common/clock.ts';
import { badUserInput } from '../common/errors.ts';
import { parseIdempotencyKey, priorResult, runOnce } from '../common/idempotency.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import { parseDob, parseName, parseSex } from '../common/validate.ts';
import * as aq from './applicant-queries.ts';
import { APPLICANT_PURPOSES, APPLICANT_STATUTES, applicantStatute, type ApplicantPurpose } from './applicant-statutes.ts';
import type { CoriLoaders } from './loaders.ts';
import { forbidden, parseFirst, parseText } from './workflow-parse.ts';

/**
 * Applicant background checks (PC 11105(b)(10)-(11), 11 CCR 703(d)): the one lawful channel through which a
 * licensing board, school district or employer learns of an applicant's California record. The agency
 * submits the Live Scan prints with the statute that authorises the check; DOJ identifies the applicant by
 * the prints (never by the stated name) and answers with the conviction-limited record, or NO_RECORD.
 */

type Context = SubgraphContext<CoriLoaders>;

const APPLICANT_AGENCY = 'NONCRIMINAL_AGENCY';
const SUBJECT = 'SUBJECT';
const ATI = /^[A-Z][A-Z0-9]{7,11}$/;
const PRINTS = /^LS1-[0-9A-F]{40}$/;

interface ApplicantCheckInput {
  ati: string;
  agencyName: string;
  lastName: string;
  firstName: string;
  dob: string;
  sex: string;
  statute: string;
  purpose: string;
  fingerprints: string;
}

function parseAti(value: string, argument: string): string {
  const ati = value.trim().toUpperCase();
  if (!ATI.test(ati))
    throw badUserInput(argument, `"${value}" is not an ATI (a letter then 7 to 11 letters or digits, e.g. LS2400018701).`);
  return ati;
}

function parsePrints(value: string): string {
  const template = value.trim().toUpperCase();
  if (!PRINTS.test(template)) {
    throw badUserInput('input.fingerprints', 'not a Live Scan ten-print template (LS1- then 40 hex digits).');
  }
  return template;
}

/** The statute, the purpose it must allow, and the purpose the request stated (X-Purpose). */
function parseAuthority(input: ApplicantCheckInput, stated: string): { statute: string; purpose: ApplicantPurpose } {
  const found = applicantStatute(input.statute);
  if (!found) {
    throw badUserInput(
      'input.statute',
      `"${input.statute}" does not authorise an applicant check (PC 11105(b)(10)-(11)); use one of ${APPLICANT_STATUTES.map((s) => s.statute).join(', ')}.`,
    );
  }
  const purpose = input.purpose.trim().toUpperCase() as ApplicantPurpose;
  if (!APPLICANT_PURPOSES.includes(purpose)) throw badUserInput('input.purpose', `"${input.purpose}" is not I, H or X.`);
  if (!found.purposes.includes(purpose)) {
    throw badUserInput('input.purpose', `${found.statute} authorises checks for purpose ${found.purposes.join('/')} only, not ${purpose}.`);
  }
  if (purpose !== stated)
    throw badUserInput('input.purpose', `the check is for purpose ${purpose} but the request states X-Purpose ${stated}.`);
  return { statute: found.statute, purpose };
}

function submit(ctx: Context, input: ApplicantCheckInput, key: string): aq.ApplicantCheckRow | undefined {
  const operation = 'submitApplicantCheck';
  const prior = priorResult(ctx.store, ctx.caller.sub, key);
  if (prior?.operation === operation) return aq.applicantCheckById(ctx.store, prior.resultId);
  const ati = parseAti(input.ati, 'input.ati');
  const agencyName = parseText(input.agencyName, 'input.agencyName');
  if (agencyName.length > 100) throw badUserInput('input.agencyName', 'use at most 100 characters.');
  const lastName = parseName(input.lastName, 'input.lastName');
  const firstName = parseName(input.firstName, 'input.firstName');
  const dob = parseDob(input.dob, 'input.dob', now());
  const sex = parseSex(input.sex, 'input.sex');
  const { statute, purpose } = parseAuthority(input, ctx.caller.purpose);
  const template = parsePrints(input.fingerprints);
  const at = now().toISOString();
  const id = runOnce(ctx.store, ctx.caller.sub, key, operation, () => {
    if (aq.applicantCheckOfAgency(ctx.store, ctx.caller.ori, ati)) {
      throw badUserInput('input.ati', `your agency already submitted ATI ${ati}: each Live Scan submission has its own ATI.`);
    }
    const record = aq.recordByPrints(ctx.store, template);
    const convictions = record ? aq.reportableConvictions(ctx.store, record.cii) : [];
    const row: aq.ApplicantCheckRow = {
      id: `AC-${randomUUID()}`,
      ati,
      agencyOri: ctx.caller.ori,
      agencyName,
      submittedBy: ctx.caller.sub,
      submittedAt: at,
      lastName,
      firstName,
      dob,
      sex,
      statute,
      purpose,
      cii: record?.cii ?? null,
      personId: record?.personId ?? null,
      result: convictions.length > 0 ? 'RECORD' : 'NO_RECORD',
      convictions: JSON.stringify(convictions),
      respondedAt: at,
    };
    aq.insertApplicantCheck(ctx.store, row);
    return row.id;
  });
  return aq.applicantCheckById(ctx.store, id);
}

const isApplicantAgency = (ctx: Context) => ctx.caller.roles.includes(APPLICANT_AGENCY);

export const applicantResolvers = {
  Query: {
    applicantResponses(_: unknown, args: { first?: number | null }, ctx: Context): aq.ApplicantCheckRow[] {
      const first = parseFirst(args.first);
      return isApplicantAgency(ctx) ? aq.applicantChecksOfAgency(ctx.store, ctx.caller.ori, first) : [];
    },
    applicantResponse(_: unknown, args: { ati: string }, ctx: Context): aq.ApplicantCheckRow | null {
      const ati = parseAti(args.ati, 'ati');
      return (isApplicantAgency(ctx) && aq.applicantCheckOfAgency(ctx.store, ctx.caller.ori, ati)) || null;
    },
  },
  Mutation: {
    submitApplicantCheck(_: unknown, args: { input: ApplicantCheckInput; idempotencyKey: string }, ctx: Context) {
      if (!isApplicantAgency(ctx)) throw forbidden('Only an applicant agency (NONCRIMINAL_AGENCY) submits applicant checks (PC 11105).');
      return submit(ctx, args.input, parseIdempotencyKey(args.idempotencyKey)) ?? null;
    },
  },
  Person: {
    /** The subject's own checks only; the gateway also requires isSubjectSelf. */
    applicantChecks(person: { id: string }, _: unknown, ctx: Context): aq.ApplicantCheckRow[] {
      const self = ctx.caller.roles.includes(SUBJECT) && ctx.caller.sub === person.id;
      return self ? aq.applicantChecksOfPersons(ctx.store, [person.id]) : [];
    },
  },
  ApplicantCheck: {
    status: () => 'RESPONDED',
    statuteTitle: (row: aq.ApplicantCheckRow) => applicantStatute(row.statute)?.title ?? null,
    convictions: (row: aq.ApplicantCheckRow) => JSON.parse(row.convictions) as aq.ApplicantConvictionRow[],
    subject: (row: aq.ApplicantCheckRow) => (row.personId ? { id: row.personId } : null),
  },
};
