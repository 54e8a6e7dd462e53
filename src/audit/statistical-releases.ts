/**
 * Statistical releases (docs/ARCHITECTURE.md §6, §15): every request that released indicators leaves one record in
 * audit.statistical_release — who (client `sub`, `org`, acting user), which indicators, when, the request ID. No
 * citizen is concerned (the cells are aggregates under disclosure control), so it is not part of the access log's
 * hash chain. The indicators resolver notes what it releases (src/lib/statistical-release.ts); the audit plugin
 * writes the record before the response is sent and fails the request closed when it cannot (src/audit/plugin.ts).
 */
import type { Database } from '../db/database.ts';
import { isoInstant } from '../lib/sql.ts';

export interface StatisticalReleaseInput {
  requestId: string;
  clientSub: string;
  clientOrg: string | null;
  actingUser: string | null;
  indicatorIds: readonly string[];
}

export async function appendStatisticalRelease(db: Pick<Database, 'query'>, release: StatisticalReleaseInput) {
  await db.query(
    `INSERT INTO audit.statistical_release (request_id, client_sub, client_org, acting_user, indicator_ids)
     VALUES ($1, $2, $3, $4, $5::text[])`,
    [release.requestId, release.clientSub, release.clientOrg, release.actingUser, release.indicatorIds],
  );
}

export interface StatisticalReleaseRow {
  id: string;
  releasedAt: string;
  requestId: string;
  clientSub: string;
  clientOrg: string | null;
  actingUser: string | null;
  indicatorIds: string[];
}

/** Newest first, `first` rows with an id below `beforeId` (paging by id). */
export function listStatisticalReleases(
  db: Pick<Database, 'query'>,
  first: number,
  beforeId: string | null,
): Promise<StatisticalReleaseRow[]> {
  return db.query<StatisticalReleaseRow>(
    `SELECT id::text AS id, ${isoInstant('released_at')} AS "releasedAt", request_id AS "requestId",
       client_sub AS "clientSub", client_org AS "clientOrg", acting_user AS "actingUser", indicator_ids AS "indicatorIds"
     FROM audit.statistical_release WHERE ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $1`,
    [first, beforeId],
  );
}
