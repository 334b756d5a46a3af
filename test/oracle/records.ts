import type { OracleDataset } from './dataset.ts';
import type { RecordFacts } from './model.ts';

/**
 * Which record a response object is, worked out from the dataset: every generated operation selects the
 * identifying fields of each record (KEY_SELECTIONS, under their own names), and objects reached without
 * them are placed through their parent or the entry point's arguments. What cannot be placed is assumed
 * to be the most sensitive record it could be (sealed, Safe at Home, someone else's).
 */

/** Selections added to every selection set of these types. */
export const KEY_SELECTIONS: Readonly<Record<string, string>> = {
  Person: 'id',
  CriminalHistory: 'cii',
  Arrest: 'id',
  Charge: 'id',
  Conviction: 'arrestDate statute courtCaseNumber dispositionDate',
  IIIRecord: 'fbi',
  StateCriminalHistory: 'state sid',
  Vehicle: 'vin',
  DriverLicense: 'number',
  OutOfStateDriverLicense: 'state oln',
  OutOfStateRegistration: 'state plate',
  WantedPersonRecord: 'nic',
  MissingPersonRecord: 'nic',
  SexOffenderRecord: 'nic',
  ProtectionOrder: 'nic',
  NcicPersonRecord: '__typename nic',
  PersonCandidate: 'person { id }',
  AuditEvent: 'ori',
  MisuseAlert: 'ori',
  AuditEventEdge: 'node { ori }',
  MisuseAlertEdge: 'node { ori }',
  MisuseCase: 'ori',
  MisuseCaseEdge: 'node { ori }',
};

/** Response keys the key selections of a type take (no other field may be aliased to them). */
export function keyNames(typeName: string): string[] {
  return (KEY_SELECTIONS[typeName] ?? '')
    .replace(/\{[^}]*\}/g, '')
    .split(' ')
    .filter(Boolean);
}

/** Facts about a record plus where in the criminal history it sits. */
export interface WalkFacts extends RecordFacts {
  cii?: string;
  arrestId?: string;
}

/** How an object was reached: the field that returned it and that field's arguments. */
export interface Via {
  parentType: string;
  field: string;
  args: Readonly<Record<string, unknown>>;
}

type Obj = Readonly<Record<string, unknown>>;

export function enterObject(data: OracleDataset, typeName: string, obj: Obj, via: Via, parent: WalkFacts): WalkFacts {
  const from = `${via.parentType}.${via.field}`;
  switch (typeName) {
    case 'Person':
      return { person: str(obj.id) ?? personFromArgs(data, from, via.args) };
    case 'PersonCandidate':
      return { person: str(asObj(obj.person)?.id) };
    case 'CriminalHistory': {
      const cii =
        str(obj.cii) ??
        (from === 'Query.criminalHistory' ? str(via.args.cii) : undefined) ??
        (parent.person ? data.ciiOfPerson.get(parent.person) : undefined);
      const person = (cii ? data.personOfCii.get(cii) : undefined) ?? (from === 'Person.criminalHistory' ? parent.person : undefined);
      return { person, cii, hasSealed: cii ? data.hasSealedCharges(cii) : true };
    }
    case 'Arrest':
      return enterArrest(data, str(obj.id), parent);
    case 'Charge':
      return enterCharge(data, str(obj.id), parent);
    case 'Conviction':
      return { ...parent, sealed: convictionMightBeSealed(data, obj, parent) };
    case 'IIIRecord':
      return { person: lookup(data.personOfFbi, str(obj.fbi)) ?? parent.person };
    case 'StateCriminalHistory':
      return { person: lookup(data.personOfStateHistory, pair(obj.state, obj.sid)) ?? parent.person };
    case 'DmvAddress':
      return enterAddress(data, via.field === 'mailingAddress' ? 'MAILING' : 'RESIDENCE', parent.person);
    case 'OutOfStateDriverLicense': {
      const person =
        lookup(data.personOfOutOfStateLicense, pair(obj.state, obj.oln) ?? pair(via.args.state, via.args.oln)) ??
        ownerThroughPerson(from, parent);
      return {
        person,
        address: { container: 'OUT_OF_STATE', safeAtHome: person === undefined || data.safeAtHomePersons.has(person), confidential: false },
      };
    }
    case 'OutOfStateRegistration':
      return {
        person:
          lookup(data.ownerOfOutOfStateRegistration, pair(obj.state, obj.plate) ?? pair(via.args.state, via.args.plate)) ??
          ownerThroughPerson(from, parent),
      };
    case 'Vehicle': {
      const vin = str(obj.vin) ?? str(via.args.vin) ?? lookup(data.vinOfPlate, pair(via.args.state, via.args.plate));
      return { person: lookup(data.ownerOfVin, vin) };
    }
    case 'DriverLicense':
      return { person: lookup(data.personOfDl, str(obj.number) ?? str(via.args.number)) ?? ownerThroughPerson(from, parent) };
    case 'WantedPersonRecord':
    case 'MissingPersonRecord':
    case 'SexOffenderRecord':
    case 'ProtectionOrder': {
      const nic = str(obj.nic) ?? str(via.args.nic) ?? lookup(data.nicOfFcn, str(via.args.fcn));
      // Orders protecting a person are the restrained person's records, not the protected person's.
      const throughOwner = from === 'Person.protectedByOrders' ? undefined : ownerThroughPerson(from, parent);
      return { person: lookup(data.personOfNic, nic) ?? throughOwner };
    }
    case 'ProtectedPerson':
      return {}; // the protected person's data, never the order's subject's
    case 'AuditEvent':
    case 'MisuseAlert':
    case 'MisuseCase':
      return { auditOri: str(obj.ori) };
    case 'AuditEventEdge':
    case 'MisuseAlertEdge':
    case 'MisuseCaseEdge':
      return { auditOri: str(asObj(obj.node)?.ori) };
    case 'StolenVehicleRecord':
    case 'StolenPlateRecord':
    case 'StolenGunRecord':
    case 'StolenArticleRecord':
    case 'VehicleCheckResult':
    case 'Agency':
    case 'AdministrativeMessage':
    case 'HitConfirmation':
    case 'RecordChallenge':
    case 'RecordCorrectionNotice':
      return {};
    default:
      return parent; // parts of the record above (names, codes, sentences, summaries, ...)
  }
}

