/** The stats module's database access: rollups and source freshness, one statement each per request. */
import type { Database } from '../../db/database.ts';
import { isoInstant } from '../../lib/sql.ts';

export interface RollupModel {
  indicatorId: string;
  asOf: string;
  /** The released cells, value null when suppressed; shared by every request reading this version (never mutated). */
  cells: readonly { key: string[]; value: number | null; suppressed: boolean }[];
}

/**
 * The rollups already read, per database, by indicator: a request asks only for each rollup's `as_of` and reads (and
 * parses) its cells again only when a refresh replaced them — the cells of the largest table are some 130 kB of JSON.
 */
const ROLLUPS = new WeakMap<Database, Map<string, RollupModel>>();

export interface SourceFreshnessModel {
  source: string;
  lastChangedAt: string | null;
  stale: boolean;
}

export function createStatsLoaders(db: Database) {
  let freshness: Promise<Map<string, SourceFreshnessModel>> | undefined;
  return {
    /** The rollups of these indicators (those that have one). */
    async rollups(ids: readonly string[]): Promise<Map<string, RollupModel>> {
      let known = ROLLUPS.get(db);
      if (known === undefined) {
        known = new Map();
        ROLLUPS.set(db, known);
      }
      const heads = await db.query<{ indicatorId: string; asOf: string }>(
        `SELECT indicator_id AS "indicatorId", ${isoInstant('as_of')} AS "asOf"
         FROM core.indicator_rollup WHERE indicator_id = ANY($1::text[])`,
        [ids],
      );
      const outdated = heads.filter((head) => known.get(head.indicatorId)?.asOf !== head.asOf);
      if (outdated.length > 0) {
        const rows = await db.query<{ indicatorId: string; asOf: string; cells: unknown }>(
          `SELECT indicator_id AS "indicatorId", ${isoInstant('as_of')} AS "asOf", cells
           FROM core.indicator_rollup WHERE indicator_id = ANY($1::text[])`,
          [outdated.map((head) => head.indicatorId)],
        );
        for (const row of rows) {
          // jsonb arrives parsed from both drivers; text if a driver ever hands it back unparsed.
          const pairs = (typeof row.cells === 'string' ? JSON.parse(row.cells) : row.cells) as [
            string[],
            number | null,
          ][];
          known.set(row.indicatorId, {
            indicatorId: row.indicatorId,
            asOf: row.asOf,
            cells: pairs.map(([key, value]) => ({ key, value, suppressed: value === null })),
          });
        }
      }
      const result = new Map<string, RollupModel>();
      for (const head of heads) {
        const rollup = known.get(head.indicatorId);
        if (rollup !== undefined) result.set(head.indicatorId, rollup);
      }
      return result;
    },
    /**
     * When each source last changed, and whether that is older than `staleAfterHours` — the notion of
     * `sourceStatus` (schema/freshness.graphql), decided by the database's clock. Memoised per request.
     */
    sourceFreshness(staleAfterHours: number): Promise<Map<string, SourceFreshnessModel>> {
      freshness ??= db
        .query<SourceFreshnessModel>(
          `SELECT t.source, ${isoInstant('st.last_changed_at')} AS "lastChangedAt",
             (st.last_changed_at IS NULL
              OR st.last_changed_at < clock_timestamp() - make_interval(secs => $1::float8 * 3600)) AS stale
           FROM (SELECT DISTINCT source FROM core.source_table) t
           LEFT JOIN core.source_status st ON st.source = t.source`,
          [staleAfterHours],
        )
        .then((rows) => new Map(rows.map((row) => [row.source, row])));
      return freshness;
    },
  };
}
