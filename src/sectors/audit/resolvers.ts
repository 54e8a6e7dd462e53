/** Resolvers of the access log (schema/audit.graphql). */
import type { SecurityEventsPageRequest } from '../../audit/security-events.ts';
import {
  InvalidAccessLogRequestError,
  MAX_ACCESS_LOG_PAGE,
  positionOf,
  type AccessLogPageRequest,
  type AccessLogPosition,
  type ChainedRecord,
} from '../../audit/store.ts';
import { deniedFields, releasedFields, type DataCategoryIndex } from '../../audit/categories.ts';
import type { GatewayContext } from '../../context.ts';
import type { AccessOutcome, Resolvers } from '../../generated/graphql.ts';
import { ListCursors, pageInfoOf, pageSlice, type ListField } from '../../lib/connection.ts';
import { badUserInput } from '../../lib/errors.ts';
import { readBreakGlassReviews, type BreakGlassReviewRow } from '../../audit/break-glass.ts';
import { createAuditLoaders } from './loaders.ts';
import { reviewBreakGlass } from './writes.ts';

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createAuditLoaders);

const DEFAULT_PAGE = 20;
/** What a cursor seals: an access record's place (time, writer, seq: the store's page key), or an event's seq. */
const RECORD_POSITION = /^at:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\/(\d{1,10})\/([1-9]\d{0,18})$/;
const EVENT_POSITION = /^seq:([1-9]\d{0,18})$/;

const recordKey = (record: ChainedRecord): string => {
  const { at, writerId, seq } = positionOf(record);
  return `at:${at}/${writerId}/${seq}`;
};
const eventKey = (event: { seq: string }): string => `seq:${event.seq}`;
const reviewKey = (review: BreakGlassReviewRow): string => `seq:${review.id}`;

interface LogArgs {
  from?: string | null;
  to?: string | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * A cursor seals a row's key for its list and caller like every other list's (src/lib/connection.ts), valid with
 * `after` and `before` alike.
 */
function openCursor(
  cursors: ListCursors,
  cursor: string,
  position: RegExp,
  argument: 'after' | 'before',
): RegExpExecArray {
  const match = position.exec(cursors.open(cursor, argument));
  if (match === null) throw badUserInput(`"${argument}" is not a cursor returned by this list`, argument);
  return match;
}

function recordPosition(cursors: ListCursors, cursor: string, argument: 'after' | 'before'): AccessLogPosition {
  const [, at, writerId, seq] = openCursor(cursors, cursor, RECORD_POSITION, argument) as unknown as [
    string,
    string,
    string,
    string,
  ];
  return { at, writerId, seq };
}

const ARGUMENT_NAMES: Record<InvalidAccessLogRequestError['argument'], string> = {
  first: 'first',
  after: 'after',
  since: 'from',
  until: 'to',
};

/**
 * The page asked for (`first`/`after` or `last`/`before`, src/lib/connection.ts pageSlice), and the cursors of this
 * list (a root field: no parent key) for this caller.
 */
function pageRequest(
  ctx: GatewayContext,
  field: ListField,
  args: LogArgs & Readonly<Record<string, unknown>>,
): { request: AccessLogPageRequest; cursors: ListCursors } {
  const slice = pageSlice(args, DEFAULT_PAGE, MAX_ACCESS_LOG_PAGE);
  const cursors = new ListCursors(ctx, field, '', args);
  const argument = slice.backward ? 'before' : 'after';
  const request = {
    ...timeRange(args, slice.limit),
    after: slice.cursor === null ? null : recordPosition(cursors, slice.cursor, argument),
    backward: slice.backward,
  };
  return { request, cursors };
}

/** The same for the security events, paged by their seq. */
function eventPageRequest(
  ctx: GatewayContext,
  field: ListField,
  args: LogArgs & Readonly<Record<string, unknown>>,
): { request: SecurityEventsPageRequest; cursors: ListCursors } {
  const slice = pageSlice(args, DEFAULT_PAGE, MAX_ACCESS_LOG_PAGE);
  const cursors = new ListCursors(ctx, field, '', args);
  const argument = slice.backward ? 'before' : 'after';
  const afterSeq =
    slice.cursor === null ? null : (openCursor(cursors, slice.cursor, EVENT_POSITION, argument)[1] as string);
  return { request: { ...timeRange(args, slice.limit), afterSeq, backward: slice.backward }, cursors };
}

function timeRange(args: LogArgs, size: number): { first: number; since: Date | null; until: Date | null } {
  return {
    first: size,
    // DateTime arguments are validated ISO 8601 instants (src/lib/scalars.ts).
    since: args.from == null ? null : new Date(args.from),
    until: args.to == null ? null : new Date(args.to),
  };
}

/** Runs a store read, reporting a page request it refuses as BAD_USER_INPUT naming the GraphQL argument. */
async function read<Page>(run: () => Promise<Page>): Promise<Page> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InvalidAccessLogRequestError) {
      const argument = ARGUMENT_NAMES[error.argument];
      throw badUserInput(error.message.replace(/"(first|after|since|until)"/, `"${argument}"`), argument);
    }
    throw error;
  }
}

