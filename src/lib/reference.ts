/**
 * Reference tables: the ICD-10 catalogue, health facilities, administrative units. They are small (tens to a few
 * thousand rows), read by nearly every request (a 360° view names ~10 diagnoses, facilities and communes) and change
 * only through the seed, a migration or an operator, never through the gateway's mutations. Each is loaded whole,
 * once per process and database, and reloaded when older than REFERENCE_TABLE_MAX_AGE_MS; in between, a lookup is a
 * synchronous Map read. A request therefore spends no statement and no extra DataLoader wave on them (BENCHMARKS.md:
 * 5 of the 19 statements of a 360° view were reference lookups).
 *
 * Freshness: an operator's change is served at most REFERENCE_TABLE_MAX_AGE_MS later (one minute). The data is not
 * personal, so a stale name is a freshness matter, not a confidentiality one. A failed load rejects the lookups
 * waiting for it (SourceUnavailableError, as a DataLoader would) and the next lookup tries again.
 */
import type { Database } from '../db/database.ts';

export const REFERENCE_TABLE_MAX_AGE_MS = 60_000;

/** A reference table: how to load it whole, and the key of a row. Define it once, as a module constant. */
export interface ReferenceTableSpec<Row> {
  load(db: Database): Promise<Row[]>;
  keyOf(row: Row): string;
}

interface LoadedTable<Row> {
  readonly rows: ReadonlyMap<string, Row>;
  readonly loadedAt: number;
}

interface TableState<Row> {
  loaded: LoadedTable<Row> | undefined;
  loading: Promise<LoadedTable<Row>> | undefined;
}

// Per database: tests and tools open several databases in one process, each with its own reference data.
const STATES = new WeakMap<Database, Map<ReferenceTableSpec<unknown>, TableState<unknown>>>();

function stateOf<Row>(db: Database, spec: ReferenceTableSpec<Row>): TableState<Row> {
  let tables = STATES.get(db);
  if (tables === undefined) {
    tables = new Map();
    STATES.set(db, tables);
  }
  let state = tables.get(spec) as TableState<Row> | undefined;
  if (state === undefined) {
    state = { loaded: undefined, loading: undefined };
    tables.set(spec, state);
  }
  return state;
}

function reload<Row>(db: Database, spec: ReferenceTableSpec<Row>, state: TableState<Row>): Promise<LoadedTable<Row>> {
  // One load at a time per table: the requests arriving meanwhile wait for the same one.
  state.loading ??= spec
    .load(db)
    .then((rows) => {
      const loaded = { rows: new Map(rows.map((row) => [spec.keyOf(row), row])), loadedAt: Date.now() };
      state.loaded = loaded;
      return loaded;
    })
    .finally(() => {
      state.loading = undefined;
    });
  return state.loading;
}

/**
 * The row of `key` in the table (null when the table has no such row): synchronously when the table is loaded and
 * younger than REFERENCE_TABLE_MAX_AGE_MS, otherwise once it has been (re)loaded.
 */
export function referenceRow<Row>(
  db: Database,
  spec: ReferenceTableSpec<Row>,
  key: string,
): Row | null | Promise<Row | null> {
  const state = stateOf(db, spec);
  const loaded = state.loaded;
  if (loaded !== undefined && Date.now() - loaded.loadedAt < REFERENCE_TABLE_MAX_AGE_MS) {
    return loaded.rows.get(key) ?? null;
  }
  return reload(db, spec, state).then((table) => table.rows.get(key) ?? null);
}

/** Forgets the loaded copies of every reference table of `db` (tests that change reference data mid-way). */
export function forgetReferenceTables(db: Database): void {
  STATES.delete(db);
}

/** A commune, ward or province (core.administrative_unit): every sector addresses by commune code. */
export interface AdministrativeUnitRow {
  code: string;
  name: string;
  level: 'PROVINCE' | 'WARD' | 'COMMUNE';
}

export const ADMINISTRATIVE_UNITS: ReferenceTableSpec<AdministrativeUnitRow> = {
  load: (db) => db.query<AdministrativeUnitRow>(`SELECT code, name, level FROM core.administrative_unit`),
  keyOf: (row) => row.code,
};
