/**
 * A request to /graphql, from the socket to Apollo (docs/ARCHITECTURE.md §3): request id and observation, token,
 * rate limit, body (size limit, JSON), trusted documents, an execution slot, then Apollo runs the operation (parse,
 * validate, the layers' plugins, execution) and its response is written out. Every refusal before Apollo is a
 * catalogue error (src/http/respond.ts `sendError`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { TokenVerifier } from '../auth/verify.ts';
import type { SecurityEvents } from '../audit/security-events.ts';
import type { Config } from '../config.ts';
import { createContext, type GatewayContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { CursorCodec } from '../lib/cursor.ts';
import { OperationQueueTimeoutError, type OperationSlots } from '../limits/concurrency.ts';
import {
  requestBytesMessage,
  resolveDocumentId,
  type BreakGlassLimit,
  type RateLimiter,
  type TrustedDocuments,
} from '../limits/index.ts';
import type { Logger } from '../logger.ts';
import type { Observability } from '../observability/index.ts';
import { BodyTooLargeError, readBody, RequestAbortedError } from './body.ts';
import { admitBreakGlass, type BreakGlassAdmission } from './break-glass.ts';
import { admitCaller, type CallerAdmission } from './caller.ts';
import { appendVary } from './cors.ts';
import { noteErrorCode, sendError } from './respond.ts';

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
  /** The per-organisation limit of break-glass requests (src/http/break-glass.ts). */
  breakGlassLimit: BreakGlassLimit;
}

/** `requestId`: the request's id, already set as `X-Request-Id` (src/http/request-id.ts). */
export type GraphQLRequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
) => Promise<void>;

export function graphqlRequestHandler(options: GraphQLRequestHandlerOptions): GraphQLRequestHandler {
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
    breakGlassLimit,
  } = options;
  const breakGlassAdmission: BreakGlassAdmission = { db, limit: breakGlassLimit, logger };
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

  async function execute(
    res: ServerResponse,
    httpGraphQLRequest: HTTPGraphQLRequest,
    contextInit: Omit<GatewayContext, 'loaders'>,
  ): Promise<void> {
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => createContext(contextInit),
    });
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

  return async (req, res, url, requestId) => {
    const trace = observability.begin(requestId, req, res);
    // Token, rate limit, and every refusal this handler or Apollo's HTTP checks answer recorded as a security event
    // (the security-events plugin records the ones inside Apollo's pipeline).
    const principal = await admitCaller(admission, req, res, requestId, (verified) =>
      observability.identify(requestId, verified),
    );
    if (principal === 'answered') return;
    const purpose = headerValue(req, 'x-purpose');
    // X-Break-Glass is decided before the body is read or anything runs (docs/ARCHITECTURE.md §5).
    const breakGlass = await admitBreakGlass(breakGlassAdmission, req, res, principal, purpose, requestId);
    if (breakGlass === 'answered') return;
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
    const contextInit: Omit<GatewayContext, 'loaders'> = {
      requestId,
      principal,
      purpose,
      actingUser: headerValue(req, 'x-user-id'),
      breakGlass,
      // Tracing on: the request's statements are spans of its trace (src/db/tracing.ts).
      db: trace === undefined ? db : trace.database(db),
      trace,
      developmentMode: !config.isProduction,
      sourceStaleAfterHours: config.sourceStaleAfterHours,
      statsMinCell: config.statsMinCell,
      idempotencyKey: headerValue(req, 'idempotency-key'),
      cursors,
    };
    let release: () => void;
    try {
      release = await operationSlots.acquire();
    } catch (error) {
      if (!(error instanceof OperationQueueTimeoutError)) throw error;
      logger.warn({ requestId, waitedMs: config.operationQueueTimeoutMs }, 'overloaded: no execution slot');
      return sendError(res, error.code, error.message);
    }
    try {
      await execute(res, { method: req.method ?? 'GET', headers, search, body }, contextInit);
    } finally {
      release();
    }
  };
}

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
