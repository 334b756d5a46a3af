import type { GraphQLSchema } from 'graphql';
import { isRole, parsePurpose, PURPOSES, ROLES, type Purpose, type Role } from '../../../common/vocabulary.ts';
import { fieldAccess, type FieldAccess } from '../../access-api/my-access.ts';
import { decideStatically } from '../../policy/decide.ts';
import { cellContext, diffPolicies, type DiffCell, type PolicyDiff } from '../../policy/diff.ts';
import { PolicyReplayer, type ReplayReport } from '../../policy/replay.ts';
import type { AuditStore } from '../../../audit/store.ts';
import type { Policy } from '../../policy/types.ts';
import { PageInputError } from '../page-access.ts';

/**
 * What the Policy Explorer shows, computed from the policy in force with the gateway's own static decision
 * (the one its prune pass makes): the matrix role × purpose × case number → field, one cell in detail, and
 * the diff of a candidate policy. A case number stands for one that establishes need to know (contract C4),
 * as in `policy explain --case` and the policy diff.
 */

/** One letter per column: `a` allow, `d` deny, `p` depends on the data (decided record by record). */
export type VerdictLetter = 'a' | 'd' | 'p';

export interface PolicyMatrix {
  /** Content hash of the policy the matrix was computed from. */
  policyVersion: string;
  /** Each role × purpose it may state × case number absent / present. */
  columns: DiffCell[];
  /** Every field coordinate the policy decides (every field of the API), sorted. */
  coordinates: string[];
  /** Per coordinate, one VerdictLetter per column, as a string (compact: the matrix has ~25,000 cells). */
  verdicts: string[];
}

const matrices = new WeakMap<Policy, PolicyMatrix>();

/** The whole matrix of a policy; computed once per policy object (a reload brings a new one). */
export function policyMatrix(policy: Policy): PolicyMatrix {
  const cached = matrices.get(policy);
  if (cached) return cached;
  const columns = ROLES.flatMap((role) =>
    PURPOSES.filter((purpose) => policy.purposesByRole.get(role)?.has(purpose)).flatMap((purpose) =>
      [false, true].map((caseNumber): DiffCell => ({ role, purpose, caseNumber })),
    ),
  );
  const contexts = columns.map(cellContext);
  const coordinates = [...policy.fields.keys()].sort();
  const verdicts = coordinates.map((coordinate) =>
    contexts.map((context) => LETTERS[decideStatically(policy, context, coordinate).kind]).join(''),
  );
  const matrix = { policyVersion: policy.version, columns, coordinates, verdicts };
  matrices.set(policy, matrix);
  return matrix;
}

const LETTERS = { allow: 'a', deny: 'd', depends: 'p' } as const satisfies Record<string, VerdictLetter>;

export interface CellDetail extends FieldAccess {
  role: Role;
  purpose: Purpose;
  caseNumber: boolean;
  policyVersion: string;
}

/** One cell: the verdict with its reason, its rules (file:line), its conditions or the ways to be allowed. */
export function matrixCell(
  policy: Policy,
  input: { role?: string; purpose?: string; caseNumber?: string; coordinate?: string },
): CellDetail {
  const role = input.role ?? '';
  if (!isRole(role)) throw new PageInputError(`role must be one of ${ROLES.join(', ')}.`);
  const purpose = parsePurpose(input.purpose ?? '');
  if (!purpose || policy.purposesByRole.get(role)?.has(purpose) !== true) {
    throw new PageInputError(`purpose must be one that ${role} may state: ${[...(policy.purposesByRole.get(role) ?? [])].join(', ')}.`);
  }
  if (input.caseNumber !== undefined && input.caseNumber !== 'true' && input.caseNumber !== 'false') {
    throw new PageInputError('caseNumber must be true or false.');
  }
  const coordinate = input.coordinate ?? '';
  if (!policy.fields.has(coordinate))
    throw new PageInputError('coordinate must be a field of the API, as Type.field (e.g. Vehicle.plate).');
  const cell: DiffCell = { role, purpose, caseNumber: input.caseNumber === 'true' };
  return { ...cell, ...fieldAccess(policy, cellContext(cell), coordinate), policyVersion: policy.version };
}

export type CandidateReport =
  { loaded: false; message: string } | { loaded: true; liveVersion: string; candidateVersion: string; diff: PolicyDiff };

const diffs = new WeakMap<Policy, { live: Policy; diff: PolicyDiff }>();

/** The candidate policy of shadow mode (POLICY_CANDIDATE_DIR) against the live one, when one is loaded. */
export function candidateReport(live: Policy, candidate: Policy | undefined, schema: () => GraphQLSchema): CandidateReport {
  if (!candidate) {
    return {
      loaded: false,
      message: 'No candidate loaded: start the gateway with POLICY_CANDIDATE_DIR naming a policy folder to compare.',
    };
  }
  let cached = diffs.get(candidate);
  if (cached?.live !== live) {
    cached = { live, diff: diffPolicies(live, candidate, schema()) };
    diffs.set(candidate, cached);
  }
  return { loaded: true, liveVersion: live.version, candidateVersion: candidate.version, diff: cached.diff };
}

export interface CandidateReplay {
  /** The window replayed: the newest events from `from` (ISO) on, at most `maxEvents` of them. */
  from: string;
  maxEvents: number;
  /** True when the window held more events than were replayed (the oldest were left out). */
  truncated: boolean;
  report: ReplayReport;
}

const REPLAY_PAGE = 1000;

/**
 * The audit trail's recent requests decided again under the live policy and the candidate
 * (gateway/policy/replay.ts): newest first, back to `days` ago, at most `maxEvents`.
 */
export async function replayCandidate(
  store: AuditStore,
  live: Policy,
  candidate: Policy | undefined,
  schema: GraphQLSchema,
  window: { days: number; maxEvents: number } = { days: 30, maxEvents: 50_000 },
): Promise<CandidateReplay> {
  if (!candidate) throw new PageInputError('No candidate loaded: there is nothing to replay.');
  const from = new Date(Date.now() - window.days * 86_400_000).toISOString();
  const replayer = new PolicyReplayer(live, candidate, schema);
  let read = 0;
  let truncated = false;
  for (let beforeSeq: number | undefined; ;) {
    const page = await store.query({ from, limit: REPLAY_PAGE, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
    for (const event of page) {
      if (read === window.maxEvents) {
        truncated = true;
        break;
      }
      replayer.add(event);
      read++;
    }
    if (truncated || page.length < REPLAY_PAGE) break;
    beforeSeq = page[page.length - 1].seq;
  }
  return { from, maxEvents: window.maxEvents, truncated, report: replayer.report() };
}
