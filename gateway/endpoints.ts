import { Kind, parse, type ConstValueNode, type EnumValueDefinitionNode } from 'graphql';

/** Where the gateway reaches one subgraph. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
  /** True when the URL came from configuration rather than the supergraph's routing_url. */
  overridden: boolean;
}

/**
 * The routing_url of a subgraph served inside the gateway's process (`in-process:access`, gateway/access-api/):
 * it has no network endpoint, so it is not listed here, probed by /ready or given a URL override.
 */
export const IN_PROCESS_SCHEME = 'in-process:';

/**
 * The subgraphs a supergraph SDL routes to (`enum join__Graph { X @join__graph(name:, url:) }`), with
 * configured URL overrides applied. One resolution shared by query routing and the readiness check.
 */
export function subgraphEndpoints(supergraphSdl: string, overrides: Readonly<Record<string, string | undefined>> = {}): SubgraphEndpoint[] {
  const document = parse(supergraphSdl, { noLocation: true });
  const values: readonly EnumValueDefinitionNode[] = document.definitions.flatMap((definition) =>
    definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph' ? (definition.values ?? []) : [],
  );
  const routed = values.filter((value) => !stringArgument(urlArgument(value))?.startsWith(IN_PROCESS_SCHEME));
  const endpoints = routed.map((value): SubgraphEndpoint => {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const name = stringArgument(directive?.arguments?.find((a) => a.name.value === 'name')?.value);
    const url = stringArgument(urlArgument(value));
    if (name === undefined) throw new Error(`supergraph: join__Graph.${value.name.value} has no @join__graph(name:)`);
    const override = overrides[name];
    return override !== undefined ? { name, url: override, overridden: true } : { name, url: url ?? '', overridden: false };
  });
  if (endpoints.length === 0) throw new Error('supergraph: no subgraphs (enum join__Graph is missing or empty)');
  for (const name of Object.keys(overrides)) {
    if (overrides[name] !== undefined && !endpoints.some((e) => e.name === name)) {
      throw new Error(
        `a URL is configured for subgraph "${name}", which the supergraph does not have (it has ${endpoints.map((e) => e.name).join(', ')})`,
      );
    }
  }
  const missing = endpoints.filter((e) => e.url === '');
  if (missing.length > 0) {
    throw new Error(`no URL for subgraph(s) ${missing.map((e) => e.name).join(', ')}: set a routing_url or <NAME>_URL`);
  }
  return endpoints;
}

function urlArgument(value: EnumValueDefinitionNode): ConstValueNode | undefined {
  return value.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'url')?.value;
}

function stringArgument(value: ConstValueNode | undefined): string | undefined {
  return value?.kind === Kind.STRING ? value.value : undefined;
}
