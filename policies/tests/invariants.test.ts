/**
 * Invariants of the committed policy that must hold for every combination of roles a token can carry,
 * written from the law rather than from policies/*.yaml:
 * - a name-based inquiry for a licensing, employment, housing, placement or visa purpose discloses
 *   nothing but the agency directory (PC 11105, 11 CCR 703; NONCRIMINAL_PURPOSES below);
 * - right to know belongs to a role: a caller with several roles gets exactly what one of them, acting
 *   alone for the stated purpose, would get; roles never add up.
 */
import path from 'node:path';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOfSupergraphFile } from '../../gateway/policy/api-schema.ts';
import { decideStatically } from '../../gateway/policy/decide.ts';
import { loadPolicy } from '../../gateway/policy/load.ts';
import type { DecisionContext, StaticDecision } from '../../gateway/policy/types.ts';
import { PURPOSES, ROLES, type Purpose, type Role } from '../../common/vocabulary.ts';
import { REPO_ROOT } from '../../common/config.ts';

/**
 * Licensing/employment (I), housing (H), exigent placement (X) and visa (V) purposes: nothing about a
 * person through a name inquiry, whoever asks (PC 11105, 11 CCR 703: "CORI is not to be accessed for
 * purposes of employment, licensing, certifications or permits").
 */
const NONCRIMINAL_PURPOSES: readonly Purpose[] = ['I', 'H', 'X', 'V'];

const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));
const policy = loadPolicy(path.join(REPO_ROOT, 'policies'), schema);
const coordinates = Object.values(schema.getTypeMap())
  .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
  .flatMap((type) => (isObjectType(type) ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : []));

/** Every non-empty set of roles (2^11 - 1 of them). */
const roleSets: Role[][] = Array.from({ length: 2 ** ROLES.length - 1 }, (_, i) => ROLES.filter((_, bit) => ((i + 1) >> bit) & 1));

const context = (roles: readonly Role[], purpose: Purpose, hasCase: boolean): DecisionContext => ({
  sub: 'P9000001',
  ori: 'CA0190000',
  roles,
  purpose,
  caseNumber: hasCase ? '24-000187' : undefined,
});

/** What the agency directory is: the only thing a noncriminal purpose may see. */
const DIRECTORY = (coordinate: string) =>
  coordinate.startsWith('Agency.') || coordinate === 'Query.agency' || coordinate === 'Query.agencies';

/** What the caller's own roles may see (Query.myAccess): the policy applied to the caller, naming no person. */
const OWN_ACCESS = (coordinate: string) =>
  coordinate === 'Query.myAccess' || /^(MyAccess|FieldAccess|AccessAlternative)\./.test(coordinate);

/**
 * The one lawful channel of criminal history for these purposes (PC 11105(b)(10)-(11)): a fingerprint-based
 * applicant check and DOJ's conviction-limited response to it, for the applicant agency itself stating I, H
 * or X; never who the prints identified.
 */
const APPLICANT_CHANNEL = (coordinate: string, roles: readonly Role[], purpose: Purpose) =>
  roles.includes('NONCRIMINAL_AGENCY') &&
  ['I', 'H', 'X'].includes(purpose) &&
  (['Mutation.submitApplicantCheck', 'Query.applicantResponses', 'Query.applicantResponse'].includes(coordinate) ||
    coordinate.startsWith('ApplicantConviction.') ||
    (coordinate.startsWith('ApplicantCheck.') && coordinate !== 'ApplicantCheck.subject'));

describe('no name inquiry for noncriminal purposes (PC 11105, 11 CCR 703)', () => {
  it.each(NONCRIMINAL_PURPOSES)('purpose %s discloses nothing but the agency directory, for every set of roles', (purpose) => {
    const leaks = new Set<string>();
    // A token none of whose roles may state the purpose is refused (403) before anything is decided. A case
    // number can only widen what a caller sees (a rule may require one, none forbids one), so asking with
    // one covers asking without.
    for (const roles of roleSets.filter((set) => set.some((role) => policy.purposesByRole.get(role)?.has(purpose)))) {
      const asker = context(roles, purpose, true);
      for (const coordinate of coordinates) {
        if (DIRECTORY(coordinate) || OWN_ACCESS(coordinate) || APPLICANT_CHANNEL(coordinate, roles, purpose)) continue;
        const decision = decideStatically(policy, asker, coordinate);
        if (decision.kind !== 'deny') leaks.add(`${coordinate} (${decision.kind}) to ${roles.join('+')}`);
      }
    }
    expect([...leaks].slice(0, 20)).toEqual([]);
  });
});

describe('several roles never add up', () => {
  const combine = (decisions: StaticDecision[]): StaticDecision['kind'] =>
    decisions.some((d) => d.kind === 'allow') ? 'allow' : decisions.some((d) => d.kind === 'depends') ? 'depends' : 'deny';
  const pairs = roleSets.filter((roles) => roles.length === 2);
  const refused: StaticDecision = { kind: 'deny', decision: { allowed: false, coordinate: '', rules: [], reason: 'refused (403)' } };

  it.each(PURPOSES)('stating %s, two roles get what one of them alone would get', (purpose) => {
    const mayState = (role: Role) => policy.purposesByRole.get(role)?.has(purpose) === true;
    const mismatches: string[] = [];
    for (const hasCase of [false, true]) {
      for (const coordinate of coordinates) {
        // Alone, a role that may not state the purpose is refused (403) and gets nothing.
        const alone = new Map(
          ROLES.map((role) => [role, mayState(role) ? decideStatically(policy, context([role], purpose, hasCase), coordinate) : refused]),
        );
        for (const roles of pairs.filter((pair) => pair.some(mayState))) {
          const together = decideStatically(policy, context(roles, purpose, hasCase), coordinate).kind;
          const expected = combine(roles.map((role) => alone.get(role)!));
          if (together !== expected) mismatches.push(`${coordinate} for ${roles.join('+')}: ${together}, alone ${expected}`);
        }
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
