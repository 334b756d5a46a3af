import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COMMON_NAME_CLUSTER, SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type QueryResult, type Stack } from './support/stack.ts';

/** A unified person profile from all five sources in one request, and name search, through the gateway. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir') });
});
afterAll(async () => {
  await stack?.stop();
});

const PROFILE = /* GraphQL */ `
  query Profile($id: ID!) {
    person(id: $id) {
      id
      name {
        full
        last
        first
      }
      dob
      sex
      identifiers {
        fbi
        cii
        oln
        ols
      }
      knownNames {
        type
        full
      }
      driverLicense {
        number
        status
        classes
        expires
      }
      vehicles {
        plate
        plateState
        vin
        make
        model
        registration {
          status
        }
      }
      ncicHit
      cautions {
        code
        meaning
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
        ori
        oca
      }
      protectionOrders {
        fcn
        orderType
        status
        active
        firearmProhibited
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
          offense
        }
      }
      outOfStateLicenses {
        state
        oln
        status
      }
      stateCriminalHistories {
        state
        sid
        entries {
          offense
          disposition
        }
      }
      criminalHistory {
        cii
        summary {
          arrestCount
          convictionCount
        }
        arrests {
          arrestDate
          charges {
            statute
            description
            disposition
            convicted
            courtCaseNumber
          }
        }
      }
    }
  }
`;

interface Profile {
  person: {
    id: string;
    name: { full: string; last: string; first: string };
    dob: string;
    identifiers: { fbi: string | null; cii: string | null; oln: string | null; ols: string | null };
    knownNames: { type: string; full: string }[];
    driverLicense: { number: string; status: string; classes: string[]; expires: string } | null;
    vehicles: { plate: string; plateState: string; vin: string; registration: { status: string } }[];
    ncicHit: boolean;
    cautions: { code: string; meaning: string }[];
    wants: { nic: string; offenseCode: string; warrantLevel: string; extradition: { code: string; meaning: string } }[];
    protectionOrders: {
      fcn: string;
      orderType: string;
      status: string;
      active: boolean;
      firearmProhibited: boolean;
      conditions: { code: string; meaning: string }[];
      protectedPersons: { name: string; relation: string; person: { id: string; name: { full: string } } | null }[];
    }[];
    iii: { fbi: string; multiState: boolean; statesOfRecord: { state: string; sid: string }[] } | null;
    outOfStateLicenses: { state: string; oln: string; status: string }[];
    stateCriminalHistories: { state: string; sid: string; entries: { offense: string; disposition: string }[] }[];
    criminalHistory: {
      cii: string;
      summary: { arrestCount: number; convictionCount: number };
      arrests: { arrestDate: string; charges: { statute: string; description: string; disposition: string; convicted: boolean }[] }[];
    } | null;
  } | null;
}

describe('unified profile of the showcase wanted driver, in one request', () => {
  const subject = SHOWCASE.wantedDriver;
  let profile: NonNullable<Profile['person']>;

  beforeAll(async () => {
    const { status, body } = await stack.query<Profile>(PROFILE, { id: subject.personId });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    profile = body.data!.person!;
  });

  it('has the identity and identifiers from the identity index (cjis)', () => {
    expect(profile.id).toBe(subject.personId);
    expect(profile.name.full).toBe(subject.name);
    expect(profile.dob).toBe(subject.dob);
    if (subject.fbi) expect(profile.identifiers.fbi).toBe(subject.fbi);
    if (subject.cii) expect(profile.identifiers.cii).toBe(subject.cii);
    expect(profile.knownNames.length).toBeGreaterThan(0);
  });

  it('has a suspended California licence and the car with plate 7WNT123 (dmv)', () => {
    expect(profile.driverLicense?.status).toBe('SUSPENDED');
    if (subject.dlNumber) expect(profile.driverLicense?.number).toBe(subject.dlNumber);
    expect(profile.vehicles.map((v) => v.plate)).toContain('7WNT123');
  });

  it('has an NCIC want with the armed-and-dangerous caution (ncic)', () => {
    expect(profile.ncicHit).toBe(true);
    expect(profile.wants.length).toBeGreaterThan(0);
    expect(profile.cautions).toContainEqual({ code: '00', meaning: expect.stringMatching(/armed and dangerous/i) });
  });

  it('is restrained by an active DVRO protecting the showcase protected person (ncic)', () => {
    const dvro = profile.protectionOrders.find((o) => o.orderType === 'DVRO' && o.active);
    expect(dvro).toBeDefined();
    expect(dvro?.status).toBe('ACTIVE');
    expect(dvro?.protectedPersons.map((p) => p.person?.id)).toContain(SHOWCASE.protectedPerson.personId);
    // The protected person is resolved through the identity index in the same request.
    const protectedPerson = dvro?.protectedPersons.find((p) => p.person?.id === SHOWCASE.protectedPerson.personId);
    expect(protectedPerson?.person?.name.full).toBe(SHOWCASE.protectedPerson.name);
  });

  it('has an III record and records in Nevada (cjis, nlets)', () => {
    expect(profile.iii?.fbi).toBeTruthy();
    expect(profile.iii?.statesOfRecord.map((s) => s.state)).toContain('NV');
    expect(profile.outOfStateLicenses.map((l) => l.state)).toContain('NV');
    expect(profile.stateCriminalHistories.map((h) => h.state)).toContain('NV');
  });

  it('has a California criminal history with a PC 273.5 conviction (cori)', () => {
    const charges = profile.criminalHistory?.arrests.flatMap((a) => a.charges) ?? [];
    expect(charges).toContainEqual(expect.objectContaining({ statute: expect.stringMatching(/^PC 273\.5\b/), convicted: true }));
    expect(profile.criminalHistory?.summary.convictionCount).toBeGreaterThan(0);
  });
});

