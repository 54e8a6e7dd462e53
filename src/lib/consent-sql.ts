/**
 * The consent rule in SQL (docs/ARCHITECTURE.md §5): the predicate a loader composes into the statement that reads
 * rows guarded by `@requiresConsent(category:)`, so rows without consent are left out by the database, before keyset
 * paging (pages stay full, cursors stable), in the same statement for every parent of the batch (no statement per
 * row), and from the consent table as it is at that statement (a revocation or an expiry holds from the next
 * statement on every replica: nothing is cached).
 *
 * A row is visible when the rule is unrestricted (a token bound to the citizen, `pid`, already reads only its own
 * rows; a break-glass request reads as if consent existed), or the row belongs to the caller's own facility
 * (`facility_code` = the token's `org`: the Law on Medical Examination and Treatment 2023 makes the facility that
 * treats the patient keep and use its own record), or an ACTIVE consent of the row's citizen names the caller's
 * organisation, the field's data category and the request's purpose. A caller without `org` or without a purpose
 * matches no consent (fail closed).
 */

/** What the consent rule lets one request read, decided once per request (src/authz/consent.ts). */
export type ConsentRule =
  | { readonly kind: 'unrestricted'; readonly why: 'own-data' | 'break-glass' }
  | { readonly kind: 'consent'; readonly organisation: string | null; readonly purpose: string | null };

/** The rule's four parameters for one data category: [restricted, organisation, category, purpose]. */
export type ConsentParams = [boolean, string | null, string, string | null];

export function consentParams(rule: ConsentRule, category: string): ConsentParams {
  return rule.kind === 'unrestricted'
    ? [false, null, category, null]
    : [true, rule.organisation, category, rule.purpose];
}

/**
 * SQL true for a visible row. `personalColumn`: the row's citizen; `facilityColumn`: the facility the row belongs to
 * (null for rows of no facility, e.g. the health summary: always under consent); `firstParam`: the number of the
 * first of the four parameters of consentParams.
 */
export function consentCondition(options: {
  personalColumn: string;
  facilityColumn: string | null;
  firstParam: number;
}): string {
  const n = options.firstParam;
  const [restricted, organisation, category, purpose] = [
    `$${n}::boolean`,
    `$${n + 1}::text`,
    `$${n + 2}::text`,
    `$${n + 3}::text`,
  ];
  const ownFacility = options.facilityColumn === null ? '' : ` OR ${options.facilityColumn}::text = ${organisation}`;
  return `(NOT ${restricted}${ownFacility} OR EXISTS (
      SELECT 1 FROM core.consent c
      WHERE c.personal_id = ${options.personalColumn} AND c.organisation = ${organisation}
        AND ${category} = ANY(c.categories) AND ${purpose} = ANY(c.purposes)
        AND c.revoked_at IS NULL AND c.valid_until > now()))`;
}

/** SQL of the status of the consent row aliased `alias` (ConsentStatus: derived, never stored). */
export function consentStatusSql(alias: string): string {
  return `CASE WHEN ${alias}.revoked_at IS NOT NULL THEN 'REVOKED'
    WHEN ${alias}.valid_until <= now() THEN 'EXPIRED' ELSE 'ACTIVE' END`;
}
