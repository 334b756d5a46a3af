import { suggestionList } from 'graphql/jsutils/suggestionList.js';

/** One problem found in the policy, located at file:line. */
export interface PolicyProblem {
  file: string;
  line: number;
  message: string;
  /** YAML the policy officer can paste to fix it, when there is an obvious candidate. */
  suggestion?: string;
}

export class PolicyError extends Error {
  constructor(readonly problems: readonly PolicyProblem[]) {
    super(`Policy is invalid:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'PolicyError';
  }
}

export function formatProblem(problem: PolicyProblem): string {
  const head = `  ${problem.file}:${problem.line}: ${problem.message}`;
  if (!problem.suggestion) return head;
  return `${head}\n${problem.suggestion
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n')}`;
}

export function didYouMean(input: string, options: readonly string[]): string {
  const [best] = suggestionList(input, options);
  return best ? ` (did you mean "${best}"?)` : '';
}
