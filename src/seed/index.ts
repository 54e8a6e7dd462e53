/**
 * The seed generator: a deterministic, realistic data set for the whole province (population
 * registry, residence, health, tourism, land), loaded with COPY.
 *
 * - Deterministic: the same (citizens, seed, asOf, conflictRate) gives byte-identical rows, on
 *   PGlite and PostgreSQL alike. Nothing depends on the clock or on iteration order of the load.
 * - Streaming: the population is kept in typed arrays (~60 bytes a citizen); every table is
 *   generated as COPY text chunks straight into `copyFrom`, never materialised.
 * - All or nothing: one transaction truncates the tables, drops their keys, indexes and foreign
 *   keys, loads every table with COPY FREEZE, rebuilds the indexes and constraints (which also
 *   validates them) and writes core.source_status. A failure anywhere rolls everything back, so a
 *   database is never left half-seeded. Statistics are refreshed (ANALYZE) after the commit.
 */
import type { Database, DatabaseTransaction } from '../db/database.ts';
import type { SeedContext, TableLoad } from './context.ts';
import { ChunkBuilder, dateText, parseDay } from './format.ts';
import { SECTORS } from '../sectors/index.ts';
import { buildPopulation } from './population.ts';
import { selectShowcase } from './showcase.ts';

/** The default reference day ("today" of the data set). Fixed, so seeds are reproducible. */
export const DEFAULT_AS_OF = '2026-10-31';
/** Default share of legacy identifier values also claimed by a second citizen. */
export const DEFAULT_CONFLICT_RATE = 0.005;
export const MAX_CITIZENS = 20_000_000;

export interface SeedOptions {
  citizens: number;
  seed: number;
  /** Replace the data of a database that already has some (truncates the seeded tables first). */
  reset?: boolean;
  /** Share of legacy identifier values claimed by two citizens (default 0.005). */
  conflictRate?: number;
  /** Reference day of the data set, YYYY-MM-DD (default 2026-10-31). */
  asOf?: string;
  onProgress?: (message: string) => void;
}

export interface SeedSummary {
  citizens: number;
  households: number;
  seed: number;
  asOf: string;
  conflictRate: number;
  /** Distinct legacy identifier values, and how many of them are claimed by two citizens. */
  legacyValues: number;
  conflicts: number;
  /** Personal IDs of the showcase citizens (src/seed/showcase.ts): records in every sector. */
  showcase: string[];
  /** Rows written per table, in load order. */
  rows: Record<string, number>;
  totalRows: number;
  elapsedMs: number;
}

export class SeedRefusedError extends Error {
  override name = 'SeedRefusedError';
}

/** Every table the seed writes, in load order (parents before children): each sector's, in registry order. */
export const SEED_TABLE_LOADS: readonly TableLoad[] = SECTORS.flatMap((sector) => sector.seedTables);

/** The tables a reset truncates: everything the seed writes, and the source status. The audit log is never touched. */
export const SEED_TABLES: readonly string[] = [...SEED_TABLE_LOADS.map((load) => load.table), 'core.source_status'];

/** The sources whose core.source_status row the seed writes. */
const SOURCES: readonly string[] = SECTORS.flatMap((sector) => sector.sources);

