import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { today } from '../common/clock.ts';
import { applicantResolvers } from './applicant.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import { parseIdentifier } from '../common/validate.ts';
import { chargeLevelMeaning, supervisionKindMeaning } from './codes.ts';
import { disseminationResolvers } from './dissemination.ts';
import type { CoriLoaders } from './loaders.ts';
import type { ArrestRow, ChargeRow, SubjectRow, SupervisionRow } from './queries.ts';
import { workflowResolvers, type CoriServices } from './workflow.ts';
import { isActiveSupervision, isSealedArrest, summarize, type CriminalHistorySummary } from './summary.ts';

type Context = SubgraphContext<CoriLoaders>;
type ConvictionRow = ChargeRow & { arrestDate: string };
interface PersonRef {
  id: string;
}

/** CII: an optional letter then 8 digits. */
const CII = { regex: /^[A-Z]?\d{8}$/, example: 'A12345678' };

const sourceResolvers = {
  Query: {
    criminalHistory(_: unknown, args: { cii: string }, ctx: Context) {
      return ctx.loaders.subjectByCii.load(parseIdentifier(args.cii, 'cii', CII));
    },
  },

  Person: {
    __resolveReference(ref: PersonRef): PersonRef {
      return { id: ref.id };
    },
    criminalHistory(person: PersonRef, _: unknown, ctx: Context) {
      return ctx.loaders.subjectByPerson.load(person.id);
    },
  },

  CriminalHistory: {
    name(subject: SubjectRow): string {
      const given = [subject.firstName, subject.middleName].filter(Boolean).join(' ');
      return `${subject.lastName}, ${given}`;
    },
    async summary(subject: SubjectRow, _: unknown, ctx: Context): Promise<CriminalHistorySummary> {
      const [arrests, supervision] = await Promise.all([
        ctx.loaders.arrestsByCii.load(subject.cii),
        ctx.loaders.supervisionByCii.load(subject.cii),
      ]);
      const charges = await Promise.all(arrests.map((arrest) => ctx.loaders.chargesByArrest.load(arrest.id)));
      return summarize(
        arrests.map((arrest, i) => ({ arrest, charges: charges[i] })),
        supervision,
        today(),
      );
    },
    async convictions(subject: SubjectRow, _: unknown, ctx: Context): Promise<ConvictionRow[]> {
      const arrests = await ctx.loaders.arrestsByCii.load(subject.cii);
      const charges = await Promise.all(arrests.map((arrest) => ctx.loaders.chargesByArrest.load(arrest.id)));
      return arrests.flatMap((arrest, i) =>
        charges[i]
          .filter((charge) => charge.disposition === 'CONVICTED' && charge.sealed !== 1)
          .map((charge) => ({ ...charge, arrestDate: arrest.arrestDate })),
      );
    },
    arrests: (subject: SubjectRow, _: unknown, ctx: Context) => ctx.loaders.arrestsByCii.load(subject.cii),
    custody: (subject: SubjectRow, _: unknown, ctx: Context) => ctx.loaders.custodyByCii.load(subject.cii),
    supervision: (subject: SubjectRow, _: unknown, ctx: Context) => ctx.loaders.supervisionByCii.load(subject.cii),
    programs: (subject: SubjectRow, _: unknown, ctx: Context) => ctx.loaders.programsByCii.load(subject.cii),
    subject: (subject: SubjectRow): PersonRef => ({ id: subject.personId }),
  },

  Arrest: {
    async sealed(arrest: ArrestRow, _: unknown, ctx: Context): Promise<boolean> {
      return isSealedArrest(await ctx.loaders.chargesByArrest.load(arrest.id));
    },
    charges: (arrest: ArrestRow, _: unknown, ctx: Context) => ctx.loaders.chargesByArrest.load(arrest.id),
  },

  Charge: {
    levelMeaning: (charge: ChargeRow) => chargeLevelMeaning(charge.level),
    sealed: (charge: ChargeRow) => charge.sealed === 1,
    convicted: (charge: ChargeRow) => charge.disposition === 'CONVICTED',
    sentence: (charge: ChargeRow, _: unknown, ctx: Context) => ctx.loaders.sentenceByCharge.load(charge.id),
  },

  Conviction: {
    levelMeaning: (charge: ConvictionRow) => chargeLevelMeaning(charge.level),
    sentence: (charge: ConvictionRow, _: unknown, ctx: Context) => ctx.loaders.sentenceByCharge.load(charge.id),
  },

  Supervision: {
    kindMeaning: (term: SupervisionRow) => supervisionKindMeaning(term.kind),
    active: (term: SupervisionRow) => isActiveSupervision(term, today()),
  },
};

/** cori's resolvers: the criminal history, record review, applicant checks and the dissemination log, with the services they need. */
export function createResolvers(services: CoriServices = {}): GraphQLResolverMap<Context> {
  const workflow = workflowResolvers(services);
  const dissemination = disseminationResolvers(services);
  return {
    ...sourceResolvers,
    Query: { ...sourceResolvers.Query, ...workflow.Query, ...applicantResolvers.Query },
    Mutation: { ...workflow.Mutation, ...applicantResolvers.Mutation, ...dissemination.Mutation },
    Person: { ...sourceResolvers.Person, ...applicantResolvers.Person },
    RecordChallenge: workflow.RecordChallenge,
    ApplicantCheck: applicantResolvers.ApplicantCheck,
    AuditEvent: dissemination.AuditEvent,
    SecondaryDissemination: dissemination.SecondaryDissemination,
  };
}

/** Resolvers without an audit store (record corrections then fail: no way to find whom to notify). */
export const resolvers = createResolvers();
