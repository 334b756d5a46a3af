import { Ajv } from 'ajv';
import { policyFileSchema } from './file-schema.ts';
import type { PolicyProblem } from './problems.ts';
import type { NeedToKnowKind } from './types.ts';
import { parsePolicyFile, type ParsedFile, type Segments } from './yaml-source.ts';

/** Step 1 of compiling a policy: parse each file, check it against the file schema, merge the sections. */

export interface PolicyFile {
  /** Path shown in messages, e.g. policies/dmv.yaml. */
  name: string;
  text: string;
}

export type Located<T> = { value: T; file: string; line: number };
export type RawRule = Record<string, unknown>;
export type RawRuleSet = unknown[] | { allow?: unknown[]; deny?: unknown[] };
export type RawType = { default?: RawRuleSet; reviewed?: string[]; fields?: Record<string, RawRuleSet> };
export type RawInvariant = { purposes: string[]; discloseOnly: string[]; reason: string };

/** Every section of every file, by name, each entry with where it was written. */
export interface PolicySections {
  roles: Map<string, Located<{ purposes: string[]; needToKnow?: NeedToKnowKind[] }>>;
  groups: Map<string, Located<string[]>>;
  grants: Map<string, Located<RawRule>>;
  types: Map<string, Located<RawType>>;
  invariants: Map<string, Located<RawInvariant>>;
  /** The line of a YAML path in a file (1 when unknown). */
  lineAt(file: string, segments: Segments): number;
}

/** Adds a problem at a YAML path of a file. */
export type Report = (file: string, segments: Segments, message: string) => void;

export function reporter(sections: Pick<PolicySections, 'lineAt'>, problems: PolicyProblem[]): Report {
  return (file, segments, message) => problems.push({ file, line: sections.lineAt(file, segments), message });
}

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validateFile = ajv.compile(policyFileSchema);

/** Parses the files and merges their sections; a name defined twice is a problem. */
export function readSections(files: readonly PolicyFile[], problems: PolicyProblem[]): PolicySections {
  const parsed = new Map<string, ParsedFile>();
  const sections: PolicySections = {
    roles: new Map(),
    groups: new Map(),
    grants: new Map(),
    types: new Map(),
    invariants: new Map(),
    lineAt: (file, segments) => parsed.get(file)?.lineAt(segments) ?? 1,
  };
  for (const file of files) {
    const result = parsePolicyFile(file, validateFile, problems);
    if (!result) continue;
    parsed.set(file.name, result);
    const merge = <T>(section: string, into: Map<string, Located<T>>) => {
      for (const [name, value] of Object.entries(result.content[section] ?? {})) {
        const line = result.lineAt([section, name]);
        const existing = into.get(name);
        if (existing) {
          problems.push({ file: file.name, line, message: `${section} "${name}" is already defined at ${existing.file}:${existing.line}` });
        } else {
          into.set(name, { value: value as T, file: file.name, line });
        }
      }
    };
    merge('roles', sections.roles);
    merge('groups', sections.groups);
    merge('grants', sections.grants);
    merge('types', sections.types);
    merge('invariants', sections.invariants);
  }
  return sections;
}
