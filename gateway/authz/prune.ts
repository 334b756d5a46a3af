import {
  Kind,
  TypeInfo,
  isAbstractType,
  parse,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { CONDITIONS } from '../policy/conditions/index.ts';
import type { StaticDecision } from '../policy/types.ts';
import { gateInputs, recordGateOf } from './record-gate.ts';

export type StaticDecider = (coordinate: string) => StaticDecision;

export interface PruneResult {
  /** The document to plan and execute: denied fields removed, data-condition inputs added. */
  document: DocumentNode;
  /** Number of field selections removed because the caller may not see them. */
  removed: number;
}

/**
 * Rewrites an operation before the gateway plans it, so that sources are never asked for fields the
 * caller may not see (docs/architecture.md, "How a request flows", step 2):
 * - a field denied by context alone (role, purpose, case number) is removed;
 * - a selection set left empty keeps `__typename`, so the document stays valid;
 * - where a field's decision depends on data, the parent fields its conditions need are added under
 *   `_authz_` aliases, and so are the ids the audit records (`alwaysAdd`) and the inputs of the type's
 *   record gate (record-gate.ts) — whatever the caller selected, `__typename` alone included;
 * - abstract types get `__typename` so the result can be typed again, and those inputs for each possible
 *   type in an inline fragment (the shield decides fields selected on an interface per concrete type).
 * Mutation fields are decided here, before anything runs.
 */
export function pruneDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  decide: StaticDecider,
  /** Selections to add to every selection set of a type, whatever the decisions (e.g. ids for the audit). */
  alwaysAdd: Readonly<Record<string, string>> = {},
  /**
   * Shadow mode: the candidate policy's decisions. Nothing is kept or removed for it, but the inputs of its
   * data conditions are added too (also for fields the live policy removes), so it can be asked on the data.
   */
  decideCandidate?: StaticDecider,
): PruneResult {
  const typeInfo = new TypeInfo(schema);
  const gateNeeds = new Map<string, readonly string[]>();
  /** Everything to add to a selection set of this type (as parsed selections, each text once). */
  const inputsFor = (type: GraphQLObjectType, node: SelectionSetNode, written: SelectionSetNode): SelectionNode[] => {
    let gate = gateNeeds.get(type.name);
    if (!gate) {
      const found = recordGateOf(type, decide);
      gate = found ? gateInputs(found) : [];
      gateNeeds.set(type.name, gate);
    }
    const needs = new Set([
      ...conditionNeeds(type.name, node, decide),
      ...(decideCandidate ? conditionNeeds(type.name, written, decideCandidate) : []),
      ...(alwaysAdd[type.name] ? [alwaysAdd[type.name]] : []),
      ...gate,
    ]);
    return [...needs].flatMap((need) => parsedNeed(need));
  };
  let removed = 0;
  /** The selection sets being visited as written (on leave, graphql-js hands over the edited copy). */
  const asWritten: SelectionSetNode[] = [];
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
        enter(node) {
          asWritten.push(node);
        },
        leave(node) {
          // The candidate's conditions are read from the selections as written: the live prune removed some.
          const written = asWritten.pop() ?? node;
          const parent = typeInfo.getParentType();
          if (!parent) return undefined;
          const additions: SelectionNode[] = [];
          if (isAbstractType(parent)) {
            additions.push(typenameField);
            for (const type of schema.getPossibleTypes(parent)) {
              const inputs = inputsFor(type, node, written);
              if (inputs.length > 0) additions.push(inlineFragment(type.name, inputs));
            }
          } else additions.push(...inputsFor(parent, node, written));
          if (node.selections.length === 0 && additions.length === 0) additions.push(typenameField);
          return additions.length === 0 ? undefined : { ...node, selections: [...node.selections, ...additions] };
        },
      },
    }),
  );
  return { document: pruned, removed };
}

const typenameField: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

function inlineFragment(typeName: string, selections: readonly SelectionNode[]): SelectionNode {
  return {
    kind: Kind.INLINE_FRAGMENT,
    typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: typeName } },
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
}

/** The `_authz_` selections (as text) that the data conditions of this selection set's fields need on this type. */
function conditionNeeds(typeName: string, node: SelectionSetNode, decide: StaticDecider): string[] {
  const conditions = new Set<string>();
  for (const selection of node.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) continue;
    const decision = decide(`${typeName}.${selection.name.value}`);
    if (decision.kind === 'depends') decision.conditions.forEach((name) => conditions.add(name));
  }
  return [...conditions].flatMap((name) => {
    const need = CONDITIONS.get(name)?.needs[typeName];
    return need ? [need] : [];
  });
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
