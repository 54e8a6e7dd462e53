/**
 * Prometheus metrics (prom-client), served at GET /metrics when METRICS_ENABLED (default true).
 *
 * One registry per process: the recording functions are called from layers that hold no gateway reference (the
 * authorization layer, the audit writer, the DataLoader helpers). Labels never carry personal data: no personal IDs,
 * no variables, no document text. Operation names and coordinates come from clients or the schema, so they are
 * checked against the GraphQL name grammar, names containing long digit runs (an inlined ID) are redacted, and the
 * number of distinct values is capped so a client cannot blow up the series count.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState, CircuitBreaker } from '../db/breaker.ts';
import type { Database } from '../db/database.ts';

export const registry = new Registry();

const MAX_OPERATION_NAMES = 200;
const MAX_COORDINATES = 2000;
const MAX_SCOPE_RULES = 500;

const requests = new Counter({
  name: 'lienthong_graphql_requests_total',
  help: 'GraphQL requests by operation name and outcome (success, or the first error code)',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});

const requestDuration = new Histogram({
  name: 'lienthong_graphql_request_duration_seconds',
  help: 'GraphQL request latency from the first byte read to the last byte written',
  labelNames: ['operation'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const deniedFields = new Counter({
  name: 'lienthong_denied_fields_total',
  help: 'Fields removed by authorization, by schema coordinate and the scope rule the caller did not satisfy',
  labelNames: ['coordinate', 'scope'] as const,
  registers: [registry],
});

const auditWrites = new Counter({
  name: 'lienthong_audit_writes_total',
  help: 'Audit trail writes (one per request that read personal data) by result',
  labelNames: ['result'] as const,
  registers: [registry],
});

const auditRecords = new Counter({
  name: 'lienthong_audit_records_total',
  help: 'Audit records (one per request and citizen) by result',
  labelNames: ['result'] as const,
  registers: [registry],
});

const auditWriteDuration = new Histogram({
  name: 'lienthong_audit_write_duration_seconds',
  help: 'Time a request waited for its audit records to be committed (its share of a group commit), by result',
  labelNames: ['result'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [registry],
});

const batchSize = new Histogram({
  name: 'lienthong_dataloader_batch_size',
  help: 'Keys per DataLoader batch (one SQL statement per batch) by loader kind',
  labelNames: ['loader'] as const,
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
  registers: [registry],
});

const securityEvents = new Counter({
  name: 'lienthong_security_events_total',
  help: 'Security events (docs/ARCHITECTURE.md §6) by kind (PROBE, REFUSED) and code; probes count foreign IDs named',
  labelNames: ['kind', 'code'] as const,
  registers: [registry],
});

const securityEventsDropped = new Counter({
  name: 'lienthong_security_events_dropped_total',
  help: 'Security events not stored: reason overflow (folded into an overflow row) or write_failed (batch lost)',
  labelNames: ['reason'] as const,
  registers: [registry],
});

const sourceUnavailable = new Counter({
  name: 'lienthong_source_unavailable_total',
  help: 'Requests answered 503 SOURCE_UNAVAILABLE because the database was down or too slow',
  registers: [registry],
});

// ───────────────────────────── database pool gauges ─────────────────────────────

/** Databases of the running gateways (tests may run several in one process). */
const databases = new Set<Database>();

function poolGauge(name: string, help: string, pick: (stats: ReturnType<Database['poolStats']>) => number): void {
  new Gauge({
    name,
    help,
    labelNames: ['database'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const db of databases) this.inc({ database: db.kind }, pick(db.poolStats()));
    },
  });
}

poolGauge('lienthong_db_pool_connections', 'Open database connections (PGlite: 1)', (s) => s.total);
poolGauge('lienthong_db_pool_idle_connections', 'Idle database connections', (s) => s.idle);
poolGauge('lienthong_db_pool_waiting_requests', 'Callers waiting for a database connection', (s) => s.waiting);
poolGauge(
  'lienthong_db_statements_in_flight',
  'Database statements or checked-out connections in use now',
  (s) => s.inFlight,
);

