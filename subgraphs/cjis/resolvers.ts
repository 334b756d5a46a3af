import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { now } from '../common/clock.ts';
import { connection, decodeCursor, parseFirst, type PageBounds } from '../common/paging.ts';
import { badUserInput } from '../common/errors.ts';
import { phoneticKey } from '../common/phonetic.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import { parseDob, parseIdentifier, parseName, parseSex, parseStateCode } from '../common/validate.ts';
import { ncicHeight, ncicName } from './codes.ts';
import { licenceKey, type Loaders } from './loaders.ts';
import type { IIICycleRow, IIIRecordRow, NameRow, PersonRow } from './queries.ts';
import { searchCandidates } from './queries.ts';
import { dobWindow, rankCandidates, scoreRecords, typoDobs, type NameRecord, type ScoredRecord, type SearchQuery } from './search.ts';

type Ctx = SubgraphContext<Loaders>;

/** Most ids one `persons` request may ask for. */
export const MAX_PERSON_IDS = 100;
const MAX_SEARCH_LIMIT = 50;
/** Pages of `PersonSearchResult.candidatesConnection`. */
export const CANDIDATE_PAGE: PageBounds = { default: 20, max: 100 };
const CANDIDATE_CURSOR = 'search-candidate';
const CA_DL = { regex: /^[A-Z]\d{7}$/, example: 'A1234567' };

/** A search's answer: the old `candidates` stop at `limit`; `ranked` holds every candidate for the pages. */
interface SearchResult {
  lastNamePhoneticKey: string;
  totalCandidates: number;
  candidates: ScoredRecord[];
  ranked: ScoredRecord[];
}

interface SearchArgs {
  lastName: string;
  firstName?: string | null;
  middleName?: string | null;
  dob: string;
  sex?: string | null;
  limit?: number | null;
}

export const resolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    person: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.personById.load(parseIdentifier(args.id, 'id')),

    persons: (_: unknown, args: { ids: string[] }, ctx: Ctx) => {
      if (args.ids.length > MAX_PERSON_IDS) {
        throw badUserInput('ids', `at most ${MAX_PERSON_IDS} ids per request; got ${args.ids.length}.`);
      }
      const ids = args.ids.map((id) => parseIdentifier(id, 'ids'));
      return Promise.all(ids.map((id) => ctx.loaders.personById.load(id)));
    },

    searchPersons: (_: unknown, args: SearchArgs, ctx: Ctx) => searchPersons(args, ctx),

    personByFbi: (_: unknown, args: { fbi: string }, ctx: Ctx) => ctx.loaders.personByFbi.load(parseIdentifier(args.fbi, 'fbi')),

    personByCii: (_: unknown, args: { cii: string }, ctx: Ctx) => ctx.loaders.personByCii.load(parseIdentifier(args.cii, 'cii')),

    personByDriverLicense: (_: unknown, args: { number: string; state?: string | null }, ctx: Ctx) => {
      const state = parseStateCode(args.state ?? 'CA', 'state');
      const number = parseIdentifier(args.number, 'number', state === 'CA' ? CA_DL : undefined);
      return ctx.loaders.personByLicence.load(licenceKey(state, number));
    },
  },

  Person: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.personById.load(ref.id),
    name: (p: PersonRow) => ({
      last: p.last_name,
      first: p.first_name,
      middle: p.middle_name,
      full: ncicName(p.last_name, p.first_name, p.middle_name),
    }),
    height: (p: PersonRow) => ncicHeight(p.height),
    heightInches: (p: PersonRow) => p.height,
    identifiers: (p: PersonRow) => ({ fbi: p.fbi, cii: p.cii, oln: p.oln, ols: p.ols }),
    knownNames: async (p: PersonRow, _: unknown, ctx: Ctx) => (await ctx.loaders.knownNames.load(p.id)).map(knownName),
    iii: (p: PersonRow, _: unknown, ctx: Ctx) => ctx.loaders.iiiByPerson.load(p.id),
  },

  IIIRecord: {
    multiState: (r: IIIRecordRow) => r.multi_state === 1,
    statesOfRecord: (r: IIIRecordRow, _: unknown, ctx: Ctx) => ctx.loaders.iiiStates.load(r.fbi),
    cycles: (r: IIIRecordRow, _: unknown, ctx: Ctx) => ctx.loaders.iiiCycles.load(r.fbi),
    updatedAt: (r: IIIRecordRow) => r.updated_at,
  },

  IIICycle: {
    arrestDate: (c: IIICycleRow) => c.arrest_date,
  },

  PersonSearchResult: {
    candidatesConnection(result: SearchResult, args: { first?: number | null; after?: string | null }) {
      const first = parseFirst(args.first, CANDIDATE_PAGE);
      const rest = args.after == null ? result.ranked : candidatesAfter(result.ranked, args.after);
      return connection(rest.slice(0, first + 1), first, CANDIDATE_CURSOR, (c) => [c.score, c.record.personId], result.ranked.length);
    },
  },

  PersonCandidate: {
    matchedName: (c: ScoredRecord) =>
      knownName({
        person_id: c.record.personId,
        name_type: c.record.type,
        last_name: c.record.lastName,
        first_name: c.record.firstName,
        middle_name: c.record.middleName,
        dob: c.record.dob,
      }),
    person: (c: ScoredRecord, _: unknown, ctx: Ctx) => ctx.loaders.personById.load(c.record.personId),
  },
};

/** Validates the search, fetches candidates in one statement, scores and ranks them. */
function searchPersons(args: SearchArgs, ctx: Ctx): SearchResult {
  const query: SearchQuery = {
    lastName: parseName(args.lastName, 'lastName'),
    firstName: args.firstName == null ? undefined : parseName(args.firstName, 'firstName'),
    middleName: args.middleName == null ? undefined : parseName(args.middleName, 'middleName'),
    dob: parseDob(args.dob, 'dob', now()),
    sex: args.sex == null ? undefined : parseSex(args.sex, 'sex'),
  };
  const limit = args.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw badUserInput('limit', `must be between 1 and ${MAX_SEARCH_LIMIT}; got ${limit}.`);
  }
  const key = phoneticKey(query.lastName);
  const { from, to } = dobWindow(query.dob);
  const records: NameRecord[] = searchCandidates(ctx.store, key, from, to, typoDobs(query.dob)).map((row) => ({
    personId: row.person_id,
    type: row.name_type,
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: row.middle_name,
    dob: row.dob,
    sex: row.sex,
  }));
  const ranked = rankCandidates(scoreRecords(query, records));
  return { lastNamePhoneticKey: key, totalCandidates: ranked.length, candidates: ranked.slice(0, limit), ranked };
}

/** The candidates ranked after the one a cursor names (score highest first, then person id). */
function candidatesAfter(ranked: readonly ScoredRecord[], cursor: string): ScoredRecord[] {
  const [scoreText, personId] = decodeCursor(CANDIDATE_CURSOR, ['position', 'text'], cursor);
  const score = Number(scoreText);
  return ranked.filter((c) => c.score < score || (c.score === score && c.record.personId > personId));
}

function knownName(row: NameRow) {
  return {
    type: row.name_type,
    last: row.last_name,
    first: row.first_name,
    middle: row.middle_name,
    full: ncicName(row.last_name, row.first_name, row.middle_name),
    dob: row.dob,
  };
}
