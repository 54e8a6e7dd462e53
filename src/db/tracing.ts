/**
 * One OpenTelemetry span per statement a request sends (src/observability/tracing.ts): a request's `Database`
 * (`context.db`, and so its loaders) is wrapped when tracing is on; when it is off nothing is wrapped, so statements
 * pay nothing.
 *
 * A span is named by what the statement does, `SELECT core.citizen` (OpenTelemetry semantic conventions for database
 * client spans: `{db.operation.name} {db.collection.name}`), and carries db.system.name = postgresql. Never the
 * statement text, never its parameters: they hold personal IDs. Errors are recorded by SQLSTATE only: PostgreSQL's
 * messages quote values ("Key (personal_id)=(...) already exists").
 */
import {
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { Database, DatabaseTransaction } from './database.ts';

/** Where a request's statement spans go: the tracer, and the span they are children of now. */
export interface StatementTracing {
  readonly tracer: Tracer;
  /** The request's span running now (execution while executing, else the request's server span). */
  parent(): Context;
}

/** Distinct statement texts summarised; the code's texts are a few dozen, the bound keeps any path from growing it. */
const MAX_SUMMARIES = 512;
const summaries = new Map<string, StatementSummary>();

interface StatementSummary {
  readonly name: string;
  readonly attributes: Attributes;
}

const OPERATION = /^\s*(?:--[^\n]*\n\s*)*([a-z]+)/i;
const TARGET = /\b(?:from|into|update|join)\s+((?:"?[a-z_][a-z0-9_]*"?\.)?"?[a-z_][a-z0-9_]*"?)/i;

/**
 * `SELECT core.citizen` for `SELECT ... FROM core.citizen ...`: the first keyword and the first table named. Only
 * identifiers of the statement's own text are taken (the texts are the code's, never built from input), and a name
 * with a long digit run is dropped anyway, as in the metrics' labels.
 */
export function statementSummary(sql: string): StatementSummary {
  let summary = summaries.get(sql);
  if (summary !== undefined) return summary;
  const operation = OPERATION.exec(sql)?.[1]?.toUpperCase() ?? 'STATEMENT';
  const rawTarget = TARGET.exec(sql)?.[1]?.replaceAll('"', '');
  const target = rawTarget === undefined || /\d{6,}/.test(rawTarget) ? undefined : rawTarget.toLowerCase();
  summary = {
    name: target === undefined ? operation : `${operation} ${target}`,
    attributes: {
      'db.system.name': 'postgresql',
      // The name of the older semantic conventions, which many backends still key on.
      'db.system': 'postgresql',
      'db.operation.name': operation,
      ...(target === undefined ? {} : { 'db.collection.name': target }),
    },
  };
  if (summaries.size < MAX_SUMMARIES) summaries.set(sql, summary);
  return summary;
}

/** Ends `span` with the statement's outcome: an error as its SQLSTATE (or class name), never its message. */
function settle<T>(span: Span, work: Promise<T>): Promise<T> {
  return work.then(
    (result) => {
      span.end();
      return result;
    },
    (error: unknown) => {
      const cause = (error as { cause?: unknown }).cause ?? error;
      const sqlState = (cause as { code?: unknown }).code;
      if (typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState)) {
        span.setAttribute('db.response.status_code', sqlState);
      }
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      span.end();
      throw error;
    },
  );
}

function statementSpan(tracing: StatementTracing, sql: string, parent: Context): Span {
  const { name, attributes } = statementSummary(sql);
  return tracing.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
}

/** `db` with one span per statement, child of `tracing.parent()` (a transaction's statements: of its span). */
export function traceStatements(db: Database, tracing: StatementTracing): Database {
  const traced = (tx: DatabaseTransaction, parent: Context): DatabaseTransaction => ({
    query: <Row>(sql: string, params?: readonly unknown[]) =>
      settle(statementSpan(tracing, sql, parent), tx.query<Row>(sql, params)),
    exec: (script: string) => settle(statementSpan(tracing, script, parent), tx.exec(script)),
    copyFrom: (table, columns, lines, options) =>
      settle(statementSpan(tracing, `COPY INTO ${table}`, parent), tx.copyFrom(table, columns, lines, options)),
  });
  return {
    kind: db.kind,
    statements: db.statements,
    query: <Row>(sql: string, params?: readonly unknown[]) =>
      settle(statementSpan(tracing, sql, tracing.parent()), db.query<Row>(sql, params)),
    exec: (script: string) => settle(statementSpan(tracing, script, tracing.parent()), db.exec(script)),
    transaction: <T>(work: (tx: DatabaseTransaction) => Promise<T>) => {
      const span = tracing.tracer.startSpan(
        'transaction',
        { kind: SpanKind.INTERNAL, attributes: { 'db.system.name': 'postgresql', 'db.system': 'postgresql' } },
        tracing.parent(),
      );
      const inside = trace.setSpan(tracing.parent(), span);
      return settle(
        span,
        db.transaction((tx) => work(traced(tx, inside))),
      );
    },
    copyFrom: (table, columns, lines, options) =>
      settle(
        statementSpan(tracing, `COPY INTO ${table}`, tracing.parent()),
        db.copyFrom(table, columns, lines, options),
      ),
    poolStats: () => db.poolStats(),
    healthCheck: (work, timeoutMs) => db.healthCheck(work, timeoutMs),
    close: () => db.close(),
  };
}
