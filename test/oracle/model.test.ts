/**
 * The oracle's own rules, checked on hand-picked cases: if these were wrong, the fuzz would be judging
 * the gateway against a wrong model.
 */
import { getNamedType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { OracleCaller, OraclePurpose, OracleRole } from './callers.ts';
import { categoryOf } from './coordinates.ts';
import { judge, type Category, type RecordFacts } from './model.ts';
import { loadOracleSchemas } from './schema.ts';

function caller(roles: OracleRole[], purpose: OraclePurpose, caseNumber?: string, sub = 'u-1', ori = 'CA0190100'): OracleCaller {
  return { roles, purpose, caseNumber, sub, ori };
}
const may = (category: Category, who: OracleCaller, facts: RecordFacts = { person: 'P1' }) => judge(category, who, facts).allowed;

describe('the oracle model', () => {
  it('refuses everything when no role may state the purpose', () => {
    expect(may('PUBLIC_DIRECTORY', caller(['PATROL_OFFICER'], 'A'))).toBe(false);
    expect(may('IDENTITY', caller(['DOJ_AUDITOR', 'POLICY_OFFICER'], 'C'))).toBe(false);
  });

  it('counts a right only through a role that may itself state the purpose', () => {
    const patrolAndCoordinator = caller(['PATROL_OFFICER', 'AGENCY_COORDINATOR'], 'A');
    expect(may('IDENTITY', patrolAndCoordinator)).toBe(false);
    expect(may('HOT_FILE', patrolAndCoordinator)).toBe(false);
    expect(may('AUDIT_META', patrolAndCoordinator)).toBe(true);
    // An investigator who also administers may not carry the investigator's VC 1808.4 exemption into purpose A.
    const judgeAddress = { person: 'P1', address: { container: 'MAILING' as const, safeAtHome: false, confidential: true } };
    expect(may('ADDRESS_LINE', caller(['DISPATCHER', 'INVESTIGATOR'], 'A', '24-1'), judgeAddress)).toBe(false);
    expect(may('ADDRESS_LINE', caller(['DISPATCHER', 'INVESTIGATOR'], 'C', '24-1'), judgeAddress)).toBe(true);
    // The SUBJECT role lends its own-record right only to a RECORD_REVIEW request.
    expect(may('SEALED_COUNT', caller(['SUBJECT', 'INVESTIGATOR'], 'C', '24-1', 'P1'), { person: 'P1', hasSealed: true })).toBe(false);
  });

  it('gives licensing and placement purposes identity only: no criminal history, not even its existence, no hot files', () => {
    for (const who of [
      caller(['NONCRIMINAL_AGENCY'], 'I'),
      caller(['NONCRIMINAL_AGENCY'], 'H', '24-1'),
      caller(['INVESTIGATOR'], 'X', '24-1'),
    ]) {
      expect(may('IDENTITY', who)).toBe(true);
      for (const category of ['CRIMINAL_RECORD_INDEX', 'CORI', 'SSN', 'HOT_FILE', 'DMV'] as const) expect(may(category, who)).toBe(false);
    }
  });

  it('gives CORI only with the right to know, a criminal-justice purpose and a case number; never to patrol or dispatch', () => {
    expect(may('CORI', caller(['PROBATION_OFFICER'], 'C', '24-1'))).toBe(true);
    expect(may('CORI', caller(['PROBATION_OFFICER'], 'C'))).toBe(false);
    expect(may('CORI', caller(['PATROL_OFFICER'], 'C', '24-1'))).toBe(false);
    expect(may('CORI', caller(['DISPATCHER'], 'C', '24-1'))).toBe(false);
    expect(may('CORI', caller(['RECORDS_CLERK'], 'A', '24-1'))).toBe(false);
    expect(may('SSN', caller(['INVESTIGATOR'], 'C', '24-1'))).toBe(true);
    expect(may('SSN', caller(['PROBATION_OFFICER'], 'C', '24-1'))).toBe(false);
  });

  it('shows sealed entries (and counts of them) to courts and the subject only', () => {
    const sealed = { person: 'P1', sealed: true };
    expect(may('CORI', caller(['INVESTIGATOR'], 'C', '24-1'), sealed)).toBe(false);
    expect(may('CORI', caller(['COURT_CLERK'], 'D', '24-1'), sealed)).toBe(true);
    expect(may('CORI', caller(['SUBJECT'], 'RECORD_REVIEW', undefined, 'P1'), sealed)).toBe(true);
    expect(may('SEALED_COUNT', caller(['INVESTIGATOR'], 'C', '24-1'), { person: 'P1', hasSealed: true })).toBe(false);
    expect(may('SEALED_COUNT', caller(['INVESTIGATOR'], 'C', '24-1'), { person: 'P1', hasSealed: false })).toBe(true);
  });

  it("lets a SUBJECT see their own record and nothing of anyone else's", () => {
    const subject = caller(['SUBJECT'], 'RECORD_REVIEW', undefined, 'P1');
    expect(may('CORI', subject, { person: 'P1' })).toBe(true);
    expect(may('SSN', subject, { person: 'P1' })).toBe(true);
    expect(may('IDENTITY', subject, { person: 'P2' })).toBe(false);
    expect(may('CORI', subject, {})).toBe(false);
    expect(may('HOT_FILE', subject, { person: 'P1' })).toBe(false);
    expect(may('SEARCH_RESULTS', subject, { person: 'P1' })).toBe(false);
  });

  it('never discloses a Safe at Home address; VC 1808.4 addresses only to investigators and courts; residences need a case', () => {
    const address = (safeAtHome: boolean, confidential: boolean) => ({
      person: 'P1',
      address: { container: 'RESIDENCE' as const, safeAtHome, confidential },
    });
    expect(may('ADDRESS_LINE', caller(['COURT_CLERK'], 'D', '24-1'), address(true, false))).toBe(false);
    expect(may('ADDRESS_META', caller(['COURT_CLERK'], 'D', '24-1'), address(true, false))).toBe(true);
    expect(may('ADDRESS_LINE', caller(['PATROL_OFFICER'], 'C', '24-1'), address(false, true))).toBe(false);
    expect(may('ADDRESS_LINE', caller(['INVESTIGATOR'], 'C', '24-1'), address(false, true))).toBe(true);
    expect(may('ADDRESS_LINE', caller(['PATROL_OFFICER'], 'C'), address(false, false))).toBe(false);
    expect(may('ADDRESS_LINE', caller(['PATROL_OFFICER'], 'C', '24-1'), address(false, false))).toBe(true);
    // An address the oracle cannot place is the most protected kind.
    expect(may('ADDRESS_LINE', caller(['INVESTIGATOR'], 'C', '24-1'), {})).toBe(false);
  });

  it('gives CLETS-001 data to court staff, or for purpose D with a case number', () => {
    expect(may('CLETS_001', caller(['COURT_CLERK'], 'C'))).toBe(true);
    expect(may('CLETS_001', caller(['INVESTIGATOR'], 'D', '24-1'))).toBe(true);
    expect(may('CLETS_001', caller(['INVESTIGATOR'], 'D'))).toBe(false);
    expect(may('CLETS_001', caller(['INVESTIGATOR'], 'C', '24-1'))).toBe(false);
    expect(may('HOT_FILE', caller(['PATROL_OFFICER'], 'C'))).toBe(true);
  });

  it('shows audit rows to DOJ auditors, and to coordinators for their own agency only; no person data to either', () => {
    expect(may('AUDIT_ROW', caller(['DOJ_AUDITOR'], 'A'), { auditOri: 'CA0340N01' })).toBe(true);
    expect(may('AUDIT_ROW', caller(['AGENCY_COORDINATOR'], 'A'), { auditOri: 'CA0190100' })).toBe(true);
    expect(may('AUDIT_ROW', caller(['AGENCY_COORDINATOR'], 'A'), { auditOri: 'CA0340N01' })).toBe(false);
    expect(may('AUDIT_ROW', caller(['AGENCY_COORDINATOR'], 'A'), {})).toBe(false);
    expect(may('AUDIT_ROW', caller(['PATROL_OFFICER'], 'C'), { auditOri: 'CA0190100' })).toBe(false);
    for (const role of ['DOJ_AUDITOR', 'AGENCY_COORDINATOR', 'POLICY_OFFICER'] as const)
      expect(may('IDENTITY', caller([role], 'A'))).toBe(false);
  });

  it('has a category for every field of the API, and none for a field nobody has reviewed', () => {
    const { api } = loadOracleSchemas();
    const unknown: string[] = [];
    for (const type of Object.values(api.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name === api.getMutationType()?.name) continue;
      for (const field of Object.values(type.getFields())) {
        if (categoryOf(type.name, field.name) === 'UNKNOWN') unknown.push(`${type.name}.${field.name}: ${getNamedType(field.type).name}`);
      }
    }
    expect(unknown).toEqual([]);
    expect(categoryOf('Person', 'biometricTemplate')).toBe('UNKNOWN');
    expect(may('UNKNOWN', caller(['COURT_CLERK'], 'D', '24-1'))).toBe(false);
  });
});
