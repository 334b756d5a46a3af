import { type GraphQLSchema, isInterfaceType, isObjectType } from 'graphql';
import type { TypeEntry } from './coverage.ts';
import { didYouMean } from './problems.ts';
import type { PolicySections, RawRuleSet, RawType, Report } from './policy-sections.ts';
import type { CompiledSet, RuleCompiler } from './rule-compiler.ts';
import type { FieldRules } from './types.ts';
import type { Segments } from './yaml-source.ts';

/**
 * Step 3 of compiling a policy: the effective rules of each field. A field's own rule, or the type
 * default for a field listed as reviewed; the field's own `allow` replaces the default's, the `deny`
 * rules of both always apply. Any other field has no rule (denied; the coverage check reports it).
 */
export function compileTypes(
  schema: GraphQLSchema,
  sections: PolicySections,
  compiler: RuleCompiler,
  report: Report,
): { fields: Map<string, FieldRules>; entries: Map<string, TypeEntry> } {
  const fields = new Map<string, FieldRules>();
  const entries = new Map<string, TypeEntry>();
  for (const [typeName, { value, file, line }] of sections.types) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) && !isInterfaceType(type)) {
      const outputTypes = Object.values(schema.getTypeMap())
        .filter((t) => isObjectType(t) || isInterfaceType(t))
        .map((t) => t.name);
      report(file, ['types', typeName], `no object type "${typeName}" in the supergraph${didYouMean(typeName, outputTypes)}`);
      continue;
    }
    const schemaFields = type.getFields();
    const defaults = compiler.compileSet(value.default, typeName, file, ['types', typeName, 'default']);
    const own = new Map<string, CompiledSet | undefined>();
    for (const [fieldName, set] of Object.entries(value.fields ?? {})) {
      if (!(fieldName in schemaFields)) {
        report(
          file,
          ['types', typeName, 'fields', fieldName],
          `${typeName} has no field "${fieldName}"${didYouMean(fieldName, Object.keys(schemaFields))}`,
        );
        continue;
      }
      own.set(fieldName, compiler.compileSet(set, typeName, file, ['types', typeName, 'fields', fieldName]));
    }
    const reviewed = checkReviewed(typeName, value, Object.keys(schemaFields), {
      report: (at, message) => report(file, ['types', typeName, ...at], message),
      ruleLine: (fieldName) => sections.lineAt(file, ['types', typeName, 'fields', fieldName]),
    });
    for (const fieldName of Object.keys(schemaFields)) {
      const field = own.get(fieldName);
      if (!field && !reviewed.has(fieldName)) continue; // not reviewed: no rule, denied (coverage check)
      const allow = field?.allow ?? defaults?.allow ?? [];
      fields.set(`${typeName}.${fieldName}`, { allow, deny: [...(defaults?.deny ?? []), ...(field?.deny ?? [])] });
    }
    entries.set(typeName, typeEntry(value, file, line, reviewed, sections.lineAt(file, ['types', typeName, 'reviewed'])));
  }
  return { fields, entries };
}

/**
 * The fields a type's `reviewed:` list leaves to the type default. A listed field must exist (a field
 * removed from the schema is a stale review), must not also have its own rule, and needs a default.
 */
function checkReviewed(
  typeName: string,
  value: RawType,
  schemaFields: readonly string[],
  { report, ruleLine }: { report: (at: Segments, message: string) => void; ruleLine: (fieldName: string) => number },
): Set<string> {
  const reviewed = new Set<string>();
  if (value.reviewed && !value.default) {
    report(['reviewed'], `${typeName} lists reviewed fields but has no default: give each field a rule under fields instead`);
    return reviewed;
  }
  (value.reviewed ?? []).forEach((fieldName, i) => {
    const at = ['reviewed', i];
    if (!schemaFields.includes(fieldName)) {
      report(
        at,
        `${typeName}.${fieldName} is listed as reviewed but the supergraph has no such field (stale review: remove it)${didYouMean(fieldName, schemaFields)}`,
      );
    } else if (value.fields?.[fieldName] !== undefined) {
      report(
        at,
        `${typeName}.${fieldName} has its own rule (line ${ruleLine(fieldName)}); list only fields the type default covers as reviewed`,
      );
    } else if (reviewed.has(fieldName)) {
      report(at, `${typeName}.${fieldName} is listed as reviewed twice`);
    } else {
      reviewed.add(fieldName);
    }
  });
  return reviewed;
}

/** What the coverage check needs of a type entry: where it is, and the grants a suggestion may repeat. */
function typeEntry(value: RawType, file: string, line: number, reviewed: ReadonlySet<string>, reviewedLine: number): TypeEntry {
  const fieldGrants = new Map<string, string[]>();
  for (const [name, set] of Object.entries(value.fields ?? {})) {
    const names = grantNames(set);
    if (names) fieldGrants.set(name, names);
  }
  const defaultAllow = value.default && (Array.isArray(value.default) ? value.default : value.default.allow);
  return {
    file,
    line,
    reviewedLine: value.reviewed ? reviewedLine : undefined,
    hasDefault: value.default !== undefined,
    ownRules: new Set(Object.keys(value.fields ?? {})),
    defaultGrants: defaultAllow && defaultAllow.every((entry) => typeof entry === 'string') ? defaultAllow : undefined,
    fieldGrants,
    reviewed,
  };
}

/** The grant names of a plain rule list (`[a, b]`); undefined for inline rules or deny rules, which a suggestion should not copy. */
function grantNames(set: RawRuleSet): string[] | undefined {
  return Array.isArray(set) && set.every((entry) => typeof entry === 'string') ? set : undefined;
}
