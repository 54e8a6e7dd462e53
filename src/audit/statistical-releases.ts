/**
 * Statistical releases (docs/ARCHITECTURE.md §6, §15): every request that released indicators leaves one record in
 * audit.statistical_release — who (client `sub`, `org`, acting user), which indicators, when, the request ID. No
 * citizen is concerned (the cells are aggregates under disclosure control), so it is not part of the access log's
 * hash chain. The indicators resolver notes what it releases (src/lib/statistical-release.ts); the audit plugin
 * writes the record before the response is sent and fails the request closed when it cannot (src/audit/plugin.ts).
 */
import type { Database } from '../db/database.ts';

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
