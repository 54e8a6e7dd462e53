/**
 * `npm start`: the gateway. Without DATABASE_URL it runs on the embedded PGlite database in
 * DATA_DIR, applies migrations itself and seeds a demo dataset on first start. With
 * DATABASE_URL it refuses to start on a database with pending migrations (run
 * `npm run db:migrate`): replicas must never race to change a shared schema.
 */
import path from 'node:path';
import { AuditKeyError, loadAuditSigningKey } from './audit/segments.ts';
import { developmentTokenCommand } from './auth/dev-keys.ts';
import { loadConfig, type Config } from './config.ts';
import { DatabaseLockedError, gatewayDatabaseOptions, openDatabase, type Database } from './db/database.ts';
import { applyMigrations, assertMigrationsCurrent, PendingMigrationsError } from './db/migrate.ts';
import { databaseLocation, DatabaseUnreachableError, waitForDatabase } from './db/startup.ts';
import { createGateway, GRAPHQL_PATH, listen } from './gateway.ts';
import { createLogger, type Logger } from './logger.ts';
import { TrustedDocumentsError } from './limits/index.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { DEMO_SEED, showcaseCitizens, showcaseOf, type ShowcaseCitizen } from './seed/demo.ts';
import type { TracingSdk } from './observability/otel-sdk.ts';
import { seedDemoBreakGlass } from './seed/break-glass.ts';
import { seedDatabase } from './seed/index.ts';

async function prepareDatabase(config: Config, db: Database, logger: Logger): Promise<void> {
  if (db.kind === 'postgres') {
    // The database may come up after the gateway: retry while it is unreachable (src/db/startup.ts).
    await waitForDatabase(() => assertMigrationsCurrent(db), {
      timeoutMs: config.databaseResilience.startupTimeoutMs,
      where: databaseLocation(config.databaseUrl ?? ''),
      logger,
    });
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
    await seedDatabase(db, { citizens: config.demoCitizens, seed: DEMO_SEED });
    // The demo's break-glass events, through the audit writer (src/seed/break-glass.ts).
    await seedDemoBreakGlass(db);
    logger.info({ ms: Date.now() - started }, 'demo dataset ready');
  }
}

