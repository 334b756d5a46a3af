import { readFileSync } from 'node:fs';
import { LocalGraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { Policy } from '../policy/types.ts';
import { PurposeError, statePurpose } from '../purpose/stated-purpose.ts';
import { accessReport } from './my-access.ts';

/**
 * The `access` subgraph: parts of the API that only the gateway can answer, because they are about the
 * policy, which lives in the gateway and which no subgraph may import. It runs in the gateway's process
 * (Apollo Gateway's LocalGraphQLDataSource): no port, no signed context, no store. It is composed with the
 * others (supergraph.yaml, routing_url `in-process:access`), so its fields go through the same prune,
 * shield and audit as every field.
 */
export const ACCESS_SUBGRAPH = 'access';

export const ACCESS_SCHEMA_FILE = new URL('./schema.graphql', import.meta.url);

/** The policy a request is decided with. */
export type PolicyOfRequest = (context: GatewayContext) => Policy | undefined;

interface MyAccessArgs {
  purpose: string;
  caseNumber?: string | null;
  incidentNumber?: string | null;
}

/** The executable schema of the access subgraph. */
export function accessSubgraphSchema(policyOf: PolicyOfRequest): GraphQLSchema {
  const typeDefs = parse(readFileSync(ACCESS_SCHEMA_FILE, 'utf8'));
  return buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: {
        // LocalGraphQLDataSource executes with the gateway's request context (buildSubgraphSchema types it unknown).
        myAccess: (_parent: unknown, args: MyAccessArgs, context: unknown) =>
          myAccess(policyOf(context as GatewayContext), context as GatewayContext, args),
      },
    },
  });
}

/** The data source the gateway builds for the access subgraph. */
export function accessDataSource(policyOf: PolicyOfRequest): LocalGraphQLDataSource<GatewayContext> {
  return new LocalGraphQLDataSource<GatewayContext>(accessSubgraphSchema(policyOf));
}

function myAccess(policy: Policy | undefined, context: GatewayContext, args: MyAccessArgs) {
  const caller = context.caller;
  // Reached only through /graphql, after authentication and a stated purpose: anything else is a wiring bug.
  if (!caller || !policy) throw new Error('myAccess needs an authenticated caller and a loaded policy');
  let stated;
  try {
    stated = statePurpose(
      { purpose: args.purpose, caseNumber: args.caseNumber ?? undefined, incidentNumber: args.incidentNumber ?? undefined },
      caller,
      policy,
    );
  } catch (error) {
    if (!(error instanceof PurposeError)) throw error;
    // The same check and words as X-Purpose, about the purpose asked about (the argument).
    const message = error.message
      .replace('in the X-Purpose header', 'in the purpose argument')
      .replace('X-Case-Number', 'caseNumber')
      .replace('X-Incident-Number', 'incidentNumber');
    throw new GraphQLError(message, { extensions: { code: error.code } });
  }
  const report = accessReport(policy, {
    sub: caller.sub,
    ori: caller.ori,
    roles: caller.roles,
    purpose: stated.purpose,
    // Like `policy explain --case`: a number given here is taken as one that establishes need to know.
    ...(stated.caseNumber ? { caseNumber: stated.caseNumber } : {}),
    ...(stated.incidentNumber ? { incidentNumber: stated.incidentNumber } : {}),
  });
  return {
    purpose: stated.purpose,
    caseNumber: stated.caseNumber ?? null,
    incidentNumber: stated.incidentNumber ?? null,
    actingRoles: caller.roles.filter((role) => policy.purposesByRole.get(role)?.has(stated.purpose)),
    ...report,
  };
}
