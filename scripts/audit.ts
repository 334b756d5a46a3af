/**
 * The audit trail's operator tool, on the store the gateway uses (PostgreSQL with DATABASE_URL, else
 * SQLite at AUDIT_DB, default <DATA_DIR>/audit.sqlite).
 *   npm run audit -- verify                 exit 1 and the first problem (with its seq) if the chain is broken
 *   npm run audit -- purge [--before ISO]   delete events older than the cutoff (default: AUDIT_RETENTION_DAYS)
 *   npm run audit -- stats [--json]
 *   npm run audit -- detect [--from ISO --to ISO] [--after SEQ] [--detector NAME …]   misuse detection, once
 *   npm run audit -- detect --follow        keep examining new events as they arrive (Ctrl-C stops)
 *   npm run audit -- report --user U | --subject P --from D --to D [--ori ORI] --format csv|html [--out FILE]
 * Detection reads who agency users are and what explains their lookups from DATA_DIR (personnel.sqlite,
 * ncic.sqlite, rms.sqlite).
 */
import { Command } from 'commander';
import { openAuditStore, purgeCutoff, retentionDaysFromEnv } from '../audit/open-store.ts';
import type { ManagedAuditStore } from '../audit/store-common.ts';
import { reportCommand } from '../audit/cases/report-command.ts';
import { detectCommand, formatAlert, startContinuousDetection } from '../audit/detect.ts';
import { openDetectionFacts } from '../audit/facts.ts';
import { dataDirFromEnv } from '../common/config.ts';
import { onShutdown } from './shutdown.ts';

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
      const outcomes =
        Object.entries(stats.byOutcome)
          .map(([outcome, n]) => `${outcome} ${n}`)
          .join(', ') || 'none';
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

program
  .command('detect')
  .description('run the misuse detectors over the trail (alerts are stored; the same evidence never alerts twice)')
  .option('--from <iso>', 'examine events from this time (with --to)')
  .option('--to <iso>', 'examine events before this time (with --from)')
  .option('--after <seq>', 'examine every event after this seq', (value) => Number(value))
  .option('--detector <name>', 'only this detector (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
  .option('--follow', 'keep running, examining new events as they arrive')
  .action(async (options: { from?: string; to?: string; after?: number; detector?: string[]; follow?: boolean }) => {
    const facts = openDetectionFacts(dataDirFromEnv());
    if (!options.follow) {
      await withStore(async (store) => {
        try {
          await detectCommand(store, facts, { from: options.from, to: options.to, afterSeq: options.after, detectors: options.detector });
        } finally {
          facts.close();
        }
        return 0;
      });
      return;
    }
    const store = await openAuditStore(process.env);
    const detection = startContinuousDetection(store, facts, {
      afterSeq: options.after,
      onAlerts: (alerts) => alerts.forEach((alert) => process.stdout.write(`${formatAlert(alert)}\n`)),
      onError: (error) => process.stderr.write(`detection run failed: ${(error as Error).message}\n`),
    });
    process.stdout.write(`following the audit trail (${store.kind}: ${store.location}); Ctrl-C stops\n`);
    onShutdown(async () => {
      await detection.stop();
      await store.close();
      facts.close();
    });
  });

program
  .command('report')
  .description(
    'the audit report on a user or a person: every inquiry, their misuse cases and the chain verification (CSV or print-ready HTML)',
  )
  .option('--user <userId>', 'the inquiries this user made')
  .option('--subject <personId>', 'the inquiries that disclosed something of this person')
  .requiredOption('--from <date>', 'start: YYYY-MM-DD or ISO-8601 (inclusive)')
  .requiredOption('--to <date>', 'end: YYYY-MM-DD (that day included) or ISO-8601 (exclusive)')
  .option('--ori <ori>', "only this agency's inquiries and cases")
  .option('--format <format>', 'csv (one row per inquiry) or html (print-ready)', 'csv')
  .option('--out <file>', 'write to this file (default: stdout)')
  .action((options: { user?: string; subject?: string; from: string; to: string; ori?: string; format: string; out?: string }) =>
    withStore(async (store) => {
      await reportCommand(store, options);
      return 0;
    }),
  );

await program.parseAsync();
