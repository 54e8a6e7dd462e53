/**
 * The audit store: the write side (`createAuditLog`, group commit onto the hash chain, see writer.ts) and the read
 * side the access-log queries use (docs/ARCHITECTURE.md §6: a citizen reads their own log, an auditor any citizen's or
 * any client's). Records are ordered by time, then writer, then seq: (at, writer_id, seq) is unique and stable, so
 * reads page by keyset on it, newest first. Each writer chain is in commit order, but writers (replicas) append
 * independently, so there is no global commit order: a record committed late with an earlier `at` (a slow request,
 * a replica's clock behind) can appear behind a page already read. A time range filters on `at`.
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
  /** Continue after this record (the position of the last record of the previous page), newest first. */
  after?: AccessLogPosition | null;
  /**
   * Read from the oldest end instead (a Relay `last`/`before` page): `first` records newer than `after` (then the
   * `before` cursor's record), oldest first; the caller re-reverses them into newest-first order.
   */
  backward?: boolean;
  /** Records with `at` >= since. */
  since?: Date | null;
  /** Records with `at` < until. */
  until?: Date | null;
}

/** A record's place in the order readers see: time, then writer, then seq. */
export interface AccessLogPosition {
  /** ISO 8601 UTC with milliseconds, as stored. */
  at: string;
  writerId: string;
  seq: string;
}

export function positionOf(record: ChainedRecord): AccessLogPosition {
  return { at: record.at, writerId: record.writerId ?? '0', seq: record.seq };
}

export interface AccessLogPage {
  /** Newest first ((at, writer, seq) descending); for a backward request oldest first (nearest `after` first). */
  records: ChainedRecord[];
  /** Whether more records exist in the reading direction (beyond the page: older, or newer when backward). */
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

type PageParams = [string | null, string | null, string | null, string | null, string | null, number];

function pageParams(request: AccessLogPageRequest): PageParams {
  const { first, after, since, until } = request;
  if (!Number.isInteger(first) || first < 0 || first > MAX_ACCESS_LOG_PAGE) {
    throw new InvalidAccessLogRequestError(
      `"first" must be between 0 and ${MAX_ACCESS_LOG_PAGE}, got ${first}`,
      'first',
    );
  }
  if (
    after != null &&
    (!/^[1-9]\d{0,18}$/.test(after.seq) ||
      !/^\d{1,10}$/.test(after.writerId) ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(after.at) ||
      Number.isNaN(new Date(after.at).getTime()))
  ) {
    throw new InvalidAccessLogRequestError('"after" is not a position in the access log', 'after');
  }
  const instant = (value: Date | null | undefined, name: 'since' | 'until'): string | null => {
    if (value == null) return null;
    if (Number.isNaN(value.getTime())) throw new InvalidAccessLogRequestError(`"${name}" is not a valid instant`, name);
    return value.toISOString();
  };
  return [
    after?.at ?? null,
    after?.writerId ?? null,
    after?.seq ?? null,
    instant(since, 'since'),
    instant(until, 'until'),
    first + 1,
  ];
}

function toPage(rows: ChainedRecord[], first: number): AccessLogPage {
  return { records: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Parameters $2..$6 of a page: after (at, writer, seq), since, until; $7 is the limit. */
const pageFilter = (request: AccessLogPageRequest) => `($2::timestamptz IS NULL OR (r.at, r.writer_id, r.seq) ${
  request.backward === true ? '>' : '<'
} ($2::timestamptz, $3::int, $4::bigint))
  AND ($5::timestamptz IS NULL OR r.at >= $5::timestamptz)
  AND ($6::timestamptz IS NULL OR r.at < $6::timestamptz)`;

const NEWEST_FIRST = 'r.at DESC, r.writer_id DESC, r.seq DESC';
const OLDEST_FIRST = 'r.at ASC, r.writer_id ASC, r.seq ASC';
/** The reading order of a request: newest first, or oldest first for a backward page. */
const readingOrder = (request: AccessLogPageRequest) => (request.backward === true ? OLDEST_FIRST : NEWEST_FIRST);

/**
 * A citizen's access log: the records of any of `personalIds` (pass the citizen's current and previous personal IDs
 * so the log survives a re-issued ID), newest first. One statement.
 */
export async function readCitizenAccessLog(
  db: Queryable,
  personalIds: readonly string[],
  request: AccessLogPageRequest,
): Promise<AccessLogPage> {
  const params = pageParams(request);
  if (personalIds.length === 0) return { records: [], hasNextPage: false };
  const rows = await db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM audit.access_record r
     WHERE r.personal_id = ANY($1::bpchar[]) AND ${pageFilter(request)}
     ORDER BY ${readingOrder(request)} LIMIT $7`,
    [personalIds, ...params],
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
  const params = pageParams(request);
  const pages = new Map<string, AccessLogPage>(personalIds.map((id) => [id, { records: [], hasNextPage: false }]));
  if (personalIds.length === 0) return pages;
  const rows = await db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM (
       SELECT r.*, row_number() OVER (PARTITION BY r.personal_id ORDER BY ${readingOrder(request)}) AS rn__
       FROM audit.access_record r
       WHERE r.personal_id = ANY($1::bpchar[]) AND ${pageFilter(request)}
     ) r WHERE rn__ <= $7 ORDER BY r.personal_id, ${readingOrder(request)}`,
    [[...new Set(personalIds)], ...params],
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
  const params = pageParams(request);
  const rows = await db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM audit.access_record r
     WHERE r.client_sub = $1 AND ${pageFilter(request)}
     ORDER BY ${readingOrder(request)} LIMIT $7`,
    [clientSub, ...params],
  );
  return toPage(rows, request.first);
}

/** One record by its position in a writer's chain (null when absent or archived). */
export async function readAccessRecord(db: Queryable, writerId: string, seq: string): Promise<ChainedRecord | null> {
  if (!/^[1-9]\d{0,18}$/.test(seq) || !/^\d{1,10}$/.test(writerId)) return null;
  const rows = await db.query<ChainedRecord>(
    `SELECT ${RECORD_COLUMNS} FROM audit.access_record WHERE writer_id = $1::int AND seq = $2::bigint`,
    [writerId, seq],
  );
  return rows[0] ?? null;
}

/** The head of a writer's chain (null when the writer has none). */
export async function readChainHead(db: Queryable, writerId: string): Promise<{ seq: string; hash: string } | null> {
  const rows = await db.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit.chain_head WHERE writer_id = $1::int',
    [writerId],
  );
  return rows[0] ?? null;
}
