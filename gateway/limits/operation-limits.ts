import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { OperationLimits } from './config.ts';
import { fanOutCost } from './fan-out-cost.ts';

export type LimitName = 'tokens' | 'depth' | 'aliases' | 'directives' | 'cost';

/** Why an operation is refused: which limit, what it measured (at least, for tokens) and the maximum. */
export interface LimitExceeded {
  limit: LimitName;
  value: number;
  max: number;
}

export type LimitCheck =
  | { ok: true; document: DocumentNode }
  /** Not parseable for another reason than its size: Apollo Server answers it (GRAPHQL_PARSE_FAILED). */
  | { ok: true; document: undefined }
  | ({ ok: false } & LimitExceeded);

/** "Query depth limit of 10 exceeded, found 28." → 28 (GraphQL Armor's messages with exposeLimits). */
const FOUND = /found (\d+)/;

/**
 * Checks an operation against the limits, in order of cost to check: tokens while parsing (the parse stops
 * at the first token past the limit, before the rest of the document is read), then depth, aliases and
 * directives (GraphQL Armor's rules) and the fan-out cost, on the parsed document alone — none of graphql's
 * validation rules runs here, so an oversized document costs no more than its walk.
 */
export function checkOperationLimits(
  source: string,
  variables: Readonly<Record<string, unknown>> | undefined,
  schema: GraphQLSchema,
  limits: OperationLimits,
): LimitCheck {
  let document: DocumentNode;
  let tooManyTokens = false;
  try {
    const parser = new MaxTokensParserWLexer(source, {
      n: limits.tokens,
      noLocation: true,
      onReject: [() => (tooManyTokens = true)],
    });
    document = parser.parseDocument();
  } catch (error) {
    if (tooManyTokens) return { ok: false, limit: 'tokens', value: limits.tokens + 1, max: limits.tokens };
    if (error instanceof GraphQLError) return { ok: true, document: undefined };
    throw error;
  }

  let exceeded: LimitExceeded | undefined;
  const armor = (limit: LimitName, max: number) => ({
    n: max,
    onReject: [
      (_context: unknown, error: GraphQLError) => {
        exceeded ??= { limit, value: Number(FOUND.exec(error.message)?.[1] ?? max + 1), max };
      },
    ],
  });
  const rules: ValidationRule[] = [
    maxDepthRule(armor('depth', limits.depth)),
    maxAliasesRule(armor('aliases', limits.aliases)),
    maxDirectivesRule(armor('directives', limits.directives)),
  ];
  try {
    validate(schema, document, rules);
  } catch (error) {
    // Armor throws its rejection (propagateOnRejection) after telling onReject; anything else is a bug.
    if (!exceeded) throw error;
  }
  if (exceeded) return { ok: false, ...exceeded };

  const cost = fanOutCost(schema, document, variables, limits.listSize);
  if (cost > limits.cost) return { ok: false, limit: 'cost', value: Math.min(cost, Number.MAX_SAFE_INTEGER), max: limits.cost };
  return { ok: true, document };
}

const DESCRIPTIONS: Record<LimitName, string> = {
  tokens: 'tokens',
  depth: 'levels of nesting',
  aliases: 'aliases',
  directives: 'directives',
  cost: 'fields to resolve, counting every list element',
};

/** The caller's message, e.g. "The operation is too complex: 28 levels of nesting, at most 10 allowed." */
export function limitMessage({ limit, value, max }: LimitExceeded): string {
  const measured = limit === 'tokens' ? `more than ${max}` : String(value);
  return `The operation is too complex: ${measured} ${DESCRIPTIONS[limit]}, at most ${max} allowed (limit "${limit}"). Ask for less, or split it into several requests.`;
}
