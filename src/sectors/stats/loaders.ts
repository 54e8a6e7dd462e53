/** The stats module's database access: rollups and source freshness, one statement each per request. */
import type { Database } from '../../db/database.ts';
import { isoInstant } from '../../lib/sql.ts';

export interface RollupModel {
  indicatorId: string;
  asOf: string;
  /** [key, value] pairs, value null when suppressed. */
  cells: [string[], number | null][];
}

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
      const rows = await db.query<{ indicatorId: string; asOf: string; cells: unknown }>(
        `SELECT indicator_id AS "indicatorId", ${isoInstant('as_of')} AS "asOf", cells
         FROM core.indicator_rollup WHERE indicator_id = ANY($1::text[])`,
        [ids],
      );
      return new Map(
        rows.map((row) => [
          row.indicatorId,
          {
            indicatorId: row.indicatorId,
            asOf: row.asOf,
            // jsonb arrives parsed from both drivers; text if a driver ever hands it back unparsed.
            cells: (typeof row.cells === 'string' ? JSON.parse(row.cells) : row.cells) as RollupModel['cells'],
          },
        ]),
      );
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
