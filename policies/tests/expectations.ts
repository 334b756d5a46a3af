/**
 * The expected disclosure rules, written by hand from docs/domain.md §4–§6 and the README, independently of
 * policies/*.yaml. The matrix test compares the policy's decisions with this table for every role ×
 * purpose × case-number × field; a disagreement means either the policy or this reading of the law is
 * wrong, and a person has to decide which.
 */
import type { Purpose, Role } from '../../common/vocabulary.ts';

export type Expected = 'allow' | 'deny' | 'depends';

/** The purposes each role may state (docs/domain.md §5). */
export const PERMITTED_PURPOSES: Record<Role, Purpose[]> = {
  PATROL_OFFICER: ['C'],
  DISPATCHER: ['C', 'A'],
  INVESTIGATOR: ['C', 'D', 'F', 'J', 'X'],
  RECORDS_CLERK: ['C', 'A', 'F'],
  COURT_CLERK: ['C', 'D'],
  PROBATION_OFFICER: ['C'],
  AGENCY_COORDINATOR: ['A'],
  DOJ_AUDITOR: ['A'],
  POLICY_OFFICER: ['A'],
  NONCRIMINAL_AGENCY: ['I', 'H', 'X'],
  SUBJECT: ['RECORD_REVIEW'],
};

const CJ: Role[] = ['PATROL_OFFICER', 'DISPATCHER', 'INVESTIGATOR', 'RECORDS_CLERK', 'COURT_CLERK', 'PROBATION_OFFICER'];
const RIGHT_TO_KNOW: Role[] = ['INVESTIGATOR', 'PROBATION_OFFICER', 'COURT_CLERK', 'RECORDS_CLERK'];

interface Ask {
  role: Role;
  purpose: Purpose;
  hasCase: boolean;
}

/**
 * Licensing/employment (I), housing (H), exigent placement (X) and visa (V) purposes: nothing about a
 * person through a name inquiry, whoever asks (PC 11105, 11 CCR 703: "CORI is not to be accessed for
 * purposes of employment, licensing, certifications or permits"). Applicant agencies get criminal history
 * only as DOJ's answer to a fingerprint-based applicant submission, which is not a query of this gateway.
 */
export const NONCRIMINAL_PURPOSES: readonly Purpose[] = ['I', 'H', 'X', 'V'];
const noncriminal = (a: Ask) => NONCRIMINAL_PURPOSES.includes(a.purpose);
/** A criminal-justice role acting for a criminal-justice (or administrative) purpose. */
const cj = (a: Ask) => CJ.includes(a.role) && !noncriminal(a);
const subject = (a: Ask) => a.role === 'SUBJECT' && a.purpose === 'RECORD_REVIEW';
/** Right to know (role) and need to know (criminal-justice purpose + case number): PC 11105, 11 CCR 703. */
const rapSheet = (a: Ask) => RIGHT_TO_KNOW.includes(a.role) && ['C', 'D', 'F', 'J'].includes(a.purpose) && a.hasCase;
const officerSafety = (a: Ask) => cj(a) && ['C', 'D', 'F', 'A'].includes(a.purpose);
const dmv = (a: Ask) => cj(a) && ['C', 'D', 'A'].includes(a.purpose);

const allowIf = (condition: boolean): Expected => (condition ? 'allow' : 'deny');

