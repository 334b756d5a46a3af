import { GraphQLError } from 'graphql';

/** Stable error codes that subgraphs return to integrators (see README "Errors"). */
export type SubgraphErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED';

/** Invalid input to an entry point: names the argument and says what a valid value looks like. */
export function badUserInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Invalid ${argument}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', argument },
  });
}
