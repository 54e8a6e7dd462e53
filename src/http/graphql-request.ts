/**
 * A request to /graphql, from the socket to Apollo (docs/ARCHITECTURE.md §3): request id and observation, token,
 * rate limit, body (size limit, JSON), trusted documents, an execution slot, then Apollo runs the operation (parse,
 * validate, the layers' plugins, execution) and its response is written out. Every refusal before Apollo is a
 * catalogue error (src/http/respond.ts `sendError`). The same admission, context and execution serve the operations
 * the FHIR endpoint builds (`GraphQLPipeline.admit` and `run`; docs/ARCHITECTURE.md §15).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { Principal } from '../auth/principal.ts';
import type { TokenVerifier } from '../auth/verify.ts';
import type { SecurityEvents } from '../audit/security-events.ts';
import type { Config } from '../config.ts';
import { createContext, type GatewayContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { CursorCodec } from '../lib/cursor.ts';
import { OperationQueueTimeoutError, type OperationSlots } from '../limits/concurrency.ts';
import { requestBytesMessage, resolveDocumentId, type RateLimiter, type TrustedDocuments } from '../limits/index.ts';
import type { Logger } from '../logger.ts';
import type { Observability } from '../observability/index.ts';
import type { RequestTrace } from '../observability/tracing.ts';
import { BodyTooLargeError, readBody, RequestAbortedError } from './body.ts';
import { admitCaller, type CallerAdmission, type RefusalResponder } from './caller.ts';
import { appendVary } from './cors.ts';
import { noteErrorCode, sendError } from './respond.ts';
import type { ErrorCode } from '../errors/catalogue.ts';

export interface GraphQLRequestHandlerOptions {
  apollo: ApolloServer<GatewayContext>;
  config: Config;
  db: Database;
  logger: Logger;
  verifier: TokenVerifier;
  rateLimiter: RateLimiter | undefined;
  trusted: TrustedDocuments | undefined;
  operationSlots: OperationSlots;
  observability: Pick<Observability, 'begin' | 'identify'>;
  /** The page cursor keys; each request's lists seal their cursors for its principal (src/lib/connection.ts). */
  cursors: CursorCodec;
  /** Refusals answered here or by Apollo's HTTP checks (CSRF...) are recorded as REFUSED security events. */
  securityEvents?: Pick<SecurityEvents, 'record' | 'handledByPlugin'>;
}

/** `requestId`: the request's id, already set as `X-Request-Id` (src/http/request-id.ts). */
export type GraphQLRequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
) => Promise<void>;

/** A caller past admission (token verified, rate limit drawn), with the request's trace when tracing is on. */
export interface AdmittedCaller {
  readonly principal: Principal;
  readonly trace: RequestTrace | undefined;
}

/** An operation the gateway itself builds for another transport (src/fhir/): a fixed document, its variables. */
export interface InternalOperation {
  readonly query: string;
  readonly operationName: string;
  readonly variables: Readonly<Record<string, unknown>>;
  /**
   * The idempotency key when the request carries no `Idempotency-Key` header (a FHIR transaction's key derived from
   * its Bundle.identifier, src/fhir/transaction.ts); the header, when sent, wins.
   */
  readonly idempotencyKey?: string;
}

/** The GraphQL response body of an internal operation. */
export interface InternalOperationBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Refused before execution (no execution slot), or executed by Apollo with its HTTP status and body. */
export type InternalOperationResult =
  | { readonly kind: 'refused'; readonly code: ErrorCode; readonly message: string }
  | { readonly kind: 'executed'; readonly status: number; readonly body: InternalOperationBody };

/**
 * The GraphQL pipeline of the gateway: `handle` answers /graphql; `admit` and `run` let another transport (FHIR,
 * src/fhir/) run the operations it builds through the same admission (token, rate limit, REFUSED events), the same
 * context, the same execution slots and the same Apollo server with every plugin (limits, authorization, purpose,
 * audit, probes) — no second data path (docs/ARCHITECTURE.md §3, §15).
 */
