/** The freshness module's database access. */
import type { Database } from '../../db/database.ts';
import { isoInstant } from '../../lib/sql.ts';
import type { SourceStatusModel } from './mappers.ts';

export function createFreshnessLoaders(db: Database) {
  let statuses: Map<number, Promise<SourceStatusModel[]>> | undefined;
  return {
    /**
     * Every source of core.source_table with its last change (core.source_status, kept by the triggers) and a row
     * estimate: per table, PostgreSQL's live tuple count when its statistics have seen the table (n_live_tup), else
     * the planner's reltuples (last ANALYZE; PGlite keeps no activity statistics), summed; null when no table of the
     * source was ever counted. `stale` is decided by the database's clock, the one that stamped lastChangedAt.
     * One statement per request (memoised per threshold).
     */
    sourceStatuses(staleAfterHours: number): Promise<SourceStatusModel[]> {
      statuses ??= new Map();
      let pending = statuses.get(staleAfterHours);
      if (pending === undefined) {
        pending = db.query<SourceStatusModel>(
          `WITH estimate AS (
             SELECT t.source,
               CASE
                 WHEN s.relid IS NOT NULL AND (s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0 OR s.last_analyze IS NOT NULL
                      OR s.last_autoanalyze IS NOT NULL OR s.last_vacuum IS NOT NULL OR s.last_autovacuum IS NOT NULL)
                   THEN s.n_live_tup::float8
                 WHEN c.reltuples >= 0 THEN c.reltuples::float8
               END AS rows
             FROM core.source_table t
             JOIN pg_catalog.pg_class c ON c.oid = to_regclass(t.table_name)
             LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
           )
           SELECT e.source, ${isoInstant('st.last_changed_at')} AS "lastChangedAt",
             (st.last_changed_at IS NULL OR st.last_changed_at < clock_timestamp() - make_interval(secs => $1::float8 * 3600))
               AS stale,
             $1::float8 AS "staleAfterHours",
             sum(e.rows) AS "rowCount"
           FROM estimate e LEFT JOIN core.source_status st ON st.source = e.source
           GROUP BY e.source, st.last_changed_at
           ORDER BY e.source`,
          [staleAfterHours],
        );
        statuses.set(staleAfterHours, pending);
      }
      return pending;
    },
  };
}
