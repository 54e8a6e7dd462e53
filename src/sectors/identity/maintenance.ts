/**
 * Batch work on identity conflicts, outside requests (`npm run identity:report`): detection of new conflicts and the
 * report's counts and queue. The database work is set-based: one statement per conflict type, whatever the size.
 */
import type { Database } from '../../db/database.ts';
import { toGlobalId } from '../../lib/global-id.ts';
import { isoInstant } from '../../lib/sql.ts';
import { baseSql, ONE_PER_CITIZEN_SQL } from './formats.ts';
import type { ConflictStatusValue, ConflictTypeValue, LegacyKindValue } from './mappers.ts';

export interface DetectionResult {
  /** New SHARED_VALUE conflicts recorded: a value claimed by several citizens. */
  sharedValue: number;
  /** New MULTIPLE_VALUES conflicts recorded: a citizen with several tax codes or social-insurance numbers. */
  multipleValues: number;
}

/**
 * Records the conflicts present in core.legacy_identifier that are not recorded yet; idempotent (running it twice
 * records nothing the second time).
 *
 *  - SHARED_VALUE: a (kind, value) with several current (not superseded) claimants.
 *  - MULTIPLE_VALUES: a citizen with current values of a kind allowed once whose keys differ (tax codes: the 10-digit
 *    base, so a dependent unit's 13-digit code under the citizen's own code is fine; social-insurance numbers).
 *
 * Not recorded again: a key with an OPEN conflict (its claims are read live, so a new claimant shows there), or with a
 * RESOLVED conflict over exactly the same claimants (SHARED_VALUE) / values (MULTIPLE_VALUES), i.e. resolved without
 * superseding anything. A new claimant or value after a resolution is a new conflict. Concurrent runs are safe: the
 * partial unique indexes allow one OPEN conflict per key and the INSERT does nothing on conflict.
 */
export async function detectIdentityConflicts(db: Pick<Database, 'query'>): Promise<DetectionResult> {
  const shared = await db.query<{ id: number }>(
    `INSERT INTO core.identity_conflict (type, kind, value, personal_ids, detected_at, status)
     SELECT 'SHARED_VALUE', g.kind, g.value, g.personal_ids, now(), 'OPEN'
     FROM (
       SELECT kind, value, array_agg(personal_id::text ORDER BY personal_id) AS personal_ids
       FROM core.legacy_identifier
       WHERE superseded_at IS NULL
       GROUP BY kind, value
       HAVING count(*) > 1
     ) g
     WHERE NOT EXISTS (
       SELECT 1 FROM core.identity_conflict c
       WHERE c.type = 'SHARED_VALUE' AND c.kind = g.kind AND c.value = g.value
         AND (c.status = 'OPEN' OR (c.personal_ids @> g.personal_ids AND c.personal_ids <@ g.personal_ids))
     )
     ORDER BY g.kind, g.value
     ON CONFLICT DO NOTHING
     RETURNING id`,
  );
  const multiple = await db.query<{ id: number }>(
    `INSERT INTO core.identity_conflict (type, kind, value, personal_ids, claimed_values, detected_at, status)
     SELECT 'MULTIPLE_VALUES', g.kind, NULL, ARRAY[g.personal_id], g.claimed_values, now(), 'OPEN'
     FROM (
       SELECT l.kind, l.personal_id::text AS personal_id, array_agg(l.value::text ORDER BY l.value) AS claimed_values
       FROM core.legacy_identifier l
       WHERE l.superseded_at IS NULL AND l.kind IN ${ONE_PER_CITIZEN_SQL}
       GROUP BY l.kind, l.personal_id
       HAVING count(DISTINCT ${baseSql('l')}) > 1
     ) g
     WHERE NOT EXISTS (
       SELECT 1 FROM core.identity_conflict c
       WHERE c.type = 'MULTIPLE_VALUES' AND c.kind = g.kind
         AND c.personal_ids @> ARRAY[g.personal_id] AND c.personal_ids[1] = g.personal_id
         AND (c.status = 'OPEN' OR (c.claimed_values @> g.claimed_values AND c.claimed_values <@ g.claimed_values))
     )
     ORDER BY g.kind, g.personal_id
     ON CONFLICT DO NOTHING
     RETURNING id`,
  );
  return { sharedValue: shared.length, multipleValues: multiple.length };
}

export interface ConflictCount {
  type: ConflictTypeValue;
  kind: LegacyKindValue;
  status: ConflictStatusValue;
  count: number;
}

/** Conflicts per type, kind and status. */
export function conflictCounts(db: Pick<Database, 'query'>): Promise<ConflictCount[]> {
  return db.query<ConflictCount>(
    `SELECT type::text AS type, kind::text AS kind, status::text AS status, count(*)::int AS count
     FROM core.identity_conflict GROUP BY type, kind, status ORDER BY type, kind, status`,
  );
}

export interface QueuedConflict {
  /** The global ID the resolveIdentityConflict mutation takes. */
  id: string;
  type: ConflictTypeValue;
  kind: LegacyKindValue;
  detectedAt: string;
  /** Current (not superseded) claims. */
  claims: number;
  /** Personal data: only when asked for (`--show-values`). */
  value?: string | null;
  personalIds?: string[];
  claimedValues?: string[] | null;
}

/** The first `limit` OPEN conflicts, oldest detection first (the queue order of `identityConflicts`). */
export async function openConflicts(
  db: Pick<Database, 'query'>,
  limit: number,
  options: { withValues?: boolean } = {},
): Promise<QueuedConflict[]> {
  const rows = await db.query<{
    id: number;
    type: ConflictTypeValue;
    kind: LegacyKindValue;
    detectedAt: string;
    claims: number;
    value: string | null;
    personalIds: string[];
    claimedValues: string[] | null;
  }>(
    `SELECT c.id, c.type::text AS type, c.kind::text AS kind, ${isoInstant('c.detected_at')} AS "detectedAt",
       (SELECT count(*)::int FROM core.legacy_identifier l
        WHERE l.kind = c.kind AND l.superseded_at IS NULL
          AND CASE WHEN c.type = 'SHARED_VALUE' THEN l.value = c.value
                   ELSE l.personal_id = c.personal_ids[1]::char(12) END) AS claims,
       c.value, c.personal_ids AS "personalIds", c.claimed_values AS "claimedValues"
     FROM core.identity_conflict c
     WHERE c.status = 'OPEN'
     ORDER BY c.detected_at, c.id
     LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    id: toGlobalId('IdentityConflict', row.id),
    type: row.type,
    kind: row.kind,
    detectedAt: row.detectedAt,
    claims: row.claims,
    ...(options.withValues === true
      ? { value: row.value, personalIds: row.personalIds, claimedValues: row.claimedValues }
      : {}),
  }));
}
