import {
  Kind,
  TypeInfo,
  isAbstractType,
  parse,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { CONDITIONS } from '../policy/conditions/index.ts';
import type { StaticDecision } from '../policy/types.ts';

export type StaticDecider = (coordinate: string) => StaticDecision;

export interface PruneResult {
  /** The document to plan and execute: denied fields removed, data-condition inputs added. */
  document: DocumentNode;
  /** Number of field selections removed because the caller may not see them. */
  removed: number;
}

/**
 * Rewrites an operation before the gateway plans it, so that sources are never asked for fields the
 * caller may not see (design.md, "Prune before planning"):
 * - a field denied by context alone (role, purpose, case number) is removed;
 * - a selection set left empty keeps `__typename`, so the document stays valid;
 * - where a field's decision depends on data, the parent fields its conditions need are added under
 *   `_authz_` aliases, and so are the ids the audit records (`alwaysAdd`); abstract types get
 *   `__typename` so the result can be typed again.
 * Mutation fields are decided here, before anything runs.
 */
export function pruneDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  decide: StaticDecider,
  /** Selections to add to every selection set of a type, whatever the decisions (e.g. ids for the audit). */
  alwaysAdd: Readonly<Record<string, string>> = {},
): PruneResult {
  const typeInfo = new TypeInfo(schema);
  let removed = 0;
  const pruned = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          if (node.name.value.startsWith('__')) return undefined;
          const parent = typeInfo.getParentType();
          if (!parent || isAbstractType(parent)) return undefined; // decided per concrete type afterwards
          if (decide(`${parent.name}.${node.name.value}`).kind === 'deny') {
            removed++;
            return null;
          }
          return undefined;
        },
      },
      SelectionSet: {
        leave(node) {
          const parent = typeInfo.getParentType();
          if (!parent) return undefined;
          const additions: SelectionNode[] = [];
          if (isAbstractType(parent)) additions.push(typenameField);
          else {
            additions.push(...conditionInputs(parent.name, node, decide));
            if (alwaysAdd[parent.name]) additions.push(...parsedNeed(alwaysAdd[parent.name]));
          }
          if (node.selections.length === 0 && additions.length === 0) additions.push(typenameField);
          return additions.length === 0 ? undefined : { ...node, selections: [...node.selections, ...additions] };
        },
      },
    }),
  );
  return { document: pruned, removed };
}

const typenameField: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/** The `_authz_` selections that the data conditions of this selection set's fields need. */
function conditionInputs(typeName: string, node: SelectionSetNode, decide: StaticDecider): SelectionNode[] {
  const conditions = new Set<string>();
  for (const selection of node.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) continue;
    const decision = decide(`${typeName}.${selection.name.value}`);
    if (decision.kind === 'depends') decision.conditions.forEach((name) => conditions.add(name));
  }
  const inputs: SelectionNode[] = [];
  for (const name of conditions) {
    const need = CONDITIONS.get(name)?.needs[typeName];
    if (need) inputs.push(...parsedNeed(need));
  }
  return inputs;
}

const needCache = new Map<string, readonly SelectionNode[]>();
function parsedNeed(selection: string): readonly SelectionNode[] {
  let parsed = needCache.get(selection);
  if (!parsed) {
    const operation = parse(`{ ${selection} }`, { noLocation: true }).definitions[0];
    parsed = operation.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet.selections : [];
    needCache.set(selection, parsed);
  }
  return parsed;
}
