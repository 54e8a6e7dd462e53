/**
 * Opens the data store: the embedded PGlite database in DATA_DIR, or PostgreSQL at
 * DATABASE_URL. Both expose the same `Database`: Prisma for typed writes and tools, and a raw
 * parametrised `query` for hot read paths (Prisma 6.19 compiles every query on the main thread;
 * the sector loaders' batched reads are plain SQL, see BENCHMARKS.md).
 *
 * Every statement sent to the server goes through one counter, so tests and benchmarks can
 * assert how many statements a request costs (no N+1).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';
import { acquireDirectoryLock, type DirectoryLock } from './lock.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface StatementCounter {
  /** Statements sent to the database since the process started. */
  count: number;
}

export interface Database {
  readonly kind: DatabaseKind;
  readonly prisma: PrismaClient;
  readonly statements: StatementCounter;
  /** A parametrised statement ($1, $2...); returns the rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A multi-statement script without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (tx: Pick<Database, 'query' | 'exec'>) => Promise<T>): Promise<T>;
  /** Bulk-loads rows in PostgreSQL COPY text format (one line per row, tab-separated). */
  copyFrom(table: string, columns: readonly string[], lines: AsyncIterable<string> | Iterable<string>): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** Abort a statement after this many milliseconds (PostgreSQL only). */
  statementTimeoutMs?: number;
}

export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl === undefined
    ? openPglite(path.join(options.dataDir, 'pglite'))
    : openPostgres(options.databaseUrl, options.poolSize ?? 10, options.statementTimeoutMs);
}

// ───────────────────────────── PostgreSQL ─────────────────────────────

export function openPostgres(databaseUrl: string, poolSize: number, statementTimeoutMs?: number): Database {
  const statements: StatementCounter = { count: 0 };
  class CountingClient extends pg.Client {
    override query(...args: unknown[]): never {
      statements.count += 1;
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  const poolConfig: pg.PoolConfig = {
    connectionString: databaseUrl,
    max: poolSize,
    Client: CountingClient,
    allowExitOnIdle: true,
    connectionTimeoutMillis: 5_000,
    ...(statementTimeoutMs === undefined ? {} : { statement_timeout: statementTimeoutMs }),
  };
  const pool = new pg.Pool(poolConfig);
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });

  const database: Database = {
    kind: 'postgres',
    prisma,
    statements,
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await pool.query(sql, params as unknown[]);
      return result.rows as Row[];
    },
    async exec(script: string): Promise<void> {
      await pool.query(script);
    },
    async transaction<T>(work: (tx: Pick<Database, 'query' | 'exec'>) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(sql: string, params: readonly unknown[] = []) =>
            (await client.query(sql, params as unknown[])).rows as Row[],
          exec: async (script: string) => {
            await client.query(script);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async copyFrom(table, columns, lines): Promise<void> {
      const { from } = await import('pg-copy-streams');
      const { pipeline } = await import('node:stream/promises');
      const { Readable } = await import('node:stream');
      const client = await pool.connect();
      try {
        const sink = client.query(from(`COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`));
        await pipeline(Readable.from(batchLines(lines)), sink);
      } finally {
        client.release();
      }
    },
    async close(): Promise<void> {
      await prisma.$disconnect();
      await pool.end();
    },
  };
  return database;
}

// ───────────────────────────── PGlite (embedded) ─────────────────────────────

export async function openPglite(directory: string): Promise<Database> {
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
    pglite = await PGlite.create(directory);
  } catch (error) {
    lock.release();
    throw error;
  }
  const statements: StatementCounter = { count: 0 };
  // Count at the driver: the Prisma adapter and the raw path both end in query/exec.
  const originalQuery = pglite.query.bind(pglite);
  const originalExec = pglite.exec.bind(pglite);
  pglite.query = ((...args: Parameters<PGlite['query']>) => {
    statements.count += 1;
    return originalQuery(...args);
  }) as PGlite['query'];
  pglite.exec = ((...args: Parameters<PGlite['exec']>) => {
    statements.count += 1;
    return originalExec(...args);
  }) as PGlite['exec'];

  // pglite-prisma-adapter 0.6.1 bundles its own copy of @prisma/driver-adapter-utils: the same
  // interface, a distinct declaration, hence the cast.
  const adapter = new PrismaPGlite(pglite) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter });
  let closed = false;
  const database: Database = {
    kind: 'pglite',
    prisma,
    statements,
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await pglite.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(script: string): Promise<void> {
      await pglite.exec(script);
    },
    async transaction<T>(work: (tx: Pick<Database, 'query' | 'exec'>) => Promise<T>): Promise<T> {
      return pglite.transaction(async (tx) =>
        work({
          query: async <Row>(sql: string, params: readonly unknown[] = []) => {
            statements.count += 1;
            return (await tx.query<Row>(sql, params as unknown[])).rows;
          },
          exec: async (script: string) => {
            statements.count += 1;
            await tx.exec(script);
          },
        }),
      );
    },
    async copyFrom(table, columns, lines): Promise<void> {
      // PGlite reads COPY input from a Blob mounted at /dev/blob; send it in slices to bound memory.
      let chunk: string[] = [];
      let size = 0;
      const flush = async () => {
        if (chunk.length === 0) return;
        const blob = new Blob(chunk);
        chunk = [];
        size = 0;
        await pglite.query(`COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM '/dev/blob'`, [], { blob });
      };
      for await (const line of lines) {
        chunk.push(line);
        size += line.length;
        if (size > 8 * 1024 * 1024) await flush();
      }
      await flush();
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await prisma.$disconnect().catch(() => undefined);
      // Closing PGlite flushes its files; an unclosed directory may not reopen (TOOLCHAIN.md).
      await pglite.close();
      lock.release();
    },
  };
  return database;
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