const reported = new WeakMap<Database, number>();
new Counter({
  name: 'lienthong_db_statements_total',
  help: 'SQL statements sent to the database',
  labelNames: ['database'] as const,
  registers: [registry],
  collect() {
    for (const db of databases) {
      const last = reported.get(db) ?? 0;
      if (db.statements.count > last) this.inc({ database: db.kind }, db.statements.count - last);
      reported.set(db, db.statements.count);
    }
  },
});

// ───────────────────────────── circuit breakers (src/db/breaker.ts) ─────────────────────────────

const breakers = new Set<CircuitBreaker>();
const BREAKER_STATE_VALUES: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

new Gauge({
  name: 'lienthong_source_breaker_state',
  help: 'Circuit breaker of a data source: 0 closed, 1 half-open (one probe tests recovery), 2 open (failing fast)',
  labelNames: ['source'] as const,
  registers: [registry],
  collect() {
    this.reset();
    // Several gateways in one process (tests) may guard sources of the same name: the worst state is shown.
    const worst = new Map<string, number>();
    for (const breaker of breakers) {
      worst.set(breaker.name, Math.max(worst.get(breaker.name) ?? 0, BREAKER_STATE_VALUES[breaker.state]));
    }
    for (const [source, value] of worst) this.set({ source }, value);
  },
});

const breakerTransitions = new Counter({
  name: 'lienthong_source_breaker_transitions_total',
  help: 'Circuit breaker changes of state, by source and the state entered',
  labelNames: ['source', 'state'] as const,
  registers: [registry],
});

const breakerRejectionsReported = new WeakMap<CircuitBreaker, number>();
new Counter({
  name: 'lienthong_source_breaker_rejections_total',
  help: 'Database calls refused at once by an open circuit breaker, by source',
  labelNames: ['source'] as const,
  registers: [registry],
  collect() {
    for (const breaker of breakers) {
      const last = breakerRejectionsReported.get(breaker) ?? 0;
      if (breaker.rejected > last) this.inc({ source: breaker.name }, breaker.rejected - last);
      breakerRejectionsReported.set(breaker, breaker.rejected);
    }
  },
});

/** Adds a circuit breaker to the breaker metrics; returns the function that removes it (gateway stop). */
export function watchBreaker(breaker: CircuitBreaker): () => void {
  breakers.add(breaker);
  const unsubscribe = breaker.onChange((state) => breakerTransitions.inc({ source: breaker.name, state }));
  return () => {
    unsubscribe();
    breakers.delete(breaker);
  };
}

// ───────────────────────────── operations in flight (OPERATION_CONCURRENCY) ─────────────────────────────

/** What the operation gauges read (src/limits/concurrency.ts). */
export interface OperationSlotCounts {
  readonly running: number;
  readonly waiting: number;
}

const operationSlots = new Set<OperationSlotCounts>();

function slotGauge(name: string, help: string, pick: (slots: OperationSlotCounts) => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      let total = 0;
      for (const slots of operationSlots) total += pick(slots);
      this.set(total);
    },
  });
}

slotGauge(
  'lienthong_operations_executing',
  'GraphQL operations executing now (at most OPERATION_CONCURRENCY)',
  (s) => s.running,
);
slotGauge('lienthong_operations_waiting', 'GraphQL operations waiting for an execution slot', (s) => s.waiting);

/** Adds a gateway's execution slots to the operation gauges; returns the function that removes them. */
export function watchOperationSlots(slots: OperationSlotCounts): () => void {
  operationSlots.add(slots);
  return () => operationSlots.delete(slots);
}

/** Adds a database to the pool gauges; returns the function that removes it (gateway stop). */
export function watchDatabase(db: Database): () => void {
  databases.add(db);
  return () => databases.delete(db);
}

let defaultsCollected = false;
/** Process metrics (CPU, memory, event loop lag, GC, handles), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: registry });
}

// ───────────────────────────── label hygiene ─────────────────────────────

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Six or more digits in a row: possibly a personal ID, an old ID card, an insurance or tax number. */
const DIGIT_RUN = /\d{6,}/;

/** A client-chosen operation name as logs may show it: a GraphQL name without digit runs, or a placeholder. */
export function safeOperationName(name: string | null | undefined): string {
  if (name === undefined) return '(none)';
  if (name === null || name === '') return '(anonymous)';
  if (!GRAPHQL_NAME.test(name)) return '(invalid)';
  if (DIGIT_RUN.test(name)) return '(redacted)';
  return name;
}

