import type { Category } from './model.ts';

/**
 * The category of every field of the API, type by type: each field is listed under its category, and
 * a field that is not listed is UNKNOWN (nobody may see it). So a field added to the schema counts as a
 * leak until someone reviews it here; no type default covers fields nobody has looked at.
 */
const TABLE: Readonly<Record<string, Partial<Record<Category, string>>>> = {
  AdministrativeMessage: { MESSAGING: 'id kind fromOri from to subject text sentAt sentBy readAt' },
  AdministrativeMessageConnection: { MESSAGING: 'edges nodes pageInfo' },
  AdministrativeMessageEdge: { MESSAGING: 'cursor node' },
  AccessAlternative: { OWN_ACCESS: 'roles purposes caseNumber when' },
  AgencyCase: { AGENCY_CASE: 'id number ori type status title openedOn closedOn assignments persons vehicles' },
  AgencyCaseConnection: { AGENCY_CASE: 'edges nodes pageInfo' },
  AgencyCaseEdge: { AGENCY_CASE: 'cursor node' },
  Agency: { PUBLIC_DIRECTORY: 'ori name state kind' },
  ApplicantCheck: {
    APPLICANT_RESPONSE:
      'id ati agencyOri agencyName lastName firstName dob sex statute statuteTitle purpose status submittedAt ' +
      'submittedBy respondedAt result convictions',
    APPLICANT_IDENTIFICATION: 'subject',
  },
  ApplicantConviction: { APPLICANT_RESPONSE: 'arrestDate statute description level convictionDate court courtCaseNumber' },
  Arrest: { CORI: 'id arrestDate ori bookingNumber sealed charges' },
  AuditEvent: {
    AUDIT_ROW:
      'seq version time requestId userId userName ori roles purpose caseNumber clientAddress operationName ' +
      'operationHash operationText subjects records fieldsDisclosed fieldsDenied views sources outcome ' +
      'reason latencyMs hash prevHash caseStatus incidentNumber incidentStatus policyVersion releasedBy shadow',
    DISSEMINATION_LOG: 'disseminations',
  },
  AuditEventConnection: { AUDIT_META: 'edges pageInfo' },
  AuditEventEdge: { AUDIT_META: 'cursor', AUDIT_ROW: 'node' },
  AuditPageInfo: { AUDIT_META: 'hasNextPage endCursor' },
  AuditView: { AUDIT_ROW: 'kind personId' },
  AuditShadow: { AUDIT_ROW: 'policyVersion differences' },
  AuditShadowDifference: { AUDIT_ROW: 'coordinate live candidate' },
  AuditReport: { AUDIT_META: 'userId subjectId from to generatedAt inquiryCount truncated inquiries misuseCases chain' },
  AuditChainVerification: { AUDIT_META: 'ok checked latestSeq latestHash problem verifiedAt' },
  CadIncident: { CAD_INCIDENT: 'id number ori type startedAt clearedAt active location units persons vehicles' },
  CadIncidentConnection: { CAD_INCIDENT: 'edges nodes pageInfo' },
  CadIncidentEdge: { CAD_INCIDENT: 'cursor node' },
  CaseAssignment: { AGENCY_CASE: 'userId role assignedOn' },
  CasePerson: { AGENCY_CASE: 'role person' },
  CaseVehicle: { AGENCY_CASE: 'plate vehicle' },
  CautionCode: { HOT_FILE: 'code meaning sourceNics' },
  Charge: {
    CORI: 'id seq statute description level levelMeaning court courtCaseNumber disposition dispositionDate ' + 'sealed convicted sentence',
  },
  Conviction: { CORI: 'arrestDate statute description level levelMeaning dispositionDate court courtCaseNumber sentence' },
  CriminalHistory: {
    CORI:
      'cii lastName firstName middleName name dob sex race oln fbi summary convictions arrests custody ' + 'supervision programs subject',
    SSN: 'ssn',
  },
  CriminalHistorySummary: {
    CORI: 'arrestCount convictionCount felonyConvictionCount openCharges activeSupervision lastArrestDate',
    SEALED_COUNT: 'sealedChargeCount',
  },
  CustodyEpisode: { CORI: 'id facility kind startDate endDate' },
  DmvAddress: { ADDRESS_META: 'kind state since confidentialReason safeAtHome', ADDRESS_LINE: 'street city zip' },
  DmvRegistration: { DMV: 'status expires expired' },
  DriverLicense: {
    DMV:
      'number lastName firstName middleName fullName dob sex height heightInches weight eye hair classes ' +
      'commercial status expired restrictions issued expires holder',
  },
  DriverLicenseRestriction: { DMV: 'code meaning' },
  ExtraditionLimitation: { HOT_FILE: 'code meaning' },
  FieldAccess: { OWN_ACCESS: 'coordinate access reason rules conditions allowedWith' },
  IncidentUnit: { CAD_INCIDENT: 'userId unit' },
  IncidentVehicle: { CAD_INCIDENT: 'plate vehicle' },
  HitConfirmation: {
    HIT_CONFIRMATION:
      'id nic recordType requestingOri requesting requestedBy enteringOri entering priority remarks ' +
      'requestedAt dueAt attempt status respondedAt respondedBy confirmBy responseRemarks overdue escalate ' +
      'messages',
  },
  HitConfirmationConnection: { HIT_CONFIRMATION: 'edges nodes pageInfo' },
  HitConfirmationEdge: { HIT_CONFIRMATION: 'cursor node' },
  IIICycle: { CORI: 'state arrestDate ori offense disposition' },
  IIIRecord: { CORI: 'fbi multiState statesOfRecord cycles updatedAt' },
  IIIStateOfRecord: { CORI: 'state sid' },
  KnownName: { IDENTITY: 'type last first middle full dob' },
  MatchReason: { IDENTITY: 'code points detail' },
  MyAccess: { OWN_ACCESS: 'purpose caseNumber incidentNumber actingRoles allowed denied dependsOnData' },
  MissingPersonCategory: { HOT_FILE: 'code meaning' },
  MissingPersonRecord: { HOT_FILE: 'file nic name sex race dob category lastContact circumstances ori oca enteredAt cautions' },
  MisuseAlert: { AUDIT_ROW: 'id detector severity userId ori summary facts time createdAt evidenceSeqs evidence' },
  MisuseAlertConnection: { AUDIT_META: 'edges pageInfo' },
  MisuseAlertEdge: { AUDIT_META: 'cursor', AUDIT_ROW: 'node' },
  MisuseCase: {
    AUDIT_ROW:
      'id userId ori subjectId severity status assignee detectors signals summaries firstSeen lastSeen createdAt ' +
      'updatedAt alerts evidence history',
  },
  MisuseCaseAlert: { AUDIT_ROW: 'detector severity summary signals time evidenceSeqs' },
  MisuseCaseChange: { AUDIT_ROW: 'at by action fromStatus toStatus assignee note' },
  MisuseCaseConnection: { AUDIT_META: 'edges pageInfo totals' },
  MisuseCaseCount: { AUDIT_META: 'key count' },
  MisuseCaseEdge: { AUDIT_META: 'cursor', AUDIT_ROW: 'node' },
  MisuseCaseEvidence: { AUDIT_ROW: 'seq detectors seen event' },
  MisuseCaseTotals: { AUDIT_META: 'total byStatus bySeverity byDetector' },
  OutOfStateDriverLicense: { DMV: 'state oln name dob sex class status expires holder', ADDRESS_LINE: 'street city zip' },
  OutOfStateRegistration: { DMV: 'state plate vin year make model colour expires owner' },
  Person: {
    IDENTITY: 'id name sex race dob height heightInches weight eye hair skin identifiers knownNames',
    AUDIT_META: 'auditTrail',
    CORI: 'iii criminalHistory stateCriminalHistories',
    APPLICANT_RESPONSE: 'applicantChecks',
    DMV: 'driverLicense vehicles mailingAddress outOfStateLicenses outOfStateRegistrations',
    RESIDENCE_ADDRESS: 'residenceAddress',
    HOT_FILE: 'wants missingPersonReports protectionOrders protectedByOrders sexOffenderRegistration cautions ' + 'ncicHit ncicRecords',
  },
  PageInfo: { PAGE_META: 'hasNextPage endCursor' },
  PersonCandidate: { IDENTITY: 'score reasons matchedName person' },
  PersonCandidateConnection: { SEARCH_RESULTS: 'edges nodes pageInfo totalCount' },
  PersonCandidateEdge: { SEARCH_RESULTS: 'cursor', IDENTITY: 'node' },
  PersonIdentifiers: { CRIMINAL_RECORD_INDEX: 'fbi cii', IDENTITY: 'oln ols' },
  PersonName: { IDENTITY: 'last first middle full' },
  PersonSearchResult: { SEARCH_INPUT: 'lastNamePhoneticKey', SEARCH_RESULTS: 'totalCandidates candidates candidatesConnection' },
  ProtectedPerson: { HOT_FILE: 'name sex race dob relation person' },
  ProtectionOrder: {
    HOT_FILE:
      'file nic fcn orderType orderTypeDescription form issueDate expiryDate status active precedence ' +
      'issuingCourt courtCaseNumber conditions firearmProhibited served servedAt servedBy serviceMethod ' +
      'terminationReason terminationDate ori enteredAt restrainedPerson restrainedName restrainedSex ' +
      'restrainedRace restrainedDob protectedPersons cautions',
    CLETS_001: 'confidential',
    HIT_CONFIRMATION: 'hitConfirmations',
  },
  ProtectionOrderCondition: { HOT_FILE: 'code meaning' },
  ProtectionOrderConfidential: { CLETS_001: 'protectedAddress protectedPhone restrainedAddress notes' },
  Query: {
    AUDIT_META: 'auditEvents misuseAlerts disclosuresOf misuseCases misuseCase auditReport userActivity',
    IDENTITY: 'person persons personByDriverLicense',
    SEARCH_RESULTS: 'searchPersons',
    CRIMINAL_RECORD_INDEX: 'personByFbi personByCii',
    CORI: 'criminalHistory',
    RECORD_REVIEW_LIST: 'recordChallenges recordChallengesConnection',
    RECORD_REVIEW: 'recordChallenge',
    CORRECTION_NOTICE: 'recordCorrectionNotices recordCorrectionNoticesConnection',
    DMV: 'vehicle vehicleByVin driverLicense outOfStateDriver outOfStateRegistration outOfStateRegistrationByVin',
    STOLEN_PROPERTY: 'vehicleCheck stolenGuns stolenArticles',
    HOT_FILE: 'wantedPerson protectionOrder protectionOrderByFcn',
    PUBLIC_DIRECTORY: 'agency agencies',
    APPLICANT_RESPONSE: 'applicantResponses applicantResponse',
    MESSAGING: 'inbox outbox message inboxConnection outboxConnection',
    HIT_CONFIRMATION: 'hitConfirmation hitConfirmations hitConfirmationsConnection',
    OWN_ACCESS: 'myAccess',
    AGENCY_CASE: 'myCases case',
    CAD_INCIDENT: 'myIncidents incident',
  },
  RecordChallenge: {
    RECORD_REVIEW:
      'id cii chargeId charge claimedError materiality evidence status filedAt filedBy resolvedAt ' +
      'resolvedBy decisionReason hearingRight notifications',
  },
  RecordChallengeConnection: { RECORD_REVIEW_LIST: 'edges nodes pageInfo' },
  RecordChallengeEdge: { RECORD_REVIEW_LIST: 'cursor node' },
  RecordCorrectionNotice: { CORRECTION_NOTICE: 'id challengeId toOri cii text sentAt' },
  RecordCorrectionNoticeConnection: { CORRECTION_NOTICE: 'edges nodes pageInfo' },
  RecordCorrectionNoticeEdge: { CORRECTION_NOTICE: 'cursor node' },
  RehabilitationProgram: { CORI: 'id name kind startDate endDate status' },
  SecondaryDissemination: {
    DISSEMINATION_LOG:
      'id cii recordId recipientName recipientAgency recipientOri purpose caseNumber recordedAt recordedBy ' + 'recorderOri disclosureSeq',
  },
  Sentence: { CORI: 'jailDays prisonMonths probationMonths fine sentenceDate' },
  SexOffenderRecord: {
    HOT_FILE: 'file nic registrationDate registeringOri offense tier tierDescription street city zip cautions',
  },
  StateCriminalHistory: { CORI: 'state sid entries subject' },
  StateCriminalHistoryEntry: { CORI: 'arrestDate agency offense disposition' },
  StolenArticleRecord: { STOLEN_PROPERTY: 'nic serial articleType brand description theftDate ori oca' },
  StolenGunRecord: { STOLEN_PROPERTY: 'nic serial make model caliber gunType gunTypeDescription theftDate ori oca' },
  StolenPlateRecord: { STOLEN_PROPERTY: 'nic plate plateState plateYear plateType theftDate ori oca' },
  StolenVehicleRecord: { STOLEN_PROPERTY: 'nic vin plate plateState year make model colour theftDate ori oca vehicle' },
  Supervision: { CORI: 'id kind kindMeaning agencyOri startDate endDate status active conditions' },
  UserActivity: { AUDIT_META: 'userId ori roles bucket from to total peers points truncated' },
  UserActivityPoint: { AUDIT_META: 'start count peerMedian peerP90' },
  Vehicle: {
    DMV: 'vin plate plateState plateType year make model bodyStyle colour registration registeredOwner legalOwner',
    STOLEN_PROPERTY: 'stolenVehicleReports',
  },
  VehicleCheckResult: { STOLEN_PROPERTY: 'hit plate state vin stolenVehicles stolenPlates' },
  WantedPersonRecord: {
    HOT_FILE:
      'file nic name sex race dob offenseCode offenseDescription warrantLevel warrantDate extradition misc ' +
      'ori oca enteredAt cautions subject',
    HIT_CONFIRMATION: 'hitConfirmations',
  },
};

