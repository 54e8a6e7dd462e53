/**
 * The gateway's HTTP routes: `/healthz`, `/readyz`, `/metrics`, the development JWKS, the explorer, `/graphql`, and a
 * 404 NOT_FOUND for anything else. A request that fails outside Apollo is answered through the gateway's one error
 * masking (src/errors/mask.ts): a catalogue code and a safe message, never the error's text.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonWebKeySet } from '../auth/dev-keys.ts';
import { isErrorCode } from '../errors/catalogue.ts';
import { maskError } from '../errors/mask.ts';
import type { Logger } from '../logger.ts';
import type { ReadinessReport } from '../observability/readiness.ts';
import { handleExplorerRequest } from './explorer.ts';
import type { GraphQLRequestHandler } from './graphql-request.ts';
import { sendError, sendJson } from './respond.ts';

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
}

/** The node:http request listener's work: routes the request, and answers any failure with a masked error. */
export function createRouter(options: RouterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger, graphql, readiness, starting, serveMetrics, jwks, explorerEnabled, explorerPersonalId } = options;
  const explorer = {
    graphqlPath: GRAPHQL_PATH,
    ...(explorerPersonalId === undefined ? {} : { defaultPersonalId: explorerPersonalId }),
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
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
      return graphql(req, res, url);
    }
    sendError(res, 'NOT_FOUND', `No route for ${req.method ?? 'GET'} ${url.pathname}`);
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      const masked = maskError({ message: 'request failed' }, error, logger);
      const code = masked.extensions?.code;
      if (!res.headersSent) sendError(res, isErrorCode(code) ? code : 'INTERNAL_SERVER_ERROR', masked.message);
      else res.destroy();
    });
  };
}
