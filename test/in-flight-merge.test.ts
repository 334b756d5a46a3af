/**
 * Identical query fetches of one caller that are in flight together are sent to the source once; each
 * client request still gets its own full answer and its own audit record. Different callers never share.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHOWCASE } from '../generator/showcase.ts';
import { CALLERS, headersFor } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const PROFILE = /* GraphQL */ `
  query MergeProfile($id: ID!) {
    person(id: $id) {
      id
      name {
        full
      }
      driverLicense {
        number
      }
      wants {
        nic
      }
    }
  }
`;
const CREATE_INCIDENT = /* GraphQL */ `
  mutation MergeIncident($input: CreateIncidentInput!, $key: String!) {
    createIncident(input: $input, idempotencyKey: $key) {
      number
    }
  }
`;
const CONCURRENT = 8;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), recordSubgraphRequests: true });
}, 120_000);
afterAll(async () => stack?.stop());

/** Fetches the gateway sent dmv for this test's document (the driverLicense of the person). */
const dmvFetches = () => stack.recorded!.dmv.received.filter((r) => r.query.includes('driverLicense')).length;

describe('merging identical in-flight fetches', () => {
  it('sends one caller’s concurrent identical requests to a source fewer times, each answered and audited in full', async () => {
    const variables = { id: SHOWCASE.wantedDriver.personId };
    const headers = await headersFor(CALLERS.investigator);
    const alone = await stack.query(PROFILE, variables, headers);
    expect(alone.body.errors).toBeUndefined();
    stack.recorded!.dmv.clear();
    const before = (await stack.audit.query({ userId: CALLERS.investigator.sub, limit: 1000 })).length;

    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => stack.query(PROFILE, variables, headers)));

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(alone.body);
    }
    expect(dmvFetches()).toBeGreaterThanOrEqual(1);
    expect(dmvFetches()).toBeLessThan(CONCURRENT);
    const events = await stack.audit.query({ userId: CALLERS.investigator.sub, limit: 1000 });
    expect(events.length - before).toBe(CONCURRENT);
    for (const event of events.slice(0, CONCURRENT)) expect(event.sources).toContain('dmv');
  });

  it('never merges mutations: identical concurrent ones each reach the source', async () => {
    const headers = await headersFor({ ...CALLERS.patrol, caseNumber: undefined });
    const variables = {
      input: { type: 'TRAFFIC_STOP', location: 'N BLACKSTONE AVE AND E SHIELDS AVE, FRESNO', unit: '1A12' },
      key: `merge-${Date.now()}`,
    };
    stack.recorded!.rms.clear();

    const answers = await Promise.all(Array.from({ length: 4 }, () => stack.query(CREATE_INCIDENT, variables, headers)));

    for (const answer of answers) expect(answer.body.errors).toBeUndefined();
    expect(stack.recorded!.rms.received.filter((r) => r.query.includes('createIncident')).length).toBe(4);
    // One idempotency key: the source created one incident and answered the retries with it.
    expect(new Set(answers.map((a) => JSON.stringify(a.body.data))).size).toBe(1);
  });

  it('never merges the fetches of different callers', async () => {
    const variables = { id: SHOWCASE.wantedDriver.personId };
    const callers = [
      CALLERS.investigator,
      CALLERS.patrol,
      CALLERS.investigatorNoCase,
      CALLERS.courtClerk,
      // Differ from the investigator without a case in who they are only: the user, then the agency.
      { ...CALLERS.investigatorNoCase, sub: 'u-inv-2' },
      { ...CALLERS.investigatorNoCase, ori: 'CA0190000' },
    ];
    const headers = await Promise.all(callers.map((c) => headersFor(c)));
    // Each caller's answer on its own, to compare with what it gets when all ask at once.
    const alone = [];
    for (const h of headers) alone.push((await stack.query(PROFILE, variables, h)).body);
    stack.recorded!.dmv.clear();

    const together = await Promise.all(headers.map((h) => stack.query(PROFILE, variables, h)));

    expect(together.map((a) => a.body)).toEqual(alone);
    const asked = stack.recorded!.dmv.requests.filter((r) => r.body.includes('driverLicense')).length;
    const callersReachingDmv = alone.filter((body) => JSON.stringify(body).includes('"driverLicense":{')).length;
    expect(asked).toBe(callersReachingDmv);
  });
});
