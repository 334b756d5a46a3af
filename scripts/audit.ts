/**
 * The audit trail's operator tool, on the store the gateway uses (PostgreSQL with DATABASE_URL, else
 * SQLite at AUDIT_DB, default <DATA_DIR>/audit.sqlite).
 *   npm run audit -- verify                 exit 1 and the first problem (with its seq) if the chain is broken
 *   npm run audit -- purge [--before ISO]   delete events older than the cutoff (default: AUDIT_RETENTION_DAYS)
 *   npm run audit -- stats [--json]
 */
import { Command } from 'commander';
import { openAuditStore, purgeCutoff, retentionDaysFromEnv } from '../gateway/audit/open-store.ts';
import type { ManagedAuditStore } from '../gateway/audit/store-common.ts';

const program = new Command('audit').description('Verify, purge and describe the audit trail.');

/** Runs `fn` on the configured store; any error is printed (no stack) and exits 1. */
async function withStore(fn: (store: ManagedAuditStore) => Promise<number>): Promise<void> {
  let store: ManagedAuditStore | undefined;
  let code: number;
  try {
    store = await openAuditStore(process.env);
    code = await fn(store);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    code = 1;
  } finally {
    await store?.close();
  }
  process.exitCode = code;
}

program
  .command('verify')
  .description('walk the hash chain from the purge anchor and report the first problem')
  .action(() =>
    withStore(async (store) => {
      const started = performance.now();
      const result = await store.verify();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (result.ok) {
        process.stdout.write(`audit chain OK: ${result.checked} events verified in ${seconds} s (${store.kind}: ${store.location})\n`);
        return 0;
      }
      const problem = result.problem!;
      process.stdout.write(
        `audit chain BROKEN at seq ${problem.seq}: ${problem.kind} - ${problem.detail}\n` +
          `(${result.checked} events verified before it; ${store.kind}: ${store.location})\n`,
      );
      return 1;
    }),
  );

program
  .command('purge')
  .description('delete events older than the cutoff (verifying them first); the remaining chain stays verifiable')
  .option('--before <iso>', 'cutoff date/time (at least 365 days ago); default: now minus AUDIT_RETENTION_DAYS (1095)')
  .action((options: { before?: string }) =>
    withStore(async (store) => {
      const cutoff = purgeCutoff({ before: options.before, env: process.env });
      const why = options.before === undefined ? `retention ${retentionDaysFromEnv(process.env)} days` : '--before';
      const count = await store.purge(cutoff);
      process.stdout.write(`purged ${count} events older than ${cutoff} (${why}; ${store.kind}: ${store.location})\n`);
      return 0;
    }),
  );

program
  .command('stats')
  .description('events, seq and time range, outcomes, purges and alerts')
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) =>
    withStore(async (store) => {
      const stats = await store.stats();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        return 0;
      }
      const outcomes = Object.entries(stats.byOutcome).map(([outcome, n]) => `${outcome} ${n}`).join(', ') || 'none';
      const lines = [
        `store:    ${stats.kind} (${stats.location})`,
        `events:   ${stats.events}${stats.events > 0 ? ` (seq ${stats.firstSeq}-${stats.lastSeq}, ${stats.firstTime} to ${stats.lastTime})` : ''}`,
        `outcomes: ${outcomes}`,
        `purged:   ${stats.purges === 0 ? 'never' : `through seq ${stats.purgedThrough} in ${stats.purges} purge(s); last at ${stats.lastPurge?.purgedAt}, ${stats.lastPurge?.count} events before ${stats.lastPurge?.before}`}`,
        `alerts:   ${stats.alerts}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    }),
  );

await program.parseAsync();
