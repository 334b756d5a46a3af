import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../common/config.ts';
import { ConfigError, gatewayConfigFromEnv } from './config.ts';
import { defaultLimitsConfig } from './limits/config.ts';

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
      development: true,
      limits: defaultLimitsConfig(),
    });
  });

  it('reads the production identity provider, and refuses a JWKS URL without issuer and audience', () => {
    expect(
      gatewayConfigFromEnv({
        AUTH_JWKS_URL: 'https://idp.agency.example/jwks',
        AUTH_ISSUER: 'https://idp.agency.example',
        AUTH_AUDIENCE: 'clets-gateway',
      }).identity,
    ).toEqual({
      mode: 'oidc',
      jwksUrl: 'https://idp.agency.example/jwks',
      issuer: 'https://idp.agency.example',
      audience: 'clets-gateway',
    });
    expect(() => gatewayConfigFromEnv({ AUTH_JWKS_URL: 'https://idp.agency.example/jwks' })).toThrow(/AUTH_ISSUER and AUTH_AUDIENCE/);
  });

  const IDP = {
    AUTH_JWKS_URL: 'https://idp.agency.example/jwks',
    AUTH_ISSUER: 'https://idp.agency.example',
    AUTH_AUDIENCE: 'clets-gateway',
  };

  it('refuses production without an identity provider, in one line that says what to set', () => {
    let error: unknown;
    try {
      gatewayConfigFromEnv({ NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'Invalid gateway configuration: NODE_ENV=production needs an identity provider: set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE, ' +
        'or state AUTH_MODE=development to accept tokens signed by the local development key',
    );
  });

  it('runs production on the identity provider, or on the development key only when AUTH_MODE=development is stated', () => {
    expect(gatewayConfigFromEnv({ NODE_ENV: 'production', ...IDP })).toMatchObject({ identity: { mode: 'oidc' }, development: false });
    expect(gatewayConfigFromEnv({ NODE_ENV: 'production', AUTH_MODE: 'oidc', ...IDP }).identity.mode).toBe('oidc');
    // Stated development identity in production still shows no development error details.
    expect(gatewayConfigFromEnv({ NODE_ENV: 'production', AUTH_MODE: 'development' })).toMatchObject({
      identity: { mode: 'development' },
      development: false,
    });
  });

  it('lets a development runner (npm start) default to the development key, without development details in production', () => {
    expect(gatewayConfigFromEnv({}, { authMode: 'development' })).toMatchObject({ identity: { mode: 'development' }, development: true });
    expect(gatewayConfigFromEnv({ NODE_ENV: 'production' }, { authMode: 'development' })).toMatchObject({
      identity: { mode: 'development' },
      development: false,
    });
    expect(gatewayConfigFromEnv(IDP, { authMode: 'development' }).identity.mode).toBe('oidc');
  });

  it('is in development mode only outside production and with the development key', () => {
    expect(gatewayConfigFromEnv({ NODE_ENV: 'development' }).development).toBe(true);
    expect(gatewayConfigFromEnv(IDP).development).toBe(false);
  });

  it('refuses an unknown AUTH_MODE, oidc without its settings, and development with an identity provider', () => {
    expect(() => gatewayConfigFromEnv({ AUTH_MODE: 'none' })).toThrow('AUTH_MODE must be oidc or development; got "none"');
    expect(() => gatewayConfigFromEnv({ AUTH_MODE: 'oidc' })).toThrow('AUTH_MODE=oidc needs AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE');
    expect(() => gatewayConfigFromEnv({ AUTH_MODE: 'oidc', AUTH_JWKS_URL: IDP.AUTH_JWKS_URL })).toThrow(
      'AUTH_MODE=oidc needs AUTH_ISSUER and AUTH_AUDIENCE',
    );
    expect(() => gatewayConfigFromEnv({ AUTH_MODE: 'development', ...IDP })).toThrow(
      'AUTH_MODE=development and AUTH_JWKS_URL are both set',
    );
    expect(() => gatewayConfigFromEnv({ ...IDP, AUTH_JWKS_URL: 'idp.agency.example/jwks' })).toThrow(
      'AUTH_JWKS_URL must be an absolute http(s) URL',
    );
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
