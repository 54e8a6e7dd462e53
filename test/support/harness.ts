/**
 * A real gateway for integration tests: a real database (PGlite in a temp dir, or a fresh
 * PostgreSQL database when TEST_DATABASE_URL is set), real migrations, the real seed, real
 * signed development tokens, and a real HTTP server on 127.0.0.1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { signDevelopmentToken, type DevelopmentTokenOptions } from '../../src/auth/profiles.ts';
import { parseConfig, testDatabaseUrl, type Config } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { createGateway, listen, type Gateway, type GatewayOptions, type RunningGateway } from '../../src/gateway.ts';
import { createLogger } from '../../src/logger.ts';
import { seedDemoBreakGlass } from '../../src/seed/break-glass.ts';
import { DEMO_SEED } from '../../src/seed/demo.ts';
import { seedDatabase } from '../../src/seed/index.ts';

/** The server of the PostgreSQL-only tests: TEST_DATABASE_URL, else the machine's local PostgreSQL. */
export const POSTGRES_SERVER_URL = testDatabaseUrl() ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Why a PostgreSQL server cannot be reached (for a test's skip reason), or undefined when it answers. */
export async function postgresUnreachable(serverUrl: string = POSTGRES_SERVER_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${new URL(serverUrl).host} is unreachable: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The loose type of response data the assertions walk field by field. */
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- result JSON of any shape

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: Data | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

export interface RequestOptions {
  token?: string;
  purpose?: string;
  userId?: string;
  headers?: Record<string, string>;
  operationName?: string;
}

export interface TestGateway {
  readonly url: string;
  readonly db: Database;
  readonly config: Config;
  /** The gateway itself (e.g. `gateway.auditLog.stats`). */
  readonly gateway: Gateway;
  token(profile: string, options?: DevelopmentTokenOptions): Promise<string>;
  graphql<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<Data>>;
  /** Personal IDs of seeded citizens, in a stable order. */
  personalIds(count: number, where?: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Citizens to seed (0 = empty database). */
  citizens?: number;
  seed?: number;
  env?: Record<string, string>;
  plugins?: GatewayOptions['plugins'];
  /** The gateway's tracer provider (tracing tests: an in-memory exporter); default none, tracing off. */
  tracerProvider?: GatewayOptions['tracerProvider'];
  /** The gateway's logger; default a silent one. */
  logger?: GatewayOptions['logger'];
  /**
   * The PostgreSQL server to create the test database on; null = PGlite. Default: TEST_DATABASE_URL when set, else
   * PGlite.
   */
  databaseServer?: string | null;
}

/** A database for one test file: PGlite in `dataDir`, or a fresh database on `serverUrl` (TEST_DATABASE_URL). */
export async function openTestDatabase(
  dataDir: string,
  serverUrl: string | undefined = testDatabaseUrl(),
): Promise<{ db: Database; databaseUrl?: string; drop(): Promise<void> }> {
  if (serverUrl === undefined) {
    const db = await openDatabase({ databaseUrl: undefined, dataDir });
    return { db, drop: async () => undefined };
  }
  const name = `lienthong_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const db = await openDatabase({ databaseUrl, dataDir, poolSize: 5 });
  return {
    db,
    databaseUrl,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface MigratedTestDatabase {
  /** A fresh temporary directory: the embedded database's, and DATA_DIR of gateways and tools run on it. */
  readonly dataDir: string;
  readonly db: Database;
  /** Set when the database is on a PostgreSQL server. */
  readonly databaseUrl: string | undefined;
  /** DATA_DIR and, on PostgreSQL, DATABASE_URL: the environment a child process needs to open this database. */
  readonly env: Record<string, string>;
  /** Closes the connection (once; again is a no-op), e.g. before a child process opens the embedded directory. */
  close(): Promise<void>;
  /** Closes the connection, drops the PostgreSQL database and deletes the directory. */
  remove(): Promise<void>;
}

/** A migrated database in a fresh temporary directory named `prefix`…: PGlite, or a new database on `serverUrl`. */
export async function openMigratedTestDatabase(
  prefix: string,
  serverUrl: string | undefined = testDatabaseUrl(),
): Promise<MigratedTestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const { db, databaseUrl, drop } = await openTestDatabase(dataDir, serverUrl);
  await applyMigrations(db);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= db.close());
  return {
    dataDir,
    db,
    databaseUrl,
    env: { DATA_DIR: dataDir, ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }) },
    close,
    async remove() {
      await close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const server = options.databaseServer === undefined ? testDatabaseUrl() : (options.databaseServer ?? undefined);
  const database = await openMigratedTestDatabase('lienthong-test-', server);
  const { dataDir, db } = database;
  if ((options.citizens ?? 0) > 0) {
    await seedDatabase(db, { citizens: options.citizens ?? 0, seed: options.seed ?? 7 });
    // The demo data set as `npm start` seeds it has break-glass events too (src/main.ts).
    if (options.seed === DEMO_SEED) await seedDemoBreakGlass(db);
  }
  const config = parseConfig(
    {
      NODE_ENV: 'development',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ...database.env,
      ...options.env,
    },
    dataDir,
  );
  const gateway = await createGateway({
    config,
    db,
    logger: options.logger ?? createLogger('silent'),
    ...(options.plugins === undefined ? {} : { plugins: options.plugins }),
    ...(options.tracerProvider === undefined ? {} : { tracerProvider: options.tracerProvider }),
  });
  const running: RunningGateway = await listen(gateway, config);
  return {
    url: running.url,
    db,
    config,
    gateway,
    token: (profile, tokenOptions) => signDevelopmentToken(dataDir, profile, tokenOptions),
    async graphql(query, variables, requestOptions = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...requestOptions.headers };
      if (requestOptions.token !== undefined) headers.authorization = `Bearer ${requestOptions.token}`;
      if (requestOptions.purpose !== undefined) headers['x-purpose'] = requestOptions.purpose;
      if (requestOptions.userId !== undefined) headers['x-user-id'] = requestOptions.userId;
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables, operationName: requestOptions.operationName }),
      });
      const text = await response.text();
      let body: GraphQLResponse['body'];
      try {
        body = JSON.parse(text) as GraphQLResponse['body'];
      } catch {
        throw new Error(`non-JSON response ${response.status}: ${text.slice(0, 200)}`);
      }
      return { status: response.status, headers: response.headers, body } as never;
    },
    async personalIds(count, where = 'TRUE') {
      const rows = await db.query<{ personalId: string }>(
        `SELECT personal_id AS "personalId" FROM core.citizen c WHERE ${where} ORDER BY personal_id LIMIT $1`,
        [count],
      );
      return rows.map((row) => row.personalId);
    },
    async close() {
      await running.close();
      await database.remove();
    },
  };
}
