/** Resolvers of the access log (schema/audit.graphql). */
import {
  InvalidAccessLogRequestError,
  type AccessLogPage,
  type AccessLogPageRequest,
  type AccessLogPosition,
  type ChainedRecord,
  positionOf,
} from '../../audit/store.ts';
import { deniedFields, releasedFields, type DataCategoryIndex } from '../../audit/categories.ts';
import type { GatewayContext } from '../../context.ts';
import type { AccessOutcome, Resolvers } from '../../generated/graphql.ts';
import { badUserInput } from '../../lib/errors.ts';
import { createAuditLoaders } from './loaders.ts';

const loaders = (ctx: GatewayContext) => ctx.loaders.get(createAuditLoaders);

const DEFAULT_PAGE = 20;
const CURSOR_PREFIX = 'at:';

interface LogArgs {
  from?: string | null;
  to?: string | null;
  first?: number | null;
  after?: string | null;
}

/**
 * A cursor is base64url(`at:<ISO instant>/<writer>/<seq>`): the record's place in the order readers see (time, then
 * writer, then seq; the page key of the store).
 */
function encodeCursor(record: ChainedRecord): string {
  const { at, writerId, seq } = positionOf(record);
  return Buffer.from(`${CURSOR_PREFIX}${at}/${writerId}/${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): AccessLogPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^at:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\/(\d{1,10})\/([1-9]\d{0,18})$/.exec(text);
  if (match !== null && text.startsWith(CURSOR_PREFIX)) {
    return { at: match[1] as string, writerId: match[2] as string, seq: match[3] as string };
  }
  throw badUserInput('"after" is not a cursor returned by this list', 'after');
}

const ARGUMENT_NAMES: Record<InvalidAccessLogRequestError['argument'], string> = {
  first: 'first',
  after: 'after',
  since: 'from',
  until: 'to',
};

function pageRequest(args: LogArgs): AccessLogPageRequest {
  return {
    first: args.first ?? DEFAULT_PAGE,
    after: args.after == null ? null : decodeCursor(args.after),
    // DateTime arguments are validated ISO 8601 instants (src/lib/scalars.ts).
    since: args.from == null ? null : new Date(args.from),
    until: args.to == null ? null : new Date(args.to),
  };
}

/** Runs a store read, reporting a page request it refuses as BAD_USER_INPUT naming the GraphQL argument. */
async function read(run: () => Promise<AccessLogPage>): Promise<AccessLogPage> {
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

function toConnection<Node>(page: AccessLogPage, toNode: (record: ChainedRecord) => Node) {
  const last = page.records.at(-1);
  return {
    edges: page.records.map((record) => ({ cursor: encodeCursor(record), node: toNode(record) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: last === undefined ? null : encodeCursor(last) },
  };
}

const outcome = (record: ChainedRecord) => record.outcome as AccessOutcome;

/** The resolvers, with the data categories the registry gathered from every sector. */
export function createAuditResolvers(categories: DataCategoryIndex): Resolvers {
  return {
    Query: {
      myAccessLog: async (_parent, args, ctx) => {
        // "My" log: the token's own citizen. A token without `pid` has none (the field is allowed to citizen tokens).
        const pid = ctx.principal.pid;
        if (pid === undefined) return null;
        const request = pageRequest(args);
        const ids = await loaders(ctx).identityGroup(pid);
        const page = await read(() => loaders(ctx).citizenLog(ids.includes(pid) ? ids : [pid, ...ids], request));
        return toConnection(page, (record) => ({ personalId: pid, record }));
      },
      accessLog: async (_parent, args, ctx) => {
        const request = pageRequest(args);
        const ids = await loaders(ctx).identityGroup(args.personalId);
        const page = await read(() =>
          loaders(ctx).citizenLog(ids.includes(args.personalId) ? ids : [args.personalId, ...ids], request),
        );
        return toConnection(page, (record) => record);
      },
      accessLogByClient: async (_parent, args, ctx) => {
        const request = pageRequest(args);
        return toConnection(await read(() => loaders(ctx).clientLog(args.sub, request)), (record) => record);
      },
      myClientAccessLog: async (_parent, args, ctx) => {
        // The calling client's own reads; a citizen token is no client (and is denied this root field anyway).
        if (ctx.principal.pid !== undefined) return null;
        const request = pageRequest(args);
        const sub = ctx.principal.sub;
        return toConnection(await read(() => loaders(ctx).clientLog(sub, request)), (record) => record);
      },
    },
    AccessLogEntry: {
      at: (entry) => entry.record.at,
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
    },
  };
}
