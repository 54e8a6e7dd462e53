/**
 * The gateway: Apollo Server over the unified schema, behind a plain node:http server that owns transport concerns
 * (src/http/: routes, authentication, body limits, health endpoints, the explorer). This file only assembles the
 * parts. Layers run around execution, never inside resolvers (docs/ARCHITECTURE.md §3):
 *   HTTP (auth, rate limit, body limit, trusted documents) → Apollo (parse with the token limit, validate)
 *   → limits plugin (depth, aliases, root fields, cost) → authorization plugin (deny before execution)
 *   → execution (sector resolvers + DataLoaders, audited per citizen) → audit plugin (one hash-chained record per
 *   citizen committed before the response, else 503 AUDIT_UNAVAILABLE) → error masking (src/errors/mask.ts).
 * The plugin order is src/plugins.ts; every error code a client can receive is in src/errors/catalogue.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { TracerProvider } from '@opentelemetry/api';
import { createBreakGlassReviews } from './audit/break-glass.ts';
import { probesPlugin } from './audit/probes.ts';
import { createSecurityEvents, type SecurityEvents } from './audit/security-events.ts';
import { loadAuditSigningKey } from './audit/segments.ts';
import { createAuditLog, type AuditLog } from './audit/store.ts';
import { createTokenVerifier, type TokenVerifier } from './auth/verify.ts';
import { developmentJwks, developmentTokenCommand } from './auth/dev-keys.ts';
import type { Config } from './config.ts';
import type { GatewayContext } from './context.ts';
import { CircuitBreaker, guardDatabase } from './db/breaker.ts';
import type { Database } from './db/database.ts';
import { maskError } from './errors/mask.ts';
import { CursorCodec, ensureDevelopmentCursorKey } from './lib/cursor.ts';
import { fhirHandler } from './fhir/index.ts';
import { graphqlPipeline } from './http/graphql-request.ts';
import { authorizedMetrics } from './http/metrics.ts';
import { createRouter } from './http/router.ts';
import { schemaSdlHandler } from './http/schema-sdl.ts';
import { createLogger, type Logger } from './logger.ts';
import { orderedPlugins } from './plugins.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { buildGatewaySchema } from './schema/index.ts';
import {
  createBreakGlassLimit,
  createProbeThrottle,
  createRateLimiter,
  limitsPlugin,
  parseOptions,
  TrustedDocuments,
} from './limits/index.ts';
import { createOperationSlots } from './limits/concurrency.ts';
import { createObservability, tracingPlugin } from './observability/index.ts';
import { watchBreaker, watchOperationSlots } from './observability/metrics.ts';
import { ReadinessMonitor, type ReadinessReport } from './observability/readiness.ts';
import { ShutdownHooks, type ShutdownHook } from './observability/shutdown.ts';
import { startIndicatorRefresh } from './sectors/stats/rollup.ts';

export { GRAPHQL_PATH } from './http/router.ts';
export { listen, type RunningGateway } from './http/server.ts';

/**
 * Request headers whose presence proves a browser preflighted the request (or that no browser sent it): Apollo's
 * recommended two, plus the non-safelisted headers every client of this gateway sends anyway.
 */
export const CSRF_PREFLIGHTED_HEADERS = [
  'x-apollo-operation-name',
  'apollo-require-preflight',
  'authorization',
  'x-purpose',
  'x-user-id',
  'x-break-glass',
];

export interface GatewayOptions {
  config: Config;
  db: Database;
  logger?: Logger;
  /** Extra Apollo plugins (tests, benchmarks). */
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /**
   * Start-up is not finished (src/main.ts: the database may not be reachable yet): /healthz answers, /readyz and
   * /graphql answer 503 until `started()`. Default false: the gateway is ready when createGateway returns.
   */
  starting?: boolean;
  /** The personal ID the explorer's first tab looks up (src/main.ts: a showcase citizen of the demo data). */
  explorerPersonalId?: string;
  /**
   * OpenTelemetry: the provider whose tracer records the requests' spans (src/main.ts builds it when
   * OTEL_EXPORTER_OTLP_ENDPOINT is set; tests pass one with an in-memory exporter). Undefined = tracing off.
   */
  tracerProvider?: TracerProvider;
}

