/**
 * Mints a development bearer token signed by the local development key (created on first use).
 *   npm run token -- --role PATROL_OFFICER --ori CA0190000 --sub u1001 [--name "..."] [--ttl 8h]
 * A SUBJECT's --sub is their person id (e.g. P9000007). Only a gateway in development identity mode
 * accepts these tokens (`npm start`, or AUTH_MODE=development); in production they come from the
 * agency's OIDC provider, and `npm run gateway` refuses to start without one unless told otherwise.
 */
import { Command, InvalidArgumentError } from 'commander';
import { ORI_PATTERN } from '../gateway/identity/caller.ts';
import { mintDevToken } from '../gateway/identity/dev-issuer.ts';
import { isRole, ROLES, type Role } from '../common/vocabulary.ts';

function role(value: string, previous: Role[] = []): Role[] {
  const name = value.trim().toUpperCase();
  if (!isRole(name)) throw new InvalidArgumentError(`unknown role; use one of ${ROLES.join(', ')}`);
  return [...previous, name];
}

function ori(value: string): string {
  const upper = value.trim().toUpperCase();
  if (!ORI_PATTERN.test(upper))
    throw new InvalidArgumentError('an ORI has 9 characters: 2-letter state + 7 letters/digits (e.g. CA0190000)');
  return upper;
}

function attribute(value: string, previous: Record<string, string | boolean> = {}): Record<string, string | boolean> {
  const [key, raw] = value.split('=', 2);
  if (!key || raw === undefined) throw new InvalidArgumentError('use key=value, e.g. sworn=true');
  return { ...previous, [key]: raw === 'true' ? true : raw === 'false' ? false : raw };
}

const program = new Command('token')
  .description('Mint a development JWT for the gateway (Authorization: Bearer <token>).')
  .requiredOption('--role <role>', `a role (repeat for several): ${ROLES.join(', ')}`, role)
  .requiredOption('--ori <ori>', 'the user agency ORI, e.g. CA0190000', ori)
  .requiredOption('--sub <id>', 'unique user id (for SUBJECT: their person id, e.g. P9000007)')
  .option('--name <name>', 'display name')
  .option('--ttl <duration>', 'lifetime, e.g. 15m, 8h', '8h')
  .option('--attr <key=value>', 'optional attribute (repeatable), e.g. sworn=true', attribute)
  .action(
    async (options: { role: Role[]; ori: string; sub: string; name?: string; ttl: string; attr?: Record<string, string | boolean> }) => {
      const token = await mintDevToken({
        sub: options.sub,
        name: options.name ?? options.sub,
        ori: options.ori,
        roles: options.role,
        attributes: options.attr,
        expiresIn: options.ttl,
      });
      process.stdout.write(`${token}\n`);
    },
  );

await program.parseAsync();