export async function seedDatabase(db: Database, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const { citizens, seed } = options;
  if (!Number.isInteger(citizens) || citizens < 1 || citizens > MAX_CITIZENS) {
    throw new RangeError(`citizens must be an integer between 1 and ${MAX_CITIZENS}, got ${citizens}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer between 0 and ${0xffffffff}, got ${seed}`);
  }
  const conflictRate = options.conflictRate ?? DEFAULT_CONFLICT_RATE;
  if (!(conflictRate >= 0 && conflictRate <= 0.2))
    throw new RangeError(`conflictRate must be between 0 and 0.2, got ${conflictRate}`);
  const asOfText = options.asOf ?? DEFAULT_AS_OF;
  const asOf = parseDay(asOfText);

  // Fail fast before the (seconds-long) population build; checked again under lock below.
  if (options.reset !== true) await assertEmpty(db);

  let phase = performance.now();
  const population = buildPopulation(citizens, seed, asOf);
  progress(
    `population model: ${fmt(citizens)} citizens in ${fmt(population.households.count)} households (${seconds(phase)})`,
  );

  const context: SeedContext = {
    seed,
    asOf,
    conflictRate,
    population,
    showcase: selectShowcase(population),
    state: { conflicts: [], legacyDistinct: { OLD_ID_CARD: 0, TAX_CODE: 0, SOCIAL_INSURANCE: 0 } },
  };
  const rows: Record<string, number> = {};

  await db.transaction(async (tx) => {
    // Exclusive locks first: no reader sees a half-loaded table, and two seeds cannot interleave.
    await tx.exec(`LOCK TABLE ${SEED_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    if (options.reset !== true) await assertEmpty(tx);
    // COPY FREEZE needs the tables truncated in this transaction (they are empty unless resetting).
    await tx.exec(`TRUNCATE ${SEED_TABLES.join(', ')} RESTART IDENTITY`);
    if (db.kind === 'postgres') await tx.exec(`SET LOCAL maintenance_work_mem = '256MB'`);
    const deferred = await dropDeferrable(tx);
    progress(
      `dropped ${deferred.keys.length} primary/unique keys, ${deferred.indexes.length} indexes and ${deferred.foreignKeys.length} foreign keys for the load`,
    );

    for (const load of SEED_TABLE_LOADS) {
      phase = performance.now();
      const out = new ChunkBuilder();
      await tx.copyFrom(load.table, load.columns, load.generate(context, out), { freeze: true });
      rows[load.table] = out.rows;
      if (load.serial !== undefined) {
        await tx.query(`SELECT setval(pg_get_serial_sequence($1, $2), $3, $4)`, [
          load.table,
          load.serial,
          Math.max(out.rows, 1),
          out.rows > 0,
        ]);
      }
      progress(`${load.table}: ${fmt(out.rows)} rows (${seconds(phase)})`);
    }

    phase = performance.now();
    for (const statement of [...deferred.keys, ...deferred.indexes]) await tx.exec(statement);
    progress(`rebuilt ${deferred.keys.length} keys and ${deferred.indexes.length} indexes (${seconds(phase)})`);
    phase = performance.now();
    for (const statement of deferred.foreignKeys) await tx.exec(statement);
    progress(`validated ${deferred.foreignKeys.length} foreign keys (${seconds(phase)})`);

    const lastChanged = `${dateText(asOf)} 23:59:59+07`;
    for (const source of SOURCES) {
      const count = SEED_TABLE_LOADS.filter((load) => load.source === source).reduce(
        (sum, load) => sum + (rows[load.table] ?? 0),
        0,
      );
      // The freshness triggers (migration 20261128030000_identity) already stamped each source while loading: the
      // data set's own "last change" is its reference day, so that is what a seed leaves (deterministic).
      await tx.query(
        `INSERT INTO core.source_status (source, last_changed_at, row_count) VALUES ($1, $2, $3)
         ON CONFLICT (source) DO UPDATE SET last_changed_at = EXCLUDED.last_changed_at, row_count = EXCLUDED.row_count`,
        [source, lastChanged, count],
      );
    }
    rows['core.source_status'] = SOURCES.length;
  });

  phase = performance.now();
  await db.exec(`ANALYZE ${SEED_TABLES.join(', ')}`);
  progress(`statistics refreshed (${seconds(phase)})`);

  const legacyValues = Object.values(context.state.legacyDistinct).reduce((a, b) => a + b, 0);
  return {
    citizens,
    households: population.households.count,
    seed,
    asOf: asOfText,
    conflictRate,
    legacyValues,
    conflicts: context.state.conflicts.length,
    showcase: context.showcase.citizens.map((citizen) => population.pid[citizen]!),
    rows,
    totalRows: Object.values(rows).reduce((a, b) => a + b, 0),
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function assertEmpty(db: Pick<Database, 'query'>): Promise<void> {
  const checks = SEED_TABLES.map(
    (table) => `SELECT '${table}' AS table_name WHERE EXISTS (SELECT 1 FROM ${table})`,
  ).join(' UNION ALL ');
  const nonEmpty = await db.query<{ table_name: string }>(checks);
  if (nonEmpty.length === 0) return;
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM core.citizen',
  );
  const what = count > 0 ? `${fmt(count)} citizens` : `data in ${nonEmpty.map((row) => row.table_name).join(', ')}`;
  throw new SeedRefusedError(
    `The database already has ${what}; seeding would mix two data sets. ` +
      'Pass --reset (seedDatabase option reset: true) to replace them: the registry and sector tables are truncated first (the audit log is kept).',
  );
}

interface Deferred {
  /** Statements that restore keys and indexes after the load, in order. */
  keys: string[];
  indexes: string[];
  foreignKeys: string[];
}

/**
 * Drops the foreign keys touching the seeded tables, their primary-key and unique constraints and
 * their other indexes, returning the statements that recreate them. Building an index once over
 * loaded data (a sort) is much cheaper than maintaining it row by row, and re-adding a foreign
 * key checks it with one join instead of one lookup per row; re-creating them also validates the
 * loaded data. The definitions come from the catalog, so they always match the migrations.
 */
async function dropDeferrable(tx: DatabaseTransaction): Promise<Deferred> {
  const tables = SEED_TABLES.map((table) => `'${table}'::regclass`).join(', ');
  const constraints = await tx.query<{ table_name: string; name: string; type: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table_name, conname AS name, contype::text AS type, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint
      WHERE (contype = 'f' AND (conrelid IN (${tables}) OR confrelid IN (${tables})))
         OR (contype IN ('p', 'u') AND conrelid IN (${tables}))
      ORDER BY contype = 'f' DESC, conrelid::regclass::text, conname`,
  );
  const indexes = await tx.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid IN (${tables})
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY i.indexrelid::regclass::text`,
  );
  // Foreign keys first (they depend on the referenced keys), then keys, then plain indexes.
  for (const c of constraints) await tx.exec(`ALTER TABLE ${c.table_name} DROP CONSTRAINT "${c.name}"`);
  for (const index of indexes) await tx.exec(`DROP INDEX ${index.name}`);
  const add = (c: { table_name: string; name: string; definition: string }): string =>
    `ALTER TABLE ${c.table_name} ADD CONSTRAINT "${c.name}" ${c.definition}`;
  return {
    keys: constraints.filter((c) => c.type !== 'f').map(add),
    indexes: indexes.map((index) => index.definition),
    foreignKeys: constraints.filter((c) => c.type === 'f').map(add),
  };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
