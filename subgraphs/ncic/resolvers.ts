import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { today } from '../common/clock.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import {
  CAUTION_MEANINGS,
  CONDITION_MEANINGS,
  GUN_TYPE_MEANINGS,
  MISSING_CATEGORY_MEANINGS,
  ORDER_TYPE_DESCRIPTIONS,
  TIER_MEANINGS,
  decode,
  decodeExtradition,
  isActive,
  meaningOf,
  precedence,
  rankOrders,
  type DecodedCode,
} from './codes.ts';
import type { Loaders } from './loaders.ts';
import { workflowMutations } from './workflow.ts';
import { parseFcn, parseNic, parseSerial, parseVehicleCheck, type VehicleCheckArgs } from './parse.ts';
import type {
  MissingRow,
  OrderRow,
  ProtectedPersonRow,
  SexOffenderRow,
  StolenGunRow,
  StolenPlateRow,
  StolenVehicleRow,
  WantRow,
} from './queries.ts';

type Context = SubgraphContext<Loaders>;
type NoArgs = Record<string, never>;

/** A Person or Vehicle reference: ncic resolves its own fields from the key alone. */
interface PersonRef {
  id: string;
}
interface VehicleRef {
  vin: string;
}

interface CautionCode extends DecodedCode {
  sourceNics: string[];
}

interface VehicleCheckResult {
  hit: boolean;
  plate: string | null;
  state: string | null;
  vin: string | null;
  stolenVehicles: StolenVehicleRow[];
  stolenPlates: StolenPlateRow[];
}

/** The CMC codes of one record, each naming that record as its source. */
async function recordCautions(record: { nic: string }, ctx: Context): Promise<CautionCode[]> {
  const rows = await ctx.loaders.cautionsByNic.load(record.nic);
  return rows.map((row) => ({ ...decode(CAUTION_MEANINGS, row.code), sourceNics: [row.nic] }));
}

/** Distinct CMC codes across a person's records, ordered by code, each with the records that carry it. */
async function personCautions(person: PersonRef, ctx: Context): Promise<CautionCode[]> {
  const byCode = new Map<string, CautionCode>();
  for (const row of await ctx.loaders.cautionsByPerson.load(person.id)) {
    const caution = byCode.get(row.code);
    if (caution) caution.sourceNics.push(row.nic);
    else byCode.set(row.code, { ...decode(CAUTION_MEANINGS, row.code), sourceNics: [row.nic] });
  }
  return [...byCode.values()];
}

async function vehicleCheck(_: unknown, args: VehicleCheckArgs, ctx: Context): Promise<VehicleCheckResult> {
  const check = parseVehicleCheck(args);
  const { plate, state, vin } = check;
  const [byVin, byPlate, plates] = await Promise.all([
    vin ? ctx.loaders.stolenVehiclesByVin.load(vin) : [],
    plate ? ctx.loaders.stolenVehiclesByPlate.load(plate) : [],
    plate ? ctx.loaders.stolenPlatesByPlate.load(plate) : [],
  ]);
  const vehicles = new Map<string, StolenVehicleRow>();
  for (const row of [...byVin, ...byPlate.filter((r) => r.plateState === state)]) vehicles.set(row.nic, row);
  const stolenVehicles = [...vehicles.values()].sort((a, b) => b.theftDate.localeCompare(a.theftDate) || a.nic.localeCompare(b.nic));
  const stolenPlates = plates.filter((r) => r.plateState === state);
  return { hit: stolenVehicles.length + stolenPlates.length > 0, plate, state, vin, stolenVehicles, stolenPlates };
}

/** GraphQL type of each NCIC person file, for records listed across files. */
const NCIC_FILE_TYPES: Record<string, string> = {
  WANTED: 'WantedPersonRecord',
  MISSING: 'MissingPersonRecord',
  PROTECTION_ORDER: 'ProtectionOrder',
  SEX_OFFENDER: 'SexOffenderRecord',
};

