import fc from 'fast-check';
import { describeCaller, type OracleCaller } from './callers.ts';
import { checkAnswer, type Finding, type GatewayAnswer, type Oracle } from './checker.ts';
import { caseArbitrary, type GeneratedOperation } from './operations.ts';

/** Sends one operation to the gateway as the caller (the test or script provides the transport). */
export type Send = (caller: OracleCaller, operation: GeneratedOperation) => Promise<GatewayAnswer>;

/** A finding with what it takes to reproduce it. */
export interface CaseFinding extends Finding {
  caller: string;
  operation: string;
  variables: string;
}

export interface FuzzReport {
  operations: number;
  /** Operations whose caller stated a purpose none of their roles may state. */
  refusals: number;
  /** Operations whose answer had data. */
  withData: number;
  /** Operations the gateway refused as too complex (its operation limits). */
  tooComplex: number;
  valuesChecked: number;
  /** Fields asked (answered or withheld) whose decision turned on each kind of data-dependent fact. */
  dataFacts: Record<string, number>;
  findings: CaseFinding[];
}

export interface FuzzOptions {
  oracle: Oracle;
  send: Send;
  runs: number;
  seed: number;
  /** Called after each batch of operations, e.g. to print progress. */
  onProgress?: (done: number, report: FuzzReport) => void;
}

const BATCH = 250;

/**
 * Sends `runs` random operations from random callers (deterministic for a seed) and judges every
 * answer with the oracle. Findings are collected, not thrown, so one run reports all of them.
 */
export async function runOracleFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { oracle } = options;
  const cases = caseArbitrary(oracle.schemas.api, oracle.data.pools);
  const report: FuzzReport = { operations: 0, refusals: 0, withData: 0, tooComplex: 0, valuesChecked: 0, dataFacts: {}, findings: [] };
  for (let start = 0; start < options.runs; start += BATCH) {
    const batch = fc.sample(cases, { numRuns: Math.min(BATCH, options.runs - start), seed: options.seed + start });
    for (const [caller, operation] of batch) {
      const answer = await sendWithRetry(options.send, caller, operation);
      const result = await checkAnswer(oracle, caller, operation, answer).catch((error: Error) => {
        throw new Error(
          `${error.message}\n  caller: ${describeCaller(caller)}\n  operation: ${operation.query}\n  variables: ${JSON.stringify(operation.variables)}`,
        );
      });
      report.operations++;
      if (answer.status === 403) report.refusals++;
      if (result.withData) report.withData++;
      if (result.tooComplex) report.tooComplex++;
      report.valuesChecked += result.checked;
      for (const [fact, count] of Object.entries(result.dataFacts)) report.dataFacts[fact] = (report.dataFacts[fact] ?? 0) + count;
      for (const finding of result.findings) {
        report.findings.push({
          ...finding,
          caller: describeCaller(caller),
          operation: operation.query,
          variables: JSON.stringify(operation.variables),
        });
      }
    }
    options.onProgress?.(report.operations, report);
  }
  return report;
}

/**
 * One retry when the connection fails (a keep-alive socket the server closed as the request went out, on
 * a busy machine); a second failure is a finding, not a crash of the run.
 */
async function sendWithRetry(send: Send, caller: OracleCaller, operation: GeneratedOperation): Promise<GatewayAnswer> {
  try {
    return await send(caller, operation);
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      return await send(caller, operation);
    } catch (error) {
      return { status: 0, body: { errors: [{ message: `request failed twice: ${(error as Error).message}` }] } };
    }
  }
}

/** The findings that are disclosures (a refused purpose answered, a value the caller may not see). */
export function leaksOf(report: FuzzReport): CaseFinding[] {
  return report.findings.filter((finding) => finding.kind !== 'failure');
}

/** Findings grouped by coordinate and rule, each with one example to reproduce it. */
export function formatReport(report: FuzzReport, examples = 20): string {
  const leaks = leaksOf(report).length;
  const failures = report.findings.length - leaks;
  const facts = Object.entries(report.dataFacts)
    .map(([fact, count]) => `${fact} ${count}`)
    .join(', ');
  const lines = [
    `${report.operations} operations (${report.refusals} refused for their purpose, ${report.tooComplex} as too complex, ${report.withData} with data), ` +
      `${report.valuesChecked} values checked, ${leaks} leaks${failures > 0 ? `, ${failures} failed requests` : ''}`,
    `fields asked whose decision turns on data (answered or withheld): ${facts || 'none'}`,
  ];
  const byRule = new Map<string, number>();
  for (const finding of report.findings) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
  if (byRule.size > 0) {
    lines.push('by rule:', ...[...byRule.entries()].sort((a, b) => b[1] - a[1]).map(([rule, count]) => `  ${count} × ${rule}`));
  }
  const groups = new Map<string, CaseFinding[]>();
  for (const finding of report.findings) {
    const key = `${finding.kind} ${finding.coordinate} — ${finding.rule}`;
    const group = groups.get(key) ?? [];
    group.push(finding);
    groups.set(key, group);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
  for (const [key, group] of sorted.slice(0, examples)) {
    const first = group[0];
    lines.push(
      `\n${group.length} × ${key}`,
      `  caller:    ${first.caller}`,
      `  path:      ${first.path} = ${first.value ?? ''}`,
      `  operation: ${first.operation.replace(/\s+/g, ' ').slice(0, 600)}`,
      `  variables: ${first.variables}`,
    );
  }
  if (sorted.length > examples) lines.push(`\n... and ${sorted.length - examples} more kinds of finding`);
  return lines.join('\n');
}