/** Ends the process after a start-up failure an operator must fix: one line, no stack trace. */
function fatal(logger: Logger, message: string): never {
  logger.flush();
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { buffered: config.nodeEnv === 'production' });
  // Before anything listens: production without its audit signing key is a deployment error (docs/ARCHITECTURE.md §6).
  try {
    loadAuditSigningKey({ file: config.auditSigningKeyFile, dataDir: config.dataDir, production: config.isProduction });
  } catch (error) {
    if (error instanceof AuditKeyError) fatal(logger, `cannot start: ${error.message}`);
    throw error;
  }
  let db: Database;
  try {
    db = await openDatabase(gatewayDatabaseOptions(config));
  } catch (error) {
    if (error instanceof DatabaseLockedError) fatal(logger, error.message);
    throw error;
  }
  // Tracing (OTEL_EXPORTER_OTLP_ENDPOINT): the SDK is loaded only then, and started before the gateway serves.
  let tracing: TracingSdk | undefined;
  if (config.tracing !== undefined) {
    const { startTracing } = await import('./observability/otel-sdk.ts');
    tracing = startTracing(config.tracing);
    logger.info(
      { serviceName: config.tracing.serviceName, sampler: config.tracing.sampler },
      'tracing: exporting spans over OTLP/HTTP',
    );
  }
  // Listening before the database is ready: /healthz answers (the process is alive), /readyz and /graphql answer 503
  // until start-up ends, so an orchestrator neither kills a replica waiting for its database nor routes to it.
  // The explorer's first tab looks up a showcase citizen of the demo data (src/seed/showcase.ts).
  const [explorerCitizen] = showcaseOf(db.kind === 'pglite' ? { citizens: config.demoCitizens } : {});
  let gateway: Awaited<ReturnType<typeof createGateway>>;
  try {
    gateway = await createGateway({
      config,
      db,
      logger,
      starting: true,
      ...(explorerCitizen === undefined ? {} : { explorerPersonalId: explorerCitizen.personalId }),
      ...(tracing === undefined ? {} : { tracerProvider: tracing.provider }),
    });
  } catch (error) {
    // A trusted-documents manifest that lies or is in no known format: every problem listed, no stack trace.
    if (error instanceof TrustedDocumentsError) {
      await db.close().catch(() => undefined);
      fatal(logger, `cannot start: ${error.message}`);
    }
    throw error;
  }
  const running = await listen(gateway, config);
  logger.info({ url: running.url }, 'starting: /healthz answers; /readyz and /graphql answer 503 until ready');
  try {
    await prepareDatabase(config, db, logger);
  } catch (error) {
    if (error instanceof PendingMigrationsError || error instanceof DatabaseUnreachableError) {
      await db.close().catch(() => undefined);
      fatal(logger, error.message);
    }
    // The server refused for a reason retrying does not cure (authentication, no such database): name it, no stack.
    if (db.kind === 'postgres' && typeof (error as { code?: unknown }).code === 'string') {
      await db.close().catch(() => undefined);
      const where = databaseLocation(config.databaseUrl ?? '');
      fatal(logger, `cannot start on the database at ${where}: ${(error as Error).message}`);
    }
    throw error;
  }
  await gateway.started();

  const showcase = config.auth.useDevelopmentKeys ? await showcaseCitizens(db).catch(() => []) : [];
  console.log(startupBanner(config, db, running.url, showcase));

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
      // The last requests' spans are exported before the process ends; an unreachable collector costs its timeout.
      .then(() =>
        tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'tracing: final export failed')),
      )
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

/**
 * What a newcomer needs after `npm start`: where the gateway is, and in development the exact commands that print a
 * token this gateway accepts (with its DATA_DIR when not the default: another DATA_DIR is another key) and the
 * showcase citizens to try them on (src/seed/showcase.ts).
 */
function startupBanner(config: Config, db: Database, url: string, showcase: readonly ShowcaseCitizen[]): string {
  const lines = [
    `lienthong gateway listening on ${url}${GRAPHQL_PATH}`,
    `  database: ${db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (config.explorerEnabled) lines.push(`  explorer: ${url}/ (open in a browser)`);
  if (config.iocDashboardEnabled)
    lines.push(`  dashboard: ${url}/ioc (operations centre: paste a token with stats:read)`);
  if (!config.auth.useDevelopmentKeys) return lines.join('\n');
  const command = (args: string) => developmentTokenCommand(config.dataDir, args, path.join(PROJECT_ROOT, 'data'));
  if (showcase.length > 0) {
    lines.push(
      `  showcase citizens (household, health, land and tourism records): ${showcase.map((c) => `${c.personalId} (${c.fullName})`).join(', ')}`,
    );
  }
  const tokens: [command: string, note: string][] = [];
  const [first] = showcase;
  if (first !== undefined) {
    tokens.push([command(`citizen --pid ${first.personalId}`), 'X-Purpose: CITIZEN_SELF_SERVICE, their own records']);
  }
  tokens.push(
    [command('hospital'), 'X-Purpose: TREATMENT'],
    [command('ioc'), 'the operations dashboard (/ioc) and the indicators, no X-Purpose'],
    [command('--list'), 'every profile, its scopes and purposes'],
  );
  const width = Math.max(...tokens.map(([text]) => text.length));
  tokens.forEach(([text, note], index) =>
    lines.push(`${index === 0 ? '  tokens:   ' : '            '}${text.padEnd(width)}   # ${note}`),
  );
  lines.push(
    `            paste into the explorer's Headers tab as {"Authorization": "Bearer <token>", "X-Purpose": "TREATMENT"}`,
  );
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
