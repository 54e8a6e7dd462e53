/**
 * Opens the data store: the embedded PGlite database in DATA_DIR, or PostgreSQL at
 * DATABASE_URL. Both expose the same `Database`: parametrised `query`, `exec` for scripts,
 * `transaction` and `copyFrom` for bulk loads. Every read and write of the gateway is plain SQL
 * through this interface; Prisma is the data model's and the migrations' source of truth only
 * (prisma/schema.prisma, prisma/migrations), and its client is not opened at run time
 * (docs/ARCHITECTURE.md §9 says why).
 *
 * Every statement sent to the server goes through one counter, so tests and benchmarks can
 * assert how many statements a request costs (no N+1).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Config } from '../config.ts';
import { acquireDirectoryLock, type DirectoryLock } from './lock.ts';
import {
  CommitOutcomeUnknownError,
  SourceUnavailableError,
  toSourceError,
  unavailableReason,
  withTimeout,
} from './unavailable.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface StatementCounter {
  /** Statements sent to the database since the process started. */
  count: number;
}

export interface CopyOptions {
  /**
   * COPY ... WITH (FREEZE): rows are written already frozen and visible (no later hint-bit or
   * vacuum pass). PostgreSQL allows it only when the table was created or truncated earlier in the
   * same transaction.
   */
  freeze?: boolean;
}

/** What `transaction` hands to its callback: statements and bulk loads on the transaction's connection. */
export type DatabaseTransaction = Pick<Database, 'query' | 'exec' | 'copyFrom'>;

export interface Database {
  readonly kind: DatabaseKind;
  readonly statements: StatementCounter;
  /** A parametrised statement ($1, $2...); returns the rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A multi-statement script without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T>;
  /**
   * Bulk-loads rows in PostgreSQL COPY text format (tab-separated fields, newline-terminated rows).
   * Each string is one or more complete lines; pass chunks of many rows to keep the per-string cost
   * low. Outside `transaction` the load commits on its own.
   */
  copyFrom(
    table: string,
    columns: readonly string[],
    lines: AsyncIterable<string> | Iterable<string>,
    options?: CopyOptions,
  ): Promise<void>;
  /** Connections in use, for the pool gauges of /metrics. */
  poolStats(): PoolStats;
  /**
   * Runs `work` for a health check (/readyz, src/observability/readiness.ts): on PostgreSQL over a connection of its
   * own (so a saturated pool does not read as a dead database), bounded by `timeoutMs`, and outside the statement
   * counter (a background check must not show up in a request's statement count). Failures become
   * SourceUnavailableError like any other.
   */
  healthCheck<T>(work: (db: Pick<Database, 'query'>) => Promise<T>, timeoutMs: number): Promise<T>;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Open connections (PGlite: 1). */
  total: number;
  idle: number;
  /** Callers waiting for a connection. */
  waiting: number;
  /** Statements running now (PostgreSQL: connections checked out). */
  inFlight: number;
}

export interface OpenDatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** Abort a statement after this many milliseconds (PostgreSQL only: the server's statement_timeout). */
  statementTimeoutMs?: number;
  /** PostgreSQL lock_timeout of every session: a statement waiting longer for a lock fails (SQLSTATE 55P03). */
  lockTimeoutMs?: number;
  /**
   * PostgreSQL idle_in_transaction_session_timeout of every session: the server ends a session left idle inside a
   * transaction (its client died or hangs), which releases the locks it held.
   */
  idleInTransactionTimeoutMs?: number;
  /**
   * Give up on the database after this many milliseconds: connection attempts and pool waits (PostgreSQL, default
   * 5000), reading a statement's answer (PostgreSQL query_timeout; PGlite: best effort on `query`, the in-process
   * statement itself is not interrupted). Failures become SourceUnavailableError (unavailable.ts).
   */
  timeoutMs?: number;
}

/**
 * How the gateway opens its database (src/main.ts): its timeouts, and the server's limits on its sessions
 * (docs/ARCHITECTURE.md §10). The command-line tools open theirs without the session limits: a seed, an import or
 * an archive may rightly hold a transaction or run a statement for minutes.
 */
export function gatewayDatabaseOptions(config: Config): OpenDatabaseOptions {
  const resilience = config.databaseResilience;
  return {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    // Down or slow database: requests answer 503 SOURCE_UNAVAILABLE after this, never hang (src/db/unavailable.ts).
    timeoutMs: config.databaseTimeoutMs,
    statementTimeoutMs: resilience.statementTimeoutMs,
    lockTimeoutMs: resilience.lockTimeoutMs,
    idleInTransactionTimeoutMs: resilience.idleInTransactionTimeoutMs,
  };
}

