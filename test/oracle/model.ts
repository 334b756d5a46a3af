import { effectiveRoles, showsNeedToKnow, type OracleCaller, type OraclePurpose, type OracleRole } from './callers.ts';

/**
 * The oracle's model of who may see what, written from the domain rules (California CLETS / CORI law),
 * not from the gateway's policy files or decision code, which it must be able to contradict.
 *
 * Every schema coordinate maps to a category (coordinates.ts); whether a value may be seen depends on
 * the category, the caller, and facts about the record the value belongs to (facts the oracle reads
 * from the generated stores itself): whose record it is, whether a CORI entry is sealed, what kind of
 * address it is, which agency an audit row belongs to.
 */
export type Category =
  /** ORION agency directory. */
  | 'PUBLIC_DIRECTORY'
  /** Derived from the caller's own input (a phonetic key of the name searched for). */
  | 'SEARCH_INPUT'
  /** Who matches a name search, and how many. */
  | 'SEARCH_RESULTS'
  /** Name, date of birth, descriptors: needed to match a person. */
  | 'IDENTITY'
  /** FBI number, CII: they exist only for people with a criminal record. */
  | 'CRIMINAL_RECORD_INDEX'
  /** CORI, III, state rap sheets. */
  | 'CORI'
  | 'SSN'
  /** A count of sealed charges: sealed-entry data when there are any. */
  | 'SEALED_COUNT'
  /** DMV licence and registration, in and out of state. */
  | 'DMV'
  /** A residence address as a whole (VC 1808.21). */
  | 'RESIDENCE_ADDRESS'
  /** Street, city, zip of an address (Safe at Home, VC 1808.4 apply). */
  | 'ADDRESS_LINE'
  /** What kind of address it is, its state, its flags. */
  | 'ADDRESS_META'
  /** NCIC hot files: wants, cautions, protection orders, missing persons, sex offenders. */
  | 'HOT_FILE'
  /** Confidential CLETS-001 data of a protection order (CRC 1.51). */
  | 'CLETS_001'
  | 'STOLEN_PROPERTY'
  | 'HIT_CONFIRMATION'
  /** Administrative messages between agencies (the source limits them to sender and receiver). */
  | 'MESSAGING'
  /** A record-review challenge (PC 11126), about the record of `person`. */
  | 'RECORD_REVIEW'
  /** The list of one's own challenges (the source returns only the caller's). */
  | 'RECORD_REVIEW_LIST'
  | 'CORRECTION_NOTICE'
  /** Paging of the lists below (search, messages, hit confirmations, challenges, notices): whoever may see one of them. */
  | 'PAGE_META'
  /** Audit connections and paging: for those who review the audit trail. */
  | 'AUDIT_META'
  /** One audit event or misuse alert, of agency `auditOri`. */
  | 'AUDIT_ROW'
  /** What the caller's own roles may see (Query.myAccess): the policy applied to the caller, no record. */
  | 'OWN_ACCESS'
  /**
   * DOJ's conviction-limited answer to a fingerprint-based applicant check (PC 11105(b)(10)-(11)): the
   * applicant agency that submitted it (purposes I/H/X), and the applicant themselves.
   */
  | 'APPLICANT_RESPONSE'
  /** Who an applicant's prints identified: recorded by the audit, released to nobody. */
  | 'APPLICANT_IDENTIFICATION'
  /** The secondary dissemination log (PC 11078): auditors (a coordinator: own agency), and whoever logs an entry. */
  | 'DISSEMINATION_LOG'
  /** An agency's own case records (RMS): investigators and court clerks for C/D/F/J (the source keeps them to their agency). */
  | 'AGENCY_CASE'
  /** An agency's CAD incidents: patrol officers and dispatchers for C/A (the source keeps them to their agency). */
  | 'CAD_INCIDENT'
  /** A coordinate the oracle has no rule for: most sensitive, nobody. */
  | 'UNKNOWN';

