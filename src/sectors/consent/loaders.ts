/** Reads of core.consent (batched per request). */
import type { Database } from '../../db/database.ts';
import { consentStatusSql } from '../../lib/consent-sql.ts';
import { createPageLoader, pageParams, pagedSql, type PagedRow } from '../../lib/connection.ts';
import { isoInstant } from '../../lib/sql.ts';
import type { ConsentModel } from './mappers.ts';

/** The columns of a ConsentModel from core.consent aliased `t`. */
export const CONSENT_COLUMNS = `t.id, t.personal_id AS "personalId", t.organisation, t.categories, t.purposes,
  ${isoInstant('t.valid_until')} AS "validUntil", ${consentStatusSql('t')} AS status,
  ${isoInstant('t.created_at')} AS "createdAt", ${isoInstant('t.revoked_at')} AS "revokedAt"`;

export function createConsentLoaders(db: Database) {
  return {
    /** Consents of each personal ID, newest first (a citizen token's own only: pagedSql subjectColumn). */
    consentPages: createPageLoader<ConsentModel & PagedRow>((ids, page) =>
      db.query(
        pagedSql({
          backward: page.backward,
          from: 'core.consent t',
          select: `t.personal_id AS parent_key, t.personal_id AS "parentKey", ${isoInstant('t.created_at')} AS "sortKey",
            t.id AS "rowId", ${CONSENT_COLUMNS}`,
          parentColumn: 't.personal_id',
          sortColumn: 't.created_at',
          sortType: 'timestamptz',
          subjectColumn: 't.personal_id',
        }),
        [ids, ...pageParams(page), page.visibleTo],
      ),
    ),
  };
}
