/**
 * `npm run seed -- --citizens N [--seed S] [--reset] [--conflict-rate R] [--as-of YYYY-MM-DD]`
 *
 * Seeds DATABASE_URL (or the embedded PGlite database in DATA_DIR) with a deterministic data set:
 * the same N, S (and rate, reference day) give byte-identical data. Pending migrations are applied
 * first. Refuses a database that already has data unless --reset is given (then the registry and
 * sector tables are replaced, in one transaction; the audit log is kept).
 *
 * Exit codes: 0 seeded, 1 failed or refused, 2 usage.
 */
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { applyMigrations } from '../db/migrate.ts';
import { DEFAULT_AS_OF, DEFAULT_CONFLICT_RATE, MAX_CITIZENS, SeedRefusedError, seedDatabase } from '../seed/index.ts';
import { parseCommandLine, usageError as commandUsageError } from '../lib/command-line.ts';

const USAGE = `usage: npm run seed -- --citizens <N> [--seed <S>] [--reset] [--conflict-rate <0..0.2>] [--as-of <YYYY-MM-DD>]
  --citizens       number of citizens (1..${MAX_CITIZENS})
  --seed           random seed, an integer (default 1); same N and seed give identical data
  --reset          replace the data of a non-empty database (registry and sector tables; the audit log is kept)
  --conflict-rate  share of legacy identifier values claimed by two citizens (default ${DEFAULT_CONFLICT_RATE})
  --as-of          reference day of the data set (default ${DEFAULT_AS_OF})`;

const COMMAND = { name: 'seed', usage: USAGE };

function usageError(message: string): never {
  return commandUsageError(COMMAND, message);
}

function integerOption(name: string, raw: string | undefined, fallback: number | undefined): number {
  if (raw === undefined) {
    if (fallback === undefined) usageError(`--${name} is required`);
    return fallback;
  }
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value)) usageError(`--${name} must be an integer, got "${raw}"`);
  return value;
}

const config = loadConfig();
const parsed = parseCommandLine(COMMAND, {
  options: {
    citizens: { type: 'string' },
    seed: { type: 'string' },
    reset: { type: 'boolean' },
    'conflict-rate': { type: 'string' },
    'as-of': { type: 'string' },
    help: { type: 'boolean' },
  },
});
const citizens = integerOption('citizens', parsed.values.citizens, undefined);
const seed = integerOption('seed', parsed.values.seed, 1);
const rawRate = parsed.values['conflict-rate'];
const conflictRate = rawRate === undefined ? DEFAULT_CONFLICT_RATE : Number(rawRate);
if (Number.isNaN(conflictRate)) usageError(`--conflict-rate must be a number, got "${rawRate}"`);

const target = config.databaseUrl === undefined ? `embedded database in ${config.dataDir}` : redact(config.databaseUrl);
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
let exitCode = 0;
try {
  const started = performance.now();
  const applied = await applyMigrations(db);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  console.log(`Seeding ${target}: ${citizens.toLocaleString('en-US')} citizens, seed ${seed}`);
  const summary = await seedDatabase(db, {
    citizens,
    seed,
    reset: parsed.values.reset === true,
    conflictRate,
    ...(parsed.values['as-of'] === undefined ? {} : { asOf: parsed.values['as-of'] }),
    onProgress: (message) => console.log(`  ${message}`),
  });
  const width = Math.max(...Object.keys(summary.rows).map((table) => table.length));
  console.log('\nRows per table:');
  for (const [table, count] of Object.entries(summary.rows)) {
    console.log(`  ${table.padEnd(width)}  ${count.toLocaleString('en-US').padStart(12)}`);
  }
  console.log(`  ${'total'.padEnd(width)}  ${summary.totalRows.toLocaleString('en-US').padStart(12)}`);
  console.log(
    `\nLegacy identifiers: ${summary.legacyValues.toLocaleString('en-US')} distinct values, ` +
      `${summary.conflicts.toLocaleString('en-US')} claimed by two citizens ` +
      `(${((100 * summary.conflicts) / Math.max(1, summary.legacyValues)).toFixed(2)}%; configured ${(100 * summary.conflictRate).toFixed(2)}%)`,
  );
  console.log(`Reference day ${summary.asOf}; ${summary.households.toLocaleString('en-US')} households.`);
  if (summary.showcase.length > 0) {
    console.log(`Showcase citizens (records in every sector): ${summary.showcase.join(', ')}`);
  }
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(error instanceof SeedRefusedError || error instanceof RangeError ? `seed: ${error.message}` : error);
  exitCode = 1;
} finally {
  await db.close();
}
process.exitCode = exitCode;

/** The connection string without its password, for the log line. */
function redact(url: string): string {
  try {
    const parsedUrl = new URL(url);
    if (parsedUrl.password !== '') parsedUrl.password = '***';
    return parsedUrl.toString();
  } catch {
    return 'the configured PostgreSQL database';
  }
}
