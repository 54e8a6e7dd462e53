/**
 * `npm run import -- <sector> <file.ndjson|file.csv> [--kind K] [--format ndjson|csv] [--rejects PATH] [--dry-run]
 *   [--batch-size N] [--json]`
 *
 * Bulk import of a sector's records into DATABASE_URL (or the embedded database in DATA_DIR): streaming, batches of
 * COPY + INSERT ... ON CONFLICT, idempotent (re-importing a file changes nothing). The record formats are printed by
 * --help (generated from src/import/kinds/*.ts). Progress on stderr, the summary on stdout, rejected rows in
 * `<file>.rejects.ndjson` with their line number and reasons.
 *
 * Exit codes: 0 done (even with rejected rows), 1 failed (file unreadable, database unreachable or not migrated),
 * 2 usage.
 */
import fs from 'node:fs';
import { loadConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { assertMigrationsCurrent, PendingMigrationsError } from '../db/migrate.ts';
import { unavailableReason } from '../db/unavailable.ts';
import { DEFAULT_BATCH_SIZE, ImportFailedError, importFile, type ImportProgress } from '../import/importer.ts';
import { findKind, formatSpecification, isSector, kindsOf, SECTORS } from '../import/kinds/index.ts';
import { ProgressReporter, summaryLine } from '../import/progress.ts';
import { formatOf, ImportFormatError, type FileFormat } from '../import/source.ts';
import { parseCommandLine, usageError as commandUsageError } from '../lib/command-line.ts';

const USAGE = `usage: npm run import -- <sector> <file> [options]
  <sector>         ${SECTORS.join(', ')}
  <file>           .ndjson / .jsonl (one JSON object per line) or .csv (header row); .gz for gzip-compressed
  --kind <kind>    the sector's record kind: ${SECTORS.map(
    (s) =>
      `${s} ${kindsOf(s)
        .map((k) => k.name)
        .join('|')}`,
  ).join('; ')}
                   (default: the first)
  --format <f>     ndjson or csv (default: from the file name)
  --rejects <path> the reject file (default: <file>.rejects.ndjson)
  --dry-run        check every row against the registries; write nothing to the database (the reject file is
                   written, and the summary counts the rows whose key is already present)
  --batch-size <n> rows per batch and transaction (default ${DEFAULT_BATCH_SIZE}, 100..100000)
  --json           print the summary as one JSON object
  --help           this text and the record formats`;

const FORMATS = `File formats
  NDJSON  one JSON object per line (UTF-8); keys are the field names below (unknown keys are refused); lists are JSON
          arrays; integers and decimals may be JSON numbers or strings; identifiers (personal IDs, codes) must be
          strings; null or "" means absent. Blank lines are skipped.
  CSV     RFC 4180, UTF-8 (a BOM is allowed): a header row naming the columns (any order; optional columns may be
          left out; unknown or missing required columns stop the import), then one row per record; fields with commas,
          quotes or line breaks are quoted ("..."), a quote inside is doubled (""); an empty field means absent; lists
          are separated by ";" (e.g. E11.9;I10). A row with another number of fields than the header is rejected.
  Instants ISO 8601 with Z or an offset, e.g. 2026-01-15T08:30:00+07:00 or 2026-01-15T01:30:00Z; without an offset
          the time is Vietnam time (UTC+07:00); stored to the millisecond. Dates: YYYY-MM-DD. "Not in the future"
          allows 5 minutes of clock skew.
  Reject file: one JSON object per rejected row, in line order:
          {"line":12,"reasons":["personalId: no citizen with this personal ID in the population registry"],"record":{...}}
          (line = the physical line where the row starts; the header is line 1 of a CSV file).

Record kinds
`;

const COMMAND = { name: 'import', usage: USAGE, help: `${USAGE}\n\n${FORMATS}${formatSpecification()}` };

function usageError(message: string): never {
  return commandUsageError(COMMAND, message);
}

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(1);
}

const config = loadConfig();
const parsed = parseCommandLine(COMMAND, {
  allowPositionals: true,
  options: {
    kind: { type: 'string' },
    format: { type: 'string' },
    rejects: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'batch-size': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  },
});
const [sector, file, ...extra] = parsed.positionals;
if (sector === undefined || file === undefined) usageError('give a sector and a file');
if (extra.length > 0) usageError(`unexpected argument "${extra[0]}"`);
if (!isSector(sector)) usageError(`unknown sector "${sector}" (${SECTORS.join(', ')})`);
const kind = findKind(sector, parsed.values.kind);
if (kind === undefined) {
  usageError(
    `${sector} has no record kind "${parsed.values.kind}" (${kindsOf(sector)
      .map((k) => k.name)
      .join(', ')})`,
  );
}
let format: FileFormat;
const rawFormat = parsed.values.format ?? formatOf(file);
if (rawFormat === 'ndjson' || rawFormat === 'csv') format = rawFormat;
else if (rawFormat === undefined)
  usageError(`cannot tell the format of "${file}": name it .ndjson or .csv, or give --format`);
else usageError(`--format must be ndjson or csv, got "${rawFormat}"`);
const batchSize = parsed.values['batch-size'] === undefined ? DEFAULT_BATCH_SIZE : Number(parsed.values['batch-size']);
if (!Number.isInteger(batchSize) || batchSize < 100 || batchSize > 100_000) {
  usageError('--batch-size must be an integer from 100 to 100000');
}
const rejectsPath = parsed.values.rejects ?? `${file}.rejects.ndjson`;
try {
  if (!fs.statSync(file).isFile()) fail(`${file} is not a file`);
  fs.accessSync(file, fs.constants.R_OK);
} catch (error) {
  fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
}

const label = `import ${sector}/${kind.name}`;
let db: Database | undefined;
let exitCode = 0;
const reporter = new ProgressReporter(process.stderr, label);
try {
  db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 3 });
  await db.query('SELECT 1');
  await assertMigrationsCurrent(db);
  const summary = await importFile({
    db,
    kind,
    file,
    format,
    rejectsPath,
    dryRun: parsed.values['dry-run'] === true,
    batchSize,
    onProgress: (progress) => reporter.update(progress),
  });
  reporter.done();
  if (parsed.values.json === true) {
    console.log(JSON.stringify({ sector, kind: kind.name, file, ...summary }));
  } else {
    console.log(summaryLine(label, summary));
    if (summary.rejected > 0) console.log(`rejected rows: ${rejectsPath}`);
  }
} catch (error) {
  reporter.done();
  exitCode = 1;
  const cause = error instanceof ImportFailedError ? error.cause : error;
  let message: string;
  if (cause instanceof PendingMigrationsError) {
    message = `the database schema is not current (${cause.message}); run npm run db:migrate`;
  } else if (cause instanceof ImportFormatError) {
    message = cause.message;
  } else if (unavailableReason(cause) !== undefined) {
    message = `the database is unreachable (${unavailableReason(cause)})`;
  } else {
    message = cause instanceof Error ? cause.message : String(cause);
  }
  console.error(`import: ${message}`);
  if (error instanceof ImportFailedError && error.progress.read > 0) console.error(stoppedAt(error.progress));
} finally {
  await db?.close().catch(() => undefined);
}
process.exitCode = exitCode;

function stoppedAt(p: ImportProgress): string {
  return (
    `import: stopped after ${p.read.toLocaleString('en-US')} rows: ${p.inserted.toLocaleString('en-US')} inserted, ` +
    `${p.completed.toLocaleString('en-US')} completed (committed); re-run the same file to resume (rows already in ` +
    'are counted as present)'
  );
}