const seenOperations = new Set<string>();
/** The metrics label for an operation name: safeOperationName, and at most 200 distinct names (then `(other)`). */
export function operationLabel(name: string | null | undefined): string {
  const safe = safeOperationName(name);
  if (safe !== name) return safe;
  if (!seenOperations.has(name)) {
    if (seenOperations.size >= MAX_OPERATION_NAMES) return '(other)';
    seenOperations.add(name);
  }
  return name;
}

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
function outcomeLabel(outcome: string): string {
  return outcome === 'success' || CODE.test(outcome) ? outcome : 'OTHER';
}

const seenCoordinates = new Set<string>();
function coordinateLabel(coordinate: string): string {
  if (!/^[_A-Za-z]\w{0,63}(\.[_A-Za-z]\w{0,63})?$/.test(coordinate) || DIGIT_RUN.test(coordinate)) return '(invalid)';
  if (!seenCoordinates.has(coordinate)) {
    if (seenCoordinates.size >= MAX_COORDINATES) return '(other)';
    seenCoordinates.add(coordinate);
  }
  return coordinate;
}

const seenScopeRules = new Set<string>();
/** `[[a, b], [c]]` (a AND b, OR c) → `a&b|c`. */
function scopeLabel(requiredScopes: string | readonly (string | readonly string[])[]): string {
  const rule =
    typeof requiredScopes === 'string'
      ? requiredScopes
      : requiredScopes.map((group) => (typeof group === 'string' ? group : group.join('&'))).join('|');
  if (rule === '') return '(none)';
  if (!/^[\w:*.&|-]{1,300}$/.test(rule) || DIGIT_RUN.test(rule)) return '(invalid)';
  if (!seenScopeRules.has(rule)) {
    if (seenScopeRules.size >= MAX_SCOPE_RULES) return '(other)';
    seenScopeRules.add(rule);
  }
  return rule;
}

// ───────────────────────────── recording (called by the layers) ─────────────────────────────

/** One finished GraphQL request. `outcome` is 'success' or an error code. */
export function recordRequest(operation: string | null | undefined, outcome: string, seconds: number): void {
  const label = operationLabel(operation);
  requests.inc({ operation: label, outcome: outcomeLabel(outcome) });
  requestDuration.observe({ operation: label }, seconds);
  if (outcome === 'SOURCE_UNAVAILABLE') sourceUnavailable.inc();
}

/**
 * The authorization layer removed a field: `coordinate` is a schema coordinate (`Encounter.principalDiagnosis`, or a
 * type name for a type rule), never a response path; `requiredScopes` the rule not satisfied (outer list OR, inner
 * AND, as in @requiresScopes), or an already formatted string.
 */
export function recordDeniedField(
  coordinate: string,
  requiredScopes: string | readonly (string | readonly string[])[],
): void {
  deniedFields.inc({ coordinate: coordinateLabel(coordinate), scope: scopeLabel(requiredScopes) });
}

/**
 * The audit writer wrote (ok) or failed to write `records` records in one write; `seconds` is how long the request
 * waited for it (the audit share of the request's latency).
 */
export function recordAuditWrite(records: number, ok: boolean, seconds?: number): void {
  const result = ok ? 'ok' : 'failed';
  auditWrites.inc({ result });
  if (records > 0) auditRecords.inc({ result }, records);
  if (seconds !== undefined && seconds >= 0) auditWriteDuration.observe({ result }, seconds);
}

/** A security event of `kind` with `code` (a catalogue code, FOREIGN_PERSONAL_ID or FOREIGN_IDENTIFIER: a bounded set of labels). */
export function recordSecurityEvent(kind: 'PROBE' | 'REFUSED', code: string, count = 1): void {
  securityEvents.inc({ kind, code }, count);
}

/** Security events folded into an overflow row, or rows lost because their batch could not be written. */
export function recordSecurityEventsDropped(reason: 'overflow' | 'write_failed', count: number): void {
  if (count > 0) securityEventsDropped.inc({ reason }, count);
}

/** A DataLoader batch of `size` keys. */
export function recordBatch(loader: 'row' | 'group' | 'page' | 'count', size: number): void {
  batchSize.observe({ loader }, size);
}

/** The exposition text and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