/** Categories of fields and who may see each. */
export const RULES = {
  /** Query.person: anyone who may look a person up, and a subject (their own record is checked later). */
  entryPerson: (a: Ask) => allowIf(cj(a) || subject(a)),
  /** Batch lookup and name search: criminal justice only (a subject would learn who exists). */
  entrySearch: (a: Ask) => allowIf(cj(a)),
  /** Lookups by FBI, CII or DL number: criminal justice only. */
  entryIdentifier: (a: Ask) => allowIf(cj(a)),
  /** A person's id, name, sex, race and DOB; a subject only for themselves. */
  personCore: (a: Ask): Expected => (cj(a) ? 'allow' : subject(a) ? 'depends' : 'deny'),
  /** Parts of a name, reached only through a disclosed Person. */
  nameParts: (a: Ask) => allowIf(cj(a) || subject(a)),
  /** Descriptors, identifiers, known names on Person; a subject only for themselves. */
  descriptors: (a: Ask): Expected => (cj(a) ? 'allow' : subject(a) ? 'depends' : 'deny'),
  /** The contents of identifiers and known names, reached only through a disclosed Person. */
  descriptorParts: (a: Ask) => allowIf(cj(a) || subject(a)),
  /** Name-search results. */
  searchResult: (a: Ask) => allowIf(cj(a)),
  /** Wants, cautions, orders, missing, sex-offender registry: officer safety, no case number needed. */
  hotFile: (a: Ask) => allowIf(officerSafety(a)),
  /** CLETS-001 confidential order data: court staff, or a DV purpose with a case number. */
  clets001: (a: Ask) => allowIf((a.role === 'COURT_CLERK' && ['C', 'D'].includes(a.purpose)) || (cj(a) && a.purpose === 'D' && a.hasCase)),
  /** Stolen vehicles, plates, guns, articles. */
  stolenProperty: (a: Ask) => allowIf(cj(a) && ['C', 'A'].includes(a.purpose)),
  /** DMV licence and registration data. */
  dmv: (a: Ask) => allowIf(dmv(a)),
  /** Street, city, zip, since of a DMV address: Safe at Home and VC 1808.4 checks depend on the record. */
  dmvAddressLine: (a: Ask): Expected => (!dmv(a) ? 'deny' : 'depends'),
  /** Residence addresses (VC 1808.21): criminal justice with a case number, C or D. */
  residence: (a: Ask) => allowIf(cj(a) && ['C', 'D'].includes(a.purpose) && a.hasCase),
  /** Out-of-state driver and registration responses. */
  outOfStateDmv: (a: Ask) => allowIf(dmv(a)),
  /** III and state rap sheets. */
  rapSheet: (a: Ask) => allowIf(rapSheet(a)),
  /** Query.criminalHistory. */
  entryCriminalHistory: (a: Ask) => allowIf(rapSheet(a) || subject(a)),
  /** CORI record fields beyond identity: right+need to know, or the subject's own. */
  coriRecord: (a: Ask): Expected => (rapSheet(a) ? 'allow' : subject(a) ? 'depends' : 'deny'),
  /** CORI identity (and the record's existence): as the record itself, never for an applicant check. */
  coriIdentity: (a: Ask): Expected => (rapSheet(a) ? 'allow' : subject(a) ? 'depends' : 'deny'),
  /** Contents of a CORI record reached only through the record (summary, custody, supervision, programs). */
  coriContents: (a: Ask) => allowIf(rapSheet(a) || subject(a)),
  /** Convictions and sentences. */
  convictionContents: (a: Ask) => allowIf(rapSheet(a) || subject(a)),
  /** Arrests and charges: sealed entries hidden from all but court staff and the subject. */
  sealable: (a: Ask): Expected => (subject(a) || (rapSheet(a) && a.role === 'COURT_CLERK') ? 'allow' : rapSheet(a) ? 'depends' : 'deny'),
  /** How many sealed entries a record has: sealed information itself (courts and the subject only). */
  sealedCount: (a: Ask) => allowIf(subject(a) || (rapSheet(a) && a.role === 'COURT_CLERK')),
  /** Social Security numbers. */
  ssn: (a: Ask): Expected =>
    ['INVESTIGATOR', 'COURT_CLERK'].includes(a.role) && ['C', 'D'].includes(a.purpose) && a.hasCase
      ? 'allow'
      : subject(a)
        ? 'depends'
        : 'deny',
  /** Entering, modifying and terminating protective orders: court staff, C or D. */
  courtOrders: (a: Ask) => allowIf(a.role === 'COURT_CLERK' && ['C', 'D'].includes(a.purpose)),
  /** Recording proof of service: any criminal-justice user, C or D. */
  orderService: (a: Ask) => allowIf(cj(a) && ['C', 'D'].includes(a.purpose)),
  /** Administrative messages: criminal-justice users and coordinators, any purpose they may state. */
  messaging: (a: Ask) => allowIf(cj(a) || a.role === 'AGENCY_COORDINATOR'),
  /** Hit confirmation between inquiring and entering agencies: criminal-justice users, C, D or A. */
  hitConfirmation: (a: Ask) => allowIf(cj(a) && ['C', 'D', 'A'].includes(a.purpose)),
  /** A subject's own challenges, and the staff who handle them. */
  recordReview: (a: Ask) =>
    allowIf(subject(a) || (['RECORDS_CLERK', 'COURT_CLERK'].includes(a.role) && ['C', 'D', 'A'].includes(a.purpose))),
  /** Filing a challenge: the subject only (their own record, checked by the source). */
  fileChallenge: (a: Ask) => allowIf(subject(a)),
  /** Resolving a challenge: records clerks, C or A. */
  resolveChallenge: (a: Ask) => allowIf(a.role === 'RECORDS_CLERK' && ['C', 'A'].includes(a.purpose)),
  /** Correction notices: the agencies that receive them, the subject and the staff. */
  correctionNotice: (a: Ask) => allowIf(cj(a) || a.role === 'AGENCY_COORDINATOR' || subject(a)),
  /** Where a page of a list ends: whoever may read one of the paged lists (search, messages, challenges, notices). */
  pageInfo: (a: Ask) => allowIf(cj(a) || a.role === 'AGENCY_COORDINATOR' || subject(a)),
  /** The ORION agency directory: the only thing disclosed for a noncriminal purpose. */
  directory: (_a: Ask): Expected => 'allow',
  /** The audit trail and misuse alerts: DOJ auditors and agency coordinators, administrative purpose (11 CCR 702). */
  auditData: (a: Ask) => allowIf(['DOJ_AUDITOR', 'AGENCY_COORDINATOR'].includes(a.role) && a.purpose === 'A'),
  /** An audit event or alert itself: DOJ auditors all; a coordinator only their own agency's (depends on the record). */
  auditRecord: (a: Ask): Expected =>
    a.role === 'DOJ_AUDITOR' && a.purpose === 'A' ? 'allow' : a.role === 'AGENCY_COORDINATOR' && a.purpose === 'A' ? 'depends' : 'deny',
} satisfies Record<string, (a: Ask) => Expected>;

