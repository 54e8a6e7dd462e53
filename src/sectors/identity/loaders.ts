/**
 * Reads of identity reconciliation; the conflict resolution's SQL is in writes.ts, the batch detection's in
 * maintenance.ts.
 */
import type { Database } from '../../db/database.ts';
import { createGroupLoader, createRowLoader } from '../../lib/batch.ts';
import { createPageLoader, keyset, pageParams, type PagedRow } from '../../lib/connection.ts';
import { isoInstant } from '../../lib/sql.ts';
import { baseSql, ONE_PER_CITIZEN_SQL } from './formats.ts';
import type {
  ConflictStatusValue,
  ConflictTypeValue,
  IdentityClaimModel,
  IdentityConflictModel,
  LegacyIdentifierModel,
  LegacyKindValue,
} from './mappers.ts';

/** Key of a legacy value in the loaders: `KIND:value` (values are digits, kinds have no colon). */
export function legacyKey(kind: LegacyKindValue, value: string): string {
  return `${kind}:${value}`;
}

function splitKeys(keys: readonly string[]): [string[], string[]] {
  const kinds: string[] = [];
  const values: string[] = [];
  for (const key of keys) {
    const at = key.indexOf(':');
    kinds.push(key.slice(0, at));
    values.push(key.slice(at + 1));
  }
  return [kinds, values];
}

/**
 * Columns of an IdentityConflictModel from core.identity_conflict aliased `c`, with its @personal subjects: the
 * citizens recorded at detection (under their current IDs if re-issued since) and, for SHARED_VALUE, every citizen
 * recorded with the value now (superseded claims included, like `claims`).
 */
export const CONFLICT_COLUMNS = `c.id, c.type::text AS type, c.kind::text AS kind, c.status::text AS status,
  ${isoInstant('c.detected_at')} AS "detectedAt", ${isoInstant('c.resolved_at')} AS "resolvedAt",
  c.resolved_by AS "resolvedByClient", c.resolved_by_org AS "resolvedByOrganisation",
  c.resolved_by_user AS "resolvedByUser", c.resolution,
  ARRAY(SELECT coalesce(pp.personal_id, x.id::char(12))::text
          FROM unnest(c.personal_ids) AS x(id) LEFT JOIN core.previous_personal_id pp ON pp.previous_id = x.id::char(12)
        UNION
        SELECT l.personal_id::text FROM core.legacy_identifier l WHERE l.kind = c.kind AND l.value = c.value
        ORDER BY 1) AS "claimantPersonalIds"`;

export interface ConflictFilter {
  status: ConflictStatusValue | null;
  kind: LegacyKindValue | null;
  type: ConflictTypeValue | null;
}