/**
 * Cursors are sealed only when selected, and once per record (each seal draws a new IV, and startCursor / endCursor
 * must equal the first / last edge's cursor), like the sector lists' (src/lib/connection.ts). Rows are access records
 * or security events; a backward page's rows come oldest first and are re-reversed into the list's newest-first order.
 */
function toConnection<Row, Node>(
  cursors: ListCursors,
  request: { backward?: boolean },
  page: { records: Row[]; hasNextPage: boolean },
  keyOf: (record: Row) => string,
  toNode: (record: Row) => Node,
) {
  const sealed = new Map<string, string>();
  const cursorOf = (record: Row) => {
    const key = keyOf(record);
    let cursor = sealed.get(key);
    if (cursor === undefined) {
      cursor = cursors.seal(key);
      sealed.set(key, cursor);
    }
    return cursor;
  };
  const records = request.backward === true ? page.records.slice().reverse() : page.records;
  const edges = records.map((record) => ({
    node: toNode(record),
    get cursor() {
      return cursorOf(record);
    },
  }));
  return { edges, pageInfo: pageInfoOf(edges, page.hasNextPage, request.backward === true) };
}

const outcome = (record: ChainedRecord) => record.outcome as AccessOutcome;

/** The resolvers, with the data categories the registry gathered from every sector. */
export function createAuditResolvers(categories: DataCategoryIndex): Resolvers {
  return {
    Query: {
      myAccessLog: async (_parent, args, ctx, info) => {
        // "My" log: the token's own citizen. A token without `pid` has none (the field is allowed to citizen tokens).
        const pid = ctx.principal.pid;
        if (pid === undefined) return null;
        const { request, cursors } = pageRequest(ctx, info, args);
        const ids = await loaders(ctx).identityGroup(pid);
        const page = await read(() => loaders(ctx).citizenLog(ids.includes(pid) ? ids : [pid, ...ids], request));
        return toConnection(cursors, request, page, recordKey, (record) => ({ personalId: pid, record }));
      },
      accessLog: async (_parent, args, ctx, info) => {
        const { request, cursors } = pageRequest(ctx, info, args);
        // A citizen token (bound to args.personalId) sees only records whose subject is its own pid, so only those are
        // paged: records of its earlier personal IDs would be withheld (docs/ARCHITECTURE.md §5) and must not count.
        const ids =
          ctx.principal.pid === undefined ? await loaders(ctx).identityGroup(args.personalId) : [ctx.principal.pid];
        const page = await read(() =>
          loaders(ctx).citizenLog(ids.includes(args.personalId) ? ids : [args.personalId, ...ids], request),
        );
        return toConnection(cursors, request, page, recordKey, (record) => record);
      },
      accessLogByClient: async (_parent, args, ctx, info) => {
        const { request, cursors } = pageRequest(ctx, info, args);
        return toConnection(
          cursors,
          request,
          await read(() => loaders(ctx).clientLog(args.sub, request)),
          recordKey,
          (record) => record,
        );
      },
      securityEvents: async (_parent, args, ctx, info) => {
        const { request, cursors } = eventPageRequest(ctx, info, args);
        const filter = { clientSub: args.clientSub ?? null, kind: args.kind ?? null };
        const page = await read(() => loaders(ctx).securityEvents(filter, request));
        return toConnection(cursors, request, page, eventKey, (event) => event);
      },
      breakGlassReviews: async (_parent, args, ctx, info) => {
        const { request, cursors } = eventPageRequest(ctx, info, args);
        const page = await read(() =>
          readBreakGlassReviews(ctx.db, args.status ?? null, {
            first: request.first,
            afterId: request.afterSeq ?? null,
            backward: request.backward === true,
          }),
        );
        return toConnection(cursors, request, page, reviewKey, (review) => review);
      },
      myClientAccessLog: async (_parent, args, ctx, info) => {
        // The calling client's own reads; a citizen token is no client (and is denied this root field anyway).
        if (ctx.principal.pid !== undefined) return null;
        const { request, cursors } = pageRequest(ctx, info, args);
        const sub = ctx.principal.sub;
        return toConnection(
          cursors,
          request,
          await read(() => loaders(ctx).clientLog(sub, request)),
          recordKey,
          (record) => record,
        );
      },
    },
    Mutation: {
      reviewBreakGlass: (_parent, args, ctx) => reviewBreakGlass(ctx, args),
    },
    AccessLogEntry: {
      at: (entry) => entry.record.at,
      breakGlass: (entry) => entry.record.breakGlass === true,
      breakGlassReason: (entry) => entry.record.breakGlassReason ?? null,
      organisation: (entry) => entry.record.clientOrg,
      client: (entry) => entry.record.clientSub,
      purpose: (entry) => entry.record.purpose,
      dataCategories: (entry) => categories.of(entry.record.fields),
      outcome: (entry) => outcome(entry.record),
    },
    AccessRecord: {
      fields: (record) => releasedFields(record.fields),
      deniedFields: (record) => deniedFields(record.fields),
      dataCategories: (record) => categories.of(record.fields),
      outcome,
      breakGlass: (record) => record.breakGlass === true,
      breakGlassReason: (record) => record.breakGlassReason ?? null,
    },
    BreakGlassReview: {
      patients: (review) => review.patientPersonalIds,
      reviewer: (review) => review.reviewerSub,
    },
  };
}
