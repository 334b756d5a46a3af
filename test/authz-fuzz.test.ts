/**
 * Property: for random callers (several roles, any purpose, with or without a case number) and random
 * operations (aliases, fragments, directives with variables, nested entities, lists, the NCIC
 * interface) from real ids of the dataset, every non-null value the gateway returns — data-dependent
 * ones included (Safe at Home, VC 1808.4, sealed entries, a subject's own record, an agency's own audit
 * rows) — is one the independent oracle (test/oracle/, which shares nothing with the gateway's policy
 * engine) says the caller may see.
 *
 * The oracle must be able to fail: two deliberately broken gateways (test-only mutants) must leak.
 * Volume: FUZZ_RUNS operations (default 200) with seed FUZZ_SEED; `npm run fuzz -- --runs 10000` for
 * the long version.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Oracle } from './oracle/checker.ts';
import { OracleDataset } from './oracle/dataset.ts';
import { formatReport, leaksOf, runOracleFuzz, type FuzzReport, type Send } from './oracle/run.ts';
import { loadOracleSchemas } from './oracle/schema.ts';
import { headersFor } from './support/callers.ts';
import { startStack, type Stack, type StackOptions } from './support/stack.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const MUTANT_RUNS = 60;
const TIMEOUT = 240_000;

/** Rules only a data-dependent decision enforces: a gateway without its shield pass breaks these. */
const DATA_RULES = /sealed|not own record|Safe at Home|VC 1808\.4|another agency|count includes sealed/;

let oracle: Oracle;
beforeAll(() => {
  oracle = { schemas: loadOracleSchemas(), data: new OracleDataset(inject('dataDir')) };
});

function sendTo(stack: Stack): Send {
  return async (caller, operation) => {
    const headers = await headersFor({ ...caller, roles: [...caller.roles] });
    const { status, body } = await stack.query(operation.query, operation.variables, headers);
    return { status, body };
  };
}

async function fuzz(mutant: StackOptions['authorizationMutant'], runs: number): Promise<FuzzReport> {
  const stack = await startStack({ dataDir: inject('dataDir'), authorizationMutant: mutant });
  try {
    return await runOracleFuzz({ oracle, send: sendTo(stack), runs, seed: SEED });
  } finally {
    await stack.stop();
  }
}

describe('fuzzing the gateway against the independent oracle', () => {
  it(
    `returns no value the oracle says the caller may not see (${RUNS} operations)`,
    async () => {
      const report = await fuzz(undefined, RUNS);
      expect(report.findings.length, formatReport(report)).toBe(0);
      // Only meaningful if many answers had data to leak.
      expect(report.withData).toBeGreaterThan(RUNS / 3);
      expect(report.valuesChecked).toBeGreaterThan(RUNS * 5);
    },
    TIMEOUT,
  );
});

describe('the oracle catches a broken gateway', () => {
  it(
    "no-shield (the sources' result goes out unshielded): data-dependent leaks",
    async () => {
      const report = await fuzz('no-shield', MUTANT_RUNS);
      console.log(`mutant no-shield: ${formatReport(report, 3)}`);
      expect(leaksOf(report).filter((f) => DATA_RULES.test(f.rule)).length).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'no-prune (every context-only denial says allow): leaks of what role, purpose or case number deny',
    async () => {
      const report = await fuzz('no-prune', MUTANT_RUNS);
      console.log(`mutant no-prune: ${formatReport(report, 3)}`);
      expect(leaksOf(report).filter((f) => !DATA_RULES.test(f.rule)).length).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
