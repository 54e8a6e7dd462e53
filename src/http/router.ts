/**
 * The gateway's HTTP routes: `/healthz`, `/readyz`, `/metrics`, the development JWKS, the explorer, `/graphql`,
 * `/schema.graphql`, the FHIR R4 endpoint under `/fhir` (src/fhir/), and a 404 NOT_FOUND for anything else. Every response carries the request's `X-Request-Id`
 * (src/http/request-id.ts); the routes that answer per token (/graphql, /schema.graphql, /fhir) offer CORS
 * (src/http/cors.ts) and are never stored by a cache (`Cache-Control: no-store`, `Vary: Authorization`, RFC 9111).
 * A request that fails outside Apollo is answered through the gateway's one error masking (src/errors/mask.ts): a
 * catalogue code and a safe message, never the error's text.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonWebKeySet } from '../auth/dev-keys.ts';
import { isErrorCode } from '../errors/catalogue.ts';
import { maskError } from '../errors/mask.ts';
import type { Logger } from '../logger.ts';
import type { ReadinessReport } from '../observability/readiness.ts';
import { appendVary, applyCors, type CorsPolicy } from './cors.ts';
import { handleExplorerRequest } from './explorer.ts';
import type { FhirRequestHandler } from '../fhir/index.ts';
import { FHIR_PATH } from '../fhir/index.ts';
import { sendOutcome } from '../fhir/outcome.ts';
import type { GraphQLRequestHandler } from './graphql-request.ts';
import { requestIdOf } from './request-id.ts';
import { sendError, sendJson } from './respond.ts';
import { SCHEMA_SDL_PATH } from './schema-sdl.ts';

export const GRAPHQL_PATH = '/graphql';

/** While start-up is not finished, /graphql answers this (503 SOURCE_UNAVAILABLE, `Retry-After`). */
const STARTING_MESSAGE = 'The gateway is starting: its database is not ready yet; try again later';

export interface RouterOptions {
  logger: Logger;
  graphql: GraphQLRequestHandler;
  /** /readyz's answer, from cached state (src/observability/readiness.ts): never waits for the database. */
  readiness: () => ReadinessReport;
  /** Start-up is not finished: /graphql answers 503 SOURCE_UNAVAILABLE. */
  starting: () => boolean;
  /** Answers GET /metrics (src/http/metrics.ts: `metrics:read` tokens only); undefined when metrics are off. */
  serveMetrics: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  /** The development key set served at /.well-known/jwks.json; undefined outside development. */
  jwks: JsonWebKeySet | undefined;
  explorerEnabled: boolean;
  /** The personal ID the explorer's first tab looks up (GatewayOptions.explorerPersonalId). */
  explorerPersonalId?: string;
  /** GET /schema.graphql (src/http/schema-sdl.ts). */
  schemaSdl: (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void>;
  /** CORS_ORIGINS (src/http/cors.ts). */
  cors: CorsPolicy;
  /** The FHIR R4 endpoint under /fhir (src/fhir/index.ts). */
  fhir: FhirRequestHandler;
}

/** Methods of the routes that offer CORS (the preflight's Access-Control-Allow-Methods). */
const CORS_ROUTES: ReadonlyMap<string, readonly string[]> = new Map([
  [GRAPHQL_PATH, ['GET', 'POST']],
  [SCHEMA_SDL_PATH, ['GET']],
]);

function isFhirPath(pathOrUrl: string | undefined): boolean {
  const pathname = (pathOrUrl ?? '/').split('?')[0]!;
  return pathname === FHIR_PATH || pathname.startsWith(`${FHIR_PATH}/`);
}

/** Methods of the FHIR endpoint (reads; transactions are POSTed to the base), all per token like /graphql. */
const FHIR_CORS_METHODS: readonly string[] = ['GET', 'POST'];

/** The node:http request listener's work: routes the request, and answers any failure with a masked error. */
export function createRouter(options: RouterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger, graphql, readiness, starting, serveMetrics, jwks, explorerEnabled, explorerPersonalId } = options;
  const { schemaSdl, cors, fhir } = options;
  const explorer = {
    graphqlPath: GRAPHQL_PATH,
    ...(explorerPersonalId === undefined ? {} : { defaultPersonalId: explorerPersonalId }),
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = requestIdOf(req, res, logger);
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const isFhir = isFhirPath(url.pathname);
    const corsMethods = isFhir ? FHIR_CORS_METHODS : CORS_ROUTES.get(url.pathname);
    if (corsMethods !== undefined) {
      // Answers that depend on the token may hold personal data: no cache stores them, errors included (RFC 9111
      // §5.2.2.5); `Vary` names what the answer depends on, for any cache that ignores no-store.
      res.setHeader('cache-control', 'no-store');
      appendVary(res, 'Authorization');
      if (applyCors(cors, req, res, corsMethods) === 'answered') return;
    }
    if (url.pathname === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz' && req.method === 'GET') {
      const state = readiness();
      return sendJson(res, state.ready ? 200 : 503, state);
    }
    if (url.pathname === '/metrics' && serveMetrics !== undefined && req.method === 'GET')
      return serveMetrics(req, res);
    if (url.pathname === '/.well-known/jwks.json' && jwks !== undefined && req.method === 'GET') {
      return sendJson(res, 200, jwks, { 'cache-control': 'public, max-age=300' });
    }
    if (explorerEnabled && handleExplorerRequest(req, res, explorer)) return;
    if (url.pathname === GRAPHQL_PATH) {
      if (starting()) return sendError(res, 'SOURCE_UNAVAILABLE', STARTING_MESSAGE);
      return graphql(req, res, url, requestId);
    }
    if (isFhir) {
      if (starting()) return sendOutcome(res, 'SOURCE_UNAVAILABLE', STARTING_MESSAGE);
      return fhir(req, res, url, requestId);
    }
    if (url.pathname === SCHEMA_SDL_PATH && req.method === 'GET') {
      if (starting()) return sendError(res, 'SOURCE_UNAVAILABLE', STARTING_MESSAGE);
      return schemaSdl(req, res, requestId);
    }
    sendError(res, 'NOT_FOUND', `No route for ${req.method ?? 'GET'} ${url.pathname}`);
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      const masked = maskError({ message: 'request failed' }, error, logger);
      const code = isErrorCode(masked.extensions?.code) ? masked.extensions.code : 'INTERNAL_SERVER_ERROR';
      if (res.headersSent) res.destroy();
      // A FHIR client gets its failure as an OperationOutcome, like every other FHIR refusal.
      else if (isFhirPath(req.url)) sendOutcome(res, code, masked.message);
      else sendError(res, code, masked.message);
    });
  };
}
