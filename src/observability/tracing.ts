/**
 * W3C Trace Context and OpenTelemetry tracing of /graphql requests (docs/ARCHITECTURE.md §10).
 *
 * A valid `traceparent` header (W3C Trace Context, "traceparent Header") makes the request part of the caller's
 * trace: its trace id is written in the request's log line, and with tracing on the request's server span is a child
 * of the caller's span. An invalid header is ignored (a new trace starts), never an error.
 *
 * With tracing on (OTEL_EXPORTER_OTLP_ENDPOINT, src/observability/otel-sdk.ts builds the provider) each request has a
 * server span with children for parse, validation, authorization (src/authz/plugin.ts), execution, every statement
 * the request sends (src/db/tracing.ts) and the audit append (src/audit/plugin.ts). Spans are created with explicit
 * parents (no global context manager, no patching): the request's trace travels in its GatewayContext. With tracing
 * off there is no RequestTrace, nothing is wrapped and no plugin is installed.
 *
 * Attributes never hold personal IDs, variables, document text, tokens or statement parameters, nor error messages
 * (a GraphQL syntax error quotes the document): only methods, routes, statuses, catalogue codes, counts, the
 * operation type and the operation name as the metrics accept it (safeOperationName).
 */
import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import type { GatewayContext, RequestTracing } from '../context.ts';
import type { Database } from '../db/database.ts';
import { traceStatements, type StatementTracing } from '../db/tracing.ts';

/** version "-" trace-id "-" parent-id "-" trace-flags in lowercase hex (W3C Trace Context, "traceparent Header"). */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/**
 * The caller's span from a `traceparent` header, or undefined when the header is absent or invalid (same section:
 * version ff is invalid; version 00 has exactly four fields; a later version may add fields after a "-"; all-zero ids
 * are invalid). A repeated header reaches us joined with ", " and so is invalid. `tracestate` is not read: no outgoing
 * request carries trace context on (the gateway only talks to its database), so there is no one to pass it to, and
 * it is the caller's vendor data, which our spans need not export.
 */
export function parseTraceparent(header: string | string[] | undefined): SpanContext | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  // Only the sampled flag is understood ("trace-flags"); others are not passed on.
  const traceFlags = (Number.parseInt(flags, 16) & TraceFlags.SAMPLED) as TraceFlags;
  return { traceId, spanId, traceFlags, isRemote: true };
}

/** One request's trace: its server span, and the span its statements belong to now. */
export class RequestTrace implements RequestTracing, StatementTracing {
  readonly traceId: string;
  readonly #root: Context;
  #current: Context;

  constructor(
    readonly tracer: Tracer,
    readonly span: Span,
    parent: Context,
  ) {
    this.traceId = span.spanContext().traceId;
    this.#root = trace.setSpan(parent, span);
    this.#current = this.#root;
  }

  /** Starts the span `name`, a child of the request's server span. */
  startSpan(name: string, attributes?: Attributes): Span {
    return this.tracer.startSpan(name, { kind: SpanKind.INTERNAL, ...(attributes && { attributes }) }, this.#root);
  }

  /** Statements started from now on are children of `span` (execution), until `leave`. */
  enter(span: Span): void {
    this.#current = trace.setSpan(this.#root, span);
  }

  leave(): void {
    this.#current = this.#root;
  }

  parent(): Context {
    return this.#current;
  }

  /** The request's database: every statement a span (src/db/tracing.ts). */
  database(db: Database): Database {
    return traceStatements(db, this);
  }
}

/** Starts the server span of a /graphql request, child of the caller's span when `traceparent` is valid. */
export function startRequestTrace(tracer: Tracer, req: IncomingMessage): RequestTrace {
  const incoming = parseTraceparent(req.headers.traceparent);
  const parent = incoming === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, incoming);
  const method = req.method ?? 'GET';
  // Semantic conventions for HTTP server spans: "{method} {route}"; the route is fixed, never the query string.
  const span = tracer.startSpan(
    `${method} /graphql`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': method, 'http.route': '/graphql', 'url.path': '/graphql' },
    },
    parent,
  );
  return new RequestTrace(tracer, span, parent);
}

/** Ends a span; a failure is recorded as a status with a fixed description, never an error's message. */
export function endSpan(span: Span, failed: boolean, description?: string): void {
  if (failed)
    span.setStatus({ code: SpanStatusCode.ERROR, ...(description === undefined ? {} : { message: description }) });
  span.end();
}

/**
 * Spans of Apollo's pipeline: parse, validation and execution (statements during execution are its children). Apollo
 * skips parse and validation for a document it has cached, so those spans appear for a document's first request.
 */
export function tracingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const requestTrace = contextValue.trace;
      if (requestTrace === undefined) return;
      return {
        async parsingDidStart() {
          const span = requestTrace.startSpan('graphql.parse');
          return async (error) => endSpan(span, error !== undefined, 'syntax error');
        },
        async validationDidStart() {
          const span = requestTrace.startSpan('graphql.validate');
          return async (errors) => endSpan(span, errors !== undefined && errors.length > 0, 'invalid operation');
        },
        async didResolveOperation({ operation }) {
          if (operation !== undefined) requestTrace.span.setAttribute('graphql.operation.type', operation.operation);
        },
        async executionDidStart({ operation }) {
          const span = requestTrace.startSpan(
            'graphql.execute',
            operation === undefined ? undefined : { 'graphql.operation.type': operation.operation },
          );
          requestTrace.enter(span);
          return {
            async executionDidEnd(error) {
              requestTrace.leave();
              endSpan(span, error !== undefined, 'execution failed');
            },
          };
        },
      };
    },
  };
}
