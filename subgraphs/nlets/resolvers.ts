import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { SubgraphContext } from '../common/subgraph.ts';
import { parseIdentifier, parsePlate, parseStateCode, parseVin } from '../common/validate.ts';
import { pairKey, type NletsLoaders } from './loaders.ts';
import type { HistoryRow, LicenceRow, RegistrationRow } from './queries.ts';
import { agenciesOfState } from './queries.ts';
import { parseOri, parseOutOfStateCode } from './validate.ts';
import { AdministrativeMessage, messageMutations, messageQueries } from './messages.ts';
import { hitEntities, hitMutations, hitQueries } from './hits.ts';

type Context = SubgraphContext<NletsLoaders>;
interface PersonRef {
  id: string;
}

export const resolvers: GraphQLResolverMap<Context> = {
  Query: {
    outOfStateDriver(_: unknown, args: { state: string; oln: string }, ctx: Context) {
      const state = parseOutOfStateCode(args.state, 'licence');
      const oln = parseIdentifier(args.oln, 'oln');
      return ctx.loaders.licenceByStateOln.load(pairKey(state, oln));
    },
    outOfStateRegistration(_: unknown, args: { state: string; plate: string }, ctx: Context) {
      const state = parseOutOfStateCode(args.state, 'registration');
      const plate = parsePlate(args.plate);
      return ctx.loaders.registrationByStatePlate.load(pairKey(state, plate));
    },
    outOfStateRegistrationByVin(_: unknown, args: { vin: string }, ctx: Context) {
      return ctx.loaders.registrationsByVin.load(parseVin(args.vin));
    },
    agency(_: unknown, args: { ori: string }, ctx: Context) {
      return ctx.loaders.agencyByOri.load(parseOri(args.ori));
    },
    agencies(_: unknown, args: { state?: string | null }, ctx: Context) {
      const state = args.state == null ? null : parseStateCode(args.state);
      return agenciesOfState(ctx.store, state);
    },
    ...messageQueries,
    ...hitQueries,
  },

  Mutation: { ...messageMutations, ...hitMutations },
  AdministrativeMessage,
  ...hitEntities,

  Person: {
    __resolveReference(ref: PersonRef): PersonRef {
      return { id: ref.id };
    },
    outOfStateLicenses(person: PersonRef, _: unknown, ctx: Context) {
      return ctx.loaders.licencesByPerson.load(person.id);
    },
    outOfStateRegistrations(person: PersonRef, _: unknown, ctx: Context) {
      return ctx.loaders.registrationsByOwner.load(person.id);
    },
    stateCriminalHistories(person: PersonRef, _: unknown, ctx: Context) {
      return ctx.loaders.historiesByPerson.load(person.id);
    },
  },

  OutOfStateDriverLicense: {
    holder: (licence: LicenceRow): PersonRef => ({ id: licence.personId }),
  },

  OutOfStateRegistration: {
    owner: (registration: RegistrationRow): PersonRef => ({ id: registration.ownerPersonId }),
  },

  StateCriminalHistory: {
    entries(history: HistoryRow, _: unknown, ctx: Context) {
      return ctx.loaders.entriesByHistory.load(pairKey(history.state, history.sid));
    },
    subject: (history: HistoryRow): PersonRef => ({ id: history.personId }),
  },
};