export type Category = keyof typeof RULES;

/** Every type whose fields all share one category. */
export const TYPE_CATEGORY: Record<string, Category> = {
  PersonName: 'nameParts',
  PersonIdentifiers: 'descriptorParts',
  KnownName: 'descriptorParts',
  PersonSearchResult: 'searchResult',
  PersonCandidate: 'searchResult',
  PersonCandidateConnection: 'searchResult',
  PersonCandidateEdge: 'searchResult',
  MatchReason: 'searchResult',
  WantedPersonRecord: 'hotFile',
  ExtraditionLimitation: 'hotFile',
  CautionCode: 'hotFile',
  MissingPersonRecord: 'hotFile',
  MissingPersonCategory: 'hotFile',
  SexOffenderRecord: 'hotFile',
  ProtectionOrder: 'hotFile',
  ProtectionOrderCondition: 'hotFile',
  ProtectedPerson: 'hotFile',
  ProtectionOrderConfidential: 'clets001',
  VehicleCheckResult: 'stolenProperty',
  StolenVehicleRecord: 'stolenProperty',
  StolenPlateRecord: 'stolenProperty',
  StolenGunRecord: 'stolenProperty',
  StolenArticleRecord: 'stolenProperty',
  DriverLicense: 'dmv',
  DriverLicenseRestriction: 'dmv',
  Vehicle: 'dmv',
  DmvRegistration: 'dmv',
  DmvAddress: 'dmv',
  OutOfStateDriverLicense: 'outOfStateDmv',
  OutOfStateRegistration: 'outOfStateDmv',
  IIIRecord: 'rapSheet',
  IIIStateOfRecord: 'rapSheet',
  IIICycle: 'rapSheet',
  StateCriminalHistory: 'rapSheet',
  StateCriminalHistoryEntry: 'rapSheet',
  CriminalHistory: 'coriRecord',
  CriminalHistorySummary: 'coriContents',
  CustodyEpisode: 'coriContents',
  Supervision: 'coriContents',
  RehabilitationProgram: 'coriContents',
  Conviction: 'convictionContents',
  Sentence: 'convictionContents',
  Arrest: 'sealable',
  Charge: 'sealable',
  Agency: 'directory',
  AdministrativeMessage: 'messaging',
  HitConfirmation: 'hitConfirmation',
  RecordChallenge: 'recordReview',
  RecordCorrectionNotice: 'correctionNotice',
  AdministrativeMessageConnection: 'messaging',
  AdministrativeMessageEdge: 'messaging',
  HitConfirmationConnection: 'hitConfirmation',
  HitConfirmationEdge: 'hitConfirmation',
  RecordChallengeConnection: 'recordReview',
  RecordChallengeEdge: 'recordReview',
  RecordCorrectionNoticeConnection: 'correctionNotice',
  RecordCorrectionNoticeEdge: 'correctionNotice',
  PageInfo: 'pageInfo',
  Person: 'descriptors',
  AuditEventConnection: 'auditData',
  AuditEventEdge: 'auditData',
  AuditEvent: 'auditRecord',
  AuditView: 'auditData',
  MisuseAlertConnection: 'auditData',
  MisuseAlertEdge: 'auditData',
  MisuseAlert: 'auditRecord',
  AuditPageInfo: 'auditData',
};

