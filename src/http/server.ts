/** The gateway's node:http server: listening, answers to requests the HTTP parser rejects, and draining at close. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import type { Gateway } from '../gateway.ts';
import { answerClientError } from '../observability/index.ts';
import { drainServer } from '../observability/shutdown.ts';

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
