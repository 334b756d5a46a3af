import { randomUUID } from 'node:crypto';
import { headersFor, type TestCaller } from './callers.ts';
import type { Stack } from './stack.ts';

/** What creating an incident needs besides the caller: a plate run on it, units a dispatcher sends. */
export interface IncidentOptions {
  type?: string;
  /** The caller's own call sign (patrol) or console (dispatcher). */
  unit: string;
  plate?: string;
  units?: { userId: string; unit: string }[];
}

const CREATE_INCIDENT = /* GraphQL */ `
  mutation CreateIncident($input: CreateIncidentInput!, $key: String!) {
    createIncident(input: $input, idempotencyKey: $key) {
      number
    }
  }
`;

/**
 * Opens a current CAD incident at the caller's agency through the gateway (rms `createIncident`): a patrol
 * officer's self-initiated traffic stop, or a dispatcher's call with the units it sends. Returns its number,
 * which gives need to know to the units on it (X-Incident-Number) while it is current.
 */
export async function createIncident(stack: Stack, caller: TestCaller, options: IncidentOptions): Promise<string> {
  const input = {
    type: options.type ?? 'TRAFFIC_STOP',
    location: 'N BLACKSTONE AVE AND E SHIELDS AVE, FRESNO',
    unit: options.unit,
    ...(options.plate ? { plate: options.plate } : {}),
    ...(options.units ? { units: options.units } : {}),
  };
  const { status, body } = await stack.query<{ createIncident: { number: string } | null }>(
    CREATE_INCIDENT,
    { input, key: randomUUID() },
    await headersFor({ ...caller, caseNumber: undefined, incidentNumber: undefined }),
  );
  const number = body.data?.createIncident?.number;
  if (status !== 200 || !number) throw new Error(`createIncident failed: HTTP ${status} ${JSON.stringify(body)}`);
  return number;
}
