/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query NameSearch($lastName: String!, $firstName: String, $dob: String!, $first: Int, $after: String) {\n  searchPersons(lastName: $lastName, firstName: $firstName, dob: $dob) {\n    totalCandidates\n    candidatesConnection(first: $first, after: $after) {\n      edges {\n        node {\n          score\n          reasons {\n            code\n            points\n            detail\n          }\n          person {\n            id\n            name {\n              full\n            }\n            dob\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.NameSearchDocument,
    "query PlateToOwner($plate: String!, $state: String!) {\n  vehicle(plate: $plate, state: $state) {\n    vin\n    year\n    make\n    model\n    colour\n    registeredOwner {\n      id\n      name {\n        full\n      }\n      dob\n      cautions {\n        code\n        meaning\n      }\n      wants {\n        offenseDescription\n        warrantLevel\n        ori\n      }\n      protectionOrders {\n        orderType\n        active\n        expiryDate\n        firearmProhibited\n        served\n      }\n    }\n  }\n}": typeof types.PlateToOwnerDocument,
    "mutation SendAdministrativeMessage($input: AdministrativeMessageInput!, $idempotencyKey: String!) {\n  sendAdministrativeMessage(input: $input, idempotencyKey: $idempotencyKey) {\n    id\n    kind\n    fromOri\n    to\n    subject\n    sentAt\n  }\n}": typeof types.SendAdministrativeMessageDocument,
    "query UnifiedProfile($id: ID!) {\n  person(id: $id) {\n    id\n    name {\n      full\n    }\n    dob\n    identifiers {\n      fbi\n      cii\n    }\n    cautions {\n      code\n      meaning\n    }\n    driverLicense {\n      status\n    }\n    vehicles {\n      plate\n    }\n    residenceAddress {\n      street\n      city\n    }\n    wants {\n      offenseDescription\n      warrantLevel\n    }\n    protectionOrders {\n      orderType\n      active\n      firearmProhibited\n    }\n    criminalHistory {\n      convictions {\n        statute\n        description\n      }\n    }\n  }\n}": typeof types.UnifiedProfileDocument,
};
const documents: Documents = {
    "query NameSearch($lastName: String!, $firstName: String, $dob: String!, $first: Int, $after: String) {\n  searchPersons(lastName: $lastName, firstName: $firstName, dob: $dob) {\n    totalCandidates\n    candidatesConnection(first: $first, after: $after) {\n      edges {\n        node {\n          score\n          reasons {\n            code\n            points\n            detail\n          }\n          person {\n            id\n            name {\n              full\n            }\n            dob\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.NameSearchDocument,
    "query PlateToOwner($plate: String!, $state: String!) {\n  vehicle(plate: $plate, state: $state) {\n    vin\n    year\n    make\n    model\n    colour\n    registeredOwner {\n      id\n      name {\n        full\n      }\n      dob\n      cautions {\n        code\n        meaning\n      }\n      wants {\n        offenseDescription\n        warrantLevel\n        ori\n      }\n      protectionOrders {\n        orderType\n        active\n        expiryDate\n        firearmProhibited\n        served\n      }\n    }\n  }\n}": types.PlateToOwnerDocument,
    "mutation SendAdministrativeMessage($input: AdministrativeMessageInput!, $idempotencyKey: String!) {\n  sendAdministrativeMessage(input: $input, idempotencyKey: $idempotencyKey) {\n    id\n    kind\n    fromOri\n    to\n    subject\n    sentAt\n  }\n}": types.SendAdministrativeMessageDocument,
    "query UnifiedProfile($id: ID!) {\n  person(id: $id) {\n    id\n    name {\n      full\n    }\n    dob\n    identifiers {\n      fbi\n      cii\n    }\n    cautions {\n      code\n      meaning\n    }\n    driverLicense {\n      status\n    }\n    vehicles {\n      plate\n    }\n    residenceAddress {\n      street\n      city\n    }\n    wants {\n      offenseDescription\n      warrantLevel\n    }\n    protectionOrders {\n      orderType\n      active\n      firearmProhibited\n    }\n    criminalHistory {\n      convictions {\n        statute\n        description\n      }\n    }\n  }\n}": types.UnifiedProfileDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NameSearch($lastName: String!, $firstName: String, $dob: String!, $first: Int, $after: String) {\n  searchPersons(lastName: $lastName, firstName: $firstName, dob: $dob) {\n    totalCandidates\n    candidatesConnection(first: $first, after: $after) {\n      edges {\n        node {\n          score\n          reasons {\n            code\n            points\n            detail\n          }\n          person {\n            id\n            name {\n              full\n            }\n            dob\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): typeof import('./graphql.ts').NameSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PlateToOwner($plate: String!, $state: String!) {\n  vehicle(plate: $plate, state: $state) {\n    vin\n    year\n    make\n    model\n    colour\n    registeredOwner {\n      id\n      name {\n        full\n      }\n      dob\n      cautions {\n        code\n        meaning\n      }\n      wants {\n        offenseDescription\n        warrantLevel\n        ori\n      }\n      protectionOrders {\n        orderType\n        active\n        expiryDate\n        firearmProhibited\n        served\n      }\n    }\n  }\n}"): typeof import('./graphql.ts').PlateToOwnerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendAdministrativeMessage($input: AdministrativeMessageInput!, $idempotencyKey: String!) {\n  sendAdministrativeMessage(input: $input, idempotencyKey: $idempotencyKey) {\n    id\n    kind\n    fromOri\n    to\n    subject\n    sentAt\n  }\n}"): typeof import('./graphql.ts').SendAdministrativeMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UnifiedProfile($id: ID!) {\n  person(id: $id) {\n    id\n    name {\n      full\n    }\n    dob\n    identifiers {\n      fbi\n      cii\n    }\n    cautions {\n      code\n      meaning\n    }\n    driverLicense {\n      status\n    }\n    vehicles {\n      plate\n    }\n    residenceAddress {\n      street\n      city\n    }\n    wants {\n      offenseDescription\n      warrantLevel\n    }\n    protectionOrders {\n      orderType\n      active\n      firearmProhibited\n    }\n    criminalHistory {\n      convictions {\n        statute\n        description\n      }\n    }\n  }\n}"): typeof import('./graphql.ts').UnifiedProfileDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
