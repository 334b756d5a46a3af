import type { AuditView } from '../../audit/event.ts';

/**
 * What the audit records about each type of the API schema that identifies something: declared once
 * here, and from it the Disclosure (disclosure.ts) knows what to record and the prune pass what to fetch
 * for it (`auditInputs`). `record-kinds.test.ts` fails when a type of the API schema with an identifier
 * field (`identifierFields`) has no entry, or when an entry names a field the schema does not have.
 */

/**
 * A path from a record to a Person, by field names: `subject`, or `protectedPersons.person` (a list of
 * objects each with a `person`). The audit fetches `{ id }` at its end.
 */
export type PersonPath = string;

export type AuditedType =
  /** The person index itself: a Person returned makes its id a subject of the request. */
  | { kind: 'person'; id: string }
  /** A record: recorded as `Type:<id>` when any of its fields is returned. */
  | {
      kind: 'record';
      id: string;
      /** Persons the record is about: subjects of the request when the record is disclosed. */
      subjects?: readonly PersonPath[];
      /** A sensitive view of persons that any field of the record makes, except the fields in `notBy`. */
      view?: { kind: AuditView['kind']; of: readonly PersonPath[]; notBy?: readonly string[] };
    }
  /**
   * Carries no id of its own, but some of its fields make a view of the person whose field reached it
   * (`reachedBy`, a coordinate of a Person field), e.g. the lines of a residence address.
   */
  | { kind: 'view'; view: AuditView['kind']; reachedBy: string; fields: readonly string[] }
  /** A part of another record (an arrest of a criminal history): disclosed with, and named by, that record. */
  | { kind: 'part'; of: string }
  /** Identified, but not a record about a person that the audit names (say why). */
  | { kind: 'not-a-record'; why: string };

const nicRecord = { kind: 'record', id: 'nic' } as const;
const ridRecord = { kind: 'record', id: 'id' } as const;

export const AUDITED_TYPES: Readonly<Record<string, AuditedType>> = {
  Person: { kind: 'person', id: 'id' },
  DmvAddress: { kind: 'view', view: 'HOME_ADDRESS', reachedBy: 'Person.residenceAddress', fields: ['street', 'city', 'zip'] },
  PersonIdentifiers: { kind: 'part', of: 'Person' },

  // NCIC's stolen-vehicle reports on a vehicle are not its DMV registration.
  Vehicle: { kind: 'record', id: 'vin', view: { kind: 'VEHICLE_REGISTRATION', of: ['registeredOwner'], notBy: ['stolenVehicleReports'] } },
  // `driverLicense(number)` answers without any Person field: the holder is the subject all the same.
  DriverLicense: { kind: 'record', id: 'number', subjects: ['holder'] },
  OutOfStateRegistration: {
    kind: 'not-a-record',
    why: 'another state answers an Nlets registration query; it names no person of the index',
  },
  VehicleCheckResult: {
    kind: 'not-a-record',
    why: 'the answer to a plate/VIN check; the hot-file records it lists are recorded themselves',
  },

  ProtectionOrder: { kind: 'record', id: 'nic', view: { kind: 'PROTECTION_ORDER', of: ['restrainedPerson', 'protectedPersons.person'] } },
  WantedPersonRecord: nicRecord,
  MissingPersonRecord: nicRecord,
  SexOffenderRecord: nicRecord,
  StolenVehicleRecord: nicRecord,
  StolenPlateRecord: nicRecord,
  StolenGunRecord: nicRecord,
  StolenArticleRecord: nicRecord,

  // A criminal history disclosed is a disclosure about its subject, even when no Person field is asked.
  CriminalHistory: { kind: 'record', id: 'cii', subjects: ['subject'] },
  Arrest: { kind: 'part', of: 'CriminalHistory' },
  Charge: { kind: 'part', of: 'CriminalHistory' },
  CustodyEpisode: { kind: 'part', of: 'CriminalHistory' },
  Supervision: { kind: 'part', of: 'CriminalHistory' },
  RehabilitationProgram: { kind: 'part', of: 'CriminalHistory' },
  IIIRecord: { kind: 'part', of: 'Person' },

  AdministrativeMessage: ridRecord,
  HitConfirmation: ridRecord,
  RecordChallenge: ridRecord,
  RecordCorrectionNotice: ridRecord,
  // DOJ's applicant response names the person the prints identified, whether or not anyone may see who.
  ApplicantCheck: { kind: 'record', id: 'id', subjects: ['subject'] },
  SecondaryDissemination: ridRecord,

  // An agency's case or CAD incident (rms), recorded as `AgencyCase:<ORI>/<number>`: about its linked persons.
  AgencyCase: { kind: 'record', id: 'id', subjects: ['persons.person'] },
  CasePerson: { kind: 'part', of: 'AgencyCase' },
  CaseVehicle: { kind: 'part', of: 'AgencyCase' },
  CadIncident: { kind: 'record', id: 'id', subjects: ['persons'] },
  IncidentVehicle: { kind: 'part', of: 'CadIncident' },

  AuditEvent: { kind: 'not-a-record', why: 'the audit trail itself; reading it names no person' },
  MisuseAlert: { kind: 'not-a-record', why: 'a finding over the audit trail; reading it names no person' },
  AuditView: { kind: 'not-a-record', why: 'a view as the audit trail recorded it (part of an AuditEvent)' },
  // Triage of a misuse case is recorded against the case (`MisuseCase:12`), so the trail shows who read or changed it.
  MisuseCase: { kind: 'record', id: 'id' },
  MisuseCaseAlert: { kind: 'part', of: 'MisuseCase' },
  MisuseCaseEvidence: { kind: 'part', of: 'MisuseCase' },
  AuditReport: { kind: 'not-a-record', why: 'a report over the audit trail; its inquiries are audit events, reading them names no person' },
  AuditChainVerification: { kind: 'not-a-record', why: 'the state of the hash chain; names no person' },
};

