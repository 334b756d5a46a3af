import {
  getNamedType,
  getNullableType,
  isInputType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  typeFromAST,
} from 'graphql';

/**
 * The fan-out cost of an operation: how many fields it can make the gateway resolve, with every list
 * multiplying what is selected under it. A field costs 1 plus, per element, what it selects; a list's length is
 *  - the length of its list argument (`persons(ids: [...])`: one element per id), or
 *  - its `first`/`limit` argument, given or the schema's default (`searchPersons(limit: 10)`); a page
 *    argument on a connection (`auditEvents(first: 50)`) sizes the lists directly under it (`edges`), or
 *  - `listSize` (configuration) when nothing says (`vehicles`, `wants`, `charges` ...).
 * So `vehicles { registeredOwner { vehicles { ... } } }` grows ×listSize per level, as the response can.
 *
 * Introspection (`__schema`, `__type`, `__typename`) costs nothing. Each fragment's cost is computed once
 * (the cost is linear in its multiplier), so fragments that spread each other cannot make this walk
 * exponential; a fragment cycle (invalid GraphQL, refused by validation later) counts 0.
 */
export function fanOutCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  listSize: number,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walker = new CostWalker(schema, fragments, variables ?? {}, listSize);
  let highest = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) highest = Math.max(highest, walker.operation(definition));
  }
  return highest;
}

const PAGE_ARGUMENTS = new Set(['first', 'limit']);

class CostWalker {
  private readonly fragmentCosts = new Map<string, number>();
  private readonly inProgress = new Set<string>();
  /** The current operation's variables: those sent, else the operation's defaults. */
  private values: Record<string, unknown> = {};

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Readonly<Record<string, unknown>>,
    private readonly listSize: number,
  ) {}

  operation(operation: OperationDefinitionNode): number {
    this.fragmentCosts.clear(); // variable defaults differ per operation
    this.values = { ...this.variables };
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      const type = typeFromAST(this.schema, definition.type);
      if (this.values[name] === undefined && definition.defaultValue && isInputType(type))
        this.values[name] = valueFromAST(definition.defaultValue, type);
    }
    const root = this.schema.getRootType(operation.operation);
    return root ? this.selections(operation.selectionSet, root, undefined) : 0;
  }

  /** Cost of one selection set on `parent`, for one parent object. `pageSize` sizes lists without arguments. */
  private selections(selectionSet: SelectionSetNode, parent: GraphQLNamedType, pageSize: number | undefined): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field = fieldOf(parent, selection.name.value);
        if (!field) continue; // unknown field: validation refuses it later
        const own = this.pageArgument(selection.arguments, field);
        const list = isListType(getNullableType(field.type));
        const elements = list ? (this.listLength(selection.arguments, field) ?? own ?? pageSize ?? this.listSize) : 1;
        const children = selection.selectionSet
          ? this.selections(selection.selectionSet, getNamedType(field.type), list ? undefined : own)
          : 0;
        total += 1 + elements * children;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        if (type) total += this.selections(selection.selectionSet, type, pageSize);
      } else {
        total += this.fragment(selection.name.value, pageSize);
      }
      if (!Number.isFinite(total)) return Number.MAX_VALUE;
    }
    return total;
  }

  private fragment(name: string, pageSize: number | undefined): number {
    const key = `${name}|${pageSize ?? ''}`;
    const known = this.fragmentCosts.get(key);
    if (known !== undefined) return known;
    const definition = this.fragments.get(name);
    const type = definition && this.schema.getType(definition.typeCondition.name.value);
    if (!definition || !type || this.inProgress.has(name)) return 0;
    this.inProgress.add(name);
    const cost = this.selections(definition.selectionSet, type, pageSize);
    this.inProgress.delete(name);
    this.fragmentCosts.set(key, cost);
    return cost;
  }

  /** Length of the field's list-typed argument (e.g. `ids`), when it has one and it is given. */
  private listLength(args: readonly ArgumentNode[] | undefined, field: GraphQLField<unknown, unknown>): number | undefined {
    for (const definition of field.args) {
      if (!isListType(getNullableType(definition.type))) continue;
      const value = this.argumentValue(args, definition.name, definition.type);
      if (Array.isArray(value)) return Math.max(1, value.length);
      if (value !== undefined && value !== null) return 1; // one value is coerced to a list of one
    }
    return undefined;
  }

  /** The field's `first`/`limit` argument, given or defaulted in the schema. */
  private pageArgument(args: readonly ArgumentNode[] | undefined, field: GraphQLField<unknown, unknown>): number | undefined {
    for (const definition of field.args) {
      if (!PAGE_ARGUMENTS.has(definition.name)) continue;
      const value = this.argumentValue(args, definition.name, definition.type) ?? definition.defaultValue;
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(1, value);
    }
    return undefined;
  }

  private argumentValue(
    args: readonly ArgumentNode[] | undefined,
    name: string,
    type: GraphQLField<unknown, unknown>['args'][number]['type'],
  ): unknown {
    const node = args?.find((a) => a.name.value === name);
    if (!node) return undefined;
    if (node.value.kind === Kind.VARIABLE) return this.values[node.value.name.value];
    return valueFromAST(node.value, type, this.values);
  }
}

function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}