/** The server answered COMMIT with an error of the transaction (not of the session): nothing was committed. */
function rolledBackByServer(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError) || error.code === undefined) return false;
  return !error.code.startsWith('08') && !error.code.startsWith('57P');
}

export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl === undefined
    ? openPglite(path.join(options.dataDir, 'pglite'), options.timeoutMs)
    : openPostgres(options.databaseUrl, options.poolSize ?? 10, options.statementTimeoutMs, options.timeoutMs, {
        ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
        ...(options.idleInTransactionTimeoutMs === undefined
          ? {}
          : { idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs }),
      });
}

// ───────────────────────────── PostgreSQL ─────────────────────────────

/** Distinct statement texts prepared by name; beyond it, statements are sent unnamed (parsed and planned each time). */
const MAX_PREPARED_STATEMENTS = 256;

/**
 * Named prepared statements: the sector loaders send the same few dozen parametrised texts over and over. Named, each
 * connection parses a text once and PostgreSQL may keep its plan (plan_cache_mode auto: a generic plan once it is not
 * dearer than the custom ones), which saves the server the parse and plan of every statement (BENCHMARKS.md). The
 * name is a hash of the text, so the same text gets the same name on every connection; texts are the code's own (never
 * built from input), but the table is bounded anyway so that no code path can grow it, or the server's per-connection
 * statement cache, without limit.
 */
