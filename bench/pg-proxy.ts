/**
 * A TCP proxy in front of PostgreSQL that counts the statements its clients run, by reading the frontend side of
 * the wire protocol: one simple Query ('Q') or one Execute ('E') of the extended protocol is one statement sent.
 * It needs no server extension (pg_stat_statements is not installed here) and sees every client the same way, so
 * F1, G and P are counted by the same observer. The benchmark uses it in a separate, sequential pass (the proxy
 * adds a hop, so the timed runs connect directly).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export interface StatementProxy {
  readonly port: number;
  /** Statements (Query + Execute messages) since the proxy started. */
  statements(): number;
  /** Frontend message counts by type letter (diagnostics). */
  messages(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

export async function startStatementProxy(upstreamHost: string, upstreamPort: number): Promise<StatementProxy> {
  let statements = 0;
  const messages: Record<string, number> = {};
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, upstreamHost);
    sockets.add(client);
    sockets.add(upstream);
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          const code = buffer.readInt32BE(4);
          // An SSL/GSS request is answered by one byte and followed by the real startup message.
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST && code !== CANCEL_REQUEST) started = true;
          buffer = buffer.subarray(length);
          continue;
        }
        if (buffer.length < 5) break;
        const length = buffer.readInt32BE(1);
        if (buffer.length < 1 + length) break;
        const type = String.fromCharCode(buffer[0] as number);
        messages[type] = (messages[type] ?? 0) + 1;
        if (type === 'Q' || type === 'E') statements += 1;
        buffer = buffer.subarray(1 + length);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    statements: () => statements,
    messages: () => ({ ...messages }),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
