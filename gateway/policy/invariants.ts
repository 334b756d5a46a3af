import { isObjectType, type GraphQLSchema } from 'graphql';
import { didYouMean, type PolicyProblem } from './problems.ts';
import type { DenyRule, FieldRules, SourceLocation } from './types.ts';
import type { Purpose } from '../../common/vocabulary.ts';

/**
 * Invariants (`invariants:` in the policy files): under the given purposes, nothing but the listed types
 * and fields is disclosed, whatever grants, roles or combinations of roles say. Each becomes a deny rule
 * on every other field, and a grant that names one of those purposes on such a field is refused: the
 * author meant something the invariant forbids, and should hear about it.
 */
export interface Invariant {
  id: string;
  source: SourceLocation;
  purposes: readonly Purpose[];
  /** Whole types and `Type.field` coordinates that may be disclosed under these purposes. */
  discloseOnly: readonly string[];
  reason: string;
}

/** Checks that every `discloseOnly` entry names an object type or a field of the API schema. */
export function checkDiscloseOnly(
  entries: readonly string[],
  schema: GraphQLSchema,
  report: (index: number, message: string) => void,
): void {
  const typeNames = Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__'))
    .map((t) => t.name);
  entries.forEach((entry, i) => {
    const [typeName, field, ...rest] = entry.split('.');
    const type = schema.getType(typeName);
    if (!isObjectType(type)) report(i, `no object type "${typeName}" in the supergraph${didYouMean(typeName, typeNames)}`);
    else if (rest.length > 0 || (field !== undefined && !(field in type.getFields()))) {
      report(i, `${typeName} has no field "${entry.slice(typeName.length + 1)}"${didYouMean(field ?? '', Object.keys(type.getFields()))}`);
    }
  });
}

/** An allow rule that names purposes an invariant forbids on fields it protects. */
interface Contradiction {
  invariant: Invariant;
  id: string;
  source: SourceLocation;
  purposes: Set<Purpose>;
  coordinates: string[];
}

/** Adds each invariant's deny rule to every field it covers; returns the grants that contradict one. */
export function applyInvariants(invariants: readonly Invariant[], fields: Map<string, FieldRules>): PolicyProblem[] {
  const contradictions = new Map<string, Contradiction>();
  for (const invariant of invariants) {
    const { id, source, purposes, reason } = invariant;
    const deny: DenyRule = { id, source, roles: [], exceptRoles: [], purposes, when: [], reason };
    const exempt = new Set(invariant.discloseOnly);
    for (const [coordinate, rules] of fields) {
      if (exempt.has(coordinate) || exempt.has(coordinate.split('.')[0])) continue;
      fields.set(coordinate, { allow: rules.allow, deny: [deny, ...rules.deny] });
      for (const rule of rules.allow) {
        if (rule.purposes === 'any') continue; // `any` means any purpose the role may state, within the invariants
        const forbidden = rule.purposes.filter((p) => invariant.purposes.includes(p));
        if (forbidden.length === 0) continue;
        const key = `${invariant.id}|${rule.id}|${rule.source}`;
        const found = contradictions.get(key) ?? { invariant, id: rule.id, source: rule.source, purposes: new Set(), coordinates: [] };
        forbidden.forEach((p) => found.purposes.add(p));
        found.coordinates.push(coordinate);
        contradictions.set(key, found);
      }
    }
  }
  return [...contradictions.values()].map(({ invariant, id, source, purposes, coordinates }) => {
    const at = source.lastIndexOf(':');
    const shown =
      coordinates.length > 4 ? `${coordinates.slice(0, 4).join(', ')} and ${coordinates.length - 4} more` : coordinates.join(', ');
    return {
      file: source.slice(0, at),
      line: Number(source.slice(at + 1)),
      message:
        `"${id}" allows purpose ${[...purposes].join('/')} on ${shown}, which invariant "${invariant.id}" (${invariant.source}) forbids: ` +
        `under purposes ${invariant.purposes.join('/')} only ${invariant.discloseOnly.join(', ')} may be disclosed. Remove those purposes from it.`,
    };
  });
}
