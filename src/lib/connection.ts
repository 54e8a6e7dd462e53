/**
 * Relay connections over keyset pagination. Lists are ordered by (sort value DESC, id DESC);
 * a cursor is the position [sortValue, id] sealed for its list and caller (src/lib/cursor.ts,
 * docs/ARCHITECTURE.md §5): opaque, and refused on any other list, parent, filter or client. Pages of
 * many parents are fetched in one statement with row_number() OVER (PARTITION BY parent), so a list of N
 * parents costs one query, not N.
 */
import DataLoader from 'dataloader';
import { isAnonymous } from '../auth/principal.ts';
import type { GatewayContext } from '../context.ts';
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
  /**
   * A citizen token's personal ID (docs/ARCHITECTURE.md §5): a list of @personal rows holds only the rows of this
   * subject, filtered in SQL (pagedSql `subjectColumn`), so page sizes and hasNextPage count only rows the caller
   * may see. null for other tokens.
   */
  visibleTo: string | null;
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The field a list is read through (a GraphQLResolveInfo is one). */
export interface ListField {
  readonly parentType: { readonly name: string };
  readonly fieldName: string;
}

/** What pageRequest needs of the request: the caller and the cursor keys. */
export type PagingContext = Pick<GatewayContext, 'principal' | 'cursors'>;

/**
 * The cursors of one list for one caller: sealed with, and opened only for, the same field coordinate, parent key,
 * filter arguments (every argument but `first` and `after`) and token (`sub`, `pid`; anonymous callers too).
 */
export class ListCursors {
  private bindingText: string | undefined;

  constructor(
    private readonly ctx: PagingContext,
    private readonly field: ListField,
    private readonly parentKey: string,
    private readonly args: Readonly<Record<string, unknown>>,
  ) {}

  /** Computed on first use: most lists never seal or open a cursor. */
  private get binding(): string {
    this.bindingText ??= listBinding(this.ctx, this.field, this.parentKey, this.args);
    return this.bindingText;
  }

  seal(payload: string): string {
    return this.ctx.cursors.seal(this.binding, payload);
  }

  /** The payload of a cursor of this list; BAD_USER_INPUT for anything else. */
  open(cursor: string): string {
    const payload = this.ctx.cursors.open(this.binding, cursor);
    if (payload === undefined) throw invalidCursor();
    return payload;
  }
}

function listBinding(ctx: PagingContext, field: ListField, parentKey: string, args: Readonly<Record<string, unknown>>) {
  const filters: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (name !== 'first' && name !== 'after' && value !== null && value !== undefined) filters[name] = value;
  }
  const { principal } = ctx;
  return JSON.stringify(
    [
      'lienthong.cursor.1',
      `${field.parentType.name}.${field.fieldName}`,
      parentKey,
      filters,
      isAnonymous(principal) ? null : principal.sub,
      principal.pid ?? null,
    ],
    sortedKeys,
  );
}

/** JSON replacer: object keys in one order, absent and null members dropped (an omitted argument = null). */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null && member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** One page of one list: the request for its loader, and the connection built from the rows it returns. */
export interface ListPage {
  readonly request: PageRequest;
  connection<Row extends PagedRow, Node>(rows: readonly Row[], toNode: (row: Row) => Node): Connection<Node>;
}

/**
 * The page a list field asks for: `first` checked, `after` opened (BAD_USER_INPUT unless it is a cursor this list
 * gave this caller), and the caller's visibility (PageRequest.visibleTo).
 */
export function pageRequest(
  ctx: PagingContext,
  field: ListField,
  parentKey: string,
  args: Readonly<Record<string, unknown>> & PageArgs,
  defaultFirst: number,
): ListPage {
  const first = args.first ?? defaultFirst;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  const cursors = new ListCursors(ctx, field, parentKey, args);
  const request: PageRequest = {
    limit: first,
    after: args.after == null ? null : decodePosition(cursors.open(args.after)),
    visibleTo: ctx.principal.pid ?? null,
  };
  return { request, connection: (rows, toNode) => toConnection(rows, first, cursors, toNode) };
}

function encodePosition(sortValue: string, id: number): string {
  return JSON.stringify([sortValue, id]);
}

