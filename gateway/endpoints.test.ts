import { describe, expect, it } from 'vitest';
import { subgraphEndpoints } from './endpoints.ts';

const SUPERGRAPH = `
enum join__Graph {
  CJIS @join__graph(name: "cjis", url: "http://localhost:4001/graphql")
  DMV @join__graph(name: "dmv", url: "http://localhost:4004/graphql")
}
type Query { a: Int }
`;

describe('subgraphEndpoints', () => {
  it('takes each subgraph URL from the supergraph unless it is overridden', () => {
    expect(subgraphEndpoints(SUPERGRAPH, { dmv: 'http://10.0.0.4:9000/graphql' })).toEqual([
      { name: 'cjis', url: 'http://localhost:4001/graphql', overridden: false },
      { name: 'dmv', url: 'http://10.0.0.4:9000/graphql', overridden: true },
    ]);
  });

  it('refuses an override for a subgraph the supergraph does not have', () => {
    expect(() => subgraphEndpoints(SUPERGRAPH, { cori: 'http://x/graphql' })).toThrow(
      'a URL is configured for subgraph "cori", which the supergraph does not have (it has cjis, dmv)',
    );
  });

  it('refuses a supergraph without subgraphs', () => {
    expect(() => subgraphEndpoints('type Query { a: Int }')).toThrow('supergraph: no subgraphs');
  });
});