/**
 * For list fields whose elements are judged differently from the list: a search candidate is the
 * identity of the person found; an edge of an audit connection is the audit row it carries.
 */
const ELEMENTS: Readonly<Record<string, Category>> = {
  'PersonSearchResult.candidates': 'IDENTITY',
  'PersonCandidateConnection.edges': 'IDENTITY',
  'PersonCandidateConnection.nodes': 'IDENTITY',
  'AuditEventConnection.edges': 'AUDIT_ROW',
  'MisuseAlertConnection.edges': 'AUDIT_ROW',
  'MisuseCaseConnection.edges': 'AUDIT_ROW',
  'AuditReport.inquiries': 'AUDIT_ROW',
  'AuditReport.misuseCases': 'AUDIT_ROW',
};

const INDEX = new Map<string, Category>();
for (const [type, categories] of Object.entries(TABLE)) {
  for (const [category, fields] of Object.entries(categories) as [Category, string][]) {
    for (const field of fields.split(' ')) INDEX.set(`${type}.${field}`, category);
  }
}

export function categoryOf(typeName: string, fieldName: string): Category {
  return INDEX.get(`${typeName}.${fieldName}`) ?? 'UNKNOWN';
}

/** The category a list element's existence is judged by. */
export function elementCategoryOf(typeName: string, fieldName: string): Category {
  return ELEMENTS[`${typeName}.${fieldName}`] ?? categoryOf(typeName, fieldName);
}
