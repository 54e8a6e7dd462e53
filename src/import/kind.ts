/**
 * What a kind of record (health encounters, tourism stays...) tells the importer: its fields (the file format and
 * the --help text), the checks of one row that need no data (`parse`), the checks of a batch against the registries
 * with its foreign keys resolved (`check`, a constant number of statements per batch), its staging table, COPY line
 * and the statements moving staged rows into the real table idempotently (ON CONFLICT on the natural key).
 */
import type { Database } from '../db/database.ts';
import type { FieldReader, Problem } from './fields.ts';

/** What a batch check may use: plain statements. */
export type Queryable = Pick<Database, 'query'>;

/** The name of a sector with record kinds (src/sectors/index.ts). */
export type SectorName = string;

export interface FieldDoc {
  name: string;
  /** text, date, instant, integer, decimal, list or an enum's values. */
  type: string;
  /** true, false, or when it is required. */
  required: boolean | string;
  doc: string;
}

/** One row of a batch: its line, the row parse produced, the problems the batch checks found. */
export interface Candidate<Row> {
  line: number;
  row: Row;
  problems: Problem[];
  /** The record as read (for the reject file). */
  record: Record<string, unknown>;
}

export interface RecordKind<Row> {
  sector: SectorName;
  /** The kind's name (`--kind`), e.g. `encounters`. */
  name: string;
  /** The table written, schema-qualified. */
  table: string;
  summary: string;
  fields: readonly FieldDoc[];
  /** Validation rules beyond each field's type, for the documentation. */
  rules: readonly string[];
  /** The natural key (documentation) and what a row whose key is already present does. */
  naturalKey: string;
  onExisting: string;
  /** Checks that need no data; undefined when the reader collected problems. */
  parse(reader: FieldReader): Row | undefined;
  /** Checks against the registries for a whole batch; resolves references; adds problems to the candidates. */
  check(db: Queryable, batch: readonly Candidate<Row>[], lookups: Lookups): Promise<void>;
  /** Staging table columns after `line integer` (name, SQL type). */
  stagingColumns: readonly (readonly [string, string])[];
  /** The COPY text line of a checked row (fields in stagingColumns order, tab-separated, no line number, no newline). */
  copyFields(row: Row): string;
  /**
   * Statements moving the staged rows (`import_stage s`) into the table. `filter` is appended to their WHERE clause
   * (`AND s.line = $1` when rows are retried one by one). Each returns one row `{ inserted, updated }`.
   */
  insertStatements(filter: string): readonly string[];
  /** Dry run: one row `{ n }`, the staged rows whose natural key is already in the table. */
  existingStatement: string;
  /** Readable reasons for the database constraints a row may still break (rules across rows). */
  constraintReasons?: Readonly<Record<string, string>>;
}

/** Erases a kind's row type for the registry (each kind's functions only ever see their own rows). */
export function defineKind<Row>(kind: RecordKind<Row>): RecordKind<unknown> {
  return kind;
}

/** The `{ inserted, updated }` counts of an INSERT ... ON CONFLICT ... RETURNING (t.xmax = 0) AS inserted in `w`. */
export const COUNT_WRITES = `SELECT count(*) FILTER (WHERE w.inserted)::int AS inserted,
  count(*) FILTER (WHERE NOT w.inserted)::int AS updated FROM w`;

// ───────────── registry lookups ─────────────

export interface CitizenInfo {
  dateOfBirth: string;
  status: 'ALIVE' | 'DECEASED';
}

/** Same words as the write mutations (lib/input.ts checkCitizens). */
export const UNKNOWN_CITIZEN = 'no citizen with this personal ID in the population registry';
export const REISSUED_CITIZEN = 'this personal ID was cancelled and re-issued; use the current personal ID';

/**
 * The citizens of a batch, in one statement: found → their date of birth and status; a cancelled and re-issued ID →
 * 'reissued'; unknown → absent from the map. (`bpchar[]`, not `text[]`: comparing char(12) with text would cast the
 * column and scan the whole registry instead of using its primary key.)
 */
export async function lookupCitizens(
  db: Queryable,
  ids: Iterable<string>,
): Promise<Map<string, CitizenInfo | 'reissued'>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, CitizenInfo | 'reissued'>();
  if (unique.length === 0) return found;
  const rows = await db.query<{
    id: string;
    dateOfBirth: string | null;
    status: CitizenInfo['status'] | null;
    reissued: boolean;
  }>(
    `SELECT k.id::text AS id, to_char(c.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", c.status::text AS status,
       CASE WHEN c.personal_id IS NULL
         THEN EXISTS (SELECT 1 FROM core.previous_personal_id p WHERE p.previous_id = k.id) ELSE false END AS reissued
     FROM unnest($1::bpchar[]) AS k(id) LEFT JOIN core.citizen c ON c.personal_id = k.id`,
    [unique],
  );
  for (const row of rows) {
    if (row.dateOfBirth !== null && row.status !== null) {
      found.set(row.id, { dateOfBirth: row.dateOfBirth, status: row.status });
    } else if (row.reissued) {
      found.set(row.id, 'reissued');
    }
  }
  return found;
}

