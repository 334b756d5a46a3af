/**
 * `npm run schema:check`: compares the API schema of supergraph.graphql with the committed
 * schema/api.graphql and fails (exit 1) on a breaking change, listing every change; also fails when the
 * client kit generated from the committed schema is stale.
 * `npm run schema:update`: accepts the current API schema (writes schema/api.graphql) and regenerates the
 * client kit (examples/generated/, trusted-documents.json). Note the change in CHANGELOG.md.
 *
 * The committed schema is the API contract and has no policy in it: the gateway appends to each field's
 * description, as it serves it, who may see the field ("Visible to: ...", gateway/access-api/visibility.ts,
 * from the policy in force at start). A policy change is not an API change, so neither file tracks it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { API_SCHEMA_FILE, checkCommittedApiSchema, describeChanges, printApiSchema } from '../schema/api-schema.ts';
import {
  generateClientKit,
  readIfPresent,
  staleFiles,
  TRUSTED_DOCUMENTS_FILE,
  trustedDocumentsManifest,
  writeClientKit,
} from '../schema/client-kit.ts';
import { REPO_ROOT } from '../common/config.ts';

const program = new Command('schema').description('The committed API schema and the client kit generated from it');

program
  .command('check')
  .description('fail on a breaking change against schema/api.graphql, or a stale client kit')
  .action(async () => {
    const comparison = await checkCommittedApiSchema();
    for (const line of describeChanges(comparison)) console.log(`  ${line}`);
    const stale = staleFiles(await generateClientKit());
    if (readIfPresent(TRUSTED_DOCUMENTS_FILE) !== (await trustedDocumentsManifest()))
      stale.push(path.relative(REPO_ROOT, TRUSTED_DOCUMENTS_FILE));
    if (comparison.breaking.length > 0) {
      console.error(
        `${comparison.breaking.length} breaking change(s) against schema/api.graphql. If intended: npm run schema:update, and say so in CHANGELOG.md.`,
      );
      process.exitCode = 1;
    } else if (!comparison.current) {
      console.log('No breaking change; schema/api.graphql is behind the supergraph: npm run schema:update.');
    } else {
      console.log('schema/api.graphql is the current API schema.');
    }
    if (stale.length > 0) {
      console.error(`The client kit is stale (${stale.join(', ')}): npm run schema:update.`);
      process.exitCode = 1;
    }
  });

program
  .command('update')
  .description('write schema/api.graphql from supergraph.graphql and regenerate the client kit')
  .action(async () => {
    const before = await checkCommittedApiSchema().catch(() => undefined);
    writeFileSync(API_SCHEMA_FILE, printApiSchema());
    for (const line of before ? describeChanges(before) : []) console.log(`  ${line}`);
    // Codegen reads the schema file just written; the manifest reads the documents just generated.
    writeClientKit(await generateClientKit());
    writeFileSync(TRUSTED_DOCUMENTS_FILE, await trustedDocumentsManifest());
    console.log('schema/api.graphql, examples/generated/ and trusted-documents.json written.');
  });

await program.parseAsync();