export const resolvers: GraphQLResolverMap<Context> = {
  Query: {
    vehicleCheck,
    stolenGuns: (_: unknown, args: { serial: string }, ctx: Context) => ctx.loaders.stolenGunsBySerial.load(parseSerial(args.serial)),
    stolenArticles: (_: unknown, args: { serial: string }, ctx: Context) =>
      ctx.loaders.stolenArticlesBySerial.load(parseSerial(args.serial)),
    wantedPerson: (_: unknown, args: { nic: string }, ctx: Context) => ctx.loaders.wantByNic.load(parseNic(args.nic)),
    protectionOrder: (_: unknown, args: { nic: string }, ctx: Context) => ctx.loaders.orderByNic.load(parseNic(args.nic)),
    protectionOrderByFcn: (_: unknown, args: { fcn: string }, ctx: Context) => ctx.loaders.orderByFcn.load(parseFcn(args.fcn)),
  },

  Mutation: workflowMutations,

  Person: {
    __resolveReference: (ref: PersonRef): PersonRef => ({ id: ref.id }),
    wants: (person: PersonRef, _: NoArgs, ctx: Context) => ctx.loaders.wantsByPerson.load(person.id),
    missingPersonReports: (person: PersonRef, _: NoArgs, ctx: Context) => ctx.loaders.missingByPerson.load(person.id),
    protectionOrders: async (person: PersonRef, _: NoArgs, ctx: Context) =>
      rankOrders(await ctx.loaders.ordersByRestrainedPerson.load(person.id), today()),
    protectedByOrders: async (person: PersonRef, _: NoArgs, ctx: Context) =>
      rankOrders(await ctx.loaders.ordersByProtectedPerson.load(person.id), today()),
    sexOffenderRegistration: async (person: PersonRef, _: NoArgs, ctx: Context) =>
      (await ctx.loaders.sexOffendersByPerson.load(person.id))[0] ?? null,
    cautions: (person: PersonRef, _: NoArgs, ctx: Context) => personCautions(person, ctx),
    ncicHit: async (person: PersonRef, _: NoArgs, ctx: Context) => (await ctx.loaders.hitByPerson.load(person.id)) !== null,
    ncicRecords: async (person: PersonRef, _: NoArgs, ctx: Context) => {
      const [wants, missing, orders, registrations] = await Promise.all([
        ctx.loaders.wantsByPerson.load(person.id),
        ctx.loaders.missingByPerson.load(person.id),
        ctx.loaders.ordersByRestrainedPerson.load(person.id),
        ctx.loaders.sexOffendersByPerson.load(person.id),
      ]);
      return [
        ...wants.map((record) => ({ ...record, file: 'WANTED' })),
        ...missing.map((record) => ({ ...record, file: 'MISSING' })),
        ...rankOrders(orders, today()).map((record) => ({ ...record, file: 'PROTECTION_ORDER' })),
        ...registrations.map((record) => ({ ...record, file: 'SEX_OFFENDER' })),
      ];
    },
  },

  NcicPersonRecord: {
    __resolveType: (record: { file: string }) => NCIC_FILE_TYPES[record.file] ?? null,
  },

  Vehicle: {
    __resolveReference: (ref: VehicleRef): VehicleRef => ({ vin: ref.vin }),
    stolenVehicleReports: (vehicle: VehicleRef, _: NoArgs, ctx: Context) => ctx.loaders.stolenVehiclesByVin.load(vehicle.vin),
  },

  StolenVehicleRecord: {
    vehicle: (row: StolenVehicleRow): VehicleRef => ({ vin: row.vin }),
  },

  StolenGunRecord: {
    gunTypeDescription: (row: StolenGunRow) => meaningOf(GUN_TYPE_MEANINGS, row.gunType),
  },

  WantedPersonRecord: {
    __resolveReference: (ref: { nic: string }, ctx: Context) => ctx.loaders.wantByNic.load(ref.nic),
    file: () => 'WANTED',
    extradition: (row: WantRow) => decodeExtradition(row.extradition),
    cautions: (row: WantRow, _: NoArgs, ctx: Context) => recordCautions(row, ctx),
    subject: (row: WantRow): PersonRef => ({ id: row.personId }),
  },

  MissingPersonRecord: {
    file: () => 'MISSING',
    category: (row: MissingRow) => decode(MISSING_CATEGORY_MEANINGS, row.category),
    cautions: (row: MissingRow, _: NoArgs, ctx: Context) => recordCautions(row, ctx),
  },

  ProtectionOrder: {
    __resolveReference: (ref: { nic: string }, ctx: Context) => ctx.loaders.orderByNic.load(ref.nic),
    file: () => 'PROTECTION_ORDER',
    orderTypeDescription: (row: OrderRow) => meaningOf(ORDER_TYPE_DESCRIPTIONS, row.orderType),
    active: (row: OrderRow) => isActive(row, today()),
    precedence: (row: OrderRow) => precedence(row, today()),
    conditions: async (row: OrderRow, _: NoArgs, ctx: Context) =>
      (await ctx.loaders.conditionsByNic.load(row.nic)).map((c) => decode(CONDITION_MEANINGS, c.code)),
    restrainedPerson: (row: OrderRow): PersonRef | null => (row.personId ? { id: row.personId } : null),
    terminationReason: async (row: OrderRow, _: NoArgs, ctx: Context) => (await ctx.loaders.terminationByNic.load(row.nic))?.reason ?? null,
    terminationDate: async (row: OrderRow, _: NoArgs, ctx: Context) =>
      (await ctx.loaders.terminationByNic.load(row.nic))?.terminatedOn ?? null,
    servedBy: async (row: OrderRow, _: NoArgs, ctx: Context) => (await ctx.loaders.serviceByNic.load(row.nic))?.servedBy ?? null,
    serviceMethod: async (row: OrderRow, _: NoArgs, ctx: Context) => (await ctx.loaders.serviceByNic.load(row.nic))?.method ?? null,
    protectedPersons: (row: OrderRow, _: NoArgs, ctx: Context) => ctx.loaders.protectedPersonsByNic.load(row.nic),
    cautions: (row: OrderRow, _: NoArgs, ctx: Context) => recordCautions(row, ctx),
    confidential: (row: OrderRow, _: NoArgs, ctx: Context) => ctx.loaders.confidentialByNic.load(row.nic),
  },

  ProtectedPerson: {
    person: (row: ProtectedPersonRow): PersonRef | null => (row.personId ? { id: row.personId } : null),
  },

  SexOffenderRecord: {
    file: () => 'SEX_OFFENDER',
    tierDescription: (row: SexOffenderRow) => meaningOf(TIER_MEANINGS, row.tier),
    cautions: (row: SexOffenderRow, _: NoArgs, ctx: Context) => recordCautions(row, ctx),
  },
};