function decodePosition(payload: string): [string, number] {
  try {
    const value: unknown = JSON.parse(payload);
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isInteger(value[1])) {
      return [value[0], value[1] as number];
    }
  } catch {
    // fall through: only this gateway seals cursors, so this is a key shared with something else
  }
  throw invalidCursor();
}

function invalidCursor() {
  return badUserInput('"after" is not a cursor returned by this list', 'after');
}

/**
 * A cursor whose sort value does not parse as the list's sort type (only possible for a cursor sealed with the same
 * key before the list's sort changed) fails in the database with an invalid-input SQLSTATE (class 22); that is the
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
 * An edge whose cursor is sealed only if the client asks for it (most do not: a 360° view of 50 citizens has ~1 000
 * edges and selects no cursor; encoding them all was measurable garbage, BENCHMARKS.md). Sealed once: every seal
 * draws a new IV, and pageInfo.endCursor must be the same string as the last edge's cursor.
 */
class RowEdge<Node> {
  private sealed: string | undefined;
  constructor(
    private readonly cursors: ListCursors,
    private readonly sortKey: string,
    private readonly rowId: number,
    readonly node: Node,
  ) {}
  get cursor(): string {
    this.sealed ??= this.cursors.seal(encodePosition(this.sortKey, this.rowId));
    return this.sealed;
  }
}

function toConnection<Row extends PagedRow, Node>(
  rows: readonly Row[],
  limit: number,
  cursors: ListCursors,
  toNode: (row: Row) => Node,
): Connection<Node> {
  const page = rows.length > limit ? rows.slice(0, limit) : rows;
  const edges = page.map((row) => new RowEdge(cursors, row.sortKey, row.rowId, toNode(row)));
  const last = edges.at(-1);
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      // A getter on a plain object: spreading the pageInfo (the citizen binding does) still copies the value.
      get endCursor() {
        return last === undefined ? null : last.cursor;
      },
    },
  };
}

/**
 * SQL for one page of each parent. `select` must produce the PagedRow columns "parentKey",
 * "sortKey" (text) and "rowId" besides the row's own. Parameters: $1 parent keys, $2 cursor sort key, $3
 * cursor id, $4 limit + 1, then the caller's own from $5. A list of @personal rows names the column of their subject
 * (`subjectColumn`) and the parameter that carries PageRequest.visibleTo (`visibleToParam`, after the caller's own):
 * for a citizen token only that subject's rows are paged (docs/ARCHITECTURE.md §5). Rows with several subjects (a
 * land change and its parties) give `visibleWhere` instead: a condition that is true when the subject in that
 * parameter is among the row's (e.g. an EXISTS); it applies only when the parameter is not null.
 */
export function pagedSql(options: {
  from: string;
  select: string;
  parentColumn: string;
  sortColumn: string;
  sortType: string;
  where?: string;
  subjectColumn?: string;
  visibleWhere?: (param: string) => string;
  visibleToParam?: number;
}): string {
  const { from, select, parentColumn, sortColumn, sortType, where } = options;
  const conditions = [`${parentColumn} = ANY($1)`];
  if (where !== undefined) conditions.push(`(${where})`);
  if (options.subjectColumn !== undefined) {
    conditions.push(visibleToCondition(options.subjectColumn, options.visibleToParam ?? 5));
  }
  if (options.visibleWhere !== undefined) {
    const param = `$${options.visibleToParam ?? 5}::text`;
    conditions.push(`(${param} IS NULL OR (${options.visibleWhere(param)}))`);
  }
  return `SELECT * FROM (
    SELECT ${select}, row_number() OVER (PARTITION BY ${parentColumn} ORDER BY ${sortColumn} DESC, t.id DESC) AS rn__
    FROM ${from}
    WHERE ${conditions.join(' AND ')}
      AND ($2::text IS NULL OR (${sortColumn}, t.id) < ($2::${sortType}, $3::int))
  ) paged WHERE rn__ <= $4 ORDER BY "parentKey", rn__`;
}

/** The rows a page may hold: all when parameter `$param` (PageRequest.visibleTo) is null, else that subject's. */
export function visibleToCondition(subjectColumn: string, param: number): string {
  return `($${param}::text IS NULL OR ${subjectColumn} = $${param}::text)`;
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
