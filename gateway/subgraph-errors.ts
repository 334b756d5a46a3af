import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * What a client learns when a source fails: which source, not its internal URL, HTTP body or stack.
 * The details go to the gateway's log under the request id.
 */
export const SOURCE_UNAVAILABLE = 'SOURCE_UNAVAILABLE';

/** The error the client gets when the gateway could not get an answer from subgraph `name`. */
export function sourceUnavailable(name: string): GraphQLError {
  return new GraphQLError(`The ${name} source did not answer; the fields it serves are missing from this result.`, {
    extensions: { code: SOURCE_UNAVAILABLE, serviceName: name },
  });
}

/** Extensions that can carry internal detail (stack traces, subgraph HTTP responses) out of the gateway. */
const INTERNAL_EXTENSIONS = ['stacktrace', 'exception', 'response'];

/**
 * Apollo Server `formatError`: drops internal extensions from every error, including those a subgraph
 * sent (subgraphs outside production include stack traces, which the gateway would pass on).
 */
export function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !INTERNAL_EXTENSIONS.some((key) => key in formatted.extensions!)) return formatted;
  const extensions = Object.fromEntries(Object.entries(formatted.extensions).filter(([key]) => !INTERNAL_EXTENSIONS.includes(key)));
  return { ...formatted, extensions };
}

/** graphql-js's suggestions (validation and variable coercion): `Did you mean "criminalHistory"?`. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Drops schema suggestions from an error's message. Outside development the gateway answers an unknown
 * field with the error alone, so that a caller cannot map the schema by guessing names.
 */
export function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.message.includes('Did you mean')) return formatted;
  return { ...formatted, message: formatted.message.replace(SUGGESTION, '') };
}
