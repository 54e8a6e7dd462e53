/**
 * The indicator rollups (docs/ARCHITECTURE.md §15): core.indicator_rollup holds each indicator's released cells,
 * disclosure control applied, as of its last refresh. A refresh runs each indicator's aggregate statement (the only
 * full scans, never on a request's path), suppresses, and then replaces every row in ONE short transaction: readers
 * keep seeing the previous rollups until it commits (PostgreSQL's MVCC; build, then swap), and the unsuppressed
 * counts never reach the table. Refreshed every STATS_REFRESH_INTERVAL_MS by each gateway (a replica skips a refresh
 * another one made within the interval), and on demand when a requested indicator has no rollup yet.
 */
import type { Database } from '../../db/database.ts';
import { INDICATORS, type IndicatorDefinition } from './catalogue.ts';
import { suppressAdditive, suppressNonAdditive, type RawCell, type ReleasedCell } from './suppression.ts';

/** STATS_MIN_CELL when the context does not carry it (tests building a bare context). */
export const DEFAULT_MIN_CELL = 10;

/** The released cells of one indicator, as its aggregate statement and disclosure control give them. */
export async function computeIndicator(
  db: Pick<Database, 'query'>,
  definition: IndicatorDefinition,
  minPersons: number,
): Promise<ReleasedCell[]> {
  const rows = await db.query<{
    key: string[];
    value: number | string | null;
    persons: number | string;
    sides?: (number | string)[] | null;
  }>(definition.sql);
  const cells: RawCell[] = rows.map((row) => {
    const sides = row.sides ?? undefined;
    return {
      key: row.key,
      value: row.value === null ? 0 : Number(row.value),
      persons: Number(row.persons),
      ...(sides === undefined ? {} : { sides: [Number(sides[0] ?? 0), Number(sides[1] ?? 0)] as const }),
    };
  });
  if (definition.kind === 'COUNT') return suppressAdditive(cells, definition.dimensions.length, minPersons);
  // A non-additive statement that forgot its sides would be released on its population alone (§15): fail closed.
  if (cells.some((cell) => cell.sides === undefined)) {
    throw new Error(`indicator ${definition.id}: a ${definition.kind} statement must return the sides of every cell`);
  }
  return suppressNonAdditive(cells, minPersons, definition.kind === 'SHARE');
}

/** Recomputes every rollup and swaps them in, in one transaction. */
export async function refreshIndicators(db: Database, minPersons: number): Promise<void> {
  const computed: [string, ReleasedCell[]][] = [];
  for (const definition of INDICATORS)
    computed.push([definition.id, await computeIndicator(db, definition, minPersons)]);
  await db.transaction(async (tx) => {
    for (const [id, cells] of computed) {
      await tx.query(
        `INSERT INTO core.indicator_rollup (indicator_id, as_of, cells) VALUES ($1, clock_timestamp(), $2::jsonb)
         ON CONFLICT (indicator_id) DO UPDATE SET as_of = excluded.as_of, cells = excluded.cells`,
        [id, JSON.stringify(cells.map((cell) => [cell.key, cell.value]))],
      );
    }
  });
}

const inFlight = new WeakMap<Database, Promise<void>>();

/** One refresh per database handle at a time: concurrent callers share it. */
export function refreshOnce(db: Database, minPersons: number): Promise<void> {
  let pending = inFlight.get(db);
  if (pending === undefined) {
    pending = refreshIndicators(db, minPersons).finally(() => inFlight.delete(db));
    inFlight.set(db, pending);
  }
  return pending;
}

/** Whether every indicator has a rollup younger than `maxAgeMs` (another replica may have refreshed it). */
async function fresh(db: Database, maxAgeMs: number): Promise<boolean> {
  const [row] = await db.query<{ rollups: number; oldest_ms: number | null }>(
    `SELECT count(*)::int AS rollups,
       (extract(epoch FROM clock_timestamp() - min(as_of)) * 1000)::float8 AS oldest_ms
     FROM core.indicator_rollup WHERE indicator_id = ANY($1::text[])`,
    [INDICATORS.map((definition) => definition.id)],
  );
  return row !== undefined && row.rollups === INDICATORS.length && row.oldest_ms !== null && row.oldest_ms < maxAgeMs;
}

export interface IndicatorRefreshOptions {
  db: Database;
  minPersons: number;
  /** 0: no schedule; rollups are computed only when missing. */
  intervalMs: number;
  onError: (error: unknown) => void;
}

/** Starts the scheduled refresh; the returned function stops it (and waits for a refresh under way). */
export function startIndicatorRefresh(options: IndicatorRefreshOptions): () => Promise<void> {
  const { db, minPersons, intervalMs, onError } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        // Within 90% of the interval another replica's refresh counts (the timers of replicas drift).
        if (!(await fresh(db, intervalMs * 0.9))) {
          await refreshOnce(db, minPersons);
        }
      } catch (error) {
        onError(error);
      }
    })();
    return running;
  };
  if (intervalMs > 0) {
    timer = setInterval(() => {
      if (!stopped) void tick();
    }, intervalMs);
    timer.unref();
  }
  return async () => {
    stopped = true;
    if (timer !== undefined) clearInterval(timer);
    await running;
  };
}