export interface GraphQLPipeline {
  readonly handle: GraphQLRequestHandler;
  /** Observation, token and rate limit; `respond` answers a refusal in the transport's own format. */
  admit(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    respond?: RefusalResponder,
  ): Promise<AdmittedCaller | 'answered'>;
  /** Runs `operation` for the admitted caller, with the context /graphql would build from `req`'s headers. */
  run(
    req: IncomingMessage,
    requestId: string,
    admitted: AdmittedCaller,
    operation: InternalOperation,
  ): Promise<InternalOperationResult>;
}

export function graphqlPipeline(options: GraphQLRequestHandlerOptions): GraphQLPipeline {
  const {
    apollo,
    config,
    db,
    logger,
    verifier,
    rateLimiter,
    trusted,
    operationSlots,
    observability,
    cursors,
    securityEvents,
  } = options;
  const admission: CallerAdmission = {
    verifier,
    rateLimiter,
    logger,
    ...(securityEvents === undefined ? {} : { securityEvents }),
  };

  /** The request body: parsed JSON for a JSON media type, else the text; undefined for GET; `refused` when answered. */
  async function readRequestBody(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown } | 'refused'> {
    if (req.method !== 'POST') return { body: undefined };
    let raw: string;
    try {
      raw = await readBody(req, config.limits.maxRequestBytes);
    } catch (error) {
      if (error instanceof RequestAbortedError) {
        // The client went away (or the request timeout answered 408): nothing to answer, and not our failure.
        logger.info({ requestId: res.getHeader('x-request-id') }, 'request body not received: client aborted');
        res.destroy();
        return 'refused';
      }
      if (!(error instanceof BodyTooLargeError)) throw error;
      const message = requestBytesMessage(req.headers['content-length'], config.limits.maxRequestBytes);
      sendError(res, 'MAX_REQUEST_BYTES', message);
      return 'refused';
    }
    const contentType = req.headers['content-type'] ?? '';
    if (!/^application\/(graphql-response\+)?json\b/i.test(contentType) && !/\bjson\b/i.test(contentType)) {
      return { body: raw };
    }
    try {
      return { body: JSON.parse(raw) };
    } catch {
      sendError(res, 'BAD_REQUEST', 'The request body is not valid JSON');
      return 'refused';
    }
  }

  /** Runs an HTTP GraphQL request through Apollo (parse, validate, every plugin, execution) for the context. */
  async function runApollo(
    httpGraphQLRequest: HTTPGraphQLRequest,
    contextInit: Omit<GatewayContext, 'loaders'>,
  ): Promise<HTTPGraphQLResponse> {
    return apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => createContext(contextInit),
    });
  }

  async function writeResponse(res: ServerResponse, result: HTTPGraphQLResponse): Promise<void> {
    res.statusCode = result.status ?? 200;
    for (const [name, value] of result.headers) {
      // The router's no-store and Vary stand (src/http/router.ts): Apollo's `private, no-cache` on some errors and
      // its `Vary` are merged into them, not over them.
      if (name === 'cache-control') continue;
      if (name === 'vary') appendVary(res, ...value.split(',').map((v) => v.trim()));
      else res.setHeader(name, value);
    }
    const code =
      res.statusCode >= 400 && result.body.kind === 'complete' ? firstErrorCode(result.body.string) : undefined;
    if (code !== undefined) noteErrorCode(res, code);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  /** The request's context: one construction for /graphql and the operations other transports run (src/fhir/). */
  function contextFor(
    req: IncomingMessage,
    requestId: string,
    principal: Principal,
    trace: RequestTrace | undefined,
  ): Omit<GatewayContext, 'loaders'> {
    return {
      requestId,
      principal,
      purpose: headerValue(req, 'x-purpose'),
      actingUser: headerValue(req, 'x-user-id'),
      // Tracing on: the request's statements are spans of its trace (src/db/tracing.ts).
      db: trace === undefined ? db : trace.database(db),
      trace,
      developmentMode: !config.isProduction,
      sourceStaleAfterHours: config.sourceStaleAfterHours,
      idempotencyKey: headerValue(req, 'idempotency-key'),
      cursors,
    };
  }

  /** Waits for an execution slot: its release function, or the error when the queue timed out (OVERLOADED). */
  async function acquireSlot(requestId: string): Promise<(() => void) | OperationQueueTimeoutError> {
    try {
      return await operationSlots.acquire();
    } catch (error) {
      if (!(error instanceof OperationQueueTimeoutError)) throw error;
      logger.warn({ requestId, waitedMs: config.operationQueueTimeoutMs }, 'overloaded: no execution slot');
      return error;
    }
  }

  async function admit(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    respond?: RefusalResponder,
  ): Promise<AdmittedCaller | 'answered'> {
    const trace = observability.begin(requestId, req, res);
    // Token, rate limit, and every refusal this handler or Apollo's HTTP checks answer recorded as a security event
    // (the security-events plugin records the ones inside Apollo's pipeline).
    const principal = await admitCaller(
      admission,
      req,
      res,
      requestId,
      (verified) => observability.identify(requestId, verified),
      respond,
    );
    return principal === 'answered' ? 'answered' : { principal, trace };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const admitted = await admit(req, res, requestId);
    if (admitted === 'answered') return;
    const read = await readRequestBody(req, res);
    if (read === 'refused') return;
    let { body } = read;
    let search = url.search;
    // Trusted documents, or without a manifest a GraphQL-over-HTTP `documentId` over automatic persisted queries.
    const resolved =
      trusted === undefined
        ? resolveDocumentId(req.method ?? 'GET', body, url.search)
        : trusted.resolve(req.method ?? 'GET', body, url.search);
    if (!resolved.ok) return sendError(res, resolved.code, resolved.message);
    body = resolved.body;
    search = resolved.search;
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const contextInit = contextFor(req, requestId, admitted.principal, admitted.trace);
    const release = await acquireSlot(requestId);
    if (release instanceof OperationQueueTimeoutError) return sendError(res, release.code, release.message);
    try {
      await writeResponse(res, await runApollo({ method: req.method ?? 'GET', headers, search, body }, contextInit));
    } finally {
      release();
    }
  }

  async function run(
    req: IncomingMessage,
    requestId: string,
    admitted: AdmittedCaller,
    operation: InternalOperation,
  ): Promise<InternalOperationResult> {
    // The caller's own headers (Authorization, X-Purpose, X-User-Id, X-Request-Id, X-Break-Glass...) as sent, so a
    // plugin reading a header sees what it sees on /graphql; only the body's framing is the internal request's own.
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || INTERNAL_FRAMING_HEADERS.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    headers.set('content-type', 'application/json');
    headers.set('accept', 'application/json');
    const fromHeaders = contextFor(req, requestId, admitted.principal, admitted.trace);
    const contextInit = { ...fromHeaders, idempotencyKey: fromHeaders.idempotencyKey ?? operation.idempotencyKey };
    const release = await acquireSlot(requestId);
    if (release instanceof OperationQueueTimeoutError) {
      return { kind: 'refused', code: release.code, message: release.message };
    }
    try {
      const result = await runApollo(
        {
          method: 'POST',
          headers,
          search: '',
          body: { query: operation.query, operationName: operation.operationName, variables: operation.variables },
        },
        contextInit,
      );
      let text: string;
      if (result.body.kind === 'complete') text = result.body.string;
      else {
        text = '';
        for await (const chunk of result.body.asyncIterator) text += chunk;
      }
      return { kind: 'executed', status: result.status ?? 200, body: JSON.parse(text) as InternalOperationBody };
    } finally {
      release();
    }
  }

  return { handle, admit, run };
}

/** Headers of the caller's request that describe its own body and encoding, not the internal operation's. */
const INTERNAL_FRAMING_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-length',
  'transfer-encoding',
  'content-encoding',
  'accept',
  'accept-encoding',
]);

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined || single.trim() === '' ? undefined : single.trim();
}

/** The first error code of an error response body Apollo built (CSRF, bad HTTP request), or undefined. */
function firstErrorCode(body: string): string | undefined {
  try {
    const code: unknown = (JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] }).errors?.[0]
      ?.extensions?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
