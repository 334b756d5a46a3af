import { mintDevToken } from '../../gateway/identity/dev-issuer.ts';
import type { Role } from '../../common/vocabulary.ts';

/** Someone asking the gateway: who they are and why they ask. */
export interface TestCaller {
  sub: string;
  ori: string;
  roles: Role[];
  /** A `Purpose`, or any text (tests of refused purposes). */
  purpose?: string;
  /** X-Case-Number: counts as need to know only when rms has it OPEN, at `ori`, assigned to `sub` (contracts C1). */
  caseNumber?: string;
  /** X-Incident-Number: a CAD incident; need to know for patrol and dispatch while it is current. */
  incidentNumber?: string;
}

/**
 * The callers of the acceptance scenario (issue: patrol, investigator, court clerk, licensing, subject). The
 * case numbers are real rows of the generated agency records (generator/records/rms.ts): 24-000187 is OPEN at
 * CA0190100 with u-inv-1 as LEAD, FL-24-0099 OPEN at the court CA019015J assigned to u-court-1.
 */
export const CALLERS = {
  patrol: { sub: 'u-patrol-1', ori: 'CA0190100', roles: ['PATROL_OFFICER'], purpose: 'C' },
  investigator: { sub: 'u-inv-1', ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C', caseNumber: '24-000187' },
  investigatorNoCase: { sub: 'u-inv-1', ori: 'CA0190100', roles: ['INVESTIGATOR'], purpose: 'C' },
  courtClerk: { sub: 'u-court-1', ori: 'CA019015J', roles: ['COURT_CLERK'], purpose: 'D', caseNumber: 'FL-24-0099' },
  licensing: { sub: 'u-lic-1', ori: 'CA0340N01', roles: ['NONCRIMINAL_AGENCY'], purpose: 'I' },
  auditor: { sub: 'u-doj-1', ori: 'CA0349400', roles: ['DOJ_AUDITOR'], purpose: 'A' },
} satisfies Record<string, TestCaller>;

const tokens = new Map<string, Promise<string>>();

/** Authorization, X-Purpose, X-Case-Number and X-Incident-Number headers for a caller (tokens signed by the development key). */
export async function headersFor(caller: TestCaller): Promise<Record<string, string>> {
  const key = `${caller.sub}|${caller.ori}|${caller.roles.join(',')}`;
  let token = tokens.get(key);
  if (!token) {
    token = mintDevToken({ sub: caller.sub, name: caller.sub, ori: caller.ori, roles: caller.roles, expiresIn: '1h' });
    tokens.set(key, token);
  }
  return {
    authorization: `Bearer ${await token}`,
    ...(caller.purpose ? { 'x-purpose': caller.purpose } : {}),
    ...(caller.caseNumber ? { 'x-case-number': caller.caseNumber } : {}),
    ...(caller.incidentNumber ? { 'x-incident-number': caller.incidentNumber } : {}),
  };
}

/** A SUBJECT exercising record review: their token's sub is their person id. */
export function subject(personId: string): TestCaller {
  return { sub: personId, ori: 'CA0000000', roles: ['SUBJECT'], purpose: 'RECORD_REVIEW' };
}
