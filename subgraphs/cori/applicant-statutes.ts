/**
 * Statutes that authorise an applicant agency to receive DOJ's conviction-limited response to a Live Scan
 * submission (PC 11105(b)(10)-(11): "any agency ... authorized by statute"), with the purposes each allows.
 * A small, simulated extract of DOJ's table of authorised applicant types; anything else is refused.
 */
export interface ApplicantStatute {
  /** As DOJ writes it, e.g. `B&P 7069`. */
  statute: string;
  title: string;
  /** I licensing/employment, H housing, X exigent placement. */
  purposes: readonly ApplicantPurpose[];
}

export type ApplicantPurpose = 'I' | 'H' | 'X';
export const APPLICANT_PURPOSES: readonly ApplicantPurpose[] = ['I', 'H', 'X'];

export const APPLICANT_STATUTES: readonly ApplicantStatute[] = [
  { statute: 'B&P 7069', title: 'Contractors State License Board: applicants for a contractor licence', purposes: ['I'] },
  { statute: 'EC 44340', title: 'Commission on Teacher Credentialing: applicants for a credential', purposes: ['I'] },
  { statute: 'EC 45125', title: 'School districts: classified employees', purposes: ['I'] },
  { statute: 'HSC 1522', title: 'Community care facilities: licensees, employees and adult residents', purposes: ['I'] },
  { statute: 'HSC 34090.6', title: 'Housing authorities: applicants for public housing', purposes: ['H'] },
  { statute: 'PC 11105.3', title: 'Employers of persons with supervisory or disciplinary power over minors', purposes: ['I'] },
  { statute: 'WIC 16504.5', title: 'Child welfare agencies: emergency placement of a child with a relative', purposes: ['X'] },
];

/** `b&p  7069` → `B&P 7069`: what the agency typed, in DOJ's spelling. */
function normalize(statute: string): string {
  return statute.trim().toUpperCase().replace(/\s+/g, ' ');
}

export function applicantStatute(statute: string): ApplicantStatute | undefined {
  const wanted = normalize(statute);
  return APPLICANT_STATUTES.find((s) => s.statute === wanted);
}
