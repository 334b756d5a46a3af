import {
  getNamedType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { LruCache } from '../../common/lru.ts';
import type { StaticDecision } from '../policy/types.ts';
import { recordGatesOf, type RecordGate } from './record-gate.ts';

/**
 * Who may receive the sources' NOT_FOUND hints (common/not-found.ts): not a caller for whom the type
 * the hint is about is gated (record-gate.ts: a SUBJECT looking up a person, sealed entries). For them
 * "no record matches" would differ from "a record exists but is withheld" — an existence oracle — so the
 * hint is dropped and the answer is the plain `null` a withheld record gets. Fails closed: a hint whose
 * path cannot be followed through the operation is dropped too.
 */
export class NotFoundHints {
  private readonly gatesByShape = new LruCache<string, ReadonlyMap<string, RecordGate>>(256);

  constructor(private readonly apiSchema: GraphQLSchema) {}

  /** Whether a NOT_FOUND error at `path` of this operation may reach a caller of this shape. */
  allowed(
    path: readonly (string | number)[] | undefined,
    document: DocumentNode,
    operation: OperationDefinitionNode | undefined,
    shape: string,
    decideStatically: (coordinate: string) => StaticDecision,
  ): boolean {
    if (!path || !operation) return false;
    const type = typeAt(this.apiSchema, document, operation, path);
    if (!type) return false;
    const gates = this.gatesByShape.getOrSet(shape, () => recordGatesOf(this.apiSchema, decideStatically));
    return !gates.has(type.name);
  }
}

/** The named type of the field at a response path, or undefined when it cannot be told for sure. */
function typeAt(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  path: readonly (string | number)[],
): GraphQLNamedType | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let parent: GraphQLNamedType | undefined | null =
    operation.operation === OperationTypeNode.QUERY ? schema.getQueryType() : schema.getMutationType();
  let selections: SelectionSetNode | undefined = operation.selectionSet;
  let type: GraphQLNamedType | undefined;
  for (const key of path) {
    if (typeof key === 'number') continue;
    if (!parent || !isObjectType(parent) || !selections) return undefined;
    const field: FieldNode | undefined = fieldByResponseKey(selections, key, fragments);
    if (!field) return undefined;
    const definition: GraphQLField<unknown, unknown> | undefined = parent.getFields()[field.name.value];
    if (!definition) return undefined;
    type = getNamedType(definition.type);
    parent = type;
    selections = field.selectionSet;
  }
  return type;
}

function fieldByResponseKey(
  selectionSet: SelectionSetNode,
  key: string,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FieldNode | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value === key) return selection;
      continue;
    }
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
    const found = inner && fieldByResponseKey(inner, key, fragments);
    if (found) return found;
  }
  return undefined;
}
