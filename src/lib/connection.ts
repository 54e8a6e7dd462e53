/**
 * Relay connections over keyset pagination (Relay Cursor Connections Specification). Lists are ordered by
 * (sort value DESC, id DESC) unless they say otherwise; a cursor is the position [sortValue, id] sealed for its list
 * and caller (src/lib/cursor.ts, docs/ARCHITECTURE.md §5): opaque, and refused on any other list, parent, filter or
 * client. Pages of many parents are fetched in one statement with row_number() OVER (PARTITION BY parent), so a list
 * of N parents costs one query, not N.
 *
 * Both directions: `first`/`after` read forward from the list's start; `last`/`before` read backward from its end
 * (the keyset comparison and the ORDER BY reversed in SQL, the page re-reversed here), so a cursor is valid in both
 * directions. One page reads in one direction: `first` with `last`, `after` with `before`, `first` with `before` or
 * `last` with `after` is BAD_USER_INPUT (the specification strongly discourages first with last; the other
 * combinations would need two keyset bounds and no client we know sends them). hasNextPage is exact going forward
 * (limit + 1 rows fetched) and false going backward; hasPreviousPage is exact going backward and false going forward:
 * what the specification allows when the server cannot tell cheaply (telling would cost a second keyset probe).
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
  last?: number | null;
  before?: string | null;
}

/** Arguments that page a list rather than filter it: not part of a cursor's binding (valid in both directions). */
export const PAGING_ARGUMENTS: ReadonlySet<string> = new Set(['first', 'after', 'last', 'before']);

export interface PageRequest {
  /** Rows wanted (`first`, or `last` when backward). */
  limit: number;
  /**
   * Keyset position to continue from (exclusive): `after` going forward, `before` going backward; null for the first
   * (last) page.
   */
  position: [string, number] | null;
  /** Reading from the end (`last`/`before`): SQL reads in the reverse order, the connection re-reverses the rows. */
  backward: boolean;
  /**
   * A citizen token's personal ID (docs/ARCHITECTURE.md §5): a list of @personal rows holds only the rows of this
   * subject, filtered in SQL (pagedSql `subjectColumn`), so page sizes and hasNextPage count only rows the caller
   * may see. null for other tokens.
   */
  visibleTo: string | null;
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: PageInfo;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
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
 * filter arguments (every argument but the paging ones) and token (`sub`, `pid`; anonymous callers too). The binding
 * ignores the direction: a cursor read forward may be used with `before` and the other way round.
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
  open(cursor: string, argument: 'after' | 'before' = 'after'): string {
    const payload = this.ctx.cursors.open(this.binding, cursor);
    if (payload === undefined) throw invalidCursor(argument);
    return payload;
  }
}

function listBinding(ctx: PagingContext, field: ListField, parentKey: string, args: Readonly<Record<string, unknown>>) {
  const filters: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (!PAGING_ARGUMENTS.has(name) && value !== null && value !== undefined) filters[name] = value;
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

/** The direction and size of a page: `first`/`after` or `last`/`before` checked (module comment). */
export interface PageSlice {
  limit: number;
  backward: boolean;
  /** The cursor to continue from (`after` or `before`), still sealed. */
  cursor: string | null;
}

/**
 * `first`/`last` between 0 and `max`, at most one of them, and a cursor only in the direction of the page
 * (`after` with `first` or neither, `before` with `last` or neither). Without `first` and `last` a page holds
 * `defaultSize` rows, backward when `before` is given.
 */
export function pageSlice(args: PageArgs, defaultSize: number, max = MAX_PAGE_SIZE): PageSlice {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw badUserInput('"first" and "last" cannot be used together: page forward or backward', 'last');
  }
  if (after != null && before != null) {
    throw badUserInput('"after" and "before" cannot be used together: page forward or backward', 'before');
  }
  if (first != null && before != null) throw badUserInput('"before" pages backward: use it with "last"', 'before');
  if (last != null && after != null) throw badUserInput('"after" pages forward: use it with "first"', 'after');
  const backward = last != null || before != null;
  const name = backward ? 'last' : 'first';
  const limit = (backward ? last : first) ?? defaultSize;
  if (!Number.isInteger(limit) || limit < 0 || limit > max) {
    throw badUserInput(`"${name}" must be between 0 and ${max}, got ${limit}`, name);
  }
  return { limit, backward, cursor: (backward ? before : after) ?? null };
}

/**
 * The page a list field asks for: `first`/`last` checked (pageSlice), `after`/`before` opened (BAD_USER_INPUT unless
 * it is a cursor this list gave this caller), and the caller's visibility (PageRequest.visibleTo).
 */
export function pageRequest(
  ctx: PagingContext,
  field: ListField,
  parentKey: string,
  args: Readonly<Record<string, unknown>> & PageArgs,
  defaultFirst: number,
): ListPage {
  const slice = pageSlice(args, defaultFirst);
  const cursors = new ListCursors(ctx, field, parentKey, args);
  const argument = slice.backward ? 'before' : 'after';
  const request: PageRequest = {
    limit: slice.limit,
    position: slice.cursor === null ? null : decodePosition(cursors.open(slice.cursor, argument), argument),
    backward: slice.backward,
    visibleTo: ctx.principal.pid ?? null,
  };
  return { request, connection: (rows, toNode) => toConnection(rows, request, cursors, toNode) };
}

