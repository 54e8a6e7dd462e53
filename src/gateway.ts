/**
 * The gateway: Apollo Server over the unified schema, behind a plain node:http server that owns
 * transport concerns (authentication, body limits, health endpoints, the explorer). Layers run
 * around execution, never inside resolvers:
 *   HTTP (auth, rate limit, body limit, trusted documents) → Apollo (parse with the token limit, validate)
 *   → limits plugin (depth, aliases, root fields, cost) → authorization plugin (deny before execution)
 *   → execution (sector resolvers + DataLoaders, audited per citizen) → audit plugin (one hash-chained record per
 *   citizen committed before the response, else 503 AUDIT_UNAVAILABLE) → error masking.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { createAuditLog, type AuditLog } from './audit/store.ts';
import { createTokenVerifier, AuthenticationError, type TokenVerifier } from './auth/verify.ts';
import { developmentJwks } from './auth/dev-keys.ts';
import type { Principal } from './auth/principal.ts';
import type { Config } from './config.ts';
import { createContext, type GatewayContext } from './context.ts';
import type { Database } from './db/database.ts';
import { isCurrent, migrationStatus } from './db/migrate.ts';
import { handleExplorerRequest } from './http/explorer.ts';
import { BodyTooLargeError, readBody } from './http/body.ts';
import { sendError, sendJson } from './http/respond.ts';
import { createLogger, type Logger } from './logger.ts';
import { buildGatewaySchema } from './schema/index.ts';
import { ScalarInputError } from './lib/scalars.ts';
import {
  createRateLimiter,
  formatLimitError,
  limitsPlugin,
  parseOptions,
  rateLimitMessage,
  requestBytesMessage,
  TrustedDocuments,
} from './limits/index.ts';
import { createOperationSlots, OperationQueueTimeoutError } from './limits/concurrency.ts';
import { SourceUnavailableError } from './db/unavailable.ts';
import { answerClientError, createObservability, maskDigits } from './observability/index.ts';
import { watchOperationSlots } from './observability/metrics.ts';
import { drainServer, ShutdownHooks, type ShutdownHook } from './observability/shutdown.ts';

export const GRAPHQL_PATH = '/graphql';

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

const MASKED_MESSAGE = 'Internal server error';

/** Clients see codes and safe messages, never SQL, stack traces or driver text. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const limitBreach = formatLimitError(formatted);
  if (limitBreach !== undefined) return limitBreach;
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const code = formatted.extensions?.code;
  // A scalar that rejected a literal argument surfaces as a validation error; it is bad input.
  if (original instanceof ScalarInputError && error instanceof GraphQLError) {
    const argumentName = literalArgumentName(error);
    const field = variableValuePath(formatted.message);
    return {
      ...formatted,
      message: argumentName === undefined ? formatted.message : `Argument "${argumentName}": ${original.message}`,
      extensions: {
        code: 'BAD_USER_INPUT',
        ...(argumentName === undefined ? {} : { argumentName }),
        ...(field === undefined ? {} : { field }),
      },
    };
  }
  if (original instanceof SourceUnavailableError) {
    logger.warn({ reason: original.reason, path: formatted.path }, 'data source unavailable');
    return {
      message: original.message,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: original.code },
    };
  }
  if (isUncodedClientError(error)) return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
    logger.error({ err: original ?? error, path: formatted.path }, 'resolver failed');
    return {
      message: MASKED_MESSAGE,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
  if (code === 'BAD_USER_INPUT' && extensions.field === undefined) {
    const field = variableValuePath(formatted.message);
    if (field !== undefined) extensions.field = field;
  }
  return { ...formatted, extensions };
}

/**
 * The path of a variable value graphql-js refused (`input.personalId` from `Variable "$input" got invalid value "1" at
 * "input.personalId"; ...`, `input.facilityCode` for a field the input type does not define), like the
 * `extensions.field` of the mutations' own input checks. It is the path in the variables (the argument path when the
 * variable is named like the argument, as usual).
 */
function variableValuePath(message: string): string | undefined {
  const match =
    /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; (?:Field "(\w+)" (?:is not defined by type|of required type))?/s.exec(
      message,
    );
  if (match === null) return undefined;
  const base = match[2] ?? match[1] ?? '';
  return match[3] === undefined ? base : `${base}.${match[3]}`;
}

/**
 * A GraphQLError raised with an HTTP 4xx status but no code (Apollo's own request checks, e.g. "provided sha does not
 * match query", "Unsupported persisted query version") is the client's mistake, not an internal error to mask.
 */
function isUncodedClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined || error.originalError !== undefined)
    return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** The argument a rejected literal was given to: the name before the value in the document. */
function literalArgumentName(error: GraphQLError): string | undefined {
  const location = error.nodes?.[0]?.loc;
  if (location === undefined) return undefined;
  return /(\w+)\s*:\s*$/.exec(location.source.body.slice(Math.max(0, location.start - 200), location.start))?.[1];
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, db } = options;
  const logger = options.logger ?? createLogger(config.logLevel, { buffered: config.nodeEnv === 'production' });
  const verifier = await createTokenVerifier(config.auth, config.dataDir);
  // One writer per gateway: appends of concurrent requests are group-committed (src/audit/writer.ts).
  const auditLog = createAuditLog(db, { appendTimeoutMs: config.auditAppendTimeoutMs });
  const { schema, plugins: layerPlugins } = buildGatewaySchema(config, { audit: { auditLog, logger } });
  // Before the layers' plugins: when both refuse an operation, the first one's error is reported (src/limits).
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
    formatError: (formatted, error) => formatError(formatted, error, logger),
    // Apollo's own landing pages load from Apollo's CDN; the explorer is ours (src/http/explorer.ts).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Apollo installs its cache-control plugin by default; its willResolveField hook makes Apollo wrap every field
      // resolver of the schema (requestPipeline.js, enablePluginsForSchemaResolvers) and run a hook per field, a
      // measurable share of a 360° view's CPU (BENCHMARKS.md). Responses with personal data carry no cache hints.
      ApolloServerPluginCacheControlDisabled(),
      limits,
      ...layerPlugins,
      ...observability.plugins,
      ...(options.plugins ?? []),
    ],
    logger,
    // main.ts owns SIGTERM/SIGINT: drain HTTP first, then stop Apollo, then close the database.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const rateLimiter = config.rateLimit.enabled
    ? await createRateLimiter(config.rateLimit, config.redisUrl, logger)
    : undefined;

  /** Answers 429 RATE_LIMITED when the caller's bucket is empty; true when it did. */
  async function rateLimited(principal: Principal | undefined, req: IncomingMessage, res: ServerResponse) {
    if (rateLimiter === undefined) return false;
    const decision = await rateLimiter.take(principal, req.socket.remoteAddress);
    if (decision.allowed) return false;
    const client = maskDigits(principal?.sub ?? 'anonymous');
    logger.info({ client, retryAfter: decision.retryAfterSeconds }, 'rate limited');
    sendError(res, 429, 'RATE_LIMITED', rateLimitMessage(decision), {
      'retry-after': String(decision.retryAfterSeconds),
    });
    return true;
  }
  const operationSlots = createOperationSlots(config.operationConcurrency, config.operationQueueTimeoutMs);
  const unwatchOperationSlots = watchOperationSlots(operationSlots);
  const jwks = config.auth.useDevelopmentKeys ? await developmentJwks(config.dataDir) : undefined;

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    observability.begin(requestId, res);
    let principal;
    try {
      principal = await verifier.verifyAuthorizationHeader(req.headers.authorization);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        logger.info({ requestId, reason: error.reason }, 'authentication failed');
        // Failed tokens draw from the caller's address bucket: guessing tokens is rate limited too.
        if (await rateLimited(undefined, req, res)) return;
        sendError(res, 401, error.code, error.message, { 'www-authenticate': 'Bearer error="invalid_token"' });
        return;
      }
      throw error;
    }
    observability.identify(requestId, principal);
    if (await rateLimited(principal, req, res)) return;
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, config.limits.maxRequestBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          const message = requestBytesMessage(req.headers['content-length'], config.limits.maxRequestBytes);
          return sendError(res, 413, 'MAX_REQUEST_BYTES', message);
        }
        throw error;
      }
      const contentType = req.headers['content-type'] ?? '';
      if (/^application\/(graphql-response\+)?json\b/i.test(contentType) || /\bjson\b/i.test(contentType)) {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
        }
      } else {
        body = raw;
      }
    }
    let search = url.search;
    if (trusted !== undefined) {
      const resolved = trusted.resolve(req.method ?? 'GET', body, url.search);
      if (!resolved.ok) return sendError(res, resolved.status, resolved.code, resolved.message);
      body = resolved.body;
      search = resolved.search;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const contextInit: Omit<GatewayContext, 'loaders'> = {
      requestId,
      principal,
      purpose: headerValue(req, 'x-purpose'),
      actingUser: headerValue(req, 'x-user-id'),
      db,
      developmentMode: !config.isProduction,
      sourceStaleAfterHours: config.sourceStaleAfterHours,
      idempotencyKey: headerValue(req, 'idempotency-key'),
    };
    let release: () => void;
    try {
      release = await operationSlots.acquire();
    } catch (error) {
      if (!(error instanceof OperationQueueTimeoutError)) throw error;
      logger.warn({ requestId, waitedMs: config.operationQueueTimeoutMs }, 'overloaded: no execution slot');
      return sendError(res, 503, error.code, error.message, { 'retry-after': '1' });
    }
    try {
      await executeGraphQL(res, { method: req.method ?? 'GET', headers, search, body }, contextInit);
    } finally {
      release();
    }
  }

  async function executeGraphQL(
    res: ServerResponse,
    httpGraphQLRequest: HTTPGraphQLRequest,
    contextInit: Omit<GatewayContext, 'loaders'>,
  ): Promise<void> {
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => createContext(contextInit),
    });
    res.statusCode = result.status ?? 200;
    for (const [name, value] of result.headers) res.setHeader(name, value);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  async function readiness(): Promise<{ ready: boolean; database: string; migrations: string; draining?: true }> {
    if (draining) return { ready: false, database: 'unknown', migrations: 'unknown', draining: true };
    try {
      const status = await migrationStatus(db);
      return { ready: isCurrent(status), database: 'up', migrations: isCurrent(status) ? 'current' : 'pending' };
    } catch {
      return { ready: false, database: 'down', migrations: 'unknown' };
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz' && req.method === 'GET') {
      const state = await readiness();
      return sendJson(res, state.ready ? 200 : 503, state);
    }
    if (url.pathname === '/metrics' && config.metricsEnabled && req.method === 'GET')
      return observability.serveMetrics(res);
    if (url.pathname === '/.well-known/jwks.json' && jwks !== undefined && req.method === 'GET') {
      return sendJson(res, 200, jwks, { 'cache-control': 'public, max-age=300' });
    }
    if (config.explorerEnabled && handleExplorerRequest(req, res, { graphqlPath: GRAPHQL_PATH })) return;
    if (url.pathname === GRAPHQL_PATH) return handleGraphQL(req, res, url);
    sendError(res, 404, 'NOT_FOUND', `No route for ${req.method ?? 'GET'} ${url.pathname}`);
  }

  return {
    apollo,
    verifier,
    auditLog,
    handle(req, res) {
      // While draining, every answer closes its connection: clients reconnect to another replica.
      if (draining) res.setHeader('connection', 'close');
      route(req, res).catch((error: unknown) => {
        if (error instanceof SourceUnavailableError) {
          logger.warn({ reason: error.reason }, 'data source unavailable');
          if (!res.headersSent) sendError(res, 503, error.code, error.message, { 'retry-after': '5' });
          else res.destroy();
          return;
        }
        logger.error({ err: error }, 'request failed');
        if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', MASKED_MESSAGE);
        else res.destroy();
      });
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

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined || single.trim() === '' ? undefined : single.trim();
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly gateway: Gateway;
  close(): Promise<void>;
}

/**
 * Listens on config.host:config.port (port 0 = any free port). `close()` drains: /readyz turns red, requests are still
 * served for config.shutdownDelayMs (default 0), then the listener closes and in-flight requests finish (at most
 * config.shutdownTimeoutMs, default 10 s, then their connections are destroyed), the shutdown hooks run and Apollo
 * stops. The caller closes the database afterwards.
 */
export async function listen(
  gateway: Gateway,
  config: Pick<Config, 'host' | 'port'> & Partial<Pick<Config, 'shutdownTimeoutMs' | 'shutdownDelayMs'>>,
): Promise<RunningGateway> {
  const server = http.createServer((req, res) => gateway.handle(req, res));
  server.keepAliveTimeout = 65_000;
  // Requests the HTTP parser rejects get a JSON error with a code too (Node answers a bare 400 by default).
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    gateway,
    async close() {
      gateway.beginDrain();
      // Keep serving (readiness red) while load balancers notice, then stop accepting and drain.
      if ((config.shutdownDelayMs ?? 0) > 0)
        await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
      await drainServer(server, config.shutdownTimeoutMs ?? 10_000);
      await gateway.stop();
    },
  };
}
