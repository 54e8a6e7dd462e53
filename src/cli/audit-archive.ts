/**
 * `npm run audit:archive -- --before <ISO date> --out <file.ndjson>`
 *
 * Moves the access records older than --before (for each writer chain, the longest prefix whose records are all
 * older) to a signed NDJSON archive per chain (`--out` itself when one chain has records, else
 * `<name>.w<writer>.ndjson`) and removes them from the hot table, recording the boundary so that `audit:verify`
 * continues from it. The Ed25519 signing key is AUDIT_SIGNING_KEY_FILE, else DATA_DIR/keys/audit-archive.jwk (created on
 * first use in development only): back it up, and give its public part (printed below) to whoever verifies archives. See src/audit/archive.ts for the format.
 *
 * Exit codes: 0 archived (or nothing to archive), 1 failed, 2 usage.
 */
import path from 'node:path';
import { archivableWriters, archiveRecords } from '../audit/archive.ts';
import { archiveKeyFile, loadAuditSigningKey } from '../audit/segments.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { assertMigrationsCurrent } from '../db/migrate.ts';
import { parseCommandLine, usageError as commandUsageError } from '../lib/command-line.ts';

function fileForWriter(file: string, writer: string): string {
  const extension = path.extname(file);
  return `${file.slice(0, file.length - extension.length)}.w${writer}${extension}`;
}

const USAGE = `usage: npm run audit:archive -- --before <ISO date> --out <file.ndjson>
  --before   archive records older than this instant (e.g. 2026-01-01 or 2026-01-01T00:00:00Z; a date is UTC midnight)
  --out      the archive file to create (never overwritten); with several writer chains, one file per chain named
             <name>.w<writer><extension>`;

const COMMAND = { name: 'audit:archive', usage: USAGE };

function usageError(message: string): never {
  return commandUsageError(COMMAND, message);
}

const config = loadConfig();
const parsed = parseCommandLine(COMMAND, {
  options: { before: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
});
const rawBefore = parsed.values.before;
const out = parsed.values.out;
if (rawBefore === undefined) usageError('--before is required');
if (out === undefined) usageError('--out is required');
if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(rawBefore)) {
  usageError(`--before must be an ISO date or date-time with a zone, got "${rawBefore}"`);
}
const before = new Date(rawBefore);
if (Number.isNaN(before.getTime())) usageError(`--before is not a valid date: "${rawBefore}"`);

const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
let exitCode = 0;
try {
  await assertMigrationsCurrent(db);
  const key = loadAuditSigningKey({
    file: config.auditSigningKeyFile,
    dataDir: config.dataDir,
    production: config.isProduction,
  });
  const writers = await archivableWriters(db);
  let archivedAny = false;
  for (const writer of writers) {
    // One file per writer chain: `--out` itself when there is one chain, else `<name>.w<writer><extension>`.
    const file = writers.length === 1 ? out : fileForWriter(out, writer);
    const result = await archiveRecords(db, { before, out: file, key, writer });
    if (result.count === 0 || result.header === null) continue;
    archivedAny = true;
    const { header } = result;
    const chain = writers.length === 1 ? '' : ` of writer ${writer}`;
    console.log(
      `Archived ${result.count} records${chain} (seq ${header.firstSeq}..${header.lastSeq}) to ${result.file}`,
    );
    console.log(
      `  content sha256 ${result.contentSha256}, signed with key ${key.kid} (${config.auditSigningKeyFile ?? archiveKeyFile(config.dataDir)})`,
    );
    console.log(`  public key: ${JSON.stringify(key.publicJwk)}`);
    console.log(`  the chain now continues from seq ${header.lastSeq} (hash ${header.lastHash})`);
  }
  if (!archivedAny) {
    console.log(`Nothing to archive: no record older than ${before.toISOString()} at the start of any chain.`);
  }
} catch (error) {
  console.error(`audit:archive: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await db.close();
}
process.exitCode = exitCode;
