import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../common/clock.ts';
import { missing, order, protectedPerson, sexOffender, startNcic, statementsFor, want, type NcicServer } from './testing.ts';

// 20 persons, each with every kind of NCIC record, so every loader has 20 keys to batch.
const N = 20;
const ids = Array.from({ length: N }, (_, i) => `P${i}`);
const pad = (i: number, width = 9) => String(i).padStart(width, '0');
const vinOf = (i: number) => `1HGCM82633A${pad(i, 6)}`;

const fixtures = {
  wanted: ids.flatMap((id, i) => [want(`W${pad(2 * i)}`, id), want(`W${pad(2 * i + 1)}`, id)]),
  cautions: ids.flatMap((id, i) => [
    { nic: `W${pad(2 * i)}`, person_id: id, cmc: '00' },
    { nic: `H${pad(2 * i)}`, person_id: id, cmc: '05' },
    { nic: `M${pad(i)}`, person_id: id, cmc: '90' },
    { nic: `X${pad(i)}`, person_id: id, cmc: '35' },
  ]),
  missing: ids.map((id, i) => missing(`M${pad(i)}`, id)),
  protection_orders: ids.flatMap((id, i) => [
    order(`H${pad(2 * i)}`, `2024${pad(2 * i)}`, id),
    order(`H${pad(2 * i + 1)}`, `2024${pad(2 * i + 1)}`, id, { order_type: 'EPO', expiry_date: '2025-06-05' }),
  ]),
  protection_order_conditions: ids.flatMap((_, i) => [
    { nic: `H${pad(2 * i)}`, pco: '01' },
    { nic: `H${pad(2 * i)}`, pco: '05' },
    { nic: `H${pad(2 * i + 1)}`, pco: '04' },
  ]),
  // Each person's first order protects the next person.
  protected_persons: ids.map((_, i) => protectedPerson(`H${pad(2 * i)}`, ids[(i + 1) % N])),
  protection_order_confidential: ids.map((_, i) => ({ nic: `H${pad(2 * i)}`, protected_address: `${i} SAFE ST` })),
  sex_offenders: ids.map((id, i) => sexOffender(`X${pad(i)}`, id)),
  stolen_vehicles: ids.map((_, i) => ({
    nic: `V${pad(i)}`,
    vin: vinOf(i),
    plate: `7ABC${pad(i, 3)}`,
    plate_state: 'CA',
    theft_date: '2025-01-01',
    ori: 'CA0190000',
    oca: `SV-${i}`,
  })),
};

const CAUTIONS = 'cautions { code meaning sourceNics }';
const ORDER = `nic active precedence conditions { code meaning } protectedPersons { name person { id } }
  restrainedPerson { id } ${CAUTIONS} confidential { protectedAddress }`;
const PERSON_QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person {
  id ncicHit ${CAUTIONS}
  wants { nic extradition { meaning } ${CAUTIONS} subject { id } }
  missingPersonReports { nic category { meaning } ${CAUTIONS} }
  protectionOrders { ${ORDER} }
  protectedByOrders { ${ORDER} }
  sexOffenderRegistration { nic tierDescription ${CAUTIONS} }
} } }`;

let server: NcicServer;
let restoreClock: () => void;

beforeAll(async () => {
  restoreClock = setClock(() => new Date('2025-06-01T12:00:00Z'));
  server = await startNcic(fixtures);
});
afterAll(async () => {
  await server.stop();
  restoreClock();
});

const persons = (count: number) => ({ r: ids.slice(0, count).map((id) => ({ __typename: 'Person', id })) });

describe('batching: one SQL statement per loader batch, whatever the number of entities', () => {
  it('resolves every Person field of 20 persons with as many statements as for 1 person', async () => {
    const one = await statementsFor(server, PERSON_QUERY, persons(1));
    const twenty = await statementsFor(server, PERSON_QUERY, persons(N));
    expect(one.result.errors).toBeUndefined();
    expect(twenty.result.errors).toBeUndefined();
    const entities = twenty.result.data?._entities as { id: string; wants: unknown[]; protectionOrders: unknown[] }[];
    expect(entities).toHaveLength(N);
    expect(entities.every((p) => p.wants.length === 2 && p.protectionOrders.length === 2)).toBe(true);
    // wants, missing, orders (restrained), orders (protected), conditions, protected persons, confidential,
    // sex offenders, cautions by person, cautions by record, hit: 11 statements.
    expect(one.statements).toBe(11);
    expect(twenty.statements).toBe(one.statements);
  });

  it('gives each of the 20 persons their own records', async () => {
    const { result } = await statementsFor(server, PERSON_QUERY, persons(N));
    const entities = result.data?._entities as {
      id: string;
      ncicHit: boolean;
      protectionOrders: { nic: string; precedence: number; protectedPersons: { person: { id: string } }[] }[];
      protectedByOrders: { nic: string }[];
    }[];
    entities.forEach((p, i) => {
      expect(p.id).toBe(ids[i]);
      expect(p.ncicHit).toBe(true);
      // The EPO ranks first, then the DVRO with its no-contact condition.
      expect(p.protectionOrders.map((o) => [o.nic, o.precedence])).toEqual([
        [`H${pad(2 * i + 1)}`, 1],
        [`H${pad(2 * i)}`, 2],
      ]);
      expect(p.protectionOrders[1].protectedPersons[0].person.id).toBe(ids[(i + 1) % N]);
      expect(p.protectedByOrders).toEqual([expect.objectContaining({ nic: `H${pad(2 * ((i + N - 1) % N))}` })]);
    });
  });

  it('resolves stolen reports of 20 vehicles with as many statements as for 1', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Vehicle {
      vin stolenVehicleReports { nic vin vehicle { vin } } } } }`;
    const vehicles = (count: number) => ({ r: ids.slice(0, count).map((_, i) => ({ __typename: 'Vehicle', vin: vinOf(i) })) });
    const one = await statementsFor(server, query, vehicles(1));
    const twenty = await statementsFor(server, query, vehicles(N));
    expect(one.statements).toBe(1);
    expect(twenty.statements).toBe(1);
    expect((twenty.result.data?._entities as unknown[]).length).toBe(N);
  });

  it('batches aliased entry points too: 20 wantedPerson lookups are one statement', async () => {
    const query = `{ ${ids.map((_, i) => `w${i}: wantedPerson(nic: "W${pad(2 * i)}") { nic }`).join(' ')} }`;
    const { result, statements } = await statementsFor(server, query);
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data ?? {})).toHaveLength(N);
    expect(statements).toBe(1);
  });
});
