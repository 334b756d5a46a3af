/**
 * Development tokens for the examples: signed by the gateway's local development key, as
 * `npm run token` does. Only a gateway in development identity mode accepts them; in production the token
 * comes from the agency's identity provider and this module is not used.
 */
import { mintDevToken } from '../gateway/identity/dev-issuer.ts';
import type { Role } from '../common/vocabulary.ts';

export interface ExampleCaller {
  sub: string;
  name: string;
  ori: string;
  roles: Role[];
}

export function developmentToken(caller: ExampleCaller): Promise<string> {
  return mintDevToken({ ...caller, expiresIn: '15m' });
}