function encodePosition(sortValue: string, id: number): string {
  return JSON.stringify([sortValue, id]);
}

function decodePosition(payload: string, argument: 'after' | 'before'): [string, number] {
  try {
    const value: unknown = JSON.parse(payload);
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isInteger(value[1])) {
      return [value[0], value[1] as number];
    }
  } catch {
    // fall through: only this gateway seals cursors, so this is a key shared with something else
  }
  throw invalidCursor(argument);
}

export function invalidCursor(argument: 'after' | 'before') {
  return badUserInput(`"${argument}" is not a cursor returned by this list`, argument);
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
 * draws a new IV, and pageInfo.startCursor / endCursor must be the same strings as the first / last edge's cursor.
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

/**
 * The connection of a page's rows (up to limit + 1, nearest the cursor first): backward pages come from SQL in the
 * reverse order and are re-reversed, so edges are always in the list's order.
 */
function toConnection<Row extends PagedRow, Node>(
  rows: readonly Row[],
  page: Pick<PageRequest, 'limit' | 'backward'>,
  cursors: ListCursors,
  toNode: (row: Row) => Node,
): Connection<Node> {
  const more = rows.length > page.limit;
  const kept = more ? rows.slice(0, page.limit) : rows.slice();
  if (page.backward) kept.reverse();
  const edges = kept.map((row) => new RowEdge(cursors, row.sortKey, row.rowId, toNode(row)));
  return { edges, pageInfo: pageInfoOf(edges, more, page.backward) };
}

/**
 * pageInfo of edges in list order; `more` says whether the SQL found a row beyond the page in its reading direction.
 * Getters on a plain object: cursors are sealed only when selected, and spreading the pageInfo (the citizen binding
 * does) still copies the values.
 */
export function pageInfoOf(edges: readonly { readonly cursor: string }[], more: boolean, backward: boolean): PageInfo {
  const first = edges[0];
  const last = edges.at(-1);
  return {
    hasNextPage: !backward && more,
    hasPreviousPage: backward && more,
    get startCursor() {
      return first === undefined ? null : first.cursor;
    },
    get endCursor() {
      return last === undefined ? null : last.cursor;
    },
  };
}

/**
 * The keyset condition and ORDER BY of a page over a list ordered by `columns` in `listOrder` (every column in the
 * same direction, the last one unique), reading in the page's direction: rows strictly beyond `position` (row-value
 * parameters, e.g. ['$2::date', '$3::int']) when `guard` (SQL true when a cursor was given) holds.
 */
export function keyset(options: {
  backward: boolean;
  listOrder: 'ASC' | 'DESC';
  columns: readonly string[];
  position: readonly string[];
  guard: string;
}): { condition: string; orderBy: string } {
  const reading = (options.listOrder === 'DESC') !== options.backward ? 'DESC' : 'ASC';
  const compare = reading === 'DESC' ? '<' : '>';
  return {
    condition: `(${options.guard} OR (${options.columns.join(', ')}) ${compare} (${options.position.join(', ')}))`,
    orderBy: options.columns.map((column) => `${column} ${reading}`).join(', '),
  };
}

/**
 * SQL for one page of each parent, newest first in the list's order, read backward when `backward` (pass
 * PageRequest.backward). `select` must produce the PagedRow columns "parentKey",
 * "sortKey" (text) and "rowId" besides the row's own. Parameters: $1 parent keys, $2 cursor sort key, $3
 * cursor id, $4 limit + 1, then the caller's own from $5. A list of @personal rows names the column of their subject
 * (`subjectColumn`) and the parameter that carries PageRequest.visibleTo (`visibleToParam`, after the caller's own):
 * for a citizen token only that subject's rows are paged (docs/ARCHITECTURE.md §5). Rows with several subjects (a
 * land change and its parties) give `visibleWhere` instead: a condition that is true when the subject in that
 * parameter is among the row's (e.g. an EXISTS); it applies only when the parameter is not null.
 */
export function pagedSql(options: {
  backward: boolean;
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
  const page = keyset({
    backward: options.backward,
    listOrder: 'DESC',
    columns: [sortColumn, 't.id'],
    position: [`$2::${sortType}`, '$3::int'],
    guard: '$2::text IS NULL',
  });
  return `SELECT * FROM (
    SELECT ${select}, row_number() OVER (PARTITION BY ${parentColumn} ORDER BY ${page.orderBy}) AS rn__
    FROM ${from}
    WHERE ${conditions.join(' AND ')}
      AND ${page.condition}
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
 * A DataLoader of pages: keys asking the same page shape (limit, direction, cursor, filter) are fetched
 * together with one statement; returns each parent's rows (up to limit + 1, for hasNextPage / hasPreviousPage),
 * nearest the cursor first.
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
            const { position, backward } = first.page;
            throw position !== null && isInvalidInputError(error)
              ? invalidCursor(backward ? 'before' : 'after')
              : error;
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
  return [page.position?.[0] ?? null, page.position?.[1] ?? null, page.limit + 1];
}
