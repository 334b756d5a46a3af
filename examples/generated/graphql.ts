/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** An administrative message to send (Nlets AM). */
export type AdministrativeMessageInput = {
  /** Subject line, 1 to 100 characters. */
  subject: string;
  /** Message text, 1 to 4000 characters. */
  text: string;
  /** Destination ORIs, 1 to 10, each in the ORION directory (e.g. NV0020100). Duplicates are sent once. */
  to: Array<string>;
};

/** Nlets message type. */
export type AdministrativeMessageKind =
  /** AM: free-text administrative message. */
  | 'AM'
  /** YQ: hit confirmation request. */
  | 'YQ'
  /** YR: hit confirmation response. */
  | 'YR';

/** Components of a name-search match score (points in parentheses). */
export type MatchReasonCode =
  /** The DOB is the query's with day and month swapped (20). */
  | 'DOB_DAY_MONTH_SWAPPED'
  /** The DOB equals the query (30). */
  | 'DOB_EXACT'
  /** The DOB is within one year of the query's (10). */
  | 'DOB_NEAR'
  /** The DOB differs from the query's in exactly one digit (15). */
  | 'DOB_SINGLE_DIGIT'
  /** The DOB is the query's with two adjacent digits transposed (20). */
  | 'DOB_TRANSPOSED_DIGITS'
  /** The first names share only their initial (8). */
  | 'FIRST_INITIAL'
  /** The first name equals the query (20). */
  | 'FIRST_NAME_EXACT'
  /** The first name differs but has the same Soundex code (12). */
  | 'FIRST_NAME_PHONETIC'
  /** The last name equals the query, ignoring punctuation and spaces (35). */
  | 'LAST_NAME_EXACT'
  /** The last name differs but has the same Soundex code (25). */
  | 'LAST_NAME_PHONETIC'
  /** The match is on an alias rather than the primary name (-5). */
  | 'MATCHED_AKA'
  /** The match is on an alternate date of birth (-5). */
  | 'MATCHED_ALT_DOB'
  /** The match is on a misspelling entered by an agency (-5). */
  | 'MATCHED_MISSPELLING'
  /** The middle name and the query share the initial, one of them being only an initial (3). */
  | 'MIDDLE_INITIAL'
  /** The middle name equals the query (5). */
  | 'MIDDLE_NAME_EXACT'
  /** The person's sex equals the query's (10). */
  | 'SEX_MATCH'
  /** The person's sex differs from the query's (-15). */
  | 'SEX_MISMATCH';

export type NameSearchQueryVariables = Exact<{
  lastName: string;
  firstName?: string | null | undefined;
  dob: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type NameSearchQuery = { searchPersons: { totalCandidates: number | null, candidatesConnection: { edges: Array<{ node: { score: number | null, reasons: Array<{ code: MatchReasonCode | null, points: number | null, detail: string | null }> | null, person: { id: string, dob: string | null, name: { full: string | null } | null } | null } | null }> | null, pageInfo: { hasNextPage: boolean | null, endCursor: string | null } | null } | null } | null };

export type PlateToOwnerQueryVariables = Exact<{
  plate: string;
  state: string;
}>;


export type PlateToOwnerQuery = { vehicle: { vin: string, year: number | null, make: string | null, model: string | null, colour: string | null, registeredOwner: { id: string, dob: string | null, name: { full: string | null } | null, cautions: Array<{ code: string | null, meaning: string | null }> | null, wants: Array<{ offenseDescription: string | null, warrantLevel: string | null, ori: string | null }> | null, protectionOrders: Array<{ orderType: string | null, active: boolean | null, expiryDate: string | null, firearmProhibited: boolean | null, served: boolean | null }> | null } | null } | null };

export type SendAdministrativeMessageMutationVariables = Exact<{
  input: AdministrativeMessageInput;
  idempotencyKey: string;
}>;


export type SendAdministrativeMessageMutation = { sendAdministrativeMessage: { id: string | null, kind: AdministrativeMessageKind | null, fromOri: string | null, to: Array<string> | null, subject: string | null, sentAt: string | null } | null };

export type UnifiedProfileQueryVariables = Exact<{
  id: string;
}>;


export type UnifiedProfileQuery = { person: { id: string, dob: string | null, name: { full: string | null } | null, identifiers: { fbi: string | null, cii: string | null } | null, cautions: Array<{ code: string | null, meaning: string | null }> | null, driverLicense: { status: string | null } | null, vehicles: Array<{ plate: string | null }> | null, residenceAddress: { street: string | null, city: string | null } | null, wants: Array<{ offenseDescription: string | null, warrantLevel: string | null }> | null, protectionOrders: Array<{ orderType: string | null, active: boolean | null, firearmProhibited: boolean | null }> | null, criminalHistory: { convictions: Array<{ statute: string | null, description: string | null }> | null } | null } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const NameSearchDocument = new TypedDocumentString(`
    query NameSearch($lastName: String!, $firstName: String, $dob: String!, $first: Int, $after: String) {
  searchPersons(lastName: $lastName, firstName: $firstName, dob: $dob) {
    totalCandidates
    candidatesConnection(first: $first, after: $after) {
      edges {
        node {
          score
          reasons {
            code
            points
            detail
          }
          person {
            id
            name {
              full
            }
            dob
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NameSearchQuery, NameSearchQueryVariables>;
export const PlateToOwnerDocument = new TypedDocumentString(`
    query PlateToOwner($plate: String!, $state: String!) {
  vehicle(plate: $plate, state: $state) {
    vin
    year
    make
    model
    colour
    registeredOwner {
      id
      name {
        full
      }
      dob
      cautions {
        code
        meaning
      }
      wants {
        offenseDescription
        warrantLevel
        ori
      }
      protectionOrders {
        orderType
        active
        expiryDate
        firearmProhibited
        served
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PlateToOwnerQuery, PlateToOwnerQueryVariables>;
export const SendAdministrativeMessageDocument = new TypedDocumentString(`
    mutation SendAdministrativeMessage($input: AdministrativeMessageInput!, $idempotencyKey: String!) {
  sendAdministrativeMessage(input: $input, idempotencyKey: $idempotencyKey) {
    id
    kind
    fromOri
    to
    subject
    sentAt
  }
}
    `) as unknown as TypedDocumentString<SendAdministrativeMessageMutation, SendAdministrativeMessageMutationVariables>;
export const UnifiedProfileDocument = new TypedDocumentString(`
    query UnifiedProfile($id: ID!) {
  person(id: $id) {
    id
    name {
      full
    }
    dob
    identifiers {
      fbi
      cii
    }
    cautions {
      code
      meaning
    }
    driverLicense {
      status
    }
    vehicles {
      plate
    }
    residenceAddress {
      street
      city
    }
    wants {
      offenseDescription
      warrantLevel
    }
    protectionOrders {
      orderType
      active
      firearmProhibited
    }
    criminalHistory {
      convictions {
        statute
        description
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UnifiedProfileQuery, UnifiedProfileQueryVariables>;