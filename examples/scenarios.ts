/**
 * The README's scenarios as typed functions over the generated documents. Each returns the gateway's
 * answer as the operation's own type: a field the caller may not see is null, with a FORBIDDEN error.
 */
import type { GatewayClient, GatewayResult } from './client.ts';
import {
  NameSearchDocument,
  PlateToOwnerDocument,
  SendAdministrativeMessageDocument,
  UnifiedProfileDocument,
  type AdministrativeMessageInput,
  type NameSearchQuery,
  type NameSearchQueryVariables,
  type PlateToOwnerQuery,
  type SendAdministrativeMessageMutation,
  type UnifiedProfileQuery,
} from './generated/graphql.ts';

/** The showcase person present in every dataset: RIVERA, DANIEL JAMES — wanted, armed and dangerous, a DVRO. */
export const SHOWCASE_PERSON_ID = 'P9000001';
/** The showcase person's plate. */
export const SHOWCASE_PLATE = '7WNT123';

/** A unified profile: identity, licence, vehicles, residence, wants, orders and rap sheet in one request. */
export function unifiedProfile(client: GatewayClient, personId: string = SHOWCASE_PERSON_ID): Promise<GatewayResult<UnifiedProfileQuery>> {
  return client.execute(UnifiedProfileDocument, { id: personId });
}

/** Plate → registered owner → wants and protection orders. */
export function plateToOwner(
  client: GatewayClient,
  plate: string = SHOWCASE_PLATE,
  state = 'CA',
): Promise<GatewayResult<PlateToOwnerQuery>> {
  return client.execute(PlateToOwnerDocument, { plate, state });
}

/** One page of a phonetic name search (`first`, `after`); candidates come best first, each with its score and reasons. */
export function nameSearch(client: GatewayClient, query: NameSearchQueryVariables): Promise<GatewayResult<NameSearchQuery>> {
  return client.execute(NameSearchDocument, query);
}

/** A name-search candidate, typed from the operation. */
export type NameSearchCandidate = NonNullable<
  NonNullable<NonNullable<NonNullable<NameSearchQuery['searchPersons']>['candidatesConnection']>['edges']>[number]['node']
>;

/** Every candidate of a name search, page after page (`pageInfo.endCursor` → `after`) until the last one. */
export async function allNameSearchCandidates(
  client: GatewayClient,
  query: Omit<NameSearchQueryVariables, 'first' | 'after'>,
  pageSize = 20,
): Promise<NameSearchCandidate[]> {
  const candidates: NameSearchCandidate[] = [];
  let after: string | null | undefined;
  do {
    const page = await nameSearch(client, { ...query, first: pageSize, after });
    if (page.errors.length > 0) throw new Error(`name search failed: ${page.errors.map((e) => e.message).join('; ')}`);
    const connection = page.data?.searchPersons?.candidatesConnection;
    for (const edge of connection?.edges ?? []) if (edge.node) candidates.push(edge.node);
    after = connection?.pageInfo?.hasNextPage ? connection.pageInfo.endCursor : undefined;
  } while (after);
  return candidates;
}

/** Sends an administrative message; `idempotencyKey` makes a retry return the first result and send nothing. */
export function sendAdministrativeMessage(
  client: GatewayClient,
  input: AdministrativeMessageInput,
  idempotencyKey: string,
): Promise<GatewayResult<SendAdministrativeMessageMutation>> {
  return client.execute(SendAdministrativeMessageDocument, { input, idempotencyKey });
}