export type AddressContainer = 'RESIDENCE' | 'MAILING' | 'OUT_OF_STATE';

/** What the oracle knows about the record a value belongs to (from the stores, not from the gateway). */
export interface RecordFacts {
  /** Whose record: a master person id; undefined = unknown or nobody (never the caller's own). */
  person?: string;
  /** The CORI entry is sealed (or might be: unidentifiable entries are assumed sealed if any could be). */
  sealed?: boolean;
  /** The criminal history has at least one sealed charge. */
  hasSealed?: boolean;
  address?: { container: AddressContainer; safeAtHome: boolean; confidential: boolean };
  /** The agency an audit event or alert belongs to; undefined = unknown (treated as another agency). */
  auditOri?: string;
}

export interface Judgement {
  allowed: boolean;
  /** Why not (or which rule allowed it): short, for reports. */
  rule: string;
}

const CRIMINAL_JUSTICE: readonly OracleRole[] = [
  'PATROL_OFFICER',
  'DISPATCHER',
  'INVESTIGATOR',
  'RECORDS_CLERK',
  'COURT_CLERK',
  'PROBATION_OFFICER',
];
/** PC 11105(b), 11 CCR 703(b): right to know criminal offender record information. */
const RIGHT_TO_KNOW: readonly OracleRole[] = ['INVESTIGATOR', 'PROBATION_OFFICER', 'COURT_CLERK', 'RECORDS_CLERK'];
const SSN_ROLES: readonly OracleRole[] = ['INVESTIGATOR', 'COURT_CLERK'];
/** VC 1808.4 addresses: investigators and courts. */
const CONFIDENTIAL_ADDRESS_ROLES: readonly OracleRole[] = ['INVESTIGATOR', 'COURT_CLERK'];
const RECORD_REVIEW_STAFF: readonly OracleRole[] = ['RECORDS_CLERK', 'COURT_CLERK'];
/** Licensing, employment, housing, placement, visa, national security: no criminal history by name. */
const NON_CRIMINAL_PURPOSES: readonly OraclePurpose[] = ['I', 'H', 'X', 'V', 'S'];
const RAP_SHEET_PURPOSES: readonly OraclePurpose[] = ['C', 'D', 'F', 'J'];
const DMV_PURPOSES: readonly OraclePurpose[] = ['C', 'D', 'A'];
const HOT_FILE_PURPOSES: readonly OraclePurpose[] = ['C', 'D', 'F', 'A'];
/** Purposes of a fingerprint-based applicant check (licensing/employment, housing, exigent placement). */
const APPLICANT_PURPOSES: readonly OraclePurpose[] = ['I', 'H', 'X'];

/** What a SUBJECT may see of their own record (PC 11120 ff.); never hot files or others' data. */
const OWN_RECORD_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'IDENTITY',
  'CRIMINAL_RECORD_INDEX',
  'CORI',
  'SSN',
  'SEALED_COUNT',
  'DMV',
  'RESIDENCE_ADDRESS',
  'ADDRESS_META',
  'ADDRESS_LINE',
  'RECORD_REVIEW',
]);

const allow = (rule: string): Judgement => ({ allowed: true, rule });
const deny = (rule: string): Judgement => ({ allowed: false, rule });

/** May this caller see a value of this category, of a record with these facts? */
export function judge(category: Category, caller: OracleCaller, facts: RecordFacts): Judgement {
  const roles = effectiveRoles(caller);
  if (roles.size === 0) return deny('purpose refused: no role may state it');
  const base = judgeCategory(category, caller, roles, facts);
  if (!base.allowed && roles.has('SUBJECT') && OWN_RECORD_CATEGORIES.has(category) && !isSelf(caller, roles, facts)) {
    return deny('not own record: a SUBJECT sees only their own');
  }
  if (!base.allowed || !facts.sealed) return base;
  // Sealed arrests and charges: courts and the subject only (PC 851.87 ff.: deemed not to have occurred).
  return roles.has('COURT_CLERK') || isSelf(caller, roles, facts) ? base : deny('sealed entry: courts and the subject only');
}