function preparedStatementQuery(names: Map<string, string>, sql: string, params: readonly unknown[]): pg.QueryConfig {
  let name = names.get(sql);
  if (name === undefined && names.size < MAX_PREPARED_STATEMENTS && params.length > 0) {
    name = `lt_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name === undefined
    ? { text: sql, values: params as unknown[] }
    : { name, text: sql, values: params as unknown[] };
}

/**
 * TCP keepalives on both ends of every connection. The client's (Node's socket option) notices a server host that
 * vanished while a connection sat idle in the pool; the server's (per-session settings, seconds) notice a gateway
 * replica that vanished, so its session and locks do not linger for the kernel's default two hours. The server ends
 * a session of a dead replica that was inside a transaction sooner still: idle_in_transaction_session_timeout.
 */
const KEEPALIVE_INITIAL_DELAY_MS = 10_000;
const SERVER_KEEPALIVES = '-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3';

export function openPostgres(
  databaseUrl: string,
  poolSize: number,
  statementTimeoutMs?: number,
  timeoutMs?: number,
  session: Pick<OpenDatabaseOptions, 'lockTimeoutMs' | 'idleInTransactionTimeoutMs'> = {},
): Database {
  const statements: StatementCounter = { count: 0 };
  class CountingClient extends pg.Client {
    override query(...args: unknown[]): never {
      statements.count += 1;
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  // Sent in the start-up packet, so every connection of the pool has them from its first statement (PgBouncer only
  // passes these through with ignore_startup_parameters; behind it set them on the role instead: ALTER ROLE ... SET).
  const sessionConfig: pg.ClientConfig = {
    connectionString: databaseUrl,
    application_name: 'lienthong',
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
    options: SERVER_KEEPALIVES,
    ...(statementTimeoutMs === undefined ? {} : { statement_timeout: statementTimeoutMs }),
    ...(session.lockTimeoutMs === undefined ? {} : { lock_timeout: session.lockTimeoutMs }),
    ...(session.idleInTransactionTimeoutMs === undefined
      ? {}
      : { idle_in_transaction_session_timeout: session.idleInTransactionTimeoutMs }),
  };
  const poolConfig: pg.PoolConfig = {
    ...sessionConfig,
    max: poolSize,
    Client: CountingClient,
    allowExitOnIdle: true,
    connectionTimeoutMillis: timeoutMs ?? 5_000,
    // A server that stopped answering (network cut, frozen host) would otherwise hold the request forever.
    ...(timeoutMs === undefined ? {} : { query_timeout: timeoutMs }),
  };
  const pool = new pg.Pool(poolConfig);
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  const preparedNames = new Map<string, string>();
  // One connection kept for health checks (per timeout: the first check after start-up may wait longer), outside the
  // counter (plain pg.Clients) and the request pool.
  const healthPools = new Map<number, pg.Pool>();
  let closed = false;
  const healthPoolFor = (checkTimeoutMs: number): pg.Pool => {
    // A closed database stays closed: a check must not open a fresh pool behind close() and report "up".
    if (closed) throw new SourceUnavailableError('the database was closed');
    let healthPool = healthPools.get(checkTimeoutMs);
    if (healthPool === undefined) {
      healthPool = new pg.Pool({
        ...sessionConfig,
        max: 1,
        allowExitOnIdle: true,
        connectionTimeoutMillis: checkTimeoutMs,
        query_timeout: checkTimeoutMs,
      });
      healthPool.on('error', () => undefined);
      healthPools.set(checkTimeoutMs, healthPool);
    }
    return healthPool;
  };

  const database: Database = {
    kind: 'postgres',
    statements,
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      try {
        const result = await pool.query(preparedStatementQuery(preparedNames, sql, params));
        return result.rows as Row[];
      } catch (error) {
        throw toSourceError(error);
      }
    },
    async exec(script: string): Promise<void> {
      try {
        await pool.query(script);
      } catch (error) {
        throw toSourceError(error);
      }
    },
    async transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T> {
      const client = await pool.connect().catch((error: unknown) => {
        throw toSourceError(error);
      });
      let broken: unknown;
      let committing = false;
      // A checked-out client has no error listener of the pool's: the server ending the session between two
      // statements (idle_in_transaction_session_timeout, a restart) would otherwise be an uncaught 'error' event.
      const onError = (error: Error) => (broken = error);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(sql: string, params: readonly unknown[] = []) =>
            (await client.query(preparedStatementQuery(preparedNames, sql, params))).rows as Row[],
          exec: async (script: string) => {
            await client.query(script);
          },
          copyFrom: (table, columns, lines, options) => copyToPostgres(client, table, columns, lines, options),
        });
        committing = true;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A broken or timed-out connection is discarded, never handed to the next caller.
        const reason = unavailableReason(error);
        if (reason !== undefined) broken = error;
        else await client.query('ROLLBACK').catch(() => undefined);
        // No answer to COMMIT (the link failed, or query_timeout expired): the server may have committed. An error
        // the server sent for COMMIT (a deferred constraint, a serialization failure, statement_timeout) means it
        // rolled back; a connection-level one (08xxx, 57Pxx: the session ended) leaves the outcome unknown.
        if (committing && reason !== undefined && !rolledBackByServer(error)) {
          throw new CommitOutcomeUnknownError(reason, { cause: error });
        }
        throw toSourceError(error);
      } finally {
        client.off('error', onError);
        client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
      }
    },
    async copyFrom(table, columns, lines, options): Promise<void> {
      const client = await pool.connect().catch((error: unknown) => {
        throw toSourceError(error);
      });
      let broken: Error | undefined;
      const onError = (error: Error) => (broken = error);
      client.on('error', onError);
      try {
        await copyToPostgres(client, table, columns, lines, options);
      } catch (error) {
        throw toSourceError(error);
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      inFlight: pool.totalCount - pool.idleCount,
    }),
    async healthCheck<T>(work: (db: Pick<Database, 'query'>) => Promise<T>, checkTimeoutMs: number): Promise<T> {
      const checks = healthPoolFor(checkTimeoutMs);
      const query = async <Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
        try {
          return (await checks.query(sql, params as unknown[])).rows as Row[];
        } catch (error) {
          throw toSourceError(error);
        }
      };
      return withTimeout(work({ query }), checkTimeoutMs, 'health check');
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([pool.end(), ...[...healthPools.values()].map((healthPool) => healthPool.end())]);
    },
  };
  return database;
}

// ───────────────────────────── PGlite (embedded) ─────────────────────────────

export async function openPglite(directory: string, timeoutMs?: number): Promise<Database> {
  // Loaded only here: a gateway on PostgreSQL does not carry the embedded database's ~35 MB of code (BENCHMARKS.md).
  const { PGlite: EmbeddedPostgres } = await import('@electric-sql/pglite');
  // The lock sits beside the database directory: PGlite's initdb wants an empty directory.
  fs.mkdirSync(path.dirname(directory), { recursive: true });
  let lock: DirectoryLock;
  try {
    lock = acquireDirectoryLock(path.dirname(directory));
  } catch (error) {
    throw new DatabaseLockedError((error as Error).message);
  }
  let pglite: PGlite;
  try {
    pglite = await EmbeddedPostgres.create(directory);
  } catch (error) {
    lock.release();
    throw error;
  }
  const statements: StatementCounter = { count: 0 };
  // Count at the driver: every statement ends in query/exec.
  const originalQuery = pglite.query.bind(pglite);
  const originalExec = pglite.exec.bind(pglite);
  let inFlight = 0;
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight += 1;
    return work.finally(() => (inFlight -= 1));
  };
  pglite.query = ((...args: Parameters<PGlite['query']>) => {
    statements.count += 1;
    return track(originalQuery(...args));
  }) as PGlite['query'];
  pglite.exec = (...args: Parameters<PGlite['exec']>) => {
    statements.count += 1;
    return track(originalExec(...args));
  };

  let closed = false;
  const database: Database = {
    kind: 'pglite',
    statements,
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      try {
        // Best effort: PGlite runs statements one at a time on this thread, so the timeout mostly catches a statement
        // queued behind a long one; a running statement is not interrupted.
        const result = await withTimeout(pglite.query<Row>(sql, params as unknown[]), timeoutMs, 'statement');
        return result.rows;
      } catch (error) {
        throw toSourceError(error);
      }
    },
    async exec(script: string): Promise<void> {
      try {
        await pglite.exec(script);
      } catch (error) {
        throw toSourceError(error);
      }
    },
    async transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T> {
      return pglite
        .transaction(async (tx) =>
          work({
            query: async <Row>(sql: string, params: readonly unknown[] = []) => {
              statements.count += 1;
              return (await tx.query<Row>(sql, params as unknown[])).rows;
            },
            exec: async (script: string) => {
              statements.count += 1;
              await tx.exec(script);
            },
            copyFrom: (table, columns, lines, options) =>
              copyToPglite(
                async (sql, blob) => {
                  statements.count += 1;
                  await tx.query(sql, [], { blob });
                },
                table,
                columns,
                lines,
                options,
              ),
          }),
        )
        .catch((error: unknown) => {
          throw toSourceError(error);
        });
    },
    async copyFrom(table, columns, lines, options): Promise<void> {
      await copyToPglite(
        async (sql, blob) => {
          await pglite.query(sql, [], { blob });
        },
        table,
        columns,
        lines,
        options,
      );
    },
    poolStats: () => ({ total: 1, idle: inFlight === 0 ? 1 : 0, waiting: Math.max(0, inFlight - 1), inFlight }),
    async healthCheck<T>(work: (db: Pick<Database, 'query'>) => Promise<T>, checkTimeoutMs: number): Promise<T> {
      // The driver's own query, before the counting wrapper: a background check is no request's statement.
      const query = async <Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
        try {
          return (await originalQuery<Row>(sql, params as unknown[])).rows;
        } catch (error) {
          throw toSourceError(error);
        }
      };
      return withTimeout(work({ query }), checkTimeoutMs, 'health check');
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // Closing PGlite flushes its files; an unclosed directory may not reopen (docs/ARCHITECTURE.md §14).
      await pglite.close();
      lock.release();
    },
  };
  return database;
}

function copyStatement(table: string, columns: readonly string[], source: string, options: CopyOptions = {}): string {
  return `COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM ${source}${options.freeze === true ? ' WITH (FREEZE)' : ''}`;
}

async function copyToPostgres(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  lines: AsyncIterable<string> | Iterable<string>,
  options?: CopyOptions,
): Promise<void> {
  const { from } = await import('pg-copy-streams');
  const { pipeline } = await import('node:stream/promises');
  const { Readable } = await import('node:stream');
  const sink = client.query(from(copyStatement(table, columns, 'STDIN', options)));
  await pipeline(Readable.from(batchLines(lines)), sink);
}

/**
 * PGlite reads COPY input from a Blob mounted at /dev/blob; the input is sent in slices of ~8 MB
 * (one COPY statement each) to bound memory.
 */
async function copyToPglite(
  run: (sql: string, blob: Blob) => Promise<void>,
  table: string,
  columns: readonly string[],
  lines: AsyncIterable<string> | Iterable<string>,
  options?: CopyOptions,
): Promise<void> {
  const sql = copyStatement(table, columns, "'/dev/blob'", options);
  let chunk: string[] = [];
  let size = 0;
  for await (const line of lines) {
    chunk.push(line);
    size += line.length;
    if (size > 8 * 1024 * 1024) {
      const blob = new Blob(chunk);
      chunk = [];
      size = 0;
      await run(sql, blob);
    }
  }
  if (chunk.length > 0) await run(sql, new Blob(chunk));
}

export function quoteIdent(identifier: string): string {
  return identifier
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

/** Groups COPY lines into ~64 KiB strings so the stream is not one write per row. */
async function* batchLines(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const line of lines) {
    buffer += line;
    if (buffer.length > 65_536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}
