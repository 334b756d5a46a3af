import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../common/clock.ts';
import { phoneticKey } from '../common/phonetic.ts';
import { Store } from '../common/store.ts';
import { startSubgraph, type RunningSubgraph } from '../common/subgraph.ts';
import { definition } from './index.ts';
import { insertRows as insert, postGraphQL, type FixtureRow } from '../common/testing.ts';

type Row = FixtureRow;

const persons: Row[] = [
  person('P0000001', 'SMITH', 'JOHN', 'ALLEN', 'M', '1985-03-07', { fbi: '123456AB7', cii: 'A12345678', oln: 'A1234567', ols: 'CA' }),
  person('P0000002', 'SMITH', 'JANE', null, 'F', '1985-03-07', {}),
  person('P0000003', 'SCHMIDT', 'JON', null, 'M', '1986-01-15', {}),
  person('P0000004', 'SMITH', 'JOHN', null, 'M', '1958-03-07', {}),
  person('P0000005', 'SMITH', 'JOHN', null, 'M', '1990-01-01', {}),
  person('P0000006', 'JONES', 'JOHN', null, 'M', '1985-03-07', { oln: 'N998877', ols: 'NV' }),
  ...Array.from({ length: 20 }, (_, i) =>
    person(`P10000${String(i).padStart(2, '0')}`, 'BATCH', `PERSON${'ABCDEFGHIJKLMNOPQRST'[i]}`, null, 'F', '1970-01-01', {
      fbi: `9000${String(i).padStart(2, '0')}AA1`,
    }),
  ),
];

const names: Row[] = [
  ...persons.map((p) =>
    nameRow(String(p.id), 'PRIMARY', String(p.last_name), String(p.first_name), p.middle_name as string | null, String(p.dob)),
  ),
  nameRow('P0000001', 'AKA', 'SMYTHE', 'JOHNNY', null, '1985-03-07'),
  nameRow('P0000001', 'MISSPELLING', 'SMIHT', 'JOHN', 'ALLEN', '1985-03-07'),
  nameRow('P0000001', 'ALT_DOB', 'SMITH', 'JOHN', 'ALLEN', '1985-07-03'),
  ...persons.slice(6).map((p) => nameRow(String(p.id), 'AKA', 'BATCHER', String(p.first_name), null, '1970-01-02')),
];

let running: RunningSubgraph;
let dataDir: string;
let restoreClock: () => void;

beforeAll(async () => {
  restoreClock = setClock(() => new Date('2025-06-01T12:00:00Z'));
  dataDir = mkdtempSync(path.join(tmpdir(), 'cjis-test-'));
  const store = new Store(path.join(dataDir, 'cjis.sqlite'));
  store.db.exec(readFileSync(new URL('./store.sql', import.meta.url), 'utf8'));
  insert(store, 'persons', persons);
  insert(store, 'person_names', names);
  const iiiPersons = persons.filter((p) => p.fbi !== null);
  insert(
    store,
    'iii_records',
    iiiPersons.map((p) => ({ fbi: p.fbi, person_id: p.id, multi_state: p.id === 'P0000001' ? 1 : 0, updated_at: '2024-11-02' })),
  );
  insert(store, 'iii_states', [
    { fbi: '123456AB7', state: 'CA', sid: 'A12345678' },
    { fbi: '123456AB7', state: 'NV', sid: 'NV554433' },
    ...iiiPersons.slice(1).map((p) => ({ fbi: p.fbi, state: 'CA', sid: `S${String(p.id).slice(1)}` })),
  ]);
  insert(store, 'iii_cycles', [
    { fbi: '123456AB7', state: 'NV', arrest_date: '2012-08-14', ori: 'NV0020000', offense: '2399 THEFT', disposition: 'CONVICTED' },
    { fbi: '123456AB7', state: 'CA', arrest_date: '2009-05-01', ori: 'CA0190000', offense: '5404 DUI', disposition: 'DISMISSED' },
    ...iiiPersons.slice(1).map((p) => ({
      fbi: p.fbi,
      state: 'CA',
      arrest_date: '2001-01-01',
      ori: 'CA0190000',
      offense: '1313 ASSAULT',
      disposition: 'PENDING',
    })),
  ]);
  store.close();
  running = await startSubgraph(definition, { dataDir, port: 0 });
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  restoreClock();
});

