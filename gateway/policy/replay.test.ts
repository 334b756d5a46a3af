import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../audit/store-test-support.ts';
import { openSqliteAuditStore } from '../../audit/store-sqlite.ts';
import { REPO_ROOT } from '../../common/config.ts';
import { apiSchemaOfSupergraphFile } from './api-schema.ts';
import { loadPolicy } from './load.ts';
import { operationCoordinates, replayEvents } from './replay.ts';
import { dropCaseNumber, policyCopy } from './tools-test-support.ts';

const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
const live = loadPolicy(path.join(REPO_ROOT, 'policies'), schema, { requireEveryField: false });
const fixture = policyCopy({ 'grants.yaml': dropCaseNumber('dmv-residence-address') });
const candidate = loadPolicy(fixture.dir, schema, { requireEveryField: false });
const storeDir = mkdtempSync(path.join(os.tmpdir(), 'policy-replay-'));
afterAll(() => {
  fixture.remove();
  rmSync(storeDir, { recursive: true, force: true });
});

const PROFILE = `query Profile($id: ID!, $full: Boolean!) {
  person(id: $id) { id who: name { full } ...Addresses }
}
fragment Addresses on Person {
  residenceAddress @include(if: $full) { street city }
  outOfStateLicenses { state street }
}`;
const PLATE = 'query Plate { vehicle(plate: "7ABC123", state: "CA") { vin plate registeredOwner { id } } }';
const HOT_FILES = '{ person(id: "P0000001") { ncicRecords { __typename nic ... on WantedPersonRecord { cautions { code } } } } }';
const AUDIT = '{ auditEvents(first: 5) { edges { node { seq userId } } } }';

describe('operationCoordinates', () => {
  it('follows fragments, reads aliases by field name, keeps fields under @include, and expands interfaces', () => {
    expect(operationCoordinates(schema, PROFILE, 'Profile')).toEqual([
      'Query.person',
      'Person.id',
      'Person.name',
      'PersonName.full',
      'Person.residenceAddress',
      'DmvAddress.street',
      'DmvAddress.city',
      'Person.outOfStateLicenses',
      'OutOfStateDriverLicense.state',
      'OutOfStateDriverLicense.street',
    ]);
    const hotFiles = operationCoordinates(schema, HOT_FILES, null) as string[];
    expect(hotFiles).toContain('WantedPersonRecord.nic');
    expect(hotFiles).toContain('MissingPersonRecord.nic');
    expect(hotFiles).toContain('CautionCode.code');
    expect(hotFiles.some((c) => c.includes('__typename'))).toBe(false);
  });

  it('says why an operation cannot be replayed', () => {
    expect(operationCoordinates(schema, '{ person(', null)).toBe('operation does not parse');
    expect(operationCoordinates(schema, '{ person(id: "P1") { shoeSize } }', null)).toBe('operation is not valid against the API schema');
    expect(operationCoordinates(schema, `${PLATE}\nquery Other { agencies { ori } }`, null)).toBe(
      'operation to run is not identifiable (several operations, no operation name)',
    );
  });
});

