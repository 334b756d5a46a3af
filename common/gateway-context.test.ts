import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGatewayContextSigner } from './context-signer.ts';
import { createGatewayContextVerifier, PROBE_QUERY, requestBodyHash } from './gateway-context.ts';
import { ReplayGuard } from './replay-guard.ts';

const dirs: string[] = [];
const keysEnv = (): NodeJS.ProcessEnv => {
  const dir = mkdtempSync(path.join(tmpdir(), 'context-keys-'));
  dirs.push(dir);
  return { KEYS_DIR: dir };
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const CALLER = { sub: 'u1', ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C', caseNumber: '24-1', requestId: 'r1' };
const BODY = { query: 'query($id: ID!) { person(id: $id) { id } }', variables: { id: 'P9000001' } };
const POST = (body: unknown) => ({ method: 'POST', body });

describe('keys: subgraphs need only the public key', () => {
  it('the gateway writes the public half beside its development key; a subgraph verifies with it alone', async () => {
    const env = keysEnv();
    const sign = await createGatewayContextSigner(env);
    const publicFile = path.join(env.KEYS_DIR!, 'gateway-context.pub.jwk.json');
    expect(JSON.parse(readFileSync(publicFile, 'utf8'))).not.toHaveProperty('d');
    unlinkSync(path.join(env.KEYS_DIR!, 'gateway-context.jwk.json')); // the subgraph's machine has no private key
    const verify = await createGatewayContextVerifier('cjis', env);
    const token = await sign({ subgraph: 'cjis', body: BODY, caller: CALLER });
    await expect(verify(token, POST(JSON.parse(JSON.stringify(BODY))))).resolves.toEqual(CALLER);
    expect(existsSync(path.join(env.KEYS_DIR!, 'gateway-context.jwk.json'))).toBe(false);
  });

  it('a subgraph without a public key refuses to start, saying in one line how to provide one', async () => {
    const failure = createGatewayContextVerifier('cjis', keysEnv());
    await expect(failure).rejects.toThrow(/GATEWAY_CONTEXT_PUBLIC_KEY.*npm start.*gateway-context\.pub\.jwk\.json/);
    await failure.catch((error: Error) => expect(error.message).not.toContain('\n'));
  });

  it('GATEWAY_CONTEXT_PUBLIC_KEY is used, and a private key given to a subgraph is refused', async () => {
    const env = keysEnv();
    const sign = await createGatewayContextSigner(env);
    const jwk = readFileSync(path.join(env.KEYS_DIR!, 'gateway-context.pub.jwk.json'), 'utf8');
    const elsewhere = { ...keysEnv(), GATEWAY_CONTEXT_PUBLIC_KEY: jwk };
    const verify = await createGatewayContextVerifier('dmv', elsewhere);
    await expect(verify(await sign({ subgraph: 'dmv', body: BODY, caller: CALLER }), POST(BODY))).resolves.toMatchObject({ sub: 'u1' });
    const privateJwk = readFileSync(path.join(env.KEYS_DIR!, 'gateway-context.jwk.json'), 'utf8');
    await expect(createGatewayContextVerifier('dmv', { ...keysEnv(), GATEWAY_CONTEXT_PUBLIC_KEY: privateJwk })).rejects.toThrow(
      /private key/,
    );
    await expect(createGatewayContextVerifier('dmv', { ...keysEnv(), GATEWAY_CONTEXT_PUBLIC_KEY: '{' })).rejects.toThrow(/not JSON/);
  });
});

describe('a context binds one request', () => {
  it('hashes the body as the subgraph parses it: the JSON round trip changes nothing', () => {
    const sent = {
      query: '{ a }',
      operationName: undefined,
      variables: { s: 'é\u2028"\\', n: 1e21, list: [null, 0.1, -0], nested: { b: true } },
    };
    expect(requestBodyHash(JSON.parse(JSON.stringify(sent)) as typeof sent)).toBe(requestBodyHash(sent));
    expect(requestBodyHash({ ...sent, variables: { ...sent.variables, n: 2 } })).not.toBe(requestBodyHash(sent));
  });

  it('is refused without a POSTed JSON object body (GET, batches)', async () => {
    const env = keysEnv();
    const sign = await createGatewayContextSigner(env);
    const verify = await createGatewayContextVerifier('cjis', env);
    const token = await sign({ subgraph: 'cjis', body: BODY, caller: CALLER });
    await expect(verify(token, { method: 'GET', body: BODY })).rejects.toThrow(/POSTed JSON object/);
    await expect(verify(token, POST([BODY]))).rejects.toThrow(/POSTed JSON object/);
    await expect(verify(token, POST(undefined))).rejects.toThrow(/POSTed JSON object/);
  });

  it('a probe context runs the probe query only, as nobody', async () => {
    const env = keysEnv();
    const sign = await createGatewayContextSigner(env);
    const verify = await createGatewayContextVerifier('cori', env);
    const probe = { query: PROBE_QUERY };
    await expect(verify(await sign({ subgraph: 'cori', body: probe }), POST(probe))).resolves.toMatchObject({
      roles: [],
      ori: '',
      purpose: '',
    });
    await expect(sign({ subgraph: 'cori', body: BODY })).rejects.toThrow(/readiness probe/);
  });
});

describe('ReplayGuard', () => {
  it('admits an id once, forgets it once it has expired, and refuses when full of live ids', () => {
    let now = 1000;
    const guard = new ReplayGuard(2, () => now);
    expect(guard.admit('a', 1010)).toBe(true);
    expect(guard.admit('a', 1010)).toBe(false);
    expect(guard.admit('b', 1012)).toBe(true);
    expect(() => guard.admit('c', 1012)).toThrow(/replay memory full/);
    now = 1011; // a has expired: its place is free again, b is still remembered
    expect(guard.admit('c', 1021)).toBe(true);
    expect(guard.admit('b', 1012)).toBe(false);
    expect(guard.size).toBe(2);
  });
});
