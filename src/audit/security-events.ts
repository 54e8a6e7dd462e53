/**
 * Security events (docs/ARCHITECTURE.md §6): citizen tokens naming other citizens' personal IDs (PROBE) and requests
 * refused before execution (REFUSED). A store separate from the access log and outside its hash chain: the access log
 * answers "who read my data", these answer "who is trying what", and must not let anyone write into a stranger's log.
 *
 * Flood-proof by construction: `record` only updates an in-memory aggregate, one entry per (kind, caller, code,
 * operation), and a timer writes the entries every SECURITY_EVENTS_FLUSH_MS as one INSERT. Between two writes at most
 * SECURITY_EVENTS_MAX_KEYS entries are kept; further callers' events are folded into one overflow entry per (kind,
 * code) with the caller `*`, and counted (metric lienthong_security_events_dropped_total{reason="overflow"}). So 1000
 * refused requests become a handful of rows, and a request never waits for, or fails because of, this store: a write
 * that fails is logged and its batch dropped (memory stays bounded).
 *
 * No personal data of others: a probe entry holds how many foreign IDs were named, never which; no variables, no
 * document text; the document hash is omitted when the document inlines a digit run (its hash would be a lookup key
 * for that identifier) and digit runs in operation names are masked. A citizen token's `sub` (which embeds its own
 * personal ID) is the caller's own data and is kept.
 */
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Kind } from 'graphql';
import type { Principal } from '../auth/principal.ts';
import type { GatewayContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { recordSecurityEvent, recordSecurityEventsDropped } from '../observability/metrics.ts';
import { InvalidAccessLogRequestError, MAX_ACCESS_LOG_PAGE, type Queryable } from './store.ts';

export const SECURITY_EVENT_KINDS = ['PROBE', 'REFUSED'] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** The code of a PROBE event: a citizen token named other citizens' personal IDs. */
export const FOREIGN_PERSONAL_ID = 'FOREIGN_PERSONAL_ID';
/**
 * The code of a PROBE event: a citizen token looked objects up by another identifier (a residence file number, a
 * parcel number, a tax code...) through root fields it may not use (src/audit/probes.ts foreignIdentifierLookups).
 */
export const FOREIGN_IDENTIFIER = 'FOREIGN_IDENTIFIER';

export interface SecurityEventInput {
  readonly kind: SecurityEventKind;
  /** The caller; undefined for a request without a (valid) token. */
  readonly principal: Pick<Principal, 'sub' | 'org' | 'pid'> | undefined;
  /** The error code of the refusal, or FOREIGN_PERSONAL_ID / FOREIGN_IDENTIFIER (PROBE). */
  readonly code: string;
  readonly operationName?: string | null | undefined;
  readonly documentHash?: string | null | undefined;
  readonly requestId: string;
  /** PROBE: the number of distinct foreign IDs named; REFUSED: 1 (the default). */
  readonly count?: number;
  /** Schema coordinates asked for (root fields, denied fields), when known. */
  readonly coordinates?: readonly string[];
}

/** One stored row: the events of one (kind, caller, code, operation) between two writes. */
export interface SecurityEventRow {
  /** Position in the store (a 64-bit integer as a string); pages are newest first. */
  seq: string;
  firstAt: Date;
  lastAt: Date;
  kind: SecurityEventKind;
  clientSub: string;
  clientOrg: string | null;
  /**
   * The caller's own personal ID when it was a citizen token (`pid`), else empty: the row is then that citizen's
   * personal data (schema/audit.graphql: SecurityEvent is @personal(subjects:)), read with a purpose and audited.
   */
  callerPersonalIds: string[];
  code: string;
  operationName: string | null;
  documentHash: string | null;
  /** The last request aggregated into the row. */
  requestId: string;
  requests: number;
  count: number;
  coordinates: string[];
}

export interface SecurityEventsStats {
  recorded: number;
  /** Events folded into an overflow entry because SECURITY_EVENTS_MAX_KEYS entries were waiting. */
  overflow: number;
  rowsWritten: number;
  /** Rows lost because their write failed. */
  rowsLost: number;
}

export interface SecurityEventsOptions {
  flushMs: number;
  maxKeys: number;
}

export interface SecurityEvents {
  /** Adds an event to the aggregate (synchronous, never throws for a well-formed event). */
  record(event: SecurityEventInput): void;
  /** Writes the aggregate now (tests, shutdown); resolves when written or the failure logged. */
  flush(): Promise<void>;
  /** The Apollo plugin recording refusals inside Apollo's pipeline (parse, validation, the layers' plugins). */
  readonly plugin: ApolloServerPlugin<GatewayContext>;
  /**
   * Whether Apollo's pipeline (the plugin) saw the request `requestId` (it then recorded any refusal itself); called
   * once per request by the HTTP layer when the response is done, which forgets the request.
   */
  handledByPlugin(requestId: string): boolean;
  readonly stats: Readonly<SecurityEventsStats>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
}

const MAX_TEXT = 256;
const MAX_COORDINATES = 32;
const OVERFLOW_CALLER = '*';
/** Overflow entries are per (kind, code); past this many codes they share the code `*` too. */
const MAX_OVERFLOW_KEYS = 64;

/** Client-supplied text as the store keeps it: no NUL or lone surrogates, no digit runs (inlined IDs), bounded. */
function clean(value: string | null | undefined, maskDigits: boolean): string | null {
  if (value === null || value === undefined) return null;
  let text = value.replace(/\0/g, '\uFFFD').replace(/\p{Cs}/gu, '\uFFFD');
  if (maskDigits) text = text.replace(/\d{6,}/g, '******');
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

interface Entry {
  firstAt: Date;
  lastAt: Date;
  kind: SecurityEventKind;
  clientSub: string;
  clientOrg: string | null;
  callerPersonalId: string | null;
  code: string;
  operationName: string | null;
  documentHash: string | null;
  requestId: string;
  requests: number;
  count: number;
  coordinates: Set<string>;
}

const INSERT = `INSERT INTO audit.security_event (first_at, last_at, kind, client_sub, client_org, caller_personal_id, code,
    operation_name, document_hash, request_id, requests, count, coordinates)
  SELECT first_at, last_at, kind::audit."SecurityEventKind", client_sub, client_org, caller_personal_id, code, operation_name,
         document_hash, request_id, requests, count,
         ARRAY(SELECT c.value FROM jsonb_array_elements_text(coordinates::jsonb) WITH ORDINALITY AS c(value, n)
               ORDER BY c.n)
  FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
              $8::text[], $9::text[], $10::int[], $11::int[], $12::text[], $13::bpchar[])
    AS r(first_at, last_at, kind, client_sub, client_org, code, operation_name, document_hash, request_id, requests,
         count, coordinates, caller_personal_id)`;

export function createSecurityEvents(db: Database, options: SecurityEventsOptions, logger: Logger): SecurityEvents {
  const stats: SecurityEventsStats = { recorded: 0, overflow: 0, rowsWritten: 0, rowsLost: 0 };
  let entries = new Map<string, Entry>();
  let overflow = new Map<string, Entry>();
  let writing: Promise<void> = Promise.resolve();
  /** Requests in Apollo's pipeline whose HTTP response is not done yet (bounded by the requests in flight). */
  const seen = new Set<string>();

  function add(map: Map<string, Entry>, key: string, fields: Omit<Entry, 'requests' | 'count' | 'coordinates'>) {
    let entry = map.get(key);
    if (entry === undefined) {
      entry = { ...fields, requests: 0, count: 0, coordinates: new Set() };
      map.set(key, entry);
    }
    return entry;
  }

  function record(event: SecurityEventInput): void {
    const now = new Date();
    const count = Math.max(1, Math.min(event.count ?? 1, 1_000_000));
    const clientSub = clean(event.principal?.sub, false) ?? 'anonymous';
    const clientOrg = clean(event.principal?.org, false);
    const callerPersonalId = event.principal?.pid ?? null;
    const code = clean(event.code, true) ?? 'UNKNOWN';
    const operationName = clean(event.operationName, true);
    const documentHash =
      event.documentHash !== null && event.documentHash !== undefined && /^[0-9a-f]{64}$/.test(event.documentHash)
        ? event.documentHash
        : null;
    stats.recorded++;
    recordSecurityEvent(event.kind, code, count);
    const key = JSON.stringify([event.kind, clientSub, clientOrg, callerPersonalId, code, operationName]);
    let entry: Entry;
    if (entries.has(key) || entries.size < options.maxKeys) {
      entry = add(entries, key, {
        firstAt: now,
        lastAt: now,
        kind: event.kind,
        clientSub,
        clientOrg,
        callerPersonalId,
        code,
        operationName,
        documentHash,
        requestId: event.requestId,
      });
      for (const coordinate of event.coordinates ?? []) {
        if (entry.coordinates.size >= MAX_COORDINATES) break;
        const clear = clean(coordinate, true);
        if (clear !== null) entry.coordinates.add(clear);
      }
    } else {
      stats.overflow++;
      recordSecurityEventsDropped('overflow', 1);
      const overflowCode = overflow.has(JSON.stringify([event.kind, code])) || overflow.size < MAX_OVERFLOW_KEYS;
      const shared = overflowCode ? code : '*';
      entry = add(overflow, JSON.stringify([event.kind, shared]), {
        firstAt: now,
        lastAt: now,
        kind: event.kind,
        clientSub: OVERFLOW_CALLER,
        clientOrg: null,
        callerPersonalId: null,
        code: shared,
        operationName: null,
        documentHash: null,
        requestId: event.requestId,
      });
    }
    entry.lastAt = now;
    entry.requestId = event.requestId;
    if (entry.documentHash !== documentHash) entry.documentHash = null; // several documents: no single hash
    entry.requests++;
    entry.count += count;
  }

  async function write(batch: Entry[]): Promise<void> {
    if (batch.length === 0) return;
    const column = <T>(pick: (entry: Entry) => T): T[] => batch.map(pick);
    try {
      await db.query(INSERT, [
        column((e) => e.firstAt.toISOString()),
        column((e) => e.lastAt.toISOString()),
        column((e) => e.kind),
        column((e) => e.clientSub),
        column((e) => e.clientOrg),
        column((e) => e.code),
        column((e) => e.operationName),
        column((e) => e.documentHash),
        column((e) => e.requestId),
        column((e) => Math.min(e.requests, 2_147_483_647)),
        column((e) => Math.min(e.count, 2_147_483_647)),
        column((e) => JSON.stringify([...e.coordinates])),
        column((e) => e.callerPersonalId),
      ]);
      stats.rowsWritten += batch.length;
    } catch (error) {
      stats.rowsLost += batch.length;
      const events = batch.reduce((sum, entry) => sum + entry.requests, 0);
      recordSecurityEventsDropped('write_failed', events);
      logger.error({ err: error, rows: batch.length, events }, 'security events not written: batch dropped');
    }
  }

  function flush(): Promise<void> {
    // Writes run one after the other; each takes the entries waiting when it starts.
    writing = writing.then(() => {
      const batch = [...entries.values(), ...overflow.values()];
      entries = new Map();
      overflow = new Map();
      return write(batch);
    });
    return writing;
  }

  const timer = setInterval(() => void flush(), options.flushMs);
  timer.unref();

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      seen.add(contextValue.requestId);
      let executed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse(requestContext) {
          // Refused before execution: Apollo answered with errors and never executed (responseForOperation
          // answers, e.g. filtered introspection, count as executed when they carry no error).
          if (executed) return;
          const refusal = refusalOf(requestContext);
          if (refusal !== undefined) record(refusal);
        },
      };
    },
  };

  return {
    record,
    flush,
    plugin,
    handledByPlugin: (requestId) => seen.delete(requestId),
    stats,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

/** The REFUSED event of a response Apollo gave without executing, or undefined when it has no error. */
function refusalOf(requestContext: GraphQLRequestContext<GatewayContext>): SecurityEventInput | undefined {
  const body = requestContext.response.body;
  if (body === undefined) return undefined;
  const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
  const first = errors?.[0];
  if (first === undefined) return undefined;
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
  const coordinates: string[] = [];
  const operation = requestContext.operation;
  const root = operation === undefined ? undefined : requestContext.schema.getRootType(operation.operation);
  if (operation !== undefined && root !== undefined && root !== null) {
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind === Kind.FIELD) coordinates.push(`${root.name}.${selection.name.value}`);
    }
  }
  const denied = first.extensions?.deniedFields;
  if (Array.isArray(denied))
    for (const coordinate of denied) if (typeof coordinate === 'string') coordinates.push(coordinate);
  return {
    kind: 'REFUSED',
    principal: requestContext.contextValue.principal,
    code,
    operationName: requestContext.operationName ?? requestContext.request.operationName,
    documentHash: documentHashOf(requestContext.source, requestContext.queryHash),
    requestId: requestContext.contextValue.requestId,
    coordinates,
  };
}

