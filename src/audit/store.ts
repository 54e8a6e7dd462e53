/**
 * The audit store: the write side (`createAuditLog`, group commit onto the hash chain, see writer.ts) and the read
 * side the access-log queries use (docs/ARCHITECTURE.md §6: a citizen reads their own log, an auditor any citizen's or
 * any client's). Reads page by keyset on `seq`, newest first: `seq` is the commit order, unique and stable, so a page
 * never skips or repeats a record while new ones are appended. A time range filters on `at`.
 */
import type { Database } from '../db/database.ts';
import { RECORD_COLUMNS, type ChainedRecord } from './chain.ts';

export { createAuditLog, AuditUnavailableError, type AuditLog, type AuditLogOptions } from './writer.ts';
export {
  ACCESS_OUTCOMES,
  DENIED_FIELD_PREFIX,
  InvalidAccessRecordError,
  type AccessOutcome,
  type AccessRecordInput,
  type ChainedRecord,
} from './chain.ts';

export type Queryable = Pick<Database, 'query'>;

export const MAX_ACCESS_LOG_PAGE = 100;

export interface AccessLogPageRequest {
  /** Records wanted, 0..MAX_ACCESS_LOG_PAGE. */
  first: number;
  /** Continue after this record (the `seq` of the last record of the previous page), newest first. */
  afterSeq?: string | null;
  /** Records with `at` >= since. */
  since?: Date | null;
  /** Records with `at` < until. */
  until?: Date | null;
}

export interface AccessLogPage {
  /** Newest first (seq descending). */
  records: ChainedRecord[];
  hasNextPage: boolean;
}

/** A page request the store refuses (the GraphQL layer reports it as BAD_USER_INPUT naming `argument`). */
export class InvalidAccessLogRequestError extends RangeError {
  override name = 'InvalidAccessLogRequestError';
  constructor(
    message: string,
    readonly argument: 'first' | 'after' | 'since' | 'until',
  ) {
    super(message);
  }
}

export function pageParams(request: AccessLogPageRequest): [string | null, string | null, string | null, number] {
  const { first, afterSeq, since, until } = request;
  if (!Number.isInteger(first) || first < 0 || first > MAX_ACCESS_LOG_PAGE) {
    throw new InvalidAccessLogRequestError(
      `"first" must be between 0 and ${MAX_ACCESS_LOG_PAGE}, got ${first}`,
      'first',
    );
  }
  if (afterSeq != null && !/^[1-9]\d{0,18}$/.test(afterSeq)) {
    throw new InvalidAccessLogRequestError('"after" is not a position in the access log', 'after');
  }
  const instant = (value: Date | null | undefined, name: 'since' | 'until'): string | null => {
    if (value == null) return null;
    if (Number.isNaN(value.getTime())) throw new InvalidAccessLogRequestError(`"${name}" is not a valid instant`, name);
    return value.toISOString();
  };
  return [afterSeq ?? null, instant(since, 'since'), instant(until, 'until'), first + 1];
}

function toPage(rows: ChainedRecord[], first: number): AccessLogPage {
  return { records: rows.slice(0, first), hasNextPage: rows.length > first };
}

const PAGE_FILTER = `($2::bigint IS NULL OR seq < $2::bigint)
  AND ($3::timestamptz IS NULL OR at >= $3::timestamptz)
  AND ($4::timestamptz IS NULL OR at < $4::timestamptz)`;

/**
 * A citizen's access log: the records of any of `personalIds` (pass the citizen's current and previous personal IDs
 * so the log survives a re-issued ID), newest first. One statement.
 */
export async function readCitizenAccessLog(
  db: Queryable,
  personalIds: readonly string[],
  request: AccessLogPageRequest,
): Promise<AccessLogPage> {
  const [after, since, until, limit] = pageParams(request);
  if (personalIds.length === 0) return { records: [], hasNextPage: false };
  const rows = await db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM audit.access_record r
     WHERE personal_id = ANY($1::bpchar[]) AND ${PAGE_FILTER}
     ORDER BY r.seq DESC LIMIT $5`,
    [personalIds, after, since, until, limit],
  );
  return toPage(rows, request.first);
}

/**
 * The access logs of many citizens at once (a list of citizens each showing its log): one statement for all of
 * them, each citizen's page cut with row_number(). Keys are single personal IDs; the result has an entry per key.
 */
export async function readCitizenAccessLogs(
  db: Queryable,
  personalIds: readonly string[],
  request: AccessLogPageRequest,
): Promise<Map<string, AccessLogPage>> {
  const [after, since, until, limit] = pageParams(request);
  const pages = new Map<string, AccessLogPage>(personalIds.map((id) => [id, { records: [], hasNextPage: false }]));
  if (personalIds.length === 0) return pages;
  const rows = await db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM (
       SELECT r.*, row_number() OVER (PARTITION BY r.personal_id ORDER BY r.seq DESC) AS rn__
       FROM audit.access_record r
       WHERE r.personal_id = ANY($1::bpchar[]) AND ${PAGE_FILTER}
     ) paged WHERE rn__ <= $5 ORDER BY paged.personal_id, paged.seq DESC`,
    [[...new Set(personalIds)], after, since, until, limit],
  );
  const byCitizen = new Map<string, ChainedRecord[]>();
  for (const row of rows) {
    const list = byCitizen.get(row.personalId);
    if (list === undefined) byCitizen.set(row.personalId, [row]);
    else list.push(row);
  }
  for (const [id, list] of byCitizen) pages.set(id, toPage(list, request.first));
  return pages;
}

/** What one client (`sub`) read, newest first. One statement. */
export async function readClientAccessLog(
  db: Queryable,
  clientSub: string,
  request: AccessLogPageRequest,
): Promise<AccessLogPage> {
  const [after, since, until, limit] = pageParams(request);
  const rows = await db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM audit.access_record r
     WHERE client_sub = $1 AND ${PAGE_FILTER}
     ORDER BY r.seq DESC LIMIT $5`,
    [clientSub, after, since, until, limit],
  );
  return toPage(rows, request.first);
}

/** One record by its position in the chain (null when absent or archived). */
export async function readAccessRecord(db: Queryable, seq: string): Promise<ChainedRecord | null> {
  if (!/^[1-9]\d{0,18}$/.test(seq)) return null;
  const rows = await db.query<ChainedRecord>(`SELECT ${RECORD_COLUMNS} FROM audit.access_record WHERE seq = $1`, [seq]);
  return rows[0] ?? null;
}

/** The chain head (null before the first record). */
export async function readChainHead(db: Queryable): Promise<{ seq: string; hash: string } | null> {
  const rows = await db.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit.chain_head WHERE id = 1',
  );
  return rows[0] ?? null;
}
