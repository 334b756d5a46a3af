import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { suggestionList } from 'graphql/jsutils/suggestionList.js';
import type { PolicyProblem } from './problems.ts';

/**
 * Deny by default, per field: a type's `default:` covers only the fields listed under its `reviewed:`;
 * every other field needs a rule of its own. A field nobody has decided on (a subgraph added it, or a
 * whole new type) is denied to everyone and reported here with the file to edit and a rule to start from.
 */

/** What the coverage check needs to know about one `types.<Type>` entry of the policy files. */
export interface TypeEntry {
  file: string;
  /** Line of `types.<Type>`. */
  line: number;
  /** Line of its `reviewed:` key, when it has one. */
  reviewedLine?: number;
  /** Whether the entry has a `default:`. */
  hasDefault: boolean;
  /** The default's allow entries when they are all grant names (what a suggestion can repeat). */
  defaultGrants?: readonly string[];
  /** Fields with a rule of their own. */
  ownRules: ReadonlySet<string>;
  /** Those of them whose rule is a plain list of grant names. */
  fieldGrants: ReadonlyMap<string, readonly string[]>;
  /** Fields left to the default after review. */
  reviewed: ReadonlySet<string>;
}

export interface CoverageInput {
  schema: GraphQLSchema;
  isCovered: (coordinate: string) => boolean;
  entries: ReadonlyMap<string, TypeEntry>;
  /** Whether a grant may be used on a type (its data conditions can be evaluated there). */
  fits: (grant: string, typeName: string) => boolean;
  /** Where to suggest a new type's entry when no covered type reaches it. */
  fallbackFile: string;
}

/** Every object-type field of the schema that has no rule, as located problems with a suggested rule. */
export function coverageProblems({ schema, isCovered, entries, fits, fallbackFile }: CoverageInput): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const type of objectTypes(schema)) {
    const missing = Object.keys(type.getFields()).filter((field) => !isCovered(`${type.name}.${field}`));
    if (missing.length === 0) continue;
    const entry = entries.get(type.name);
    const usable = (grants: readonly string[] | undefined) => grants?.filter((grant) => fits(grant, type.name));
    if (entry) problems.push(...missing.map((field) => unreviewedField(type.name, field, entry, usable)));
    else problems.push(newType(schema, type, missing, entries, fallbackFile, usable));
  }
  return problems;
}

type Usable = (grants: readonly string[] | undefined) => readonly string[] | undefined;

function unreviewedField(typeName: string, field: string, entry: TypeEntry, usable: Usable): PolicyProblem {
  const candidates = new Map(entry.fieldGrants);
  if (entry.defaultGrants) for (const name of entry.reviewed) candidates.set(name, entry.defaultGrants);
  const [similar] = suggestionList(field, [...candidates.keys()]);
  const [grants, why] = similar
    ? [candidates.get(similar), `as ${typeName}.${similar}`]
    : entry.defaultGrants
      ? [entry.defaultGrants, 'as the type default']
      : [undefined, 'nobody'];
  const lines = [
    `# in ${entry.file} under types.${typeName} (line ${entry.line}), a rule of its own:`,
    '    fields:',
    `      ${field}: ${grantList(usable(grants))}   # ${why}`,
  ];
  if (entry.hasDefault) {
    lines.push(
      `# or, if the type default is right for it, list it as reviewed${entry.reviewedLine ? ` (line ${entry.reviewedLine})` : ''}:`,
      `    reviewed: [${entry.reviewed.size > 0 ? '..., ' : ''}${field}]`,
    );
  }
  return {
    file: entry.file,
    line: entry.line,
    message:
      `${typeName}.${field} has not been reviewed: nobody may see it until a policy officer gives it a rule` +
      (entry.hasDefault ? ` or lists it under types.${typeName}.reviewed (a type default covers reviewed fields only)` : '') +
      '.',
    suggestion: lines.join('\n'),
  };
}

function newType(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  missing: readonly string[],
  entries: ReadonlyMap<string, TypeEntry>,
  fallbackFile: string,
  usable: Usable,
): PolicyProblem {
  const via = referencingField(schema, type.name, entries);
  // The grants of the field that reaches the type: its own, or the default it has (or would have).
  const grants = usable(via && (via.entry.ownRules.has(via.field) ? via.entry.fieldGrants.get(via.field) : via.entry.defaultGrants));
  const lines = [
    `# in ${via?.entry.file ?? fallbackFile} under types:`,
    `  ${type.name}:`,
    `    default: ${grantList(grants)}   # ${grants?.length ? `as ${via!.type}.${via!.field}` : 'nobody'}`,
    `    reviewed: [${missing.join(', ')}]`,
  ];
  return {
    file: via?.entry.file ?? fallbackFile,
    line: via?.entry.line ?? 1,
    message:
      `type ${type.name} has no policy entry: nobody may see ${missing.map((f) => `${type.name}.${f}`).join(', ')} until a policy officer decides` +
      (via ? ` (it is reached through ${via.type}.${via.field})` : '') +
      '.',
    suggestion: lines.join('\n'),
  };
}

/** A field of a type that has a policy entry and returns `typeName`: where the new type is reached from. */
function referencingField(schema: GraphQLSchema, typeName: string, entries: ReadonlyMap<string, TypeEntry>) {
  for (const type of objectTypes(schema)) {
    const entry = entries.get(type.name);
    if (!entry) continue;
    const field = Object.values(type.getFields()).find((f) => getNamedType(f.type).name === typeName);
    if (field) return { type: type.name, field: field.name, entry };
  }
  return undefined;
}

function objectTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
}

function grantList(grants: readonly string[] | undefined): string {
  return grants && grants.length > 0 ? `[${grants.join(', ')}]` : '{ allow: [] }';
}
