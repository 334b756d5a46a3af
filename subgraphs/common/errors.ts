import { GraphQLError } from 'graphql';

/** Invalid input to an entry point: names the argument and says what a valid value looks like. */
export function badUserInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Invalid ${argument}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', argument },
  });
}