/** The document's hash, unless the document inlines a digit run (an identifier). */
export function documentHashOf(source: string | undefined, hash: string | undefined): string | undefined {
  return source !== undefined && /\d{6,}/.test(source) ? undefined : hash;
}

export interface SecurityEventsPage {
  /** Newest first; oldest first for a backward request. */
  records: SecurityEventRow[];
  /** Whether more events exist in the reading direction. */
  hasNextPage: boolean;
}

export interface SecurityEventsFilter {
  clientSub?: string | null;
  kind?: SecurityEventKind | null;
}

/** A page of events: newest first, after the event `afterSeq` (its `id`), within [since, until). */
export interface SecurityEventsPageRequest {
  /** 0..MAX_ACCESS_LOG_PAGE, like the access log's pages. */
  first: number;
  afterSeq?: string | null;
  /** Read from the oldest end (a Relay `last`/`before` page): events newer than `afterSeq`, oldest first. */
  backward?: boolean;
  since?: Date | null;
  until?: Date | null;
}

function eventPageParams(request: SecurityEventsPageRequest): [string | null, string | null, string | null, number] {
  const { first, afterSeq, since, until } = request;
  if (!Number.isInteger(first) || first < 0 || first > MAX_ACCESS_LOG_PAGE) {
    throw new InvalidAccessLogRequestError(
      `"first" must be between 0 and ${MAX_ACCESS_LOG_PAGE}, got ${first}`,
      'first',
    );
  }
  if (afterSeq != null && !/^[1-9]\d{0,18}$/.test(afterSeq)) {
    throw new InvalidAccessLogRequestError('"after" is not a position in the security events', 'after');
  }
  const instant = (value: Date | null | undefined, name: 'since' | 'until'): string | null => {
    if (value == null) return null;
    if (Number.isNaN(value.getTime())) throw new InvalidAccessLogRequestError(`"${name}" is not a valid instant`, name);
    return value.toISOString();
  };
  return [afterSeq ?? null, instant(since, 'since'), instant(until, 'until'), first + 1];
}