/** Fields whose category differs from their type's (or whose type has none). */
export const FIELD_CATEGORY: Record<string, Category> = {
  'Query.person': 'entryPerson',
  'Query.persons': 'entrySearch',
  'Query.searchPersons': 'entrySearch',
  'Query.personByFbi': 'entryIdentifier',
  'Query.personByCii': 'entryIdentifier',
  'Query.personByDriverLicense': 'entryIdentifier',
  'Query.criminalHistory': 'entryCriminalHistory',
  'CriminalHistorySummary.sealedChargeCount': 'sealedCount',
  'Query.vehicle': 'dmv',
  'Query.vehicleByVin': 'dmv',
  'Query.driverLicense': 'dmv',
  'Query.vehicleCheck': 'stolenProperty',
  'Query.stolenGuns': 'stolenProperty',
  'Query.stolenArticles': 'stolenProperty',
  'Query.wantedPerson': 'hotFile',
  'Query.protectionOrder': 'hotFile',
  'Query.protectionOrderByFcn': 'hotFile',
  'Query.outOfStateDriver': 'outOfStateDmv',
  'Query.outOfStateRegistration': 'outOfStateDmv',
  'Query.outOfStateRegistrationByVin': 'outOfStateDmv',
  'Mutation.enterProtectionOrder': 'courtOrders',
  'Mutation.modifyProtectionOrder': 'courtOrders',
  'Mutation.terminateProtectionOrder': 'courtOrders',
  'Mutation.recordProofOfService': 'orderService',
  'Mutation.sendAdministrativeMessage': 'messaging',
  'Mutation.markMessageRead': 'messaging',
  'Mutation.requestHitConfirmation': 'hitConfirmation',
  'Mutation.respondHitConfirmation': 'hitConfirmation',
  'Mutation.resendHitConfirmation': 'hitConfirmation',
  'Mutation.fileRecordChallenge': 'fileChallenge',
  'Mutation.resolveRecordChallenge': 'resolveChallenge',
  'Query.recordChallenges': 'recordReview',
  'Query.recordChallenge': 'recordReview',
  'Query.recordCorrectionNotices': 'messaging',
  'Query.recordChallengesConnection': 'recordReview',
  'Query.recordCorrectionNoticesConnection': 'messaging',
  'Query.inbox': 'messaging',
  'Query.inboxConnection': 'messaging',
  'Query.outbox': 'messaging',
  'Query.outboxConnection': 'messaging',
  'Query.message': 'messaging',
  'Query.hitConfirmation': 'hitConfirmation',
  'Query.hitConfirmations': 'hitConfirmation',
  'Query.hitConfirmationsConnection': 'hitConfirmation',
  'WantedPersonRecord.hitConfirmations': 'hitConfirmation',
  'ProtectionOrder.hitConfirmations': 'hitConfirmation',
  'Query.agency': 'directory',
  'Query.agencies': 'directory',
  'Query.auditEvents': 'auditData',
  'Query.misuseAlerts': 'auditData',
  'Query.disclosuresOf': 'auditData',
  'Person.auditTrail': 'auditData',
  'Person.id': 'personCore',
  'Person.name': 'personCore',
  'Person.sex': 'personCore',
  'Person.race': 'personCore',
  'Person.dob': 'personCore',
  'Person.iii': 'rapSheet',
  'Person.stateCriminalHistories': 'rapSheet',
  'Person.criminalHistory': 'coriIdentity',
  'Person.driverLicense': 'dmv',
  'Person.vehicles': 'dmv',
  'Person.mailingAddress': 'dmv',
  'Person.residenceAddress': 'residence',
  'Person.outOfStateLicenses': 'outOfStateDmv',
  'Person.outOfStateRegistrations': 'outOfStateDmv',
  'Person.wants': 'hotFile',
  'Person.cautions': 'hotFile',
  'Person.ncicHit': 'hotFile',
  'Person.ncicRecords': 'hotFile',
  'Person.protectionOrders': 'hotFile',
  'Person.protectedByOrders': 'hotFile',
  'Person.missingPersonReports': 'hotFile',
  'Person.sexOffenderRegistration': 'hotFile',
  'ProtectionOrder.confidential': 'clets001',
  'Vehicle.stolenVehicleReports': 'stolenProperty',
  'DmvAddress.street': 'dmvAddressLine',
  'DmvAddress.city': 'dmvAddressLine',
  'DmvAddress.zip': 'dmvAddressLine',
  'DmvAddress.since': 'dmvAddressLine',
  'OutOfStateDriverLicense.street': 'residence',
  'OutOfStateDriverLicense.city': 'residence',
  'OutOfStateDriverLicense.zip': 'residence',
  'CriminalHistory.cii': 'coriIdentity',
  'CriminalHistory.lastName': 'coriIdentity',
  'CriminalHistory.firstName': 'coriIdentity',
  'CriminalHistory.middleName': 'coriIdentity',
  'CriminalHistory.name': 'coriIdentity',
  'CriminalHistory.dob': 'coriIdentity',
  'CriminalHistory.sex': 'coriIdentity',
  'CriminalHistory.race': 'coriIdentity',
  'CriminalHistory.subject': 'coriIdentity',
  'CriminalHistory.convictions': 'coriIdentity',
  'CriminalHistory.ssn': 'ssn',
};

export function categoryOf(coordinate: string): Category | undefined {
  return FIELD_CATEGORY[coordinate] ?? TYPE_CATEGORY[coordinate.split('.')[0]];
}
