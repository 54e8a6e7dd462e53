/** The gateway's node:http server: listening, answers to requests the HTTP parser rejects, and draining at close. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import type { Gateway } from '../gateway.ts';
import { answerClientError } from '../observability/index.ts';
import { drainServer } from '../observability/shutdown.ts';
import { listenForMetrics } from './metrics.ts';
import { requestIdOf } from './request-id.ts';
import { sendError } from './respond.ts';

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly gateway: Gateway;
  /** The METRICS_PORT listener's URL, when there is one. */
  readonly metricsUrl: string | undefined;
  close(): Promise<void>;
}

/** Node's defaults check expired requests every 30 s, so a 408 could come 30 s late; a second is cheap. */
const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;

export type ListenConfig = Pick<Config, 'host' | 'port'> &
  Partial<
    Pick<Config, 'shutdownTimeoutMs' | 'shutdownDelayMs' | 'http' | 'metricsEnabled' | 'metricsPort' | 'metricsHost'>
  >;

/**
 * Listens on config.host:config.port (port 0 = any free port), and on METRICS_PORT when set. `close()` drains
 * (docs/ARCHITECTURE.md §10): /readyz turns red and requests are still served, with `Connection: close`, for
 * config.shutdownDelayMs (default 0); then every new request is answered 503 SHUTTING_DOWN (listener still open, so
 * no connection is reset) while the requests in flight finish (at most config.shutdownTimeoutMs, default 10 s, then
 * their connections are destroyed); then the listener closes, the shutdown hooks run and Apollo stops. The caller
 * closes the database afterwards.
 */
export async function listen(gateway: Gateway, config: ListenConfig): Promise<RunningGateway> {
  const timeouts = config.http;
  let refusing = false;
  let inFlight = 0;
  const server = http.createServer(
    {
      // Checked below instead, to answer with a JSON code: Node's own check writes a bare 400 (RFC 9112 §3.2).
      requireHostHeader: false,
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
      ...(timeouts === undefined
        ? {}
        : {
            headersTimeout: timeouts.headersTimeoutMs,
            requestTimeout: timeouts.requestTimeoutMs,
            keepAliveTimeout: timeouts.keepAliveTimeoutMs,
          }),
    },
    (req, res) => {
      // Every answer carries a request id (src/http/request-id.ts), these two refusals included.
      if (refusing) {
        requestIdOf(req, res);
        return sendError(res, 'SHUTTING_DOWN');
      }
      if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) {
        requestIdOf(req, res);
        res.setHeader('connection', 'close');
        return sendError(res, 'BAD_REQUEST', 'An HTTP/1.1 request must carry a Host header (RFC 9112 §3.2)');
      }
      inFlight += 1;
      res.once('close', () => (inFlight -= 1));
      gateway.handle(req, res);
    },
  );
  if (timeouts === undefined) server.keepAliveTimeout = 65_000;
  // Requests the HTTP parser rejects or the timeouts end get a JSON error with a code too (Node answers a bare 400).
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const metrics =
    config.metricsEnabled === true && config.metricsPort !== undefined
      ? await listenForMetrics(config.metricsHost ?? '127.0.0.1', config.metricsPort).catch(async (error: unknown) => {
          server.close();
          throw error;
        })
      : undefined;
  const { port } = server.address() as AddressInfo;
  return {
    url: urlOf(config.host, port),
    port,
    gateway,
    metricsUrl: metrics === undefined ? undefined : urlOf(metrics.host, metrics.port),
    async close() {
      gateway.beginDrain();
      // Keep serving (readiness red) while load balancers notice, then refuse new requests and drain.
      if ((config.shutdownDelayMs ?? 0) > 0)
        await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
      refusing = true;
      await drainServer(server, config.shutdownTimeoutMs ?? 10_000, () => inFlight);
      await metrics?.close();
      await gateway.stop();
    },
  };
}

function urlOf(host: string, port: number): string {
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return `http://${bracketed === '0.0.0.0' ? '127.0.0.1' : bracketed}:${port}`;
}
