/**
 * GET /metrics (docs/ARCHITECTURE.md §10). On the main listener only a token with the `metrics:read` scope reads it
 * (401 UNAUTHENTICATED without a valid token, 403 FORBIDDEN without the scope), in development too: a gateway started
 * without NODE_ENV=production on a reachable address must not show every client's operation names and traffic to
 * anyone. A Prometheus server inside the cluster that holds no token scrapes the METRICS_PORT listener instead, which
 * serves only /metrics, without authentication, on METRICS_HOST (default 127.0.0.1).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationError, type TokenVerifier } from '../auth/verify.ts';
import { METRICS_READ } from '../auth/scopes.ts';
import { isAnonymous } from '../auth/principal.ts';
import type { Logger } from '../logger.ts';
import { answerClientError } from '../observability/index.ts';
import { renderMetrics } from '../observability/metrics.ts';
import { sendError } from './respond.ts';

/** Writes the exposition text. */
export async function sendMetrics(res: ServerResponse): Promise<void> {
  const { contentType, body } = await renderMetrics();
  res.writeHead(200, {
    'content-type': contentType,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** GET /metrics on the main listener: the bearer token must carry `metrics:read`. */
export function authorizedMetrics(
  verifier: TokenVerifier,
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let principal;
    try {
      principal = await verifier.verifyAuthorizationHeader(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      logger.info({ reason: error.reason }, 'metrics: authentication failed');
      return sendError(res, error.code, error.message);
    }
    if (isAnonymous(principal)) {
      return sendError(res, 'UNAUTHENTICATED', `GET /metrics needs a bearer token with the scope ${METRICS_READ}`);
    }
    if (!principal.scopes.has(METRICS_READ)) {
      return sendError(res, 'FORBIDDEN', `GET /metrics needs the scope ${METRICS_READ}`);
    }
    await sendMetrics(res);
  };
}

export interface MetricsListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The METRICS_PORT listener: GET /metrics without authentication, a JSON 404 for anything else. */
export async function listenForMetrics(host: string, port: number): Promise<MetricsListener> {
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return sendError(res, 'NOT_FOUND', `This listener serves only GET /metrics`);
    }
    sendMetrics(res).catch(() => {
      if (!res.headersSent) sendError(res, 'INTERNAL_SERVER_ERROR');
      else res.destroy();
    });
  });
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