describe('name search through the gateway', () => {
  it('finds several GARCIA, MARIA 1990-07-04 candidates, each with a score and the reasons for it', async () => {
    const { body } = await stack.query<{
      searchPersons: {
        totalCandidates: number;
        candidates: {
          score: number;
          reasons: { code: string; points: number }[];
          person: { id: string; name: { full: string }; dob: string };
        }[];
      };
    }>(
      `query Search($last: String!, $first: String, $dob: String!) {
        searchPersons(lastName: $last, firstName: $first, dob: $dob) {
          totalCandidates
          candidates { score reasons { code points } person { id name { full } dob } }
        }
      }`,
      { last: 'GARCIA', first: 'MARIA', dob: '1990-07-04' },
    );
    expect(body.errors).toBeUndefined();
    const candidates = body.data!.searchPersons.candidates;
    expect(candidates.length).toBeGreaterThanOrEqual(3);
    expect(new Set(candidates.map((c) => c.person.id)).size).toBe(candidates.length);
    for (const candidate of candidates) {
      expect(candidate.score).toBeGreaterThan(0);
      expect(candidate.reasons.length).toBeGreaterThan(0);
    }
    const scores = candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The best candidate matched the last name, first name and DOB exactly.
    expect(candidates[0].reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['LAST_NAME_EXACT', 'FIRST_NAME_EXACT', 'DOB_EXACT']));
    expect(candidates[0].person.id).toBe(SHOWCASE.commonName.personId);
    // From the planted cluster: the exact match, the mistyped DOB on file and the maiden-name AKA.
    expect(candidates.map((c) => c.person.id)).toEqual(expect.arrayContaining(COMMON_NAME_CLUSTER.slice(0, 3).map((p) => p.personId)));
  });
});

describe('paging through name-search candidates through the gateway', () => {
  interface CandidatePage {
    totalCount: number;
    edges: {
      cursor: string;
      node: { score: number; person: { id: string; name: { full: string } | null; iii: { fbi: string } | null } };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }
  const SEARCH = { last: 'GARCIA', first: 'MARIA', dob: '1990-07-04' };
  const PAGE = `query Page($last: String!, $first: String, $dob: String!, $after: String) {
    searchPersons(lastName: $last, firstName: $first, dob: $dob) {
      totalCandidates
      candidatesConnection(first: 2, after: $after) {
        totalCount edges { cursor node { score person { id name { full } iii { fbi } } } } pageInfo { hasNextPage endCursor }
      }
    }
  }`;

  it('returns every candidate exactly once, in rank order, with each field still decided by policy', async () => {
    const headers = await headersFor(CALLERS.patrol); // may search; may not see the III record (no right to know)
    const old = await stack.query<{ searchPersons: { totalCandidates: number; candidates: { person: { id: string } }[] } }>(
      `query($last: String!, $first: String, $dob: String!) {
        searchPersons(lastName: $last, firstName: $first, dob: $dob, limit: 50) { totalCandidates candidates { person { id } } } }`,
      SEARCH,
      headers,
    );
    const { totalCandidates, candidates } = old.body.data!.searchPersons;
    expect(totalCandidates).toBeGreaterThan(2);
    expect(totalCandidates).toBeLessThanOrEqual(50);

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const result: QueryResult<{ searchPersons: { candidatesConnection: CandidatePage } }> = await stack.query(
        PAGE,
        { ...SEARCH, after },
        headers,
      );
      const { status, body } = result;
      expect(status).toBe(200);
      const page: CandidatePage = body.data!.searchPersons.candidatesConnection;
      expect(page.totalCount).toBe(totalCandidates);
      for (const { node } of page.edges) {
        expect(node.person.name?.full).toBeTruthy();
        expect(node.person.iii).toBeNull();
      }
      // The only errors are the III records denied to a patrol officer, each at its own path in the page.
      for (const error of body.errors ?? []) {
        expect(error.extensions?.code).toBe('FORBIDDEN');
        expect(error.path).toEqual(['searchPersons', 'candidatesConnection', 'edges', expect.any(Number), 'node', 'person', 'iii']);
      }
      const [event] = await stack.audit.query({ userId: CALLERS.patrol.sub, limit: 1 });
      expect(event.subjects).toEqual(expect.arrayContaining(page.edges.map((e) => e.node.person.id)));
      expect(event.fieldsDenied).toContain('Person.iii');
      seen.push(...page.edges.map((e) => e.node.person.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after !== null && pages < 30);

    expect(pages).toBe(Math.ceil(totalCandidates / 2));
    expect(seen).toEqual(candidates.map((c) => c.person.id));
    expect(new Set(seen).size).toBe(totalCandidates);
    expect(seen[0]).toBe(SHOWCASE.commonName.personId);
  });

  it('refuses a cursor that is not one, naming the argument, and a noncriminal caller gets no candidates', async () => {
    const bad = await stack.query(PAGE, { ...SEARCH, after: 'not-a-cursor' }, await headersFor(CALLERS.patrol));
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    const licensing = await stack.query<{ searchPersons: unknown }>(PAGE, SEARCH, await headersFor(CALLERS.licensing));
    expect(licensing.body.data?.searchPersons ?? null).toBeNull();
    expect(licensing.body.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });
});