export interface Gateway {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly verifier: TokenVerifier;
  /** The access log writer (its `stats` count the group commits); closed by `stop()`. */
  readonly auditLog: AuditLog;
  /** Probes and refused requests, aggregated and written every SECURITY_EVENTS_FLUSH_MS; closed by `stop()`. */
  readonly securityEvents: SecurityEvents;
  /** The node:http request listener. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Registers work to run at shutdown after the HTTP server drained and before the database closes (flush the audit
   * writer...); returns a function that unregisters it. Apollo plugins may use `serverWillStop` instead: same moment.
   */
  onShutdown(name: string, hook: ShutdownHook): () => void;
  /** Shutdown has begun: /readyz answers 503 so load balancers stop sending traffic; requests are still served. */
  beginDrain(): void;
  /** Ends start-up (option `starting`): checks the database once, then /readyz follows the background checks. */
  started(): Promise<void>;
  /** What /readyz answers now. */
  readiness(): ReadinessReport;
  /** The circuit breaker in front of the database (src/db/breaker.ts). */
  readonly breaker: CircuitBreaker;
  /** Runs the shutdown hooks, then stops Apollo. */
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel, { buffered: config.nodeEnv === 'production' });
  const resilience = config.databaseResilience;
  // Every use of the database by the gateway (requests, the audit writer) goes through the breaker (§10).
  const breaker = new CircuitBreaker('database', {
    threshold: resilience.breakerThreshold,
    cooldownMs: resilience.breakerCooldownMs,
  });
  const db = guardDatabase(options.db, breaker);
  breaker.onChange((state, previous) => {
    if (state === 'open') {
      logger.warn(
        { breaker: breaker.name, from: previous, cooldownMs: resilience.breakerCooldownMs },
        'circuit breaker open: database calls fail at once until a probe succeeds',
      );
    } else logger.info({ breaker: breaker.name, from: previous, state }, `circuit breaker ${state}`);
  });
  const unwatchBreaker = watchBreaker(breaker);
  const readinessMonitor = new ReadinessMonitor(db, [breaker], {
    intervalMs: resilience.checkIntervalMs,
    timeoutMs: resilience.checkTimeoutMs,
    firstTimeoutMs: Math.max(resilience.checkTimeoutMs, config.databaseTimeoutMs),
    logger,
  });
  const verifier = await createTokenVerifier(config.auth, config.dataDir);
  // One writer (and hash chain) per gateway: appends of concurrent requests are group-committed, and anchors signed
  // with the audit key (AUDIT_SIGNING_KEY_FILE, shared by the replicas; required in production) fix every chain's
  // head (src/audit/writer.ts, docs/ARCHITECTURE.md §6).
  const auditLog = createAuditLog(db, {
    appendTimeoutMs: config.auditAppendTimeoutMs,
    anchorKey: loadAuditSigningKey({
      file: config.auditSigningKeyFile,
      dataDir: config.dataDir,
      production: config.isProduction,
    }),
    anchorIntervalMs: config.auditAnchorIntervalMs,
    onBackgroundError: (error) => logger.error({ err: error }, 'audit: sealing pending records or anchoring failed'),
  });
  // Break-glass requests leave a review row when their records are written (src/audit/break-glass.ts).
  const breakGlassReviews = createBreakGlassReviews(db);
  const layers = buildGatewaySchema(config, { audit: { auditLog, logger, breakGlassReviews } });
  const { schema } = layers;
  const limits = limitsPlugin({ schema, limits: config.limits });
  const trusted =
    config.trustedDocumentsFile === undefined ? undefined : TrustedDocuments.load(config.trustedDocumentsFile, schema);
  const tracer = options.tracerProvider?.getTracer('lienthong');
  const observability = createObservability({ db, logger, tracer });
  // Production requires CURSOR_KEY (config); development keeps its own in DATA_DIR so cursors survive a restart.
  const cursors = new CursorCodec(
    config.cursorKey ?? ensureDevelopmentCursorKey(config.dataDir),
    config.cursorPreviousKeys,
  );
  const securityEvents = createSecurityEvents(db, config.securityEvents, logger);
  const rateLimiter = config.rateLimit.enabled
    ? await createRateLimiter(config.rateLimit, config.redisUrl, logger)
    : undefined;
  const probeThrottle = createProbeThrottle(config.securityEvents.probeThrottle, rateLimiter);
  const breakGlassLimit = createBreakGlassLimit(config.securityEvents.breakGlass, rateLimiter);
  const shutdownHooks = new ShutdownHooks();
  let draining = false;
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    // CSRF prevention refuses "simple" requests (no preflight) a page on another site could make a browser send. A
    // request carrying a header that is not CORS-safelisted cannot be one (the Fetch standard preflights it, and
    // only CORS_ORIGINS pass the preflight), so these headers let it through like Apollo's own two: a GET from urql
    // or a fetch() with `Authorization` (or `X-Purpose`, `X-User-Id`) is served.
    csrfPrevention: { requestHeaders: CSRF_PREFLIGHTED_HEADERS },
    allowBatchedHttpRequests: false,
    // Introspection follows the token: the authorization plugin allows it (development, or `schema:introspect`) or
    // answers 400 INTROSPECTION_DISABLED, and runs it against the schema filtered to the token's scopes.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    parseOptions: parseOptions(config.limits),
    // Trusted documents: no automatic persisted queries, so no request can register a document.
    ...(trusted === undefined ? {} : { persistedQueries: false as const }),
    formatError: (formatted, error) => maskError(formatted, error, logger),
    plugins: orderedPlugins({
      limits,
      authorization: layers.authorizationPlugins,
      audit: layers.auditPlugin,
      security: {
        probes: probesPlugin({ events: securityEvents, throttle: probeThrottle }),
        refusals: securityEvents.plugin,
      },
      observation: observability.plugin,
      tracing: tracer === undefined ? undefined : tracingPlugin(),
      ...(options.plugins === undefined ? {} : { extra: options.plugins }),
    }),
    logger,
    // main.ts owns SIGTERM/SIGINT: drain HTTP first, then stop Apollo, then close the database.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const operationSlots = createOperationSlots(config.operationConcurrency, config.operationQueueTimeoutMs);
  const unwatchOperationSlots = watchOperationSlots(operationSlots);
  const pipeline = graphqlPipeline({
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
  });
  const route = createRouter({
    logger,
    graphql: pipeline.handle,
    // FHIR reads and transactions run their GraphQL operations through the same pipeline: no second data path (§16).
    fhir: fhirHandler({ pipeline, maxRequestBytes: config.limits.maxRequestBytes }),
    readiness: () => readinessMonitor.report(draining),
    starting: () => !readinessMonitor.started,
    serveMetrics: config.metricsEnabled ? authorizedMetrics(verifier, logger) : undefined,
    jwks: config.auth.useDevelopmentKeys ? await developmentJwks(config.dataDir) : undefined,
    explorerEnabled: config.explorerEnabled,
    iocDashboard: config.iocDashboardEnabled
      ? {
          tokenHint: config.auth.useDevelopmentKeys
            ? developmentTokenCommand(config.dataDir, 'ioc', path.join(PROJECT_ROOT, 'data'))
            : 'a token with the stats:read scope from the identity provider',
        }
      : undefined,
    ...(options.explorerPersonalId === undefined ? {} : { explorerPersonalId: options.explorerPersonalId }),
    schemaSdl: schemaSdlHandler({
      verifier,
      visibleSchema: layers.visibleSchema,
      rateLimiter,
      logger,
      securityEvents,
    }),
    cors: { origins: new Set(config.corsOrigins) },
  });

  if (options.starting !== true) await readinessMonitor.start();
  // Indicator rollups (docs/ARCHITECTURE.md §15): recomputed every STATS_REFRESH_INTERVAL_MS, the first time one
  // interval after start (a missing rollup is computed by the first request that needs it).
  const stopIndicatorRefresh = startIndicatorRefresh({
    db,
    minPersons: config.statsMinCell,
    intervalMs: config.statsRefreshIntervalMs,
    onError: (error) => logger.error({ err: error }, 'indicators: refreshing the rollups failed'),
  });

  return {
    apollo,
    verifier,
    auditLog,
    securityEvents,
    breaker,
    handle(req, res) {
      // While draining, every answer closes its connection: clients reconnect to another replica.
      if (draining) res.setHeader('connection', 'close');
      route(req, res);
    },
    onShutdown: (name, hook) => shutdownHooks.add(name, hook),
    beginDrain() {
      draining = true;
    },
    started: () => readinessMonitor.start(),
    readiness: () => readinessMonitor.report(draining),
    async stop() {
      draining = true;
      await shutdownHooks.run(logger);
      await stopIndicatorRefresh();
      readinessMonitor.stop();
      unwatchBreaker();
      observability.dispose();
      unwatchOperationSlots();
      await apollo.stop();
      // No request is running any more: wait for the last records to be committed.
      await auditLog.close();
      await securityEvents.close();
      await rateLimiter?.close();
    },
  };
}