const gql = (query: string, variables: Record<string, unknown> = {}) => postGraphQL(running, query, variables);

const PROFILE = `id name { last first middle full } sex race dob height heightInches weight eye hair skin
  identifiers { fbi cii oln ols } knownNames { type last first middle full dob }
  iii { fbi multiState statesOfRecord { state sid } cycles { state arrestDate ori offense disposition } updatedAt }`;

describe('cjis subgraph over HTTP', () => {
  it('person(id) returns the identity, descriptors, identifiers, known names and III record', async () => {
    const { data, errors } = await gql(`{ person(id: "P0000001") { ${PROFILE} } }`);
    expect(errors).toBeUndefined();
    expect(data?.person).toEqual({
      id: 'P0000001',
      name: { last: 'SMITH', first: 'JOHN', middle: 'ALLEN', full: 'SMITH, JOHN ALLEN' },
      sex: 'M',
      race: 'W',
      dob: '1985-03-07',
      height: '510',
      heightInches: 70,
      weight: 180,
      eye: 'BRO',
      hair: 'BLK',
      skin: 'MED',
      identifiers: { fbi: '123456AB7', cii: 'A12345678', oln: 'A1234567', ols: 'CA' },
      knownNames: [
        { type: 'AKA', last: 'SMYTHE', first: 'JOHNNY', middle: null, full: 'SMYTHE, JOHNNY', dob: '1985-03-07' },
        { type: 'ALT_DOB', last: 'SMITH', first: 'JOHN', middle: 'ALLEN', full: 'SMITH, JOHN ALLEN', dob: '1985-07-03' },
        { type: 'MISSPELLING', last: 'SMIHT', first: 'JOHN', middle: 'ALLEN', full: 'SMIHT, JOHN ALLEN', dob: '1985-03-07' },
      ],
      iii: {
        fbi: '123456AB7',
        multiState: true,
        statesOfRecord: [
          { state: 'CA', sid: 'A12345678' },
          { state: 'NV', sid: 'NV554433' },
        ],
        cycles: [
          { state: 'CA', arrestDate: '2009-05-01', ori: 'CA0190000', offense: '5404 DUI', disposition: 'DISMISSED' },
          { state: 'NV', arrestDate: '2012-08-14', ori: 'NV0020000', offense: '2399 THEFT', disposition: 'CONVICTED' },
        ],
        updatedAt: '2024-11-02',
      },
    });
  });

  it('person(id) is null for an unknown id, and a person without FBI number has no III record', async () => {
    const { data, errors } = await gql(
      `{ unknown: person(id: "P9999999") { id } plain: person(id: "P0000002") { id iii { fbi } knownNames { type } identifiers { fbi cii } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ unknown: null, plain: { id: 'P0000002', iii: null, knownNames: [], identifiers: { fbi: null, cii: null } } });
  });

  it('persons(ids) answers in the order of ids with null for unknown ids', async () => {
    const { data, errors } = await gql(`{ persons(ids: ["P0000003", "NOPE1", "P0000001"]) { id name { full } } }`);
    expect(errors).toBeUndefined();
    expect(data?.persons).toEqual([
      { id: 'P0000003', name: { full: 'SCHMIDT, JON' } },
      null,
      { id: 'P0000001', name: { full: 'SMITH, JOHN ALLEN' } },
    ]);
  });

  it('persons(ids) refuses more than 100 ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `P${i}`);
    const { data, errors } = await gql(`query($ids: [ID!]!) { persons(ids: $ids) { id } }`, { ids });
    expect(data?.persons).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0].message).toMatch(/ids.*at most 100/);
  });

  it('personByFbi, personByCii and personByDriverLicense find the person by identifier', async () => {
    const { data, errors } = await gql(`{
      fbi: personByFbi(fbi: "123456ab7") { id }
      cii: personByCii(cii: "A12345678") { id }
      dl: personByDriverLicense(number: "A1234567") { id }
      nv: personByDriverLicense(number: "N998877", state: "nv") { id }
      wrongState: personByDriverLicense(number: "N998877", state: "AZ") { id }
      none: personByFbi(fbi: "000000XX0") { id }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      fbi: { id: 'P0000001' },
      cii: { id: 'P0000001' },
      dl: { id: 'P0000001' },
      nv: { id: 'P0000006' },
      wrongState: null,
      none: null,
    });
  });

  it('searchPersons scores candidates, explains each score and ranks them', async () => {
    const { data, errors } = await gql(`{
      searchPersons(lastName: "Smith", firstName: "John", dob: "19850307", sex: "M") {
        lastNamePhoneticKey totalCandidates
        candidates { score reasons { code points detail } matchedName { type full dob } person { id dob } }
      }
    }`);
    expect(errors).toBeUndefined();
    const result = data?.searchPersons as {
      lastNamePhoneticKey: string;
      totalCandidates: number;
      candidates: {
        score: number;
        reasons: { code: string; points: number; detail: string }[];
        matchedName: { type: string; full: string; dob: string };
        person: { id: string; dob: string };
      }[];
    };
    expect(result.lastNamePhoneticKey).toBe('S530');
    // P0000005 (1990) is outside the DOB window, P0000006 (JONES) has another Soundex code.
    expect(result.candidates.map((c) => [c.person.id, c.score, c.matchedName.type])).toEqual([
      ['P0000001', 95, 'PRIMARY'],
      ['P0000004', 85, 'PRIMARY'],
      ['P0000002', 62, 'PRIMARY'],
      ['P0000003', 57, 'PRIMARY'],
    ]);
    expect(result.totalCandidates).toBe(4);
    expect(result.candidates[1].reasons.map((r) => r.code)).toEqual([
      'LAST_NAME_EXACT',
      'FIRST_NAME_EXACT',
      'DOB_TRANSPOSED_DIGITS',
      'SEX_MATCH',
    ]);
    expect(result.candidates[3].reasons.map((r) => r.code)).toEqual(['LAST_NAME_PHONETIC', 'FIRST_NAME_PHONETIC', 'DOB_NEAR', 'SEX_MATCH']);
    expect(result.candidates[3].reasons).toContainEqual({
      code: 'DOB_NEAR',
      points: 10,
      detail: 'DOB 1986-01-15 is within one year of 1985-03-07.',
    });
    expect(result.candidates[2].reasons.at(-1)).toEqual({
      code: 'SEX_MISMATCH',
      points: -15,
      detail: 'Sex on record is F, the query says M.',
    });
  });

  it('searchPersons finds a person through an AKA, a misspelling or an alternate DOB', async () => {
    const { data } = await gql(`{
      aka: searchPersons(lastName: "SMYTHE", firstName: "JOHNNY", dob: "1985-03-07", limit: 1) { candidates { score matchedName { type } reasons { code } person { id } } }
      alt: searchPersons(lastName: "SMITH", firstName: "JOHN", middleName: "ALLEN", dob: "1985-07-03", sex: "M", limit: 1) { candidates { score matchedName { type dob } reasons { code } person { id } } }
    }`);
    const aka = (
      data?.aka as { candidates: { score: number; matchedName: { type: string }; reasons: { code: string }[]; person: { id: string } }[] }
    ).candidates;
    expect(aka).toEqual([
      {
        score: 80,
        matchedName: { type: 'AKA' },
        reasons: [{ code: 'LAST_NAME_EXACT' }, { code: 'FIRST_NAME_EXACT' }, { code: 'DOB_EXACT' }, { code: 'MATCHED_AKA' }],
        person: { id: 'P0000001' },
      },
    ]);
    const alt = (data?.alt as { candidates: { score: number; matchedName: { type: string; dob: string }; person: { id: string } }[] })
      .candidates;
    expect(alt[0]).toMatchObject({ score: 95, matchedName: { type: 'ALT_DOB', dob: '1985-07-03' }, person: { id: 'P0000001' } });
  });

  it('searchPersons applies limit after ranking and reports the total, in two SQL statements', async () => {
    const before = running.store.statementCount;
    const { data } = await gql(
      `{ searchPersons(lastName: "SMITH", dob: "1985-03-07", limit: 2) { totalCandidates candidates { person { id } } } }`,
    );
    expect(data?.searchPersons).toEqual({
      totalCandidates: 4,
      candidates: [{ person: { id: 'P0000001' } }, { person: { id: 'P0000002' } }],
    });
    expect(running.store.statementCount - before).toBe(2); // candidates, then the candidates' persons in one batch
  });

  describe('searchPersons candidatesConnection', () => {
    interface CandidatePage {
      totalCount: number;
      edges: { cursor: string; node: { score: number; person: { id: string } } }[];
      nodes: { person: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    }
    const PAGE = `query($last: String!, $first: String, $dob: String!, $size: Int, $after: String) {
      searchPersons(lastName: $last, firstName: $first, dob: $dob) { candidatesConnection(first: $size, after: $after) {
        totalCount edges { cursor node { score person { id } } } nodes { person { id } } pageInfo { hasNextPage endCursor } } } }`;

    async function walk(search: Record<string, unknown>, size: number): Promise<{ ids: string[]; pages: CandidatePage[] }> {
      const pages: CandidatePage[] = [];
      let after: string | null = null;
      do {
        const { data, errors } = await gql(PAGE, { ...search, size, after });
        expect(errors).toBeUndefined();
        const page = (data?.searchPersons as { candidatesConnection: CandidatePage }).candidatesConnection;
        expect(page.nodes).toEqual(page.edges.map((e) => ({ person: e.node.person })));
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
        pages.push(page);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after !== null && pages.length < 50);
      return { ids: pages.flatMap((p) => p.edges.map((e) => e.node.person.id)), pages };
    }

    async function ranked(search: Record<string, unknown>): Promise<string[]> {
      const { data } = await gql(
        `query($last: String!, $first: String, $dob: String!) {
        searchPersons(lastName: $last, firstName: $first, dob: $dob, limit: 50) { candidates { person { id } } } }`,
        search,
      );
      return (data?.searchPersons as { candidates: { person: { id: string } }[] }).candidates.map((c) => c.person.id);
    }

    it('pages through every candidate once, in rank order, whatever the page size', async () => {
      const batch = { last: 'BATCH', dob: '1970-01-01' }; // 20 candidates with equal scores: ordered by person id
      const all = await ranked(batch);
      expect(all).toHaveLength(20);
      for (const size of [1, 3, 7, 20, 100]) {
        const { ids, pages } = await walk(batch, size);
        expect(ids, `page size ${size}`).toEqual(all);
        expect(pages).toHaveLength(Math.ceil(20 / size));
        expect(pages.every((p) => p.totalCount === 20)).toBe(true);
        expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
      }
      const mixed = { last: 'SMITH', first: 'JOHN', dob: '1985-03-07' }; // different scores
      const { ids, pages } = await walk(mixed, 1);
      expect(ids).toEqual(await ranked(mixed));
      expect(new Set(pages.map((p) => p.edges[0].node.score)).size).toBeGreaterThan(1);
    });

    it('defaults to 20 per page, and an empty search has an empty last page', async () => {
      const { data } = await gql(
        `{ searchPersons(lastName: "BATCH", dob: "1970-01-01") { candidatesConnection { edges { cursor } pageInfo { hasNextPage } } } }`,
      );
      const page = (data?.searchPersons as { candidatesConnection: CandidatePage }).candidatesConnection;
      expect(page.edges).toHaveLength(20);
      expect(page.pageInfo.hasNextPage).toBe(false);
      const none = await gql(
        `{ searchPersons(lastName: "ZZYZX", dob: "1970-01-01") { candidatesConnection { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } } }`,
      );
      expect(none.data?.searchPersons).toEqual({
        candidatesConnection: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
      });
    });

    it('refuses a page size out of bounds and a cursor that is not one of its own', async () => {
      const foreign = Buffer.from('audit-event:5').toString('base64url');
      const cases: [string, string][] = [
        ['first: 0', 'first'],
        ['first: 101', 'first'],
        ['after: "not-a-cursor"', 'after'],
        [`after: "${foreign}"`, 'after'],
        [`after: "${Buffer.from('search-candidate:high:P0000001').toString('base64url')}"`, 'after'],
      ];
      for (const [args, argument] of cases) {
        const { errors } = await gql(
          `{ searchPersons(lastName: "BATCH", dob: "1970-01-01") { candidatesConnection(${args}) { edges { cursor } } } }`,
        );
        expect(errors?.[0].extensions, args).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      }
    });
  });

  it('_entities resolves Person references, null for an unknown id', async () => {
    const { data, errors } = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name { full } iii { fbi } } } }`,
      {
        r: [
          { __typename: 'Person', id: 'P0000001' },
          { __typename: 'Person', id: 'P7777777' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([{ id: 'P0000001', name: { full: 'SMITH, JOHN ALLEN' }, iii: { fbi: '123456AB7' } }, null]);
  });

  it('_entities for 20 persons runs as many SQL statements as for 1 person', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${PROFILE} } } }`;
    const ids = persons.slice(6).map((p) => String(p.id));
    const count = async (batch: string[]) => {
      const before = running.store.statementCount;
      const { data, errors } = await gql(query, { r: batch.map((id) => ({ __typename: 'Person', id })) });
      expect(errors).toBeUndefined();
      const entities = data?._entities as { id: string; knownNames: unknown[]; iii: { cycles: unknown[] } }[];
      expect(entities.map((e) => e.id)).toEqual(batch);
      expect(entities.every((e) => e.knownNames.length === 1 && e.iii.cycles.length === 1)).toBe(true);
      return running.store.statementCount - before;
    };
    const one = await count(ids.slice(0, 1));
    const twenty = await count(ids);
    expect(ids).toHaveLength(20);
    expect(one).toBe(5); // persons, names, iii_records, iii_states, iii_cycles
    expect(twenty).toBe(one);
  });

  it('rejects each invalid argument with BAD_USER_INPUT naming it, and keeps serving', async () => {
    const cases: [string, string][] = [
      ['{ person(id: "P 1") { id } }', 'id'],
      ['{ persons(ids: ["ok1", "bad-id"]) { id } }', 'ids'],
      ['{ personByFbi(fbi: "") { id } }', 'fbi'],
      ['{ personByCii(cii: "A1234567$") { id } }', 'cii'],
      ['{ personByDriverLicense(number: "12345678") { id } }', 'number'],
      ['{ personByDriverLicense(number: "A1234567", state: "XX") { id } }', 'state'],
      ['{ searchPersons(lastName: "", dob: "1985-03-07") { totalCandidates } }', 'lastName'],
      ['{ searchPersons(lastName: "SMITH", firstName: "J0HN", dob: "1985-03-07") { totalCandidates } }', 'firstName'],
      ['{ searchPersons(lastName: "SMITH", middleName: "A#", dob: "1985-03-07") { totalCandidates } }', 'middleName'],
      ['{ searchPersons(lastName: "SMITH", dob: "1985-02-30") { totalCandidates } }', 'dob'],
      ['{ searchPersons(lastName: "SMITH", dob: "2030-01-01") { totalCandidates } }', 'dob'],
      ['{ searchPersons(lastName: "SMITH", dob: "1985-03-07", sex: "X") { totalCandidates } }', 'sex'],
      ['{ searchPersons(lastName: "SMITH", dob: "1985-03-07", limit: 0) { totalCandidates } }', 'limit'],
      ['{ searchPersons(lastName: "SMITH", dob: "1985-03-07", limit: 51) { totalCandidates } }', 'limit'],
    ];
    for (const [query, argument] of cases) {
      const { errors } = await gql(query);
      expect(errors?.[0].extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(errors?.[0].message, query).toContain(`Invalid ${argument}:`);
    }
    const { data } = await gql('{ person(id: "P0000002") { id } }');
    expect(data?.person).toEqual({ id: 'P0000002' });
  });
});

function person(id: string, last: string, first: string, middle: string | null, sex: string, dob: string, ids: Row): Row {
  return {
    id,
    last_name: last,
    first_name: first,
    middle_name: middle,
    sex,
    race: 'W',
    dob,
    height: 70,
    weight: 180,
    eye: 'BRO',
    hair: 'BLK',
    skin: 'MED',
    fbi: null,
    cii: null,
    oln: null,
    ols: null,
    ...ids,
  };
}

function nameRow(personId: string, type: string, last: string, first: string, middle: string | null, dob: string): Row {
  return {
    person_id: personId,
    name_type: type,
    last_name: last,
    first_name: first,
    middle_name: middle,
    dob,
    last_soundex: phoneticKey(last),
    first_soundex: phoneticKey(first),
  };
}
