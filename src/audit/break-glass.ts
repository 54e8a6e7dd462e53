/**
 * The break-glass reviews (docs/ARCHITECTURE.md §6, table audit.break_glass_review): one row per break-glass request
 * (X-Break-Glass, admitted by src/http/break-glass.ts), written by the audit plugin when the request's records are
 * written, just before them, so even a request that read nothing personal leaves a row (its patients list is empty).
 * The row is written first: if it fails, nothing is appended and the response is withheld (503 AUDIT_UNAVAILABLE);
 * if the append fails after it, the row stays for a request whose data was withheld, which only over-reports.
 *
 * An auditor decides each row once (`reviewBreakGlass`): PENDING becomes APPROVED or REJECTED in one statement that
 * only matches a PENDING row, so two auditors deciding at once cannot both succeed. The decision is itself audited:
 * its payload names the patients concerned, so the mutation's access records (written in its transaction,
 * src/audit/mutation-audit.ts) put it in each patient's log and in the hash chain.
 */
import type { DatabaseTransaction } from '../db/database.ts';
import { MAX_ACCESS_LOG_PAGE, InvalidAccessLogRequestError, type Queryable } from './store.ts';

export const BREAK_GLASS_REVIEW_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type BreakGlassReviewStatus = (typeof BREAK_GLASS_REVIEW_STATUSES)[number];

/** A review row as stored; `patientPersonalIds` are the @personal subjects (schema/audit.graphql). */
export interface BreakGlassReviewRow {
  /** A 64-bit integer as a string. */
  id: string;
  /** ISO 8601 UTC with milliseconds (plain data: a mutation's payload is stored as JSON for idempotent retries). */
  at: string;
  requestId: string;
  clientSub: string;
  clientOrg: string | null;
  actingUser: string | null;
  reason: string;
  patientPersonalIds: string[];
  status: BreakGlassReviewStatus;
  reviewerSub: string | null;
  reviewerUser: string | null;
  note: string | null;
  reviewedAt: string | null;
}

export interface NewBreakGlassReview {
  at: Date;
  requestId: string;
  clientSub: string;
  clientOrg: string | null;
  actingUser: string | null;
  reason: string;
  patientPersonalIds: readonly string[];
}

/** Where the audit plugin records a break-glass request. */
export interface BreakGlassReviews {
  record(review: NewBreakGlassReview): Promise<void>;
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const REVIEW_COLUMNS = `id::text AS id, ${ISO('at')} AS at, request_id AS "requestId", client_sub AS "clientSub",
  client_org AS "clientOrg", acting_user AS "actingUser", reason,
  COALESCE(patient_personal_ids, '{}') AS "patientPersonalIds", status::text AS status,
  reviewer_sub AS "reviewerSub", reviewer_user AS "reviewerUser", note, ${ISO('reviewed_at')} AS "reviewedAt"`;

export function createBreakGlassReviews(db: Queryable): BreakGlassReviews {
  return {
    async record(review) {
      await db.query(
        `INSERT INTO audit.break_glass_review (at, request_id, client_sub, client_org, acting_user, reason,
           patient_personal_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text[])`,
        [
          review.at.toISOString(),
          review.requestId,
          review.clientSub,
          review.clientOrg,
          review.actingUser,
          review.reason,
          [...new Set(review.patientPersonalIds)].sort(),
        ],
      );
    },
  };
}

export interface BreakGlassReviewPageRequest {
  /** 0..MAX_ACCESS_LOG_PAGE. */
  first: number;
  afterId?: string | null;
  /** Read from the oldest end (a Relay `last`/`before` page), oldest first. */
  backward?: boolean;
}

/** Reviews, newest first, keyset-paged on `id`, optionally of one status. One statement. */
export async function readBreakGlassReviews(
  db: Queryable,
  status: BreakGlassReviewStatus | null,
  request: BreakGlassReviewPageRequest,
): Promise<{ records: BreakGlassReviewRow[]; hasNextPage: boolean }> {
  const { first, afterId } = request;
  if (!Number.isInteger(first) || first < 0 || first > MAX_ACCESS_LOG_PAGE) {
    throw new InvalidAccessLogRequestError(
      `"first" must be between 0 and ${MAX_ACCESS_LOG_PAGE}, got ${first}`,
      'first',
    );
  }
  if (afterId != null && !/^[1-9]\d{0,18}$/.test(afterId)) {
    throw new InvalidAccessLogRequestError('"after" is not a position in the break-glass reviews', 'after');
  }
  const backward = request.backward === true;
  const rows = await db.query<BreakGlassReviewRow>(
    `SELECT ${REVIEW_COLUMNS} FROM audit.break_glass_review
     WHERE ($1::bigint IS NULL OR id ${backward ? '>' : '<'} $1::bigint)
       AND ($2::text IS NULL OR status = $2::audit."BreakGlassReviewStatus")
     ORDER BY id ${backward ? 'ASC' : 'DESC'} LIMIT $3`,
    [afterId ?? null, status, first + 1],
  );
  return { records: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** One review by id, locked for the decision (null when there is none). */
export async function lockBreakGlassReview(tx: DatabaseTransaction, id: string): Promise<BreakGlassReviewRow | null> {
  if (!/^[1-9]\d{0,18}$/.test(id)) return null;
  const rows = await tx.query<BreakGlassReviewRow>(
    `SELECT ${REVIEW_COLUMNS} FROM audit.break_glass_review WHERE id = $1::bigint FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

/** Decides a PENDING review; null when it is not PENDING any more (decided by someone else first). */
export async function decideBreakGlassReview(
  tx: DatabaseTransaction,
  id: string,
  decision: {
    verdict: Exclude<BreakGlassReviewStatus, 'PENDING'>;
    reviewerSub: string;
    reviewerUser: string | null;
    note: string | null;
  },
): Promise<BreakGlassReviewRow | null> {
  const rows = await tx.query<BreakGlassReviewRow>(
    `UPDATE audit.break_glass_review
     SET status = $2::text::audit."BreakGlassReviewStatus", reviewer_sub = $3, reviewer_user = $4, note = $5,
         reviewed_at = now()
     WHERE id = $1::bigint AND status = 'PENDING'
     RETURNING ${REVIEW_COLUMNS}`,
    [id, decision.verdict, decision.reviewerSub, decision.reviewerUser, decision.note],
  );
  return rows[0] ?? null;
}
