import { fileURLToPath } from 'node:url';
import type { RunningSubgraph } from '../common/subgraph.ts';
import { definition } from './index.ts';
import { postAsGateway, startWithFixtures, type FixtureRow as Row, type Fixtures } from '../common/testing.ts';

/** Test support for the ncic subgraph: a real ncic.sqlite from store.sql with inline rows, served over HTTP. */

export type { Fixtures };

const STORE_SQL = fileURLToPath(new URL('./store.sql', import.meta.url));

/** Tables in foreign-key order. */
const TABLES = [
  'wanted',
  'cautions',
  'missing',
  'protection_orders',
  'protection_order_conditions',
  'protected_persons',
  'protection_order_confidential',
  'sex_offenders',
  'stolen_vehicles',
  'stolen_plates',
  'stolen_guns',
  'stolen_articles',
];

export interface NcicServer {
  running: RunningSubgraph;
  url: string;
  stop(): Promise<void>;
}

/** Builds ncic.sqlite in a temp directory from store.sql and `fixtures`, and starts the subgraph on a free port. */
export async function startNcic(fixtures: Fixtures): Promise<NcicServer> {
  const started = await startWithFixtures(definition, STORE_SQL, TABLES, fixtures);
  return { running: started.running, url: started.running.url, stop: () => started.stop() };
}

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs one GraphQL operation and returns the parsed body. */
export async function gql(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const response = await postAsGateway({ name: definition.name, url }, { query, variables });
  return (await response.json()) as GraphQLResponse;
}

/** Number of SQL statements one operation runs. */
export async function statementsFor(server: NcicServer, query: string, variables: Record<string, unknown> = {}) {
  const before = server.running.store.statementCount;
  const result = await gql(server.url, query, variables);
  return { result, statements: server.running.store.statementCount - before };
}

// Row builders with plausible defaults, so fixtures only state what a test is about.

export function want(nic: string, personId: string, overrides: Row = {}): Row {
  return {
    nic,
    person_id: personId,
    name: 'DOE, JOHN',
    sex: 'M',
    race: 'W',
    dob: '1980-01-01',
    offense_code: '1313',
    offense_text: 'ASSAULT',
    warrant_level: 'FELONY',
    warrant_date: '2024-01-01',
    extradition: '1',
    misc: null,
    ori: 'CA0190000',
    oca: 'OCA-1',
    entered_at: '2024-01-02T10:00:00Z',
    ...overrides,
  };
}

export function order(nic: string, fcn: string, personId: string, overrides: Row = {}): Row {
  return {
    nic,
    fcn,
    person_id: personId,
    name: 'DOE, JOHN',
    sex: 'M',
    race: 'W',
    dob: '1980-01-01',
    order_type: 'DVRO',
    form: 'DV-130',
    issue_date: '2024-01-01',
    expiry_date: '2029-01-01',
    status: 'ACTIVE',
    issuing_court: 'SUPERIOR COURT OF CALIFORNIA, COUNTY OF FRESNO',
    court_case_number: 'FL-24-0001',
    firearm_prohibited: 1,
    served: 1,
    served_at: '2024-01-03',
    ori: 'CA0190000',
    entered_at: '2024-01-02T10:00:00Z',
    ...overrides,
  };
}

export function protectedPerson(nic: string, personId: string | null, overrides: Row = {}): Row {
  return { nic, person_id: personId, name: 'DOE, JANE', sex: 'F', race: 'W', dob: '1982-02-02', relation: 'SPOUSE', ...overrides };
}

export function missing(nic: string, personId: string, overrides: Row = {}): Row {
  return {
    nic,
    person_id: personId,
    name: 'ROE, MARY',
    sex: 'F',
    race: 'B',
    dob: '2008-05-05',
    category: 'EME',
    last_contact: '2025-05-20',
    circumstances: 'LEFT SCHOOL ON FOOT',
    ori: 'CA0190000',
    oca: 'MP-1',
    entered_at: '2025-05-21T08:00:00Z',
    ...overrides,
  };
}

export function sexOffender(nic: string, personId: string, overrides: Row = {}): Row {
  return {
    nic,
    person_id: personId,
    registration_date: '2024-02-01',
    registering_ori: 'CA0190000',
    offense: 'PC 288(A)',
    tier: '3',
    street: '100 MAIN ST',
    city: 'FRESNO',
    zip: '93721',
    ...overrides,
  };
}
