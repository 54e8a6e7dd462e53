/**
 * The gateway's HTTP routes: `/healthz`, `/readyz`, `/metrics`, the development JWKS, the explorer, `/graphql`, and a
 * 404 NOT_FOUND for anything else. A request that fails outside Apollo is answered through the gateway's one error
 * masking (src/errors/mask.ts): a catalogue code and a safe message, never the error's text.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonWebKeySet } from '../auth/dev-keys.ts';
import type { Database } from '../db/database.ts';
import { isCurrent, migrationStatus } from '../db/migrate.ts';
import { isErrorCode } from '../errors/catalogue.ts';
import { maskError } from '../errors/mask.ts';
import type { Logger } from '../logger.ts';
import { handleExplorerRequest } from './explorer.ts';
import type { GraphQLRequestHandler } from './graphql-request.ts';
import { sendError, sendJson } from './respond.ts';

export const GRAPHQL_PATH = '/graphql';

export interface Readiness {
  ready: boolean;
  database: string;
  migrations: string;
  draining?: true;
}

/** /readyz: the database answers and its migrations are current, and the gateway is not draining. */
export async function readiness(db: Database, draining: boolean): Promise<Readiness> {
  if (draining) return { ready: false, database: 'unknown', migrations: 'unknown', draining: true };
  try {
    const status = await migrationStatus(db);
    return { ready: isCurrent(status), database: 'up', migrations: isCurrent(status) ? 'current' : 'pending' };
  } catch {
    return { ready: false, database: 'down', migrations: 'unknown' };
  }
}

export interface RouterOptions {
  logger: Logger;
  graphql: GraphQLRequestHandler;
  readiness: () => Promise<Readiness>;
  /** Answers GET /metrics (src/http/metrics.ts: `metrics:read` tokens only); undefined when metrics are off. */
  serveMetrics: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  /** The development key set served at /.well-known/jwks.json; undefined outside development. */
  jwks: JsonWebKeySet | undefined;
  explorerEnabled: boolean;
}

/** The node:http request listener's work: routes the request, and answers any failure with a masked error. */
export function createRouter(options: RouterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger, graphql, readiness, serveMetrics, jwks, explorerEnabled } = options;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz' && req.method === 'GET') {
      const state = await readiness();
      return sendJson(res, state.ready ? 200 : 503, state);
    }
    if (url.pathname === '/metrics' && serveMetrics !== undefined && req.method === 'GET')
      return serveMetrics(req, res);
    if (url.pathname === '/.well-known/jwks.json' && jwks !== undefined && req.method === 'GET') {
      return sendJson(res, 200, jwks, { 'cache-control': 'public, max-age=300' });
    }
    if (explorerEnabled && handleExplorerRequest(req, res, { graphqlPath: GRAPHQL_PATH })) return;
    if (url.pathname === GRAPHQL_PATH) return graphql(req, res, url);
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
