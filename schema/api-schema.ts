/**
 * The API schema clients program against, and the check that a change of it breaks none of them.
 *
 * `schema/api.graphql` is the committed snapshot: the API schema of the committed supergraph, printed in
 * lexicographic order so that a diff shows only real changes. `npm run schema:check` compares the current
 * API schema with it (graphql-inspector) and fails on a breaking change; `npm run schema:update` accepts the
 * current one (and regenerates the client kit built from it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { apiSchemaOfSupergraph } from '../gateway/policy/api-schema.ts';
import { REPO_ROOT } from '../common/config.ts';

export const API_SCHEMA_FILE = path.join(REPO_ROOT, 'schema', 'api.graphql');
export const SUPERGRAPH_FILE = path.join(REPO_ROOT, 'supergraph.graphql');

const HEADER = '# The API schema of supergraph.graphql (what clients see), generated: `npm run schema:update`.\n\n';

/** The API schema of a supergraph, printed as committed in `schema/api.graphql`. */
export function printApiSchema(supergraphSdl: string = readFileSync(SUPERGRAPH_FILE, 'utf8')): string {
  return `${HEADER}${printSchema(lexicographicSortSchema(apiSchemaOfSupergraph(supergraphSdl)))}\n`;
}

export interface SchemaComparison {
  /** Changes that break a client built against the committed schema (a removed field, a narrowed type, ...). */
  breaking: Change[];
  /** Changes that may change a client's behaviour (a new enum value, a changed default, ...). */
  dangerous: Change[];
  /** Everything else (additions, descriptions). */
  safe: Change[];
  /** The committed snapshot is the current API schema, byte for byte. */
  current: boolean;
}

/** Compares the committed snapshot (old) with the current API schema (new). */
export async function compareApiSchema(committedSdl: string, currentSdl: string): Promise<SchemaComparison> {
  const changes = await diff(buildSchema(committedSdl), buildSchema(currentSdl));
  const level = (l: CriticalityLevel) => changes.filter((c) => c.criticality.level === l);
  return {
    breaking: level(CriticalityLevel.Breaking),
    dangerous: level(CriticalityLevel.Dangerous),
    safe: level(CriticalityLevel.NonBreaking),
    current: committedSdl === currentSdl,
  };
}

/** `schema/api.graphql` against the API schema of `supergraph.graphql`. */
export async function checkCommittedApiSchema(): Promise<SchemaComparison> {
  return compareApiSchema(readFileSync(API_SCHEMA_FILE, 'utf8'), printApiSchema());
}

/** One line per change, e.g. `BREAKING FIELD_REMOVED Person.wants: Field 'wants' was removed from object type 'Person'`. */
export function describeChanges(comparison: SchemaComparison): string[] {
  const line = (tag: string) => (c: Change) => `${tag} ${c.type}${c.path ? ` ${c.path}` : ''}: ${c.message}`;
  return [
    ...comparison.breaking.map(line('BREAKING')),
    ...comparison.dangerous.map(line('DANGEROUS')),
    ...comparison.safe.map(line('SAFE')),
  ];
}