/** Adds the problem of an unknown or re-issued personal ID; returns the citizen when found. */
export function citizenOf(
  citizens: Map<string, CitizenInfo | 'reissued'>,
  candidate: Candidate<unknown>,
  field: string,
  personalId: string,
): CitizenInfo | undefined {
  const citizen = citizens.get(personalId);
  if (citizen === undefined) candidate.problems.push({ field, reason: UNKNOWN_CITIZEN });
  else if (citizen === 'reissued') candidate.problems.push({ field, reason: REISSUED_CITIZEN });
  else return citizen;
  return undefined;
}

/**
 * A key → value lookup cached for the run (reference data: facilities, establishments, households, parcels), unknown
 * keys included, so each key costs one statement per run at most. Bounded: emptied when it holds too many keys.
 */
export class CachedLookup<Value> {
  private readonly cache = new Map<string, Value | null>();

  constructor(
    /** Values of the given keys; keys it does not return are unknown. */
    private readonly fetch: (db: Queryable, keys: string[]) => Promise<Map<string, Value>>,
    private readonly maxKeys = 200_000,
  ) {}

  /** Resolves `keys` (one statement for the keys not cached yet); unknown keys map to undefined. */
  async resolve(db: Queryable, keys: Iterable<string>): Promise<(key: string) => Value | undefined> {
    const missing = new Set<string>();
    for (const key of keys) if (!this.cache.has(key)) missing.add(key);
    if (missing.size > 0) {
      if (this.cache.size + missing.size > this.maxKeys) this.cache.clear();
      const found = await this.fetch(db, [...missing]);
      for (const key of missing) this.cache.set(key, found.get(key) ?? null);
    }
    return (key) => this.cache.get(key) ?? undefined;
  }
}

/** The reference lookups of one run. */
export class Lookups {
  /** Health facility codes. */
  readonly facilities = new CachedLookup<true>(async (db, keys) => {
    const rows = await db.query<{ code: string }>(
      `SELECT code::text AS code FROM health.facility WHERE code = ANY($1::bpchar[])`,
      [keys],
    );
    return new Map(rows.map((row) => [row.code, true as const]));
  });

  /** Commune and ward codes (5 digits) of core.administrative_unit. */
  readonly communes = new CachedLookup<true>(async (db, keys) => {
    const rows = await db.query<{ code: string }>(
      `SELECT code FROM core.administrative_unit WHERE code = ANY($1::varchar[]) AND level IN ('WARD', 'COMMUNE')`,
      [keys],
    );
    return new Map(rows.map((row) => [row.code, true as const]));
  });

  /** Establishment id by licence number. */
  readonly establishments = new CachedLookup<number>(async (db, keys) => {
    const rows = await db.query<{ key: string; id: number }>(
      `SELECT licence_no AS key, id FROM tourism.establishment WHERE licence_no = ANY($1::varchar[])`,
      [keys],
    );
    return new Map(rows.map((row) => [row.key, row.id]));
  });

  /** Household id by residence file number. */
  readonly households = new CachedLookup<number>(async (db, keys) => {
    const rows = await db.query<{ key: string; id: number }>(
      `SELECT residence_file_no AS key, id FROM household.household WHERE residence_file_no = ANY($1::varchar[])`,
      [keys],
    );
    return new Map(rows.map((row) => [row.key, row.id]));
  });

  /** Parcel id by `commune/mapSheetNo/parcelNo`. */
  readonly parcels = new CachedLookup<number>(async (db, keys) => {
    const parts = keys.map((key) => key.split('/'));
    const rows = await db.query<{ key: string; id: number }>(
      `SELECT k.c || '/' || k.s || '/' || k.n AS key, p.id
       FROM unnest($1::varchar[], $2::int[], $3::int[]) AS k(c, s, n)
       JOIN land.parcel p ON p.commune_code = k.c AND p.map_sheet_no = k.s AND p.parcel_no = k.n`,
      [parts.map((p) => p[0]), parts.map((p) => Number(p[1])), parts.map((p) => Number(p[2]))],
    );
    return new Map(rows.map((row) => [row.key, row.id]));
  });
}

export const parcelKey = (communeCode: string, mapSheetNo: number, parcelNo: number): string =>
  `${communeCode}/${mapSheetNo}/${parcelNo}`;
