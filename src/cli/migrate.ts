/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database in
 * DATA_DIR) and prints what it did. `--status` only reports. Exit 1 when the schema is not
 * current after the run (e.g. a migration file changed after it was applied).
 */
import { commandLineArguments, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { applyMigrations, isCurrent, migrationStatus, PendingMigrationsError } from '../db/migrate.ts';

const config = loadConfig();
const statusOnly = commandLineArguments().includes('--status');
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
let exitCode = 0;
try {
  if (!statusOnly) {
    const applied = await applyMigrations(db);
    console.log(applied.length === 0 ? 'No pending migrations.' : `Applied: ${applied.join(', ')}`);
  }
  const status = await migrationStatus(db);
  console.log(`Applied migrations: ${status.applied.length}; pending: ${status.pending.join(', ') || 'none'}`);
  if (!isCurrent(status)) {
    console.error(new PendingMigrationsError(status).message);
    exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await db.close();
}
process.exitCode = exitCode;