/**
 * Stored events, newest first, keyset-paged on `id`; `since`/`until` select the rows whose interval
 * [first_at, last_at] meets [since, until). One statement.
 */
export async function readSecurityEvents(
  db: Queryable,
  filter: SecurityEventsFilter,
  request: SecurityEventsPageRequest,
): Promise<SecurityEventsPage> {
  const [after, since, until, limit] = eventPageParams(request);
  const rows = await db.query<SecurityEventRow>(
    `SELECT id::text AS seq, first_at AS "firstAt", last_at AS "lastAt", kind::text AS kind, client_sub AS "clientSub",
            client_org AS "clientOrg",
            CASE WHEN caller_personal_id IS NULL THEN '{}'::text[] ELSE ARRAY[caller_personal_id::text] END
              AS "callerPersonalIds",
            code, operation_name AS "operationName", document_hash AS "documentHash",
            request_id AS "requestId", requests, count, COALESCE(coordinates, '{}') AS coordinates
     FROM audit.security_event
     WHERE ($1::bigint IS NULL OR id ${request.backward === true ? '>' : '<'} $1::bigint)
       AND ($2::timestamptz IS NULL OR last_at >= $2::timestamptz)
       AND ($3::timestamptz IS NULL OR first_at < $3::timestamptz)
       AND ($4::text IS NULL OR client_sub = $4)
       AND ($5::text IS NULL OR kind = $5::audit."SecurityEventKind")
     ORDER BY id ${request.backward === true ? 'ASC' : 'DESC'} LIMIT $6`,
    [after, since, until, filter.clientSub ?? null, filter.kind ?? null, limit],
  );
  return { records: rows.slice(0, request.first), hasNextPage: rows.length > request.first };
}
