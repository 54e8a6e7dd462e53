/**
 * `npm run audit:verify [-- --archive <file.ndjson>]... [--public-key <jwk>] [--page-size <n>]`
 *
 * Without --archive: verifies every writer chain of the access log in DATABASE_URL (or the embedded database in
 * DATA_DIR), streaming each from its archive boundary to its head, and every signed anchor of the chains' heads;
 * prints OK with the counts, each chain's head and the newest anchor's hash, or names the FIRST break (changed,
 * deleted, inserted, head, boundary, anchor) with its writer. Record the newest anchor's hash outside the database (a
 * ticket, a log shipper): deleting the newest anchors is only caught by comparing with an earlier one.
 *
 * With --archive: verifies each archive file (format, internal chain, digest, Ed25519 signature) and that it is the
 * database's recorded segment for its range, linked to what comes before and after it.
 *
 * The public key is --public-key (a JWK file), else AUDIT_SIGNING_KEY_FILE, else DATA_DIR/keys/audit-archive.jwk when
 * it exists. Without a key, signed anchors and archive segments cannot be checked, and a chain rewritten with database
 * write access would verify (docs/ARCHITECTURE.md §6): that is a failure (exit 1) unless --no-signatures says so.
 * Exit codes: 0 intact, 1 broken, failed or signatures uncheckable, 2 usage.
 */
import { verifyArchiveFile } from '../audit/archive.ts';
import { findArchiveKey } from '../audit/segments.ts';
import { verifyChain } from '../audit/verify.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { assertMigrationsCurrent } from '../db/migrate.ts';
import { parseCommandLine, usageError as commandUsageError } from '../lib/command-line.ts';

const USAGE = `usage: npm run audit:verify -- [--archive <file.ndjson>]... [--public-key <jwk file> | --no-signatures]
       [--page-size <n>]
  (no option)    verify every writer chain from its archive boundary to its head, and the anchors
  --archive      verify an archive file and its link to the database (repeatable)
  --public-key   the audit signing key (JWK) of archives and anchors; default AUDIT_SIGNING_KEY_FILE, else
                 DATA_DIR/keys/audit-archive.jwk
  --no-signatures  check the hash chains only, knowingly not the anchors' and segments' signatures
  --page-size    records fetched per round trip (default 5000)`;

const COMMAND = { name: 'audit:verify', usage: USAGE };

function usageError(message: string): never {
  return commandUsageError(COMMAND, message);
}

const config = loadConfig();
const parsed = parseCommandLine(COMMAND, {
  options: {
    archive: { type: 'string', multiple: true },
    'public-key': { type: 'string' },
    'no-signatures': { type: 'boolean' },
    'page-size': { type: 'string' },
    help: { type: 'boolean' },
  },
});
const pageSize = parsed.values['page-size'] === undefined ? 5000 : Number(parsed.values['page-size']);
if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100_000) usageError('--page-size must be 1..100000');

const noSignatures = parsed.values['no-signatures'] === true;
if (noSignatures && parsed.values['public-key'] !== undefined)
  usageError('--public-key and --no-signatures exclude each other');
let key;
try {
  key = noSignatures
    ? undefined
    : findArchiveKey(config.dataDir, parsed.values['public-key'] ?? config.auditSigningKeyFile);
} catch (error) {
  usageError(`cannot read the archive key: ${(error as Error).message}`);
}
const archives = parsed.values.archive ?? [];
if (archives.length > 0 && key === undefined) {
  usageError('no archive signing key: pass --public-key <jwk file> (or run where DATA_DIR/keys/audit-archive.jwk is)');
}

const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
let exitCode = 0;
try {
  await assertMigrationsCurrent(db);
  if (archives.length === 0) {
    const started = performance.now();
    const result = await verifyChain(db, {
      pageSize,
      ...(key === undefined ? {} : { archivePublicKey: key.publicKey }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const signed = result.anchors + result.segments;
    const signatures =
      key !== undefined
        ? 'signatures valid'
        : signed === 0
          ? 'nothing signed yet'
          : noSignatures
            ? 'signatures NOT checked (--no-signatures)'
            : 'signatures NOT checked: no key';
    const archived =
      result.segments === 0 ? '' : `; ${result.archivedRecords} archived records in ${result.segments} segment(s)`;
    const anchors =
      result.lastAnchor === null
        ? 'no anchor yet'
        : `${result.anchors} anchor(s), the newest ${result.lastAnchor.seq} at ${result.lastAnchor.at} hash ${result.lastAnchor.hash}`;
    const chains = result.chains.map((chain) => {
      const head = chain.head === null ? 'no head' : `head seq ${chain.head.seq} hash ${chain.head.hash}`;
      const segments =
        chain.segments === 0
          ? ''
          : `; ${chain.archivedRecords} archived records in ${chain.segments} segment(s) up to seq ${chain.boundary.seq}`;
      return `  writer ${chain.writer}: ${chain.records} records verified, ${head}${segments}`;
    });
    if (result.ok) {
      console.log(
        `OK: ${result.records} records verified in ${result.chains.length} writer chain(s)${archived}; ${anchors}; ` +
          `${signatures} (${seconds} s)`,
      );
      for (const line of chains) console.log(line);
      if (key === undefined && signed > 0 && !noSignatures) {
        // Hashes alone prove nothing against someone who can write the database: they recompute them.
        console.log(
          `FAILED: cannot check signatures of ${result.anchors} anchor(s) and ${result.segments} segment(s): pass ` +
            '--public-key <jwk file> (or --no-signatures to check the hash chains only)',
        );
        exitCode = 1;
      }
    } else {
      const broken = result.broken as NonNullable<typeof result.broken>;
      const where =
        broken.kind === 'anchor'
          ? `anchor ${broken.seq}`
          : `record ${broken.seq}${broken.writer === undefined ? '' : ` of writer ${broken.writer}`}`;
      console.log(`BROKEN at ${where} (${broken.kind}): ${broken.message}`);
      console.log(`  ${result.records} records verified before it${archived}; ${anchors}; ${signatures}`);
      exitCode = 1;
    }
  } else {
    for (const file of archives) {
      const result = await verifyArchiveFile(file, { db, ...(key === undefined ? {} : { key }) });
      const range = result.header === null ? '' : ` seq ${result.header.firstSeq}..${result.header.lastSeq}`;
      if (result.ok) {
        console.log(`OK: ${file}:${range}, ${result.records} records, signature valid, linked to the database's chain`);
      } else {
        const problem = result.problem as NonNullable<typeof result.problem>;
        const where =
          problem.seq !== undefined
            ? ` at record ${problem.seq}`
            : problem.line !== undefined
              ? ` at line ${problem.line}`
              : '';
        console.log(`BROKEN: ${file}:${range}${where} (${problem.kind}): ${problem.message}`);
        exitCode = 1;
      }
    }
  }
} catch (error) {
  console.error(`audit:verify: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await db.close();
}
process.exitCode = exitCode;
