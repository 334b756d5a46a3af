import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { getLocation, parse, Source, type ASTNode, type DocumentNode, type GraphQLError } from 'graphql';
import YAML from 'yaml';
import { IN_PROCESS_SCHEME } from './endpoints.ts';

/**
 * Composition of the subgraph SDLs into the supergraph, as rover's `supergraph compose` does, without
 * the rover binary: `supergraph.yaml` (rover's config format) -> the supergraph SDL, or the reasons it
 * does not compose. Pure apart from reading the files the config names.
 */

/** One subgraph as `supergraph.yaml` declares it. */
export interface SubgraphConfig {
  name: string;
  /** Where the gateway sends this subgraph's fetches (becomes `@join__graph(url:)`); `in-process:<name>` for one the gateway serves itself. */
  routingUrl: string;
  /** Absolute path of the subgraph's SDL file. */
  schemaFile: string;
}

export interface SupergraphConfig {
  /** Absolute path of the YAML file the config was read from. */
  file: string;
  /** Federation version the supergraph targets, e.g. `2.7.0` (rover syntax `=2.7.0`). */
  federationVersion: string;
  subgraphs: SubgraphConfig[];
}

/** One reason the supergraph could not be composed, with where it comes from. */
export interface CompositionProblem {
  /** Stable code: composition's own (e.g. `FIELD_TYPE_MISMATCH`) or `CONFIG_INVALID`, `SDL_UNREADABLE`, ... */
  code: string;
  message: string;
  /** Subgraphs involved, when known. */
  subgraphs: string[];
  /** `file:line:column` of each schema element involved, when known. */
  locations: string[];
}

/** A composition hint: not an error, but often worth fixing (e.g. `INCONSISTENT_DESCRIPTION`). */
export interface CompositionNote {
  code: string;
  message: string;
}

export type CompositionOutcome =
  { ok: true; supergraphSdl: string; hints: CompositionNote[]; config: SupergraphConfig } | { ok: false; problems: CompositionProblem[] };

/** Thrown for a config file that cannot be used at all (missing, not YAML, wrong shape). */
export class SupergraphConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'SupergraphConfigError';
  }
}

const FEDERATION_VERSION = /^=?(2)\.(\d+)(?:\.(\d+))?$/;
const FEDERATION_LINK = /https:\/\/specs\.apollo\.dev\/federation\/v(\d+)\.(\d+)/;

