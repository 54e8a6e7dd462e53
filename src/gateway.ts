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
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ensureArchiveKey } from './audit/segments.ts';
import { createAuditLog, type AuditLog } from './audit/store.ts';
import { createTokenVerifier, type TokenVerifier } from './auth/verify.ts';
import { developmentJwks } from './auth/dev-keys.ts';
import type { Config } from './config.ts';
import type { GatewayContext } from './context.ts';
import type { Database } from './db/database.ts';
import { maskError } from './errors/mask.ts';
import { graphqlRequestHandler } from './http/graphql-request.ts';
import { createRouter, readiness } from './http/router.ts';
import { createLogger, type Logger } from './logger.ts';
import { orderedPlugins } from './plugins.ts';
import { buildGatewaySchema } from './schema/index.ts';
import { createRateLimiter, limitsPlugin, parseOptions, TrustedDocuments } from './limits/index.ts';
import { createOperationSlots } from './limits/concurrency.ts';
import { createObservability } from './observability/index.ts';
import { watchOperationSlots } from './observability/metrics.ts';
import { ShutdownHooks, type ShutdownHook } from './observability/shutdown.ts';

export { GRAPHQL_PATH } from './http/router.ts';
export { listen, type RunningGateway } from './http/server.ts';

export interface GatewayOptions {
  config: Config;
  db: Database;
  logger?: Logger;
  /** Extra Apollo plugins (tests, benchmarks). */
  plugins?: ApolloServerPlugin<GatewayContext>[];
}

export interface Gateway {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly verifier: TokenVerifier;
  /** The access log writer (its `stats` count the group commits); closed by `stop()`. */
  readonly auditLog: AuditLog;
  /** The node:http request listener. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Registers work to run at shutdown after the HTTP server drained and before the database closes (flush the audit
   * writer...); returns a function that unregisters it. Apollo plugins may use `serverWillStop` instead: same moment.
   */
  onShutdown(name: string, hook: ShutdownHook): () => void;
  /** Shutdown has begun: /readyz answers 503 so load balancers stop sending traffic; requests are still served. */
  beginDrain(): void;
  /** Runs the shutdown hooks, then stops Apollo. */
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, db } = options;
  const logger = options.logger ?? createLogger(config.logLevel, { buffered: config.nodeEnv === 'production' });
  const verifier = await createTokenVerifier(config.auth, config.dataDir);
  // One writer (and hash chain) per gateway: appends of concurrent requests are group-committed, and anchors signed
  // with the audit key (DATA_DIR/keys, shared by the replicas) fix every chain's head (src/audit/writer.ts).
  const auditLog = createAuditLog(db, {
    appendTimeoutMs: config.auditAppendTimeoutMs,
    anchorKey: ensureArchiveKey(config.dataDir),
    anchorIntervalMs: config.auditAnchorIntervalMs,
    onBackgroundError: (error) => logger.error({ err: error }, 'audit: sealing pending records or anchoring failed'),
  });
  const layers = buildGatewaySchema(config, { audit: { auditLog, logger } });
  const { schema } = layers;
  const limits = limitsPlugin({ schema, limits: config.limits });
  const trusted =
    config.trustedDocumentsFile === undefined ? undefined : TrustedDocuments.load(config.trustedDocumentsFile, schema);
  const observability = createObservability({ db, logger });
  const shutdownHooks = new ShutdownHooks();
  let draining = false;
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    csrfPrevention: true,
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
      observation: observability.plugin,
      ...(options.plugins === undefined ? {} : { extra: options.plugins }),
    }),
    logger,
    // main.ts owns SIGTERM/SIGINT: drain HTTP first, then stop Apollo, then close the database.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const rateLimiter = config.rateLimit.enabled
    ? await createRateLimiter(config.rateLimit, config.redisUrl, logger)
    : undefined;
  const operationSlots = createOperationSlots(config.operationConcurrency, config.operationQueueTimeoutMs);
  const unwatchOperationSlots = watchOperationSlots(operationSlots);
  const route = createRouter({
    logger,
    graphql: graphqlRequestHandler({
      apollo,
      config,
      db,
      logger,
      verifier,
      rateLimiter,
      trusted,
      operationSlots,
      observability,
    }),
    readiness: () => readiness(db, draining),
    serveMetrics: config.metricsEnabled ? (res) => observability.serveMetrics(res) : undefined,
    jwks: config.auth.useDevelopmentKeys ? await developmentJwks(config.dataDir) : undefined,
    explorerEnabled: config.explorerEnabled,
  });

  return {
    apollo,
    verifier,
    auditLog,
    handle(req, res) {
      // While draining, every answer closes its connection: clients reconnect to another replica.
      if (draining) res.setHeader('connection', 'close');
      route(req, res);
    },
    onShutdown: (name, hook) => shutdownHooks.add(name, hook),
    beginDrain() {
      draining = true;
    },
    async stop() {
      draining = true;
      await shutdownHooks.run(logger);
      observability.dispose();
      unwatchOperationSlots();
      await apollo.stop();
      // No request is running any more: wait for the last records to be committed.
      await auditLog.close();
      await rateLimiter?.close();
    },
  };
}
