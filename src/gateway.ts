/**
 * The gateway: Apollo Server over the unified schema, behind a plain node:http server that owns
 * transport concerns (authentication, body limits, health endpoints, the explorer). Layers run
 * around execution, never inside resolvers:
 *   HTTP (body limit, auth) → Apollo (parse, validate) → authorization plugin (deny before execution)
 *   → execution (sector resolvers + DataLoaders) → error masking.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { createTokenVerifier, AuthenticationError, type TokenVerifier } from './auth/verify.ts';
import { developmentJwks } from './auth/dev-keys.ts';
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

export const GRAPHQL_PATH = '/graphql';
export const MAX_BODY_BYTES = 1024 * 1024;

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
  /** The node:http request listener. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  stop(): Promise<void>;
}

const MASKED_MESSAGE = 'Internal server error';

/** Clients see codes and safe messages, never SQL, stack traces or driver text. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const code = formatted.extensions?.code;
  // A scalar that rejected a literal argument surfaces as a validation error; it is bad input.
  if (original instanceof ScalarInputError && error instanceof GraphQLError) {
    const argumentName = literalArgumentName(error);
    return {
      ...formatted,
      message: argumentName === undefined ? formatted.message : `Argument "${argumentName}": ${original.message}`,
      extensions: { code: 'BAD_USER_INPUT', ...(argumentName === undefined ? {} : { argumentName }) },
    };
  }
  if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
    logger.error({ err: original ?? error, path: formatted.path }, 'resolver failed');
    return { message: MASKED_MESSAGE, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}

/** The argument a rejected literal was given to: the name before the value in the document. */
function literalArgumentName(error: GraphQLError): string | undefined {
  const location = error.nodes?.[0]?.loc;
  if (location === undefined) return undefined;
  return /(\w+)\s*:\s*$/.exec(location.source.body.slice(Math.max(0, location.start - 200), location.start))?.[1];
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, db } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const verifier = await createTokenVerifier(config.auth, config.dataDir);
  const { schema, plugins: layerPlugins } = buildGatewaySchema(config);
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Introspection follows the token: the authorization plugin allows it (development, or `schema:introspect`) or
    // answers 400 INTROSPECTION_DISABLED, and runs it against the schema filtered to the token's scopes.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    formatError: (formatted, error) => formatError(formatted, error, logger),
    // Apollo's own landing pages load from Apollo's CDN; the explorer is ours (src/http/explorer.ts).
    plugins: [ApolloServerPluginLandingPageDisabled(), ...layerPlugins, ...(options.plugins ?? [])],
    logger,
  });
  await apollo.start();
  const jwks = config.auth.useDevelopmentKeys ? await developmentJwks(config.dataDir) : undefined;

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    let principal;
    try {
      principal = await verifier.verifyAuthorizationHeader(req.headers.authorization);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        logger.info({ requestId, reason: error.reason }, 'authentication failed');
        sendError(res, 401, error.code, error.message, { 'www-authenticate': 'Bearer error="invalid_token"' });
        return;
      }
      throw error;
    }
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendError(res, 413, 'MAX_REQUEST_BYTES', error.message);
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
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const purpose = headerValue(req, 'x-purpose');
    const actingUser = headerValue(req, 'x-user-id');
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () =>
        createContext({ requestId, principal, purpose, actingUser, db, developmentMode: !config.isProduction }),
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

  async function readiness(): Promise<{ ready: boolean; database: string; migrations: string }> {
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
    handle(req, res) {
      route(req, res).catch((error: unknown) => {
        logger.error({ err: error }, 'request failed');
        if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', MASKED_MESSAGE);
        else res.destroy();
      });
    },
    stop: () => apollo.stop(),
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

/** Listens on config.host:config.port (port 0 = any free port). */
export async function listen(gateway: Gateway, config: Pick<Config, 'host' | 'port'>): Promise<RunningGateway> {
  const server = http.createServer((req, res) => gateway.handle(req, res));
  server.keepAliveTimeout = 65_000;
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
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await gateway.stop();
    },
  };
}
