import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, it } from 'vitest';
import { GatewayClient, GatewayRequestError, type GatewayResult } from '../examples/client.ts';
import { developmentToken, type ExampleCaller } from '../examples/dev-token.ts';
import type { NameSearchQuery, PlateToOwnerQuery, UnifiedProfileQuery } from '../examples/generated/graphql.ts';
import {
  allNameSearchCandidates,
  nameSearch,
  plateToOwner,
  sendAdministrativeMessage,
  SHOWCASE_PERSON_ID,
  unifiedProfile,
} from '../examples/scenarios.ts';
import { startStack, type Stack } from './support/stack.ts';
import { defaultLimitsConfig, MAX_SUBGRAPH_TIMEOUT_MS } from '../gateway/limits/config.ts';

/** The product's limits with the longest source deadline: these tests are about answers, not a busy machine's speed. */
function patientLimits() {
  const limits = defaultLimitsConfig();
  limits.sources.timeoutMs = Object.fromEntries(Object.keys(limits.sources.timeoutMs).map((name) => [name, MAX_SUBGRAPH_TIMEOUT_MS]));
  return limits;
}

/**
 * The client kit (examples/) against the real gateway and subgraphs: the README's scenarios through the
 * typed client, as an RMS vendor would call them, with the typed results a vendor's code reads.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ dataDir: inject('dataDir'), limits: patientLimits() });
});
afterAll(async () => {
  await stack?.stop();
});

const INVESTIGATOR: ExampleCaller = { sub: 'u-inv-1', name: 'Det. Okafor', ori: 'CA0190100', roles: ['INVESTIGATOR'] };
const PATROL: ExampleCaller = { sub: 'u-kit-patrol', name: 'Officer Diaz', ori: 'CA0190100', roles: ['PATROL_OFFICER'] };

async function client(
  caller: ExampleCaller,
  purpose: string,
  options: { caseNumber?: string; trusted?: boolean } = {},
): Promise<GatewayClient> {
  return new GatewayClient({ url: stack.gatewayUrl, token: await developmentToken(caller), purpose, ...options });
}

describe('client kit scenarios', () => {
  it('a unified profile of the showcase person, as an investigator on a case', async () => {
    const result = await unifiedProfile(await client(INVESTIGATOR, 'C', { caseNumber: '24-000187' }));
    expectTypeOf(result).toEqualTypeOf<GatewayResult<UnifiedProfileQuery>>();
    expect(result.errors).toEqual([]);
    const person = result.data?.person;
    expect(person?.id).toBe(SHOWCASE_PERSON_ID);
    expect(person?.name?.full).toBe('RIVERA, DANIEL JAMES');
    expect(person?.wants?.length).toBeGreaterThan(0);
    expect(person?.vehicles?.map((v) => v.plate)).toContain('7WNT123');
    expect(person?.protectionOrders?.some((o) => o.orderType === 'DVRO')).toBe(true);
    expect(person?.criminalHistory).not.toBeNull();
    expect(person?.residenceAddress?.street).toEqual(expect.any(String));
  });

  it('the same profile for a patrol officer: the rap sheet is null with a FORBIDDEN error at its path', async () => {
    const result = await unifiedProfile(await client(PATROL, 'C'));
    expect(result.data?.person?.name?.full).toBe('RIVERA, DANIEL JAMES');
    expect(result.data?.person?.criminalHistory).toBeNull();
    expect(result.errors).toContainEqual(
      expect.objectContaining({ path: ['person', 'criminalHistory'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
  });

  it('plate → registered owner → wants and protection orders', async () => {
    const result = await plateToOwner(await client(PATROL, 'C'));
    expectTypeOf(result.data).toEqualTypeOf<PlateToOwnerQuery | null>();
    const vehicle = result.data?.vehicle;
    expect(vehicle?.registeredOwner?.id).toBe(SHOWCASE_PERSON_ID);
    expect(vehicle?.registeredOwner?.wants?.length).toBeGreaterThan(0);
    expect(vehicle?.registeredOwner?.cautions?.length).toBeGreaterThan(0);
    expect(vehicle?.registeredOwner?.protectionOrders?.some((o) => o.orderType === 'DVRO' && o.active)).toBe(true);
  });

  it('name search finds the GARCIA, MARIA cluster, best first, with scores and reasons, page after page', async () => {
    const investigator = await client(INVESTIGATOR, 'C', { caseNumber: '24-000187' });
    const query = { lastName: 'GARCIA', firstName: 'MARIA', dob: '1990-07-04' };
    const firstPage = await nameSearch(investigator, { ...query, first: 2 });
    expectTypeOf(firstPage.data).toEqualTypeOf<NameSearchQuery | null>();
    expect(firstPage.errors).toEqual([]);
    expect(firstPage.data?.searchPersons?.candidatesConnection?.edges).toHaveLength(2);
    expect(firstPage.data?.searchPersons?.candidatesConnection?.pageInfo?.hasNextPage).toBe(true);

    const candidates = await allNameSearchCandidates(investigator, query, 2);
    expect(candidates.length).toBeGreaterThan(2);
    expect(candidates.slice(0, 2)).toEqual(firstPage.data?.searchPersons?.candidatesConnection?.edges?.map((e) => e.node));
    expect(candidates.map((c) => c.person?.id)).toContain('P9000010');
    expect(new Set(candidates.map((c) => c.person?.id)).size).toBe(candidates.length);
    const scores = candidates.map((c) => c.score ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(candidates[0]?.reasons?.length).toBeGreaterThan(0);
  });

  it('an administrative message is sent once, however often it is retried with the same key', async () => {
    const patrol = await client(PATROL, 'C');
    const input = { to: ['CA019015J'], subject: 'Restrained person located', text: 'Located at a traffic stop; please advise on service.' };
    const first = await sendAdministrativeMessage(patrol, input, 'kit-am-1');
    const retry = await sendAdministrativeMessage(patrol, input, 'kit-am-1');
    expect(first.errors).toEqual([]);
    expect(first.data?.sendAdministrativeMessage).toMatchObject({
      kind: 'AM',
      fromOri: 'CA0190100',
      to: ['CA019015J'],
      subject: input.subject,
    });
    expect(retry.data?.sendAdministrativeMessage?.id).toBe(first.data?.sendAdministrativeMessage?.id);
  });

  it('sends operations by hash alone: a trusted document needs no text', async () => {
    const result = await plateToOwner(await client(PATROL, 'C', { trusted: true }));
    expect(result.errors).toEqual([]);
    expect(result.data?.vehicle?.registeredOwner?.id).toBe(SHOWCASE_PERSON_ID);
  });

  it('a request the gateway refuses as a whole throws with its status and code', async () => {
    const noPurpose = await client(PATROL, '');
    await expect(plateToOwner(noPurpose)).rejects.toSatisfy((e: unknown) => e instanceof GatewayRequestError && e.status === 400);
  });
});