function judgeCategory(category: Category, caller: OracleCaller, roles: ReadonlySet<OracleRole>, facts: RecordFacts): Judgement {
  const any = (list: readonly OracleRole[]) => list.some((role) => roles.has(role));
  const purposeIn = (list: readonly OraclePurpose[]) => list.includes(caller.purpose);
  const cj = any(CRIMINAL_JUSTICE);
  const self = isSelf(caller, roles, facts);
  // Need to know: a case the agency records say is open, of the caller's agency and assigned to them.
  const hasCase = showsNeedToKnow(caller);
  const rapSheet = any(RIGHT_TO_KNOW) && purposeIn(RAP_SHEET_PURPOSES) && hasCase;
  const dmv = cj && purposeIn(DMV_PURPOSES);
  const residence = dmv && hasCase;
  const hotFile = cj && purposeIn(HOT_FILE_PURPOSES);
  const either = (ok: boolean, yes: string, no: string) => (ok ? allow(yes) : deny(no));

  switch (category) {
    case 'PUBLIC_DIRECTORY':
    case 'SEARCH_INPUT':
      return allow('public');
    case 'OWN_ACCESS':
      return allow('own access: the policy applied to the caller, naming no person');
    case 'SEARCH_RESULTS':
      return either(cj || roles.has('NONCRIMINAL_AGENCY'), 'name search', 'name search: criminal-justice and applicant agencies only');
    case 'IDENTITY':
      return either(cj || roles.has('NONCRIMINAL_AGENCY') || self, 'identity', 'identity: no person data for this role');
    case 'CRIMINAL_RECORD_INDEX':
      return either(
        (cj && !purposeIn(NON_CRIMINAL_PURPOSES)) || self,
        'record index',
        'criminal record index: not for this role/purpose (not even its existence)',
      );
    case 'CORI':
      return either(rapSheet || self, 'rap sheet', 'CORI: right to know + purpose C/D/F/J + case number');
    case 'SSN':
      return either((rapSheet && any(SSN_ROLES)) || self, 'ssn', 'SSN: investigators and courts with a case number');
    case 'SEALED_COUNT':
      if (!(rapSheet || self)) return deny('CORI: right to know + purpose C/D/F/J + case number');
      return either(
        !facts.hasSealed || roles.has('COURT_CLERK') || self,
        'rap sheet',
        'count of sealed charges: courts and the subject only',
      );
    case 'DMV':
      return either(dmv || self, 'dmv', 'DMV: criminal-justice roles for C/D/A');
    case 'RESIDENCE_ADDRESS':
      return either(residence || self, 'residence', 'residence address (VC 1808.21): needs a case number');
    case 'ADDRESS_META':
    case 'ADDRESS_LINE':
      return judgeAddress(category, facts, {
        dmv: dmv || self,
        residence: residence || self,
        confidentialOk: any(CONFIDENTIAL_ADDRESS_ROLES) || self,
      });
    case 'HOT_FILE':
      return either(hotFile, 'hot file', 'NCIC hot files: criminal-justice roles for C/D/F/A');
    case 'STOLEN_PROPERTY':
      return either(hotFile, 'stolen property', 'stolen property: criminal-justice roles for C/D/F/A');
    case 'CLETS_001':
      return either(
        hotFile && (roles.has('COURT_CLERK') || (caller.purpose === 'D' && hasCase)),
        'clets-001',
        'CLETS-001: court staff, or purpose D with a case number',
      );
    case 'HIT_CONFIRMATION':
      return either(hotFile, 'hit confirmation', 'hit confirmation: criminal-justice roles for C/D/F/A');
    case 'MESSAGING':
      return either(cj || roles.has('AGENCY_COORDINATOR'), 'messaging', 'messages: agencies only');
    case 'RECORD_REVIEW':
      return either(any(RECORD_REVIEW_STAFF) || self, 'record review', 'record review: staff and the subject only');
    case 'RECORD_REVIEW_LIST':
      return either(any(RECORD_REVIEW_STAFF) || roles.has('SUBJECT'), 'record review', 'record review: staff and the subject only');
    case 'CORRECTION_NOTICE':
      return either(
        cj || roles.has('AGENCY_COORDINATOR') || roles.has('SUBJECT'),
        'notice',
        'correction notices: agencies and the subject',
      );
    case 'PAGE_META':
      return either(
        cj || roles.has('NONCRIMINAL_AGENCY') || roles.has('AGENCY_COORDINATOR') || roles.has('SUBJECT') || any(RECORD_REVIEW_STAFF),
        'paging',
        'paging: no list for this role',
      );
    case 'AUDIT_META':
      return either(
        roles.has('DOJ_AUDITOR') || roles.has('AGENCY_COORDINATOR'),
        'audit',
        'audit trail: DOJ auditors and agency coordinators only',
      );
    case 'AUDIT_ROW':
      if (roles.has('DOJ_AUDITOR')) return allow('audit (statewide)');
      return either(
        roles.has('AGENCY_COORDINATOR') && facts.auditOri === caller.ori,
        'audit (own agency)',
        roles.has('AGENCY_COORDINATOR') ? 'audit row of another agency' : 'audit trail: DOJ auditors and agency coordinators only',
      );
    case 'APPLICANT_RESPONSE':
      return either(
        (roles.has('NONCRIMINAL_AGENCY') && purposeIn(APPLICANT_PURPOSES)) || self,
        'applicant response',
        'applicant response: the submitting applicant agency (I/H/X) and the applicant only',
      );
    case 'APPLICANT_IDENTIFICATION':
      return deny('who the prints identified: nobody');
    case 'DISSEMINATION_LOG':
      if (roles.has('DOJ_AUDITOR')) return allow('dissemination log (statewide)');
      if (roles.has('AGENCY_COORDINATOR') && facts.auditOri === caller.ori) return allow('dissemination log (own agency)');
      return either(any(RIGHT_TO_KNOW) && purposeIn(RAP_SHEET_PURPOSES), 'dissemination log entry', 'dissemination log: auditors only');
    case 'AGENCY_CASE':
      return either(
        any(['INVESTIGATOR', 'COURT_CLERK']) && purposeIn(['C', 'D', 'F', 'J']),
        'agency case',
        'agency cases: investigators and court clerks for C/D/F/J',
      );
    case 'CAD_INCIDENT':
      return either(
        any(['PATROL_OFFICER', 'DISPATCHER']) && purposeIn(['C', 'A']),
        'cad incident',
        'CAD incidents: patrol and dispatch for C/A',
      );
    case 'UNKNOWN':
      return deny('coordinate unknown to the oracle: most sensitive');
  }
}

function judgeAddress(
  category: 'ADDRESS_META' | 'ADDRESS_LINE',
  facts: RecordFacts,
  may: { dmv: boolean; residence: boolean; confidentialOk: boolean },
): Judgement {
  // An address the oracle cannot place is judged as the most protected kind.
  const address = facts.address ?? { container: 'RESIDENCE', safeAtHome: true, confidential: true };
  const container = address.container === 'MAILING' ? may.dmv : may.residence;
  if (!container)
    return deny(
      address.container === 'MAILING' ? 'DMV: criminal-justice roles for C/D/A' : 'residence address (VC 1808.21): needs a case number',
    );
  if (category === 'ADDRESS_META') return allow('address');
  if (address.safeAtHome) return deny('Safe at Home participant (Gov. Code 6206): never');
  if (address.confidential && !may.confidentialOk) return deny('VC 1808.4 confidential address: investigators and courts only');
  return allow('address');
}

function isSelf(caller: OracleCaller, roles: ReadonlySet<OracleRole>, facts: RecordFacts): boolean {
  return roles.has('SUBJECT') && facts.person !== undefined && facts.person === caller.sub;
}
