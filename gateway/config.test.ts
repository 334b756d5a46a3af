import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../subgraphs/shared/config.ts';
import { ConfigError, gatewayConfigFromEnv } from './config.ts';

describe('gatewayConfigFromEnv', () => {
  it('defaults to port 4000 on 127.0.0.1 with the repo supergraph and no URL overrides', () => {
    expect(gatewayConfigFromEnv({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      supergraphPath: path.join(REPO_ROOT, 'supergraph.graphql'),
      subgraphUrls: {},
      bodyLimitBytes: 102400,
      readyTimeoutMs: 1000,
      logLevel: 'info',
      policyDir: path.join(REPO_ROOT, 'policies'),
      allowIntrospection: undefined,
      identity: { mode: 'development', keysDir: undefined },
    });
  });

  it('reads the production identity provider, and refuses a JWKS URL without issuer and audience', () => {
    expect(
      gatewayConfigFromEnv({ AUTH_JWKS_URL: 'https://idp.agency.example/jwks', AUTH_ISSUER: 'https://idp.agency.example', AUTH_AUDIENCE: 'clets-gateway' }).identity,
    ).toEqual({ mode: 'oidc', jwksUrl: 'https://idp.agency.example/jwks', issuer: 'https://idp.agency.example', audience: 'clets-gateway' });
    expect(() => gatewayConfigFromEnv({ AUTH_JWKS_URL: 'https://idp.agency.example/jwks' })).toThrow(/AUTH_ISSUER and AUTH_AUDIENCE/);
  });

  it('reads ALLOW_INTROSPECTION as true or false only', () => {
    expect(gatewayConfigFromEnv({ ALLOW_INTROSPECTION: 'true' }).allowIntrospection).toBe(true);
    expect(() => gatewayConfigFromEnv({ ALLOW_INTROSPECTION: 'yes' })).toThrow(/ALLOW_INTROSPECTION must be true or false/);
  });

  it('reads GATEWAY_PORT before PORT, and the subgraph URL overrides', () => {
    const config = gatewayConfigFromEnv({
      GATEWAY_PORT: '5000',
      PORT: '6000',
      HOST: '0.0.0.0',
      DMV_URL: 'http://dmv.internal:8080/graphql',
      CORI_URL: 'https://cori.internal/graphql',
      SUPERGRAPH_PATH: '/etc/clets/supergraph.graphql',
      LOG_LEVEL: 'silent',
    });
    expect(config).toMatchObject({
      port: 5000,
      host: '0.0.0.0',
      supergraphPath: '/etc/clets/supergraph.graphql',
      subgraphUrls: { dmv: 'http://dmv.internal:8080/graphql', cori: 'https://cori.internal/graphql' },
      logLevel: 'silent',
    });
    expect(gatewayConfigFromEnv({ PORT: '6000' }).port).toBe(6000);
  });

  it('lists every bad value at once, naming the variable and what it should be', () => {
    let error: unknown;
    try {
      gatewayConfigFromEnv({ PORT: '70000', NCIC_URL: 'ncic:4002', CJIS_URL: 'ftp://x/graphql', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be a whole number from 0 to 65535; got "70000"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"',
      'CJIS_URL must use http or https; got "ftp://x/graphql"',
      'NCIC_URL must use http or https; got "ncic:4002"',
    ]);
  });
});
