import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { today } from '../common/clock.ts';
import { badUserInput } from '../common/errors.ts';
import { notFound } from '../../common/not-found.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import { parseIdentifier, parsePlate, parseStateCode, parseVin } from '../common/validate.ts';
import { codeList, ncicHeight, ncicName, restriction } from './codes.ts';
import type { Loaders } from './loaders.ts';
import type { AddressRow, LicenseRow, VehicleRow } from './queries.ts';

type Ctx = SubgraphContext<Loaders>;

/**
 * A Vehicle as resolvers see it: a registration row, or only the VIN when another subgraph (NCIC)
 * references a vehicle that California has no registration for (its DMV fields are then null).
 */
type VehicleParent = Partial<VehicleRow> & { vin: string };

const CA_DL = { regex: /^[A-Z]\d{7}$/, example: 'A1234567' };

/** A lookup by identifier that matches nothing answers null with a NOT_FOUND hint (common/not-found.ts). */
function found<T>(row: T | null | undefined, message: string, argument: string): T {
  if (row === null || row === undefined) throw notFound(message, argument);
  return row;
}

export const resolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    vehicle: async (_: unknown, args: { plate: string; state: string }, ctx: Ctx) => {
      const plate = parsePlate(args.plate, 'plate');
      const state = parseStateCode(args.state, 'state');
      if (state !== 'CA') {
        throw badUserInput(
          'state',
          `the California DMV holds California registrations only; query ${state} plates through Nlets (outOfStateRegistration).`,
        );
      }
      return found(await ctx.loaders.vehicleByCaPlate.load(plate), `No California registration matches plate ${plate}.`, 'plate');
    },

    vehicleByVin: async (_: unknown, args: { vin: string }, ctx: Ctx) => {
      const vin = parseVin(args.vin, 'vin');
      return found(await ctx.loaders.vehicleByVin.load(vin), `No California registration matches VIN ${vin}.`, 'vin');
    },

    driverLicense: async (_: unknown, args: { number: string }, ctx: Ctx) => {
      const number = parseIdentifier(args.number, 'number', CA_DL);
      return found(await ctx.loaders.licenseByNumber.load(number), `No California driver license matches number ${number}.`, 'number');
    },
  },

  Vehicle: {
    __resolveReference: async (ref: { vin: string }, ctx: Ctx): Promise<VehicleParent> =>
      (await ctx.loaders.vehicleByVin.load(ref.vin)) ?? { vin: ref.vin },
    plateState: (v: VehicleParent) => v.plate_state ?? null,
    plateType: (v: VehicleParent) => v.plate_type ?? null,
    bodyStyle: (v: VehicleParent) => v.body_style ?? null,
    registration: (v: VehicleParent) =>
      v.reg_status === undefined || v.reg_expiry === undefined
        ? null
        : { status: v.reg_status, expires: v.reg_expiry, expired: v.reg_expiry < today() },
    registeredOwner: (v: VehicleParent) => (v.owner_person_id ? { id: v.owner_person_id } : null),
    legalOwner: (v: VehicleParent) => v.legal_owner ?? null,
  },

  DriverLicense: {
    number: (l: LicenseRow) => l.dl_number,
    lastName: (l: LicenseRow) => l.last_name,
    firstName: (l: LicenseRow) => l.first_name,
    middleName: (l: LicenseRow) => l.middle_name,
    fullName: (l: LicenseRow) => ncicName(l.last_name, l.first_name, l.middle_name),
    height: (l: LicenseRow) => ncicHeight(l.height),
    heightInches: (l: LicenseRow) => l.height,
    classes: (l: LicenseRow) => codeList(l.class),
    commercial: (l: LicenseRow) => l.commercial === 1,
    expired: (l: LicenseRow) => l.expiry_date < today(),
    restrictions: (l: LicenseRow) => codeList(l.restrictions).map(restriction),
    issued: (l: LicenseRow) => l.issue_date,
    expires: (l: LicenseRow) => l.expiry_date,
    holder: (l: LicenseRow) => ({ id: l.person_id }),
  },

  DmvAddress: {
    confidentialReason: (a: AddressRow) => a.confidential,
    safeAtHome: (a: AddressRow) => a.safe_at_home === 1,
  },

  Person: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    driverLicense: (p: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.licenseByPerson.load(p.id),
    vehicles: (p: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.vehiclesByOwner.load(p.id),
    residenceAddress: async (p: { id: string }, _: unknown, ctx: Ctx) =>
      latest(await ctx.loaders.addressesByPerson.load(p.id), 'RESIDENCE'),
    mailingAddress: async (p: { id: string }, _: unknown, ctx: Ctx) => latest(await ctx.loaders.addressesByPerson.load(p.id), 'MAILING'),
  },
};

/** The most recent address of a kind (rows come oldest first), or null. */
function latest(addresses: readonly AddressRow[], kind: AddressRow['kind']): AddressRow | null {
  return addresses.filter((a) => a.kind === kind).at(-1) ?? null;
}
