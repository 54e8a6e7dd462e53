/**
 * Relay connections over keyset pagination. Lists are ordered by (sort value DESC, id DESC);
 * a cursor is base64url(JSON [sortValue, id]). Pages of many parents are fetched in one
 * statement with row_number() OVER (PARTITION BY parent), so a list of N parents costs one
 * query, not N.
 */
import DataLoader from 'dataloader';
import { recordBatch } from '../observability/metrics.ts';
import { badUserInput } from './errors.ts';

export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface PageRequest {
  /** Rows wanted (first). */
  limit: number;
  /** Keyset position after which to continue, or null for the first page. */
  after: [string, number] | null;
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export function pageRequest(args: PageArgs, defaultFirst: number): PageRequest {
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  return { limit: first, after: args.after == null ? null : decodeCursor(args.after) };
}

export function encodeCursor(sortValue: string, id: number): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isInteger(value[1])) {
      return [value[0], value[1] as number];
    }
  } catch {
    // fall through: any undecodable cursor is the same client error
  }
  throw invalidCursor();
}

function invalidCursor() {
  return badUserInput('"after" is not a cursor returned by this list', 'after');
}

/**
 * A well-formed cursor whose sort value does not parse as the list's sort type (a forged
 * cursor) fails in the database with an invalid-input SQLSTATE (class 22); that is the
 * client's error, not the server's.
 */
function isInvalidInputError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/** A row of a paged list: its parent key, its sort value (as text) and its id. */
export interface PagedRow {
  parentKey: string;
  sortKey: string;
  rowId: number;
}

/**
 * An edge whose cursor is encoded only if the client asks for it (most do not: a 360° view of 50 citizens has ~1 000
 * edges and selects no cursor; encoding them all was measurable garbage, BENCHMARKS.md).
 */
class RowEdge<Node> {
  constructor(
    private readonly sortKey: string,
    private readonly rowId: number,
    readonly node: Node,
  ) {}
  get cursor(): string {
    return encodeCursor(this.sortKey, this.rowId);
  }
}

export function toConnection<Row extends PagedRow, Node>(
  rows: readonly Row[],
  limit: number,
  toNode: (row: Row) => Node,
): Connection<Node> {
  const page = rows.length > limit ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    edges: page.map((row) => new RowEdge(row.sortKey, row.rowId, toNode(row))),
    pageInfo: {
      hasNextPage: rows.length > limit,
      // A getter on a plain object: spreading the pageInfo (the citizen binding does) still copies the value.
      get endCursor() {
        return last === undefined ? null : encodeCursor(last.sortKey, last.rowId);
      },
    },
  };
}

/**
 * SQL for one page of each parent. `select` must produce the PagedRow columns "parentKey",
 * "sortKey" (text) and "rowId" besides the row's own. Parameters: $1 parent keys, $2 cursor sort key, $3
 * cursor id, $4 limit + 1, then `extraParams` from $5.
 */
export function pagedSql(options: {
  from: string;
  select: string;
  parentColumn: string;
  sortColumn: string;
  sortType: string;
  where?: string;
}): string {
  const { from, select, parentColumn, sortColumn, sortType, where } = options;
  return `SELECT * FROM (
    SELECT ${select}, row_number() OVER (PARTITION BY ${parentColumn} ORDER BY ${sortColumn} DESC, t.id DESC) AS rn__
    FROM ${from}
    WHERE ${parentColumn} = ANY($1)${where === undefined ? '' : ` AND (${where})`}
      AND ($2::text IS NULL OR (${sortColumn}, t.id) < ($2::${sortType}, $3::int))
  ) paged WHERE rn__ <= $4 ORDER BY "parentKey", rn__`;
}

export interface PageKey<Filter> {
  parentKey: string;
  page: PageRequest;
  filter: Filter;
}

/**
 * A DataLoader of pages: keys asking the same page shape (limit, cursor, filter) are fetched
 * together with one statement; returns each parent's rows (up to limit + 1, for hasNextPage).
 */
export function createPageLoader<Row extends PagedRow, Filter = null>(
  fetchPages: (parentKeys: string[], page: PageRequest, filter: Filter) => Promise<Row[]>,
): DataLoader<PageKey<Filter>, Row[], string> {
  return new DataLoader<PageKey<Filter>, Row[], string>(
    async (keys) => {
      recordBatch('page', keys.length);
      const shapes = keys.map(pageShape);
      const groups = new Map<string, PageKey<Filter>[]>();
      for (const [index, key] of keys.entries()) {
        const shape = shapes[index] as string;
        const group = groups.get(shape);
        if (group === undefined) groups.set(shape, [key]);
        else group.push(key);
      }
      const byParent = new Map<string, Row[]>();
      await Promise.all(
        [...groups.entries()].map(async ([shape, group]) => {
          const first = group[0] as PageKey<Filter>;
          const parentKeys = [...new Set(group.map((k) => k.parentKey))];
          const rows = await fetchPages(parentKeys, first.page, first.filter).catch((error: unknown) => {
            throw first.page.after !== null && isInvalidInputError(error) ? invalidCursor() : error;
          });
          for (const row of rows) {
            const id = `${shape}\u0000${row.parentKey}`;
            const list = byParent.get(id);
            if (list === undefined) byParent.set(id, [row]);
            else list.push(row);
          }
        }),
      );
      return keys.map((key, index) => byParent.get(`${shapes[index] as string}\u0000${key.parentKey}`) ?? []);
    },
    { cacheKeyFn: (key) => `${pageShape(key)}\u0000${key.parentKey}`, maxBatchSize: 1000 },
  );
}

/** What a page request asks besides its parent: keys of the same shape are fetched by one statement. */
function pageShape(key: PageKey<unknown>): string {
  return JSON.stringify([key.page, key.filter]);
}

/** Cursor parameters ($2, $3, $4) of pagedSql for a page request. */
export function pageParams(page: PageRequest): [string | null, number | null, number] {
  return [page.after?.[0] ?? null, page.after?.[1] ?? null, page.limit + 1];
}
