import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { startStack, type Stack } from './support/stack.ts';
import { CALLERS } from './support/callers.ts';

/**
 * Batching across the federation: every entity reference and list relation goes through a per-request
 * DataLoader with one SQL statement per batch, so a profile of 20 persons costs the same number of SQL
 * statements (summed over the five stores) as a profile of 5.
 */
let stack: Stack;
beforeAll(async () => {
  // Court staff see every part of a record (sealed entries and CLETS-001 included), so the query reaches
  // every relation; only Safe at Home address lines stay hidden from everyone.
  stack = await startStack({ dataDir: inject('dataDir'), defaultCaller: { ...CALLERS.courtClerk, purpose: 'C' } });
});
afterAll(async () => {
  await stack?.stop();
});

const FULL_PROFILES = /* GraphQL */ `
  query Profiles($ids: [ID!]!) {
    persons(ids: $ids) {
      id
      name {
        full
      }
      dob
      sex
      race
      height
      weight
      eye
      hair
      skin
      identifiers {
        fbi
        cii
        oln
        ols
      }
      knownNames {
        type
        full
        dob
      }
      iii {
        fbi
        multiState
        statesOfRecord {
          state
          sid
        }
        cycles {
          state
          arrestDate
          offense
          disposition
        }
      }
      driverLicense {
        number
        classes
        status
        expires
        restrictions {
          code
          meaning
        }
      }
      residenceAddress {
        street
        city
        zip
        confidentialReason
        safeAtHome
      }
      mailingAddress {
        street
        city
        zip
      }
      vehicles {
        vin
        plate
        year
        make
        model
        colour
        registration {
          status
          expires
        }
        stolenVehicleReports {
          nic
          theftDate
        }
        registeredOwner {
          id
        }
      }
      ncicHit
      cautions {
        code
        meaning
        sourceNics
      }
      wants {
        nic
        offenseCode
        offenseDescription
        warrantLevel
        extradition {
          code
          meaning
        }
        cautions {
          code
        }
      }
      missingPersonReports {
        nic
        category {
          code
          meaning
        }
      }
      sexOffenderRegistration {
        nic
        tier
      }
      protectionOrders {
        nic
        fcn
        orderType
        active
        precedence
        conditions {
          code
          meaning
        }
        protectedPersons {
          name
          relation
          person {
            id
            name {
              full
            }
          }
        }
        cautions {
          code
        }
      }
      protectedByOrders {
        nic
        orderType
        restrainedPerson {
          id
          name {
            full
          }
        }
      }
      outOfStateLicenses {
        state
        oln
        status
      }
      outOfStateRegistrations {
        state
        plate
        vin
      }
      stateCriminalHistories {
        state
        sid
        entries {
          arrestDate
          offense
          disposition
        }
      }
      criminalHistory {
        cii
        summary {
          arrestCount
          convictionCount
          felonyConvictionCount
          openCharges
          activeSupervision
          lastArrestDate
        }
        arrests {
          id
          arrestDate
          ori
          charges {
            seq
            statute
            disposition
            convicted
            sentence {
              jailDays
              probationMonths
              fine
            }
          }
        }
        custody {
          facility
          kind
          startDate
          endDate
        }
        supervision {
          kind
          status
          active
        }
        programs {
          name
          kind
          status
        }
      }
    }
  }
`;

interface Profiles {
  persons: ({ id: string; criminalHistory: { cii: string } | null } | null)[];
}

/** SQL statements executed by the five stores while the gateway answers one request. */
async function statementsFor(
  ids: string[],
): Promise<{ statements: number; bySubgraph: Record<string, number>; persons: Profiles['persons'] }> {
  const counts = () => Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.store.statementCount]));
  const before = counts();
  const { status, body } = await stack.query<Profiles>(FULL_PROFILES, { ids });
  const after = counts();
  const bySubgraph = Object.fromEntries(Object.keys(after).map((name) => [name, after[name] - before[name]]));
  const statements = Object.values(bySubgraph).reduce((a, b) => a + b, 0);
  expect(status).toBe(200);
  // The only denials are the Safe at Home address lines of the protected person (never disclosed).
  const problems = (body.errors ?? []).filter(
    (e) =>
      !(
        e.extensions?.code === 'FORBIDDEN' &&
        /^DmvAddress\.(street|city|zip|since)$/.test(String(e.extensions.coordinate)) &&
        e.path?.[1] === ids.indexOf(SHOWCASE.protectedPerson.personId)
      ),
  );
  expect(problems).toEqual([]);
  return { statements, bySubgraph, persons: body.data!.persons };
}

describe('SQL statements per gateway request', () => {
  let ids: string[];

  beforeAll(() => {
    // The five come first and between them have every kind of record (so they reach every nested
    // relation and every entity path the query plan can take, e.g. both ends of a protection order);
    // fifteen more persons with a California criminal history make up the twenty.
    const first = [SHOWCASE.wantedDriver, SHOWCASE.protectedPerson, SHOWCASE.recordSubject, SHOWCASE.expiredOrder, SHOWCASE.missingPerson];
    const rows = stack.subgraphs.cori.store.all<{ person_id: string }>(
      "SELECT person_id FROM subjects WHERE person_id NOT LIKE 'P9%' ORDER BY cii LIMIT 15",
    );
    ids = [...first.map((p) => p.personId), ...rows.map((r) => r.person_id)];
    expect(new Set(ids).size).toBe(20);
  });

  it('is the same for a full profile of 20 persons as for 5', async () => {
    await statementsFor(ids.slice(0, 2)); // warm-up: prepared statements and query plans
    const five = await statementsFor(ids.slice(0, 5));
    const twenty = await statementsFor(ids);
    console.log(
      `SQL statements for a full profile: 5 persons -> ${five.statements}, 20 persons -> ${twenty.statements} ` +
        `(per subgraph for 20: ${JSON.stringify(twenty.bySubgraph)})`,
    );
    expect(twenty.bySubgraph).toEqual(five.bySubgraph);
    expect(five.persons.map((p) => p?.id)).toEqual(ids.slice(0, 5));
    expect(twenty.persons.map((p) => p?.id)).toEqual(ids);
    expect(twenty.persons.filter((p) => p?.criminalHistory?.cii).length).toBeGreaterThanOrEqual(15);
    expect(twenty.statements).toBe(five.statements);
    expect(five.statements).toBeGreaterThan(0);
  });
});
