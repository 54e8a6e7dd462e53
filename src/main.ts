/**
 * `npm start`: the gateway. Without DATABASE_URL it runs on the embedded PGlite database in
 * DATA_DIR, applies migrations itself and seeds a demo dataset on first start. With
 * DATABASE_URL it refuses to start on a database with pending migrations (run
 * `npm run db:migrate`): replicas must never race to change a shared schema.
 */
import { loadConfig, type Config } from './config.ts';
import { DatabaseLockedError, openDatabase, type Database } from './db/database.ts';
import { applyMigrations, assertMigrationsCurrent, PendingMigrationsError } from './db/migrate.ts';
import { createGateway, GRAPHQL_PATH, listen } from './gateway.ts';
import { createLogger, type Logger } from './logger.ts';
import { seedDatabase } from './seed/index.ts';

async function prepareDatabase(config: Config, db: Database, logger: Logger): Promise<void> {
  if (db.kind === 'postgres') {
    await assertMigrationsCurrent(db);
    return;
  }
  const applied = await applyMigrations(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations to the embedded database');
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM core.citizen',
  );
  if (count === 0 && config.demoCitizens > 0) {
    logger.info({ citizens: config.demoCitizens }, 'seeding the demo dataset (first start)');
    const started = Date.now();
    await seedDatabase(db, { citizens: config.demoCitizens, seed: 1 });
    logger.info({ ms: Date.now() - started }, 'demo dataset ready');
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { buffered: config.nodeEnv === 'production' });
  let db: Database;
  try {
    db = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      // Down or slow database: requests answer 503 SOURCE_UNAVAILABLE after this, never hang (src/db/unavailable.ts).
      timeoutMs: config.databaseTimeoutMs,
      statementTimeoutMs: config.databaseTimeoutMs,
    });
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  try {
    await prepareDatabase(config, db, logger);
  } catch (error) {
    await db.close();
    if (error instanceof PendingMigrationsError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const gateway = await createGateway({ config, db, logger });
  const running = await listen(gateway, config);

  const lines = [
    `lienthong gateway listening on ${running.url}${GRAPHQL_PATH}`,
    `  database: ${db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (config.explorerEnabled) lines.push(`  explorer: ${running.url}/ (open in a browser)`);
  if (config.auth.useDevelopmentKeys) {
    lines.push('  tokens:   npm run token -- hospital   (profiles: npm run token -- --list)');
    lines.push(
      `            paste into the explorer's Headers tab as {"Authorization": "Bearer <token>", "X-Purpose": "TREATMENT"}`,
    );
  }
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { signal, delayMs: config.shutdownDelayMs, deadlineMs: config.shutdownTimeoutMs },
      'shutting down: finishing in-flight requests',
    );
    // Last resort: hooks or the pool hanging past the drain deadline must not keep a stopped gateway alive.
    setTimeout(
      () => {
        logger.error('shutdown did not finish in time; exiting');
        process.exit(1);
      },
      config.shutdownDelayMs + config.shutdownTimeoutMs + 10_000,
    ).unref();
    void running
      .close()
      .then(() => db.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
