/** The access log's database access: the only code of this module that runs SQL (reads through src/audit/store.ts). */
import {
  readCitizenAccessLog,
  readClientAccessLog,
  type AccessLogPage,
  type AccessLogPageRequest,
} from '../../audit/store.ts';
import {
  readSecurityEvents,
  type SecurityEventsFilter,
  type SecurityEventsPage,
  type SecurityEventsPageRequest,
} from '../../audit/security-events.ts';
import type { Database } from '../../db/database.ts';

export function createAuditLoaders(db: Database) {
  return {
    /**
     * The personal IDs whose records make up a citizen's log: the citizen's current ID (the given one, or the one it
     * was re-issued as) and every previous ID of it. One statement.
     */
    async identityGroup(personalId: string): Promise<string[]> {
      const rows = await db.query<{ ids: string[] }>(
        `WITH current_id AS (
           SELECT COALESCE(
             (SELECT personal_id FROM core.previous_personal_id WHERE previous_id = $1::bpchar), $1::bpchar) AS id
         )
         SELECT array_prepend(c.id::text, COALESCE(
           (SELECT array_agg(p.previous_id::text ORDER BY p.previous_id)
            FROM core.previous_personal_id p WHERE p.personal_id = c.id), '{}')) AS ids
         FROM current_id c`,
        [personalId],
      );
      return rows[0]?.ids ?? [personalId];
    },
    /** Records of any of `personalIds`, newest first. One statement. */
    citizenLog: (personalIds: readonly string[], request: AccessLogPageRequest): Promise<AccessLogPage> =>
      readCitizenAccessLog(db, personalIds, request),
    /** Records of one client, newest first. One statement. */
    clientLog: (clientSub: string, request: AccessLogPageRequest): Promise<AccessLogPage> =>
      readClientAccessLog(db, clientSub, request),
    /** Security events (probes, refused requests), newest first. One statement. */
    securityEvents: (filter: SecurityEventsFilter, request: SecurityEventsPageRequest): Promise<SecurityEventsPage> =>
      readSecurityEvents(db, filter, request),
  };
}

export type AuditLoaders = ReturnType<typeof createAuditLoaders>;