export function createIdentityLoaders(db: Database) {
  return {
    /** Conflicts by id (as a string; Query.node). */
    conflictById: createRowLoader<IdentityConflictModel>(
      (ids) =>
        db.query(`SELECT ${CONFLICT_COLUMNS} FROM core.identity_conflict c WHERE c.id = ANY($1::int[])`, [
          ids.map(Number),
        ]),
      (row) => String(row.id),
    ),

    /** Current claimants (not superseded) of legacy values, by `KIND:value`, ordered by personal ID. */
    claimantsByValue: createGroupLoader<{ key: string; personalId: string }>(
      (keys) => {
        const [kinds, values] = splitKeys(keys);
        return db.query(
          `SELECT k.kind || ':' || k.value AS key, l.personal_id AS "personalId"
           FROM unnest($1::text[], $2::text[]) AS k(kind, value)
           JOIN core.legacy_identifier l ON l.kind = k.kind::core."LegacyIdentifierKind" AND l.value = k.value
           WHERE l.superseded_at IS NULL
           ORDER BY l.personal_id`,
          [kinds, values],
        );
      },
      (row) => row.key,
    ),

    /**
     * Current citizens of personal IDs: the ID itself when it is current, and the end of its re-issue chain when it
     * was cancelled (previous → current, followed for chained re-issues). Both at once would be a registry error:
     * both are returned, and the resolution reports a conflict.
     */
    citizensByPersonalId: createGroupLoader<{ value: string; personalId: string; reissued: boolean }>(
      (ids) =>
        db.query(
          `WITH RECURSIVE chain (start, id, depth) AS (
             SELECT k::char(12), k::char(12), 0 FROM unnest($1::text[]) AS k
             UNION ALL
             SELECT chain.start, p.personal_id::char(12), chain.depth + 1
             FROM chain JOIN core.previous_personal_id p ON p.previous_id = chain.id
             WHERE chain.depth < 16
           )
           SELECT chain.start::text AS value, c.personal_id AS "personalId", bool_or(chain.depth > 0) AS reissued
           FROM chain JOIN core.citizen c ON c.personal_id = chain.id
           GROUP BY chain.start, c.personal_id
           ORDER BY c.personal_id`,
          [ids],
        ),
      (row) => row.value,
    ),

    /**
     * Legacy identifiers of citizens by kind and value, superseded ones included. `conflicted`: another citizen
     * claims the same value now, or the citizen holds another value of a kind allowed once.
     */
    legacyByPersonalId: createGroupLoader<LegacyIdentifierModel>(
      (ids) =>
        db.query(
          `SELECT l.personal_id AS "personalId", l.kind::text AS kind, l.value,
             ${isoInstant('l.superseded_at')} AS "supersededAt",
             (l.superseded_at IS NULL AND (
               EXISTS (SELECT 1 FROM core.legacy_identifier o
                       WHERE o.kind = l.kind AND o.value = l.value AND o.personal_id <> l.personal_id
                         AND o.superseded_at IS NULL)
               OR (l.kind IN ${ONE_PER_CITIZEN_SQL} AND EXISTS (
                     SELECT 1 FROM core.legacy_identifier o
                     WHERE o.personal_id = l.personal_id AND o.kind = l.kind AND o.superseded_at IS NULL
                       AND ${baseSql('o')} <> ${baseSql('l')}))
             )) AS conflicted
           FROM core.legacy_identifier l
           WHERE l.personal_id = ANY($1)
           ORDER BY l.personal_id, l.kind, l.value`,
          [ids],
        ),
      (row) => row.personalId,
    ),

    /** The OPEN SHARED_VALUE conflict of legacy values, by `KIND:value`. */
    openConflictByValue: createRowLoader<IdentityConflictModel & { key: string }>(
      (keys) => {
        const [kinds, values] = splitKeys(keys);
        return db.query(
          `SELECT k.kind || ':' || k.value AS key, ${CONFLICT_COLUMNS}
           FROM unnest($1::text[], $2::text[]) AS k(kind, value)
           JOIN core.identity_conflict c ON c.kind = k.kind::core."LegacyIdentifierKind" AND c.value = k.value
           WHERE c.type = 'SHARED_VALUE' AND c.status = 'OPEN'`,
          [kinds, values],
        );
      },
      (row) => row.key,
    ),

    /**
     * Claims of conflicts (id as text), as they are now: SHARED_VALUE, the rows of the value; MULTIPLE_VALUES, the
     * citizen's rows of the kind (the citizen's current ID if it was re-issued since detection).
     */
    claimsByConflict: createGroupLoader<IdentityClaimModel>(
      (ids) =>
        db.query(
          `WITH c AS (SELECT id, type, kind, value, personal_ids FROM core.identity_conflict WHERE id = ANY($1::int[]))
           SELECT c.id::text AS "conflictId", l.personal_id AS "personalId", l.value,
             ${isoInstant('l.superseded_at')} AS "supersededAt"
           FROM c JOIN core.legacy_identifier l ON l.kind = c.kind AND l.value = c.value
           WHERE c.type = 'SHARED_VALUE'
           UNION ALL
           SELECT c.id::text, l.personal_id, l.value, ${isoInstant('l.superseded_at')}
           FROM c
           CROSS JOIN LATERAL (
             SELECT coalesce(
               (SELECT p.personal_id FROM core.previous_personal_id p WHERE p.previous_id = c.personal_ids[1]::char(12)),
               c.personal_ids[1]::char(12)) AS personal_id
           ) holder
           JOIN core.legacy_identifier l ON l.kind = c.kind AND l.personal_id = holder.personal_id
           WHERE c.type = 'MULTIPLE_VALUES'
           ORDER BY 1, 2, 3`,
          [ids],
        ),
      (row) => row.conflictId,
    ),

    /**
     * Pages of conflicts, oldest detection first (a work queue). A root list: its one parent key is '' (a page
     * loader all the same, for the shared cursor handling).
     */
    conflictPages: createPageLoader<IdentityConflictModel & PagedRow, ConflictFilter>((_keys, page, filter) => {
      const slice = keyset({
        backward: page.backward,
        listOrder: 'ASC',
        columns: ['c.detected_at', 'c.id'],
        position: ['$4::timestamptz', '$5::int'],
        guard: '$4::text IS NULL',
      });
      return db.query(
        `SELECT '' AS "parentKey", ${isoInstant('c.detected_at')} AS "sortKey", c.id AS "rowId", ${CONFLICT_COLUMNS}
         FROM core.identity_conflict c
         WHERE ($1::text IS NULL OR c.status = $1::text::core."ConflictStatus")
           AND ($2::text IS NULL OR c.kind = $2::text::core."LegacyIdentifierKind")
           AND ($3::text IS NULL OR c.type = $3::text::core."IdentityConflictType")
           AND ${slice.condition}
         ORDER BY ${slice.orderBy} LIMIT $6`,
        [filter.status, filter.kind, filter.type, ...pageParams(page)],
      );
    }),
  };
}

export type IdentityLoaders = ReturnType<typeof createIdentityLoaders>;
