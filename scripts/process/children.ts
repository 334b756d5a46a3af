/**
 * The child processes both runners start: one per subgraph (`scripts/subgraph.ts <name>`) and misuse
 * detection (`scripts/audit.ts detect --follow`). A subgraph asked for port 0 keeps, across restarts, the
 * port it got first, so the gateway's URL for it stays right.
 */
import { fileURLToPath } from 'node:url';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config.ts';
import { Supervisor, type SupervisorOptions } from './supervisor.ts';

const SCRIPTS = fileURLToPath(new URL('..', import.meta.url));

export interface SubgraphChild {
  name: SubgraphName;
  supervisor: Supervisor;
  url: string;
}

/** Starts every subgraph as a supervised child with `env` (plus its port); resolves when all are ready. */
export async function startSubgraphChildren(env: NodeJS.ProcessEnv, options: SupervisorOptions = {}): Promise<SubgraphChild[]> {
  const supervisors = SUBGRAPH_NAMES.map((name) => {
    const portVariable = `${name.toUpperCase()}_PORT`;
    const childEnv: NodeJS.ProcessEnv = { ...env };
    const supervisor = new Supervisor(
      {
        name: `subgraph ${name}`,
        script: `${SCRIPTS}subgraph.ts`,
        args: [name],
        env: () => childEnv,
        readiness: { kind: 'message' },
        readyTimeoutMs: 180_000,
      },
      options,
    );
    supervisor.onReady = ({ url }) => {
      if (url && (childEnv[portVariable] === undefined || childEnv[portVariable] === '0')) childEnv[portVariable] = new URL(url).port;
    };
    return { name, supervisor };
  });
  const started = await Promise.allSettled(supervisors.map(({ supervisor }) => supervisor.start()));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(supervisors.map(({ supervisor }) => supervisor.stop()));
    throw failed.reason;
  }
  return supervisors.map(({ name, supervisor }, i) => ({
    name,
    supervisor,
    url: (started[i] as PromiseFulfilledResult<{ url?: string }>).value.url ?? '',
  }));
}

/** Misuse detection over the shared audit trail, as a supervised child (`npm run audit -- detect --follow`). */
export function detectionChild(env: NodeJS.ProcessEnv, options: SupervisorOptions = {}): Supervisor {
  return new Supervisor(
    {
      name: 'misuse detection',
      script: `${SCRIPTS}audit.ts`,
      args: ['detect', '--follow'],
      env: () => env,
      readiness: { kind: 'started' },
    },
    options,
  );
}
