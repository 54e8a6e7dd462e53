/**
 * Observability of the gateway: one structured log line and one metrics sample per GraphQL request (the /metrics
 * endpoint is src/http/metrics.ts), the database pool gauges, and the SOURCE_UNAVAILABLE response rule (failures.ts).
 *
 * The HTTP layer opens an observation when a /graphql request arrives (`begin`); the Apollo plugin fills in what only
 * the GraphQL pipeline knows (operation name, document hash, error codes, caller); the line is written when the
 * response is finished (or the client went away). The line holds: request id, trace id (W3C Trace Context: the
 * caller's, or the server span's when tracing is on; tracing.ts), operation name, document hash, client `sub`/`org`,
 * outcome, HTTP status, duration. Never variables, document text, tokens or personal IDs: a citizen token's `sub`
 * embeds the personal ID, so digit runs in `sub` are masked. The trace id is random by specification (W3C Trace
 * Context, "Privacy Considerations") and is logged as received: masking digit runs would break the correlation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Tracer } from '@opentelemetry/api';
import type { Principal } from '../auth/principal.ts';
import type { GatewayContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { collectProcessMetrics, recordRequest, safeOperationName, watchDatabase } from './metrics.ts';
import { endSpan, parseTraceparent, startRequestTrace, type RequestTrace } from './tracing.ts';

export { recordAuditWrite, recordBatch, recordDeniedField } from './metrics.ts';
export { sourceUnavailablePlugin } from './failures.ts';
export { answerClientError, unsupportedOperationPlugin } from './protocol.ts';
export { tracingPlugin } from './tracing.ts';

/** What the log line and the metrics know of one request. */
interface Observation {
  readonly requestId: string;
  readonly started: bigint;
  /** The W3C trace id the request belongs to, when it has one (a valid `traceparent`, or tracing on). */
  readonly traceId: string | undefined;
  /** The request's trace when tracing is on. */
  readonly trace: RequestTrace | undefined;
  /** Operation name; null for an anonymous operation, undefined when none was resolved (parse errors...). */
  operation: string | null | undefined;
  documentHash: string | undefined;
  /** Error codes of the response, in order. */
  codes: string[];
  principal: Principal | undefined;
}

export interface Observability {
  /** The Apollo plugin that fills in the observation (its place in the plugin list: src/plugins.ts). */
  readonly plugin: ApolloServerPlugin<GatewayContext>;
  /**
   * Starts observing a /graphql request; the log line and the sample are written (and its server span ended) when
   * `res` finishes or closes. Returns the request's trace when tracing is on.
   */
  begin(requestId: string, req: IncomingMessage, res: ServerResponse): RequestTrace | undefined;
  /** The caller of a request, once its token is verified (for the log line of answers given before Apollo runs). */
  identify(requestId: string, principal: Principal): void;
  /** Stops the pool gauges of this gateway's database. */
  dispose(): void;
}

export interface ObservabilityOptions {
  db: Database;
  logger: Logger;
  /** The tracer of the gateway's tracer provider; undefined = tracing off (no span, no wrapper). */
  tracer?: Tracer | undefined;
}

/** Codes of the answers the HTTP layer and Apollo's HTTP checks give before any GraphQL pipeline runs. */
const STATUS_OUTCOMES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'MAX_REQUEST_BYTES',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

export function createObservability(options: ObservabilityOptions): Observability {
  const { logger, tracer } = options;
  const live = new Map<string, Observation>();
  collectProcessMetrics();
  const unwatch = watchDatabase(options.db);

  function finish(observation: Observation, status: number, completed: boolean): void {
    live.delete(observation.requestId);
    const seconds = Number(process.hrtime.bigint() - observation.started) / 1e9;
    const outcome = !completed
      ? 'CLIENT_CLOSED_REQUEST'
      : (observation.codes[0] ?? (status < 400 ? 'success' : (STATUS_OUTCOMES[status] ?? `HTTP_${status}`)));
    recordRequest(observation.operation, outcome, seconds);
    const principal = observation.principal;
    observation.trace?.span.setAttributes({
      'http.response.status_code': completed ? status : 499,
      'graphql.operation.name': safeOperationName(observation.operation),
      'lienthong.outcome': outcome,
    });
    if (observation.trace !== undefined) endSpan(observation.trace.span, status >= 500, outcome);
    const line = {
      requestId: observation.requestId,
      ...(observation.traceId === undefined ? {} : { traceId: observation.traceId }),
      operation: safeOperationName(observation.operation),
      ...(observation.documentHash === undefined ? {} : { documentHash: observation.documentHash }),
      ...(principal === undefined
        ? {}
        : {
            client: {
              sub: maskDigits(principal.sub),
              ...(principal.org === undefined ? {} : { org: maskDigits(principal.org) }),
              ...(principal.pid === undefined ? {} : { citizenToken: true }),
            },
          }),
      outcome,
      ...(observation.codes.length > 1 ? { codes: [...new Set(observation.codes)].slice(0, 10) } : {}),
      status: completed ? status : 499,
      durationMs: Math.round(seconds * 10_000) / 10,
    };
    if (status >= 500) logger.warn(line, 'graphql request');
    else logger.info(line, 'graphql request');
  }

  const observationPlugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      const observation = live.get(contextValue.requestId);
      if (observation === undefined) return;
      observation.principal = contextValue.principal;
      return {
        async willSendResponse(requestContext) {
          observation.operation =
            requestContext.operation === undefined ? undefined : (requestContext.operationName ?? null);
          const source = requestContext.source;
          // A document with an inlined identifier would make its hash a lookup key for that identifier.
          observation.documentHash =
            source !== undefined && /\d{6,}/.test(source) ? undefined : requestContext.queryHash;
          const body = requestContext.response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          observation.codes = (errors ?? []).map((error) => {
            const code = error.extensions?.code;
            return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
          });
        },
      };
    },
  };

  return {
    plugin: observationPlugin,
    begin(requestId, req, res) {
      const trace = tracer === undefined ? undefined : startRequestTrace(tracer, req);
      const observation: Observation = {
        requestId,
        started: process.hrtime.bigint(),
        traceId: trace?.traceId ?? parseTraceparent(req.headers.traceparent)?.traceId,
        trace,
        operation: undefined,
        documentHash: undefined,
        codes: [],
        principal: undefined,
      };
      live.set(requestId, observation);
      let done = false;
      res.once('finish', () => {
        if (done) return;
        done = true;
        finish(observation, res.statusCode, true);
      });
      res.once('close', () => {
        if (done) return;
        done = true;
        finish(observation, res.statusCode, res.writableFinished);
      });
      return trace;
    },
    identify(requestId, principal) {
      const observation = live.get(requestId);
      if (observation !== undefined) observation.principal = principal;
    },
    dispose: unwatch,
  };
}

/** `citizen:037090000001` → `citizen:******`: digit runs that may be identifiers never reach the logs. */
export function maskDigits(value: string): string {
  return value.replace(/\d{6,}/g, '******').slice(0, 128);
}
