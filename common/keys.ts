import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { REPO_ROOT } from './config.ts';

/**
 * Development key pairs, created on first use under KEYS_DIR (default `<repo>/.keys`, git-ignored): the
 * private key in `<name>.jwk.json` (mode 0600), its public half in `<name>.pub.jwk.json`, so that a
 * process which only verifies (a subgraph) never has to read the private key. Production supplies keys
 * through configuration instead (see README "Configuration").
 */
export interface KeyPair {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export function keysDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.KEYS_DIR ?? path.join(REPO_ROOT, '.keys'));
}

/** Where the public half of the development key `name` is written. */
export function publicKeyFile(name: string, dir = keysDir()): string {
  return path.join(dir, `${name}.pub.jwk.json`);
}

/**
 * Loads `<dir>/<name>.jwk.json`, creating it (atomically) if it does not exist yet, and makes sure
 * `<dir>/<name>.pub.jwk.json` holds its public half.
 */
export async function loadOrCreateKeyPair(name: string, alg: 'ES256' | 'EdDSA', dir = keysDir()): Promise<KeyPair> {
  const file = path.join(dir, `${name}.jwk.json`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg, kid: `${name}-${Date.now().toString(36)}` };
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(jwk, null, 2), { mode: 0o600 });
    // link() fails if another process created the file meanwhile: exactly one complete key wins, and
    // every process then reads that one.
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
  }
  const pair = await keyPairFromPrivateJwk(JSON.parse(readFileSync(file, 'utf8')) as JWK);
  writePublicJwk(publicKeyFile(name, dir), pair.publicJwk);
  return pair;
}

/** The public JWK of the development key `name`, or undefined when none was written yet. */
export function readPublicJwk(name: string, dir = keysDir()): JWK | undefined {
  const file = publicKeyFile(name, dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JWK) : undefined;
}

/** Builds a key pair from a private JWK (with `alg` and `kid`), e.g. one supplied by configuration. */
export async function keyPairFromPrivateJwk(jwk: JWK): Promise<KeyPair> {
  const alg = jwk.alg ?? (jwk.crv === 'Ed25519' ? 'EdDSA' : 'ES256');
  const { d: _private, ...publicJwk } = jwk;
  return {
    alg,
    kid: jwk.kid ?? 'key',
    privateKey: (await importJWK(jwk, alg)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, alg)) as CryptoKey,
    publicJwk: { ...publicJwk, alg, kid: jwk.kid },
  };
}

/** Writes the public JWK unless the file already holds exactly it (rename: readers never see half a file). */
function writePublicJwk(file: string, jwk: JWK): void {
  const text = JSON.stringify(jwk, null, 2);
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o644 });
  renameSync(temp, file);
}