/** Field names that identify what an object is about; a type with one (or with an ID or non-null scalar field) needs an entry. */
export const IDENTIFIER_FIELDS: ReadonlySet<string> = new Set(['id', 'nic', 'cii', 'vin', 'number', 'fbi']);

/** The alias under which the gateway fetches a field for the audit. */
export function auditAlias(field: string): string {
  return `_authz_${field}`;
}

function personSelection(path: PersonPath): string {
  const [head, ...rest] = path.split('.');
  const inner = rest.reduceRight((selection, field) => `${field} { ${selection} }`, 'id');
  return `${auditAlias(head)}: ${head} { ${inner} }`;
}

/** The person paths an entry reads (subjects and view persons). */
export function personPathsOf(entry: AuditedType): readonly PersonPath[] {
  if (entry.kind !== 'record') return [];
  return [...new Set([...(entry.subjects ?? []), ...(entry.view?.of ?? [])])];
}

/** The selections to add to every selection set of a type so that the audit knows whose data it is. */
export function auditInputs(types: Readonly<Record<string, AuditedType>> = AUDITED_TYPES): Readonly<Record<string, string>> {
  const inputs: Record<string, string> = {};
  for (const [typeName, entry] of Object.entries(types)) {
    if (entry.kind !== 'person' && entry.kind !== 'record') continue;
    inputs[typeName] = [`${auditAlias(entry.id)}: ${entry.id}`, ...personPathsOf(entry).map(personSelection)].join(' ');
  }
  return inputs;
}

/** The person ids at `path` of a record's audit inputs (a list along the way gives several). */
export function personIdsAt(record: Readonly<Record<string, unknown>>, path: PersonPath): string[] {
  const [head, ...rest] = path.split('.');
  let values: unknown[] = [record[auditAlias(head)]];
  for (const field of [...rest, 'id']) {
    values = values
      .flatMap((value): unknown[] => (Array.isArray(value) ? (value as unknown[]) : [value]))
      .map((value) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined));
  }
  return values.filter((id): id is string => typeof id === 'string');
}
