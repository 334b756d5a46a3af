import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { CONNECTION_PAGE, connection, decodeCursor, parseFirst, type Connection, type PageArgs } from '../common/paging.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import type { RmsLoaders } from './loaders.ts';
import { checkNeedToKnow } from './need-to-know.ts';
import { CASE_EXAMPLE, INCIDENT_EXAMPLE, parseNumber } from './parse.ts';
import * as q from './queries.ts';
import { workflowResolvers } from './workflow.ts';

type Context = SubgraphContext<RmsLoaders>;
type ListKind = 'agency-case' | 'cad-incident';

function parsePage(kind: ListKind, args: PageArgs): { first: number; after: q.PageKey | undefined } {
  const first = parseFirst(args.first, CONNECTION_PAGE);
  if (args.after == null) return { first, after: undefined };
  const [time, number] = decodeCursor(kind, ['text', 'text'], args.after);
  return { first, after: { time, number } };
}

const key = (row: { ori: string; number: string }): string => q.recordKey(row.ori, row.number);

/** The rms resolvers; `graceMinutes` is read once, when the subgraph is defined (RMS_INCIDENT_GRACE_MINUTES). */
export function createResolvers(graceMinutes: number): GraphQLResolverMap<Context> {
  const sourceResolvers = {
    Query: {
      myCases(_: unknown, args: PageArgs & { status?: q.CaseRow['status'] | null }, ctx: Context): Connection<q.CaseRow> {
        // The CaseStatus enum is checked by GraphQL.
        const page = parsePage('agency-case', args);
        const rows = q.myCases(ctx.store, ctx.caller.ori, ctx.caller.sub, args.status ?? null, page.first + 1, page.after);
        return connection(rows, page.first, 'agency-case', (row) => [row.openedOn, row.number]);
      },
      case(_: unknown, args: { number: string }, ctx: Context) {
        const number = parseNumber(args.number, 'number', CASE_EXAMPLE);
        return ctx.loaders.caseByKey.load(q.recordKey(ctx.caller.ori, number));
      },
      incident(_: unknown, args: { number: string }, ctx: Context) {
        const number = parseNumber(args.number, 'number', INCIDENT_EXAMPLE);
        return ctx.loaders.incidentByKey.load(q.recordKey(ctx.caller.ori, number));
      },
      myIncidents(_: unknown, args: PageArgs & { active?: boolean | null }, ctx: Context): Connection<q.IncidentRow> {
        const page = parsePage('cad-incident', args);
        const rows = q.myIncidents(ctx.store, ctx.caller.ori, ctx.caller.sub, args.active ?? null, page.first + 1, page.after);
        return connection(rows, page.first, 'cad-incident', (row) => [row.startedAt, row.number]);
      },
      needToKnow(_: unknown, args: { caseNumber?: string | null; incidentNumber?: string | null }, ctx: Context) {
        return checkNeedToKnow(ctx.store, ctx.caller, args, graceMinutes);
      },
    },

    AgencyCase: {
      id: key,
      assignments: (row: q.CaseRow, _: unknown, ctx: Context) => ctx.loaders.assignmentsByCase.load(key(row)),
      async persons(row: q.CaseRow, _: unknown, ctx: Context) {
        const persons = await ctx.loaders.personsByCase.load(key(row));
        return persons.map((p) => ({ role: p.role, person: { id: p.personId } }));
      },
      async vehicles(row: q.CaseRow, _: unknown, ctx: Context) {
        const vehicles = await ctx.loaders.vehiclesByCase.load(key(row));
        return vehicles.map((v) => ({ plate: v.plate, vehicle: { vin: v.vin } }));
      },
    },

    CadIncident: {
      id: key,
      active: (row: q.IncidentRow) => row.clearedAt === null,
      units: (row: q.IncidentRow, _: unknown, ctx: Context) => ctx.loaders.unitsByIncident.load(key(row)),
      async persons(row: q.IncidentRow, _: unknown, ctx: Context) {
        const persons = await ctx.loaders.personsByIncident.load(key(row));
        return persons.map((p) => ({ id: p.personId }));
      },
      async vehicles(row: q.IncidentRow, _: unknown, ctx: Context) {
        const vehicles = await ctx.loaders.vehiclesByIncident.load(key(row));
        return vehicles.map((v) => ({ plate: v.plate, vehicle: v.vin ? { vin: v.vin } : null }));
      },
    },
  };
  return { ...sourceResolvers, Mutation: workflowResolvers.Mutation };
}
