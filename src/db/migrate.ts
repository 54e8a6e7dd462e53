/**
 * Applies the committed Prisma migrations (prisma/migrations/<name>/migration.sql) without the
 * Prisma CLI, so the embedded database and production need no schema-engine binary. Bookkeeping
 * uses Prisma's own `_prisma_migrations` table and checksum (SHA-256 of the file), so
 * `prisma migrate status` agrees with it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.ts';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

/** Serialises migrators of several replicas on one PostgreSQL (any constant; "lienthong" in ASCII). */
const MIGRATION_LOCK_KEY = 0x6c69656e;

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file changed since (or that no longer exist). */
  modified: string[];
  /** Migrations that started but never finished. */
  failed: string[];
}

export class PendingMigrationsError extends Error {
  override name = 'PendingMigrationsError';
  constructor(readonly status: MigrationStatus) {
    const lines: string[] = [];
    if (status.pending.length > 0) lines.push(`pending: ${status.pending.join(', ')}`);
    if (status.modified.length > 0) lines.push(`changed after being applied: ${status.modified.join(', ')}`);
    if (status.failed.length > 0) lines.push(`failed: ${status.failed.join(', ')}`);
    super(`The database schema is not current (${lines.join('; ')}). Run \`npm run db:migrate\`.`);
  }
}

export function readMigrationFiles(directory = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(directory, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

const BOOKKEEPING_DDL = `CREATE TABLE IF NOT EXISTS public._prisma_migrations (
  id VARCHAR(36) PRIMARY KEY NOT NULL,
  checksum VARCHAR(64) NOT NULL,
  finished_at TIMESTAMPTZ,
  migration_name VARCHAR(255) NOT NULL,
  logs TEXT,
  rolled_back_at TIMESTAMPTZ,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  applied_steps_count INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrationStatus(
  db: Pick<Database, 'query'>,
  files = readMigrationFiles(),
): Promise<MigrationStatus> {
  const exists = await db.query<{ present: boolean }>(
    `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`,
  );
  const applied: AppliedRow[] = exists[0]?.present
    ? await db.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM public._prisma_migrations WHERE rolled_back_at IS NULL',
      )
    : [];
  const byName = new Map(applied.map((row) => [row.migration_name, row]));
  const status: MigrationStatus = { applied: [], pending: [], modified: [], failed: [] };
  for (const file of files) {
    const row = byName.get(file.name);
    if (row === undefined) status.pending.push(file.name);
    else if (row.finished_at === null) status.failed.push(file.name);
    else if (row.checksum !== file.checksum) status.modified.push(file.name);
    else status.applied.push(file.name);
  }
  const known = new Set(files.map((f) => f.name));
  for (const row of applied) if (!known.has(row.migration_name)) status.modified.push(row.migration_name);
  return status;
}

export function isCurrent(status: MigrationStatus): boolean {
  return status.pending.length === 0 && status.modified.length === 0 && status.failed.length === 0;
}

/** Applies every pending migration, each in its own transaction. Returns the names applied. */
export async function applyMigrations(db: Database, files = readMigrationFiles()): Promise<string[]> {
  const appliedNow: string[] = [];
  await db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(BOOKKEEPING_DDL);
    const status = await migrationStatus(tx, files);
    if (status.modified.length > 0 || status.failed.length > 0) throw new PendingMigrationsError(status);
    for (const file of files) {
      if (!status.pending.includes(file.name)) continue;
      await tx.exec(file.sql);
      await tx.query(
        `INSERT INTO public._prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 1)`,
        [crypto.randomUUID(), file.checksum, file.name],
      );
      appliedNow.push(file.name);
    }
  });
  return appliedNow;
}

/** Refuses to serve a database whose schema is behind (or ahead of) the code. */
export async function assertMigrationsCurrent(db: Database): Promise<void> {
  const status = await migrationStatus(db);
  if (!isCurrent(status)) throw new PendingMigrationsError(status);
}
