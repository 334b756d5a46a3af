import type { Purpose, Role } from '../../common/vocabulary.ts';

/** Who is asking and why: everything a decision may depend on besides the data itself. */
export interface DecisionContext {
  /** Unique user id (`sub`); for a SUBJECT it is their master person id. */
  sub: string;
  ori: string;
  roles: readonly Role[];
  purpose: Purpose;
  /**
   * A case number that establishes need to know: stated in X-Case-Number and confirmed VALID by the agency's
   * records (rms: an open case of the caller's ORI assigned to the caller). Static tools (`policy explain
   * --case`, the matrix, replay) treat a given number as valid.
   */
  caseNumber?: string;
  /**
   * A CAD incident the caller is working (X-Incident-Number confirmed VALID by rms). It satisfies
   * `caseNumber: required` only through a role whose roles.yaml entry says `needToKnow: [case, incident]`.
   */
  incidentNumber?: string;
  /** Why a stated number did not count ("the case you stated is closed"); appended to the FORBIDDEN reason. */
  needToKnowNote?: string;
}

/** What may establish need to know for a role (roles.yaml `needToKnow:`). */
export type NeedToKnowKind = 'case' | 'incident';

/** Where a rule was written, for reasons and validation errors: `policies/dmv.yaml:14`. */
export type SourceLocation = string;

export interface AllowRule {
  id: string;
  source: SourceLocation;
  roles: readonly Role[];
  /**
   * Purposes under which the rule applies; `any` means every purpose the role may state. A rule applies
   * through a role only: one of its roles that the caller holds and that may itself state the purpose.
   */
  purposes: readonly Purpose[] | 'any';
  caseNumberRequired: boolean;
  /** Named data conditions that must all hold on the parent object. */
  when: readonly string[];
  reason?: string;
}

export interface DenyRule {
  id: string;
  source: SourceLocation;
  /** Roles the rule applies to; empty = every role. */
  roles: readonly Role[];
  /** Roles the rule never applies to (an exemption counts through a role that may state the purpose). */
  exceptRoles: readonly Role[];
  purposes: readonly Purpose[] | 'any';
  when: readonly string[];
  reason: string;
}

export interface FieldRules {
  allow: readonly AllowRule[];
  deny: readonly DenyRule[];
}

/** The whole policy after loading and validation. */
export interface Policy {
  /** Purposes each role may state. */
  purposesByRole: ReadonlyMap<Role, ReadonlySet<Purpose>>;
  /** What establishes need to know for each role (roles.yaml `needToKnow:`; default `[case]`). */
  needToKnowByRole: ReadonlyMap<Role, ReadonlySet<NeedToKnowKind>>;
  /**
   * Effective rules per field coordinate `Type.field`: a field's own rules, or its type's default when the
   * field is listed as reviewed, plus the deny rules of the invariants. A field missing here is denied.
   */
  fields: ReadonlyMap<string, FieldRules>;
  /** Files the policy was read from, for /ready and the CLI. */
  files: readonly string[];
  /** Content hash of those files (gateway/policy/version.ts): what audit events and /ready name. */
  version: string;
}

/** What a single decision says, in terms a caller and an auditor can read. */
export interface Decision {
  allowed: boolean;
  coordinate: string;
  /** Ids (with file:line) of the rules that decided. */
  rules: readonly string[];
  /** Human-readable reason. */
  reason: string;
  /** When denied: the alternatives that would have allowed the field. */
  allowedWith?: readonly AllowedWith[];
}

/** One way to be allowed: any of these roles stating one of these purposes (each may state all of them). */
export interface AllowedWith {
  roles: readonly Role[];
  purposes: readonly Purpose[];
  caseNumber: boolean;
  when: readonly string[];
}

/** The decision that can be made before any data is fetched. */
export type StaticDecision =
  | { kind: 'allow' }
  | { kind: 'deny'; decision: Decision }
  /** Depends on the data: fetch it, then decide on the parent object; these conditions need evaluating. */
  | { kind: 'depends'; conditions: readonly string[] };