function personFromArgs(data: OracleDataset, from: string, args: Readonly<Record<string, unknown>>): string | undefined {
  switch (from) {
    case 'Query.person':
      return str(args.id);
    case 'Query.personByCii':
      return lookup(data.personOfCii, str(args.cii));
    case 'Query.personByFbi':
      return lookup(data.personOfFbi, str(args.fbi));
    case 'Query.personByDriverLicense':
      return lookup(data.personOfDl, str(args.number));
    default:
      return undefined;
  }
}

/** Lists and single records hanging directly off a person belong to that person. */
function ownerThroughPerson(from: string, parent: WalkFacts): string | undefined {
  return from.startsWith('Person.') ? parent.person : undefined;
}

function enterArrest(data: OracleDataset, id: string | undefined, parent: WalkFacts): WalkFacts {
  const arrest = id ? data.arrests.get(id) : undefined;
  if (arrest)
    return { person: data.personOfCii.get(arrest.cii) ?? parent.person, cii: arrest.cii, arrestId: arrest.id, sealed: arrest.sealed };
  const candidates = parent.cii ? (data.arrestsOfCii.get(parent.cii) ?? []) : [];
  return { ...parent, sealed: parent.cii === undefined || candidates.some((a) => a.sealed) };
}

function enterCharge(data: OracleDataset, id: string | undefined, parent: WalkFacts): WalkFacts {
  const charge = id ? data.charges.get(id) : undefined;
  if (charge) {
    const arrest = data.arrests.get(charge.arrestId);
    return {
      person: (arrest && data.personOfCii.get(arrest.cii)) ?? parent.person,
      cii: arrest?.cii ?? parent.cii,
      arrestId: charge.arrestId,
      sealed: charge.sealed,
    };
  }
  const arrest = parent.arrestId ? data.arrests.get(parent.arrestId) : undefined;
  const mightBeSealed = arrest ? arrest.charges.some((c) => c.sealed) : parent.cii ? data.hasSealedCharges(parent.cii) : true;
  return { ...parent, sealed: Boolean(parent.sealed) || mightBeSealed };
}

/** A conviction entry has no id: it is matched on what it shows; unmatched, it might be any conviction. */
function convictionMightBeSealed(data: OracleDataset, obj: Obj, parent: WalkFacts): boolean {
  if (parent.cii === undefined) return true;
  const all = data.convictionsOf(parent.cii);
  const matching = all.filter(
    ({ charge, arrestDate }) =>
      arrestDate === obj.arrestDate &&
      charge.statute === obj.statute &&
      charge.courtCaseNumber === (obj.courtCaseNumber ?? null) &&
      charge.dispositionDate === (obj.dispositionDate ?? null),
  );
  return matching.length > 0 ? matching.every(({ charge }) => charge.sealed) : all.some(({ charge }) => charge.sealed);
}

function enterAddress(data: OracleDataset, kind: 'RESIDENCE' | 'MAILING', person: string | undefined): WalkFacts {
  if (person === undefined) return { address: { container: kind, safeAtHome: true, confidential: true } };
  const flags = data.addressFlags(person, kind) ?? { safeAtHome: false, confidential: false };
  // Safe at Home protects the participant, not one row: none of their addresses is disclosed.
  return {
    person,
    address: { container: kind, safeAtHome: flags.safeAtHome || data.safeAtHomePersons.has(person), confidential: flags.confidential },
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

function pair(a: unknown, b: unknown): string | undefined {
  return typeof a === 'string' && typeof b === 'string' ? `${a}|${b}` : undefined;
}

function lookup(map: ReadonlyMap<string, string>, key: string | undefined): string | undefined {
  return key === undefined ? undefined : map.get(key);
}
