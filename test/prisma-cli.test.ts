/**
 * Prisma stays the source of truth of the data model and its migrations (docs/ARCHITECTURE.md §9) while the gateway
 * applies them with its own runner (src/db/migrate.ts). Both must agree on a real PostgreSQL server: migrations the
 * Prisma CLI applied are current for the gateway (same checksums in `_prisma_migrations`), and migrations the
 * gateway applied are up to date for `prisma migrate status`. The CLI runs offline on its WebAssembly engine through
 * src/db/prisma-cli-adapter.ts (prisma.config.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { minimalChildEnvironment, testDatabaseUrl } from '../src/config.ts';
import { openPostgres } from '../src/db/database.ts';
import { applyMigrations, isCurrent, migrationStatus, readMigrationFiles } from '../src/db/migrate.ts';
import { runToEnd } from './support/process.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PRISMA_CLI = path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js');
const serverUrl = testDatabaseUrl();
const cleanup: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test server, dropped after the file; returns its URL. */
async function emptyDatabase(suffix: string): Promise<string> {
  const name = `lienthong_test_prisma_${suffix}_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  cleanup.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  return url.toString();
}

function prisma(args: string[], databaseUrl: string) {
  return runToEnd(process.execPath, [PRISMA_CLI, ...args], {
    cwd: ROOT,
    env: { ...minimalChildEnvironment(), DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}

describe.runIf(serverUrl !== undefined)('the Prisma CLI and the gateway agree on the migrations (PostgreSQL)', () => {
  it('migrations applied by `prisma migrate deploy` are current for the gateway', async () => {
    const url = await emptyDatabase('deploy');
    const deployed = await prisma(['migrate', 'deploy'], url);
    expect(deployed.stderr + deployed.stdout).toContain('All migrations have been successfully applied');
    expect(deployed.code).toBe(0);
    const db = openPostgres(url, 1);
    try {
      const status = await migrationStatus(db);
      expect(status).toMatchObject({ pending: [], modified: [], failed: [] });
      expect(status.applied).toEqual(readMigrationFiles().map((file) => file.name));
      expect(isCurrent(status)).toBe(true);
      // The trigger functions' dollar-quoted bodies arrived whole (a script split on `;` would have failed above).
      const triggers = await db.query<{ count: string }>(
        `SELECT count(*)::text AS count FROM pg_trigger WHERE NOT tgisinternal`,
      );
      expect(Number(triggers[0]?.count)).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 180_000);

  it('migrations applied by the gateway are up to date for `prisma migrate status`', async () => {
    const url = await emptyDatabase('status');
    const db = openPostgres(url, 1);
    try {
      expect(await applyMigrations(db)).toEqual(readMigrationFiles().map((file) => file.name));
    } finally {
      await db.close();
    }
    const status = await prisma(['migrate', 'status'], url);
    expect(status.stdout).toContain('Database schema is up to date');
    expect(status.code).toBe(0);
  }, 180_000);
});