/** Reads and checks rover's `supergraph.yaml`; schema file paths are resolved against the YAML's folder. */
export function readSupergraphConfig(file: string): SupergraphConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new SupergraphConfigError(absolute, `cannot read the file (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    throw new SupergraphConfigError(absolute, `not valid YAML: ${(error as Error).message}`);
  }
  if (!isRecord(raw)) throw new SupergraphConfigError(absolute, 'expected a mapping with `subgraphs:`');

  const declared = raw.federation_version;
  const version = typeof declared === 'string' || typeof declared === 'number' ? String(declared) : '';
  const versionMatch = FEDERATION_VERSION.exec(version);
  if (!versionMatch) {
    throw new SupergraphConfigError(absolute, `federation_version must look like "=2.7.0", got "${version}"`);
  }
  const federationVersion = `${versionMatch[1]}.${versionMatch[2]}.${versionMatch[3] ?? '0'}`;

  if (!isRecord(raw.subgraphs) || Object.keys(raw.subgraphs).length === 0) {
    throw new SupergraphConfigError(absolute, '`subgraphs:` must map each subgraph name to its routing_url and schema');
  }
  const base = path.dirname(absolute);
  const subgraphs: SubgraphConfig[] = Object.entries(raw.subgraphs).map(([name, entry]) => {
    if (!isRecord(entry)) throw new SupergraphConfigError(absolute, `subgraph "${name}" must be a mapping`);
    const routingUrl = entry.routing_url;
    if (typeof routingUrl !== 'string' || !(isHttpUrl(routingUrl) || routingUrl === `${IN_PROCESS_SCHEME}${name}`)) {
      throw new SupergraphConfigError(absolute, `subgraph "${name}": routing_url must be an http(s) URL`);
    }
    const schema = entry.schema;
    if (!isRecord(schema) || typeof schema.file !== 'string') {
      throw new SupergraphConfigError(absolute, `subgraph "${name}": schema.file must name the SDL file`);
    }
    return { name, routingUrl, schemaFile: path.resolve(base, schema.file) };
  });
  return { file: absolute, federationVersion, subgraphs };
}

/** Composes the subgraphs that `configFile` names. Never throws for a bad SDL: it reports problems. */
export function composeFromConfig(configFile: string): CompositionOutcome {
  let config: SupergraphConfig;
  try {
    config = readSupergraphConfig(configFile);
  } catch (error) {
    if (error instanceof SupergraphConfigError) {
      return { ok: false, problems: [{ code: 'CONFIG_INVALID', message: error.message, subgraphs: [], locations: [error.file] }] };
    }
    throw error;
  }
  return composeSubgraphs(config);
}

export function composeSubgraphs(config: SupergraphConfig): CompositionOutcome {
  const problems: CompositionProblem[] = [];
  const services: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  for (const subgraph of config.subgraphs) {
    const typeDefs = readSdl(subgraph, problems);
    if (!typeDefs) continue;
    checkFederationVersion(subgraph, typeDefs, config.federationVersion, problems);
    services.push({ name: subgraph.name, url: subgraph.routingUrl, typeDefs });
  }
  if (problems.length > 0) return { ok: false, problems };

  const result = composeServices(services);
  if (result.errors) {
    return { ok: false, problems: result.errors.map((error) => toProblem(error, config.subgraphs)) };
  }
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((hint) => ({ code: hint.definition.code, message: hint.message })),
    config,
  };
}

/**
 * A problem as text: `FIELD_TYPE_MISMATCH [cjis, dmv] Type of field ...` then one `at file:line:column`
 * line per location (paths relative to `relativeTo` when given).
 */
export function formatProblem(problem: CompositionProblem, relativeTo?: string): string {
  const who = problem.subgraphs.length > 0 ? ` [${problem.subgraphs.join(', ')}]` : '';
  const locations = relativeTo ? problem.locations.map((l) => (path.isAbsolute(l) ? path.relative(relativeTo, l) : l)) : problem.locations;
  const where = locations.map((l) => `\n    at ${l}`).join('');
  return `${problem.code}${who} ${problem.message}${where}`;
}

function readSdl(subgraph: SubgraphConfig, problems: CompositionProblem[]): DocumentNode | undefined {
  let sdl: string;
  try {
    sdl = readFileSync(subgraph.schemaFile, 'utf8');
  } catch (error) {
    problems.push({
      code: 'SDL_UNREADABLE',
      message: `cannot read the schema of subgraph "${subgraph.name}": ${(error as Error).message}`,
      subgraphs: [subgraph.name],
      locations: [subgraph.schemaFile],
    });
    return undefined;
  }
  try {
    // Naming the Source after the file makes every composition error point at file:line:column.
    return parse(new Source(sdl, subgraph.schemaFile));
  } catch (error) {
    const syntax = error as GraphQLError;
    problems.push({
      code: 'SDL_SYNTAX_ERROR',
      message: `subgraph "${subgraph.name}": ${syntax.message}`,
      subgraphs: [subgraph.name],
      locations: (syntax.locations ?? []).map((l) => `${subgraph.schemaFile}:${l.line}:${l.column}`),
    });
    return undefined;
  }
}

/** A subgraph may not link a newer federation spec than the supergraph's `federation_version`. */
function checkFederationVersion(
  subgraph: SubgraphConfig,
  typeDefs: DocumentNode,
  federationVersion: string,
  problems: CompositionProblem[],
): void {
  const match = FEDERATION_LINK.exec(typeDefs.loc?.source.body ?? '');
  if (!match) return; // A Federation 1 SDL: composition itself says what is wrong with it.
  const [, major, minor] = match.map(Number);
  const [wantMajor, wantMinor] = federationVersion.split('.').map(Number);
  if (major > wantMajor || (major === wantMajor && minor > wantMinor)) {
    problems.push({
      code: 'FEDERATION_VERSION_MISMATCH',
      message: `subgraph "${subgraph.name}" links federation v${major}.${minor}, newer than federation_version ${federationVersion}`,
      subgraphs: [subgraph.name],
      locations: [subgraph.schemaFile],
    });
  }
}

function toProblem(error: GraphQLError, subgraphs: SubgraphConfig[]): CompositionProblem {
  const files = new Set<string>();
  const locations = (error.nodes ?? []).flatMap((node: ASTNode) => {
    if (!node.loc) return [];
    files.add(node.loc.source.name);
    const { line, column } = getLocation(node.loc.source, node.loc.start);
    return [`${node.loc.source.name}:${line}:${column}`];
  });
  const involved = subgraphs
    .filter(({ name, schemaFile }) => files.has(schemaFile) || error.message.includes(`"${name}"`) || error.message.includes(`[${name}]`))
    .map(({ name }) => name);
  return {
    code: typeof error.extensions.code === 'string' ? error.extensions.code : 'COMPOSITION_ERROR',
    message: error.message,
    subgraphs: involved,
    locations,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