describe('replayEvents', () => {
  it('counts the requests, users, roles and agencies a candidate policy changes, from a trail in the audit store', async () => {
    const store = await openSqliteAuditStore(path.join(storeDir, 'audit.sqlite'));
    const investigator = { userId: 'u-inv-1', ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C' };
    const profile = { operationName: 'Profile', operationText: PROFILE, operationHash: null };
    const events = [
      // Without a case: the candidate would disclose the residence addresses (the trail says they were denied).
      auditEvent(1, {
        requestId: 'r1',
        ...investigator,
        ...profile,
        fieldsDenied: ['Person.residenceAddress', 'OutOfStateDriverLicense.street'],
      }),
      // With a valid case: nothing changes.
      auditEvent(2, { requestId: 'r2', ...investigator, ...profile, caseNumber: '24-000187', caseStatus: 'VALID' }),
      // A stated case that was not the officer's to use does not count: as without one.
      auditEvent(3, {
        requestId: 'r3',
        userId: 'u-patrol-1',
        ori: 'CA0190100',
        roles: ['PATROL_OFFICER'],
        ...profile,
        caseNumber: '24-000455',
        caseStatus: 'NOT_ASSIGNED',
      }),
      auditEvent(4, { requestId: 'r4', ...investigator, userId: 'u-inv-2', ori: 'CA0190200', ...profile }),
      auditEvent(5, {
        requestId: 'r5',
        userId: 'u-doj-1',
        roles: ['DOJ_AUDITOR'],
        purpose: 'A',
        operationName: null,
        operationText: AUDIT,
      }),
      auditEvent(6, { requestId: 'r6', userId: null, roles: [], purpose: null, outcome: 'UNAUTHENTICATED', operationText: PLATE }),
      auditEvent(7, {
        requestId: 'r7',
        ...investigator,
        operationName: null,
        operationText: '{ person(id: "P1") { shoeSize } }',
        outcome: 'ERROR',
      }),
      // Shadow mode recorded a difference on this one (contract C3); the replay reports it as recorded.
      auditEvent(8, {
        requestId: 'r8',
        ...investigator,
        operationName: 'Plate',
        operationText: PLATE,
        shadow: {
          policyVersion: candidate.version,
          differences: [{ coordinate: 'Person.residenceAddress', live: 'DENY', candidate: 'ALLOW' }],
        },
      }),
      auditEvent(9, { requestId: 'r9', userId: 'u-patrol-1', roles: ['PATROL_OFFICER'], operationName: null, operationText: HOT_FILES }),
    ];
    for (const event of events) await store.append(event);
    const trail = await store.after(0, 100);
    await store.close();

    const report = replayEvents(trail, live, candidate, schema);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report).toEqual({
      policies: { live: live.version, candidate: candidate.version },
      events: {
        read: 9,
        replayed: 7,
        skipped: [
          { key: 'operation is not valid against the API schema', requests: 1 },
          { key: 'refused before any policy applies (no valid token)', requests: 1 },
        ],
        recordedUnderOtherVersion: 0,
      },
      affected: {
        requests: 3,
        users: 3,
        roles: [
          { key: 'INVESTIGATOR', requests: 2 },
          { key: 'PATROL_OFFICER', requests: 1 },
        ],
        agencies: [
          { key: 'CA0190100', requests: 2 },
          { key: 'CA0190200', requests: 1 },
        ],
        newlyRefused: 0,
        newlyPermitted: 0,
      },
      newlyDisclosed: [
        {
          coordinate: 'OutOfStateDriverLicense.street',
          live: 'deny',
          candidate: 'allow',
          requests: 3,
          users: 3,
          recorded: 1,
          exampleRequestIds: ['r1', 'r3', 'r4'],
        },
        {
          coordinate: 'Person.residenceAddress',
          live: 'deny',
          candidate: 'allow',
          requests: 3,
          users: 3,
          recorded: 1,
          exampleRequestIds: ['r1', 'r3', 'r4'],
        },
      ],
      newlyWithheld: [],
      needsData: [],
      shadow: {
        events: 1,
        eventsWithDifferences: 1,
        candidateVersions: [candidate.version],
        differences: [{ coordinate: 'Person.residenceAddress', live: 'DENY', candidate: 'ALLOW', requests: 1, exampleRequestIds: ['r8'] }],
      },
      // Profile for 3 caller shapes, the audit, plate and hot-file queries for one each; r4 reused r1's decisions.
      work: { operations: 5, decisions: 6 },
    });
  });

  it('counts fields withheld and requests refused when a candidate takes a purpose away', () => {
    // Dispatchers may no longer state A (administrative): their A requests would be refused (403).
    const copy = policyCopy({ 'roles.yaml': (text) => text.replace('    purposes: [C, A]\n', '    purposes: [C]\n') });
    const narrowed = loadPolicy(copy.dir, schema, { requireEveryField: false });
    copy.remove();
    const dispatcher = {
      userId: 'u-disp-1',
      roles: ['DISPATCHER'],
      purpose: 'A',
      operationName: 'Plate',
      operationText: PLATE,
      operationHash: null,
    };
    const report = replayEvents(
      [
        auditEvent(1, { requestId: 'd1', ...dispatcher, fieldsDisclosed: ['Query.vehicle', 'Vehicle.vin'] }),
        auditEvent(2, { requestId: 'd2', ...dispatcher, fieldsDisclosed: [] }),
      ],
      live,
      narrowed,
      schema,
    );
    expect(report.affected).toMatchObject({ requests: 2, users: 1, newlyRefused: 2, newlyPermitted: 0 });
    expect(report.newlyWithheld.find((impact) => impact.coordinate === 'Vehicle.vin')).toEqual({
      coordinate: 'Vehicle.vin',
      live: 'allow',
      candidate: 'deny',
      requests: 2,
      users: 1,
      recorded: 1,
      exampleRequestIds: ['d1', 'd2'],
    });
  });
});
