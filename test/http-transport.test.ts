/**
 * The HTTP server's transport behaviour with real sockets (src/http/server.ts, docs/ARCHITECTURE.md §10): a request
 * without Host, headers or a body that never finish (408 with a code, in seconds rather than Node's 330 s), an
 * upload the client aborts (logged at info, not as a failure), and requests that arrive during a shutdown (served
 * during the drain delay, then 503 SHUTTING_DOWN with `Connection: close`; never a reset connection).
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { createGateway, listen, type RunningGateway } from '../src/gateway.ts';
import { createLogger } from '../src/logger.ts';
import { openMigratedTestDatabase, type MigratedTestDatabase } from './support/harness.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One client connection, written and read byte by byte as a test needs it. */
class RawConnection {
  private buffer = '';
  private waiting: (() => void) | undefined;
  /** The socket error, if any (ECONNRESET would be a reset connection). */
  error: NodeJS.ErrnoException | undefined;
  ended = false;
  readonly connected: Promise<void>;
  private readonly socket: net.Socket;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.waiting?.();
    });
    this.socket.on('error', (error) => {
      this.error = error;
      this.waiting?.();
    });
    this.socket.on('close', () => {
      this.ended = true;
      this.waiting?.();
    });
  }

  write(text: string): void {
    this.socket.write(text, 'latin1');
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The next complete response (Content-Length framed); rejects if the connection fails or closes first. */
  async response(timeoutMs = 30_000): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = this.take();
      if (parsed !== undefined) return parsed;
      if (this.error !== undefined) throw this.error;
      if (this.ended) throw new Error(`connection closed before a response; got ${JSON.stringify(this.buffer)}`);
      if (Date.now() > deadline) throw new Error('no response in time');
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 100);
      });
      this.waiting = undefined;
    }
  }

  /** Resolves when the server closed the connection (and says whether it was reset). */
  async closed(timeoutMs = 30_000): Promise<{ reset: boolean }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    if (!this.ended) throw new Error('connection still open');
    return { reset: this.error?.code === 'ECONNRESET' };
  }

  private take(): RawResponse | undefined {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine = '', ...lines] = this.buffer.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const bodyBytes = Buffer.from(this.buffer.slice(end + 4), 'latin1');
    if (bodyBytes.length < length) return undefined;
    this.buffer = bodyBytes.subarray(length).toString('latin1');
    return {
      status: Number(statusLine.split(' ')[1]),
      headers,
      body: bodyBytes.subarray(0, length).toString('utf8'),
    };
  }
}

async function connect(port: number): Promise<RawConnection> {
  const connection = new RawConnection(port);
  await connection.connected;
  return connection;
}

const codeOf = (response: RawResponse): unknown =>
  (JSON.parse(response.body) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;

const QUERY = JSON.stringify({ query: '{ __typename }' });
const post = (body: string, headers = 'Host: gateway\r\n', length = Buffer.byteLength(body)) =>
  `POST /graphql HTTP/1.1\r\n${headers}Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n${body}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: MigratedTestDatabase;
const lines: { level: number; msg: string }[] = [];
let running: RunningGateway;
let port: number;

beforeAll(async () => {
  database = await openMigratedTestDatabase('lienthong-transport-');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line));
      callback();
    },
  });
  const config = parseConfig(
    {
      NODE_ENV: 'development',
      PORT: '0',
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      ...database.env,
    },
    database.dataDir,
  );
  const logger = pino({ level: 'info' }, sink);
  running = await listen(await createGateway({ config, db: database.db, logger }), config);
  port = running.port;
});

afterAll(async () => {
  await running?.close();
  await database?.remove();
});

describe('requests the HTTP layer refuses', () => {
  it('answers an HTTP/1.1 request without Host with 400 and a JSON code; HTTP/1.0 needs none', async () => {
    const connection = await connect(port);
    connection.write(post(QUERY, ''));
    const response = await connection.response();
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(codeOf(response)).toBe('BAD_REQUEST');
    expect(JSON.parse(response.body).errors[0].message).toMatch(/Host/);
    expect(response.headers.connection).toBe('close');
    expect((await connection.closed()).reset).toBe(false);

    const old = await connect(port);
    old.write('GET /healthz HTTP/1.0\r\n\r\n');
    expect((await old.response()).status).toBe(200);
  });

  it('answers a body that stops arriving with 408 REQUEST_TIMEOUT after HTTP_REQUEST_TIMEOUT_MS, not minutes', async () => {
    const connection = await connect(port);
    const started = Date.now();
    connection.write(post(QUERY.slice(0, 10), 'Host: gateway\r\n', QUERY.length));
    const response = await connection.response(60_000);
    const ms = Date.now() - started;
    expect(response.status).toBe(408);
    expect(codeOf(response)).toBe('REQUEST_TIMEOUT');
    // 2 s timeout, checked every second; generous margin for a busy machine.
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(15_000);
    await connection.closed();
    // The handler that was reading the body saw it end early: an info line, no error.
    await sleep(200);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('answers headers that stop arriving with 408 after HTTP_HEADERS_TIMEOUT_MS', async () => {
    const connection = await connect(port);
    const started = Date.now();
    connection.write('POST /graphql HTTP/1.1\r\nHost: gateway\r\n');
    const response = await connection.response(60_000);
    expect(response.status).toBe(408);
    expect(codeOf(response)).toBe('REQUEST_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('logs an upload the client aborts at info, not as an error', async () => {
    const before = lines.length;
    const connection = await connect(port);
    connection.write(post('{"query":"{ __ty', 'Host: gateway\r\n', 500));
    await sleep(300);
    connection.destroy();
    await expect
      .poll(() => lines.slice(before).map((line) => line.msg), { timeout: 10_000 })
      .toContain('request body not received: client aborted');
    const logged = lines.slice(before);
    expect(logged.find((line) => line.msg === 'request body not received: client aborted')?.level).toBe(30);
    expect(logged.filter((line) => line.level >= 50)).toEqual([]);
  });
});

describe('shutdown', () => {
  it('serves during the drain delay, then answers 503 SHUTTING_DOWN with Connection: close, never a reset', async () => {
    const quiet = parseConfig(
      {
        NODE_ENV: 'development',
        PORT: '0',
        LOG_LEVEL: 'silent',
        SHUTDOWN_DELAY_MS: '1500',
        SHUTDOWN_TIMEOUT_MS: '30000',
        ...database.env,
      },
      database.dataDir,
    );
    const draining = await listen(
      await createGateway({ config: quiet, db: database.db, logger: createLogger('silent') }),
      quiet,
    );
    const drainPort = draining.port;

    // An idle keep-alive connection, and a request in flight (its body not finished yet).
    const idle = await connect(drainPort);
    idle.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    expect((await idle.response()).status).toBe(200);
    const inFlight = await connect(drainPort);
    inFlight.write(post(QUERY.slice(0, 5), 'Host: gateway\r\n', QUERY.length));
    await sleep(200);

    let closed = false;
    const closing = draining.close().then(() => (closed = true));

    // During the delay: served, with Connection: close; /readyz is red.
    const early = await connect(drainPort);
    early.write('GET /readyz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    const earlyResponse = await early.response();
    expect(earlyResponse.status).toBe(503);
    expect(JSON.parse(earlyResponse.body)).toMatchObject({ draining: true });
    expect(earlyResponse.headers.connection).toBe('close');
    const served = await connect(drainPort);
    served.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    const servedResponse = await served.response();
    expect(servedResponse.status).toBe(200);
    expect(servedResponse.headers.connection).toBe('close');

    // After the delay: new connections and the idle keep-alive connection get 503 SHUTTING_DOWN, not a reset.
    await sleep(2500);
    const late = await Promise.all(Array.from({ length: 10 }, () => connect(drainPort)));
    for (const connection of late) connection.write(post(QUERY));
    idle.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    for (const connection of [...late, idle]) {
      const response = await connection.response();
      expect(response.status).toBe(503);
      expect(codeOf(response)).toBe('SHUTTING_DOWN');
      expect(response.headers.connection).toBe('close');
      expect(response.headers['retry-after']).toBe('1');
      expect((await connection.closed()).reset).toBe(false);
    }

    // The request in flight still finishes, and only then does the gateway stop.
    expect(closed).toBe(false);
    inFlight.write(QUERY.slice(5));
    const finished = await inFlight.response();
    expect(finished.status).toBe(200);
    expect(JSON.parse(finished.body)).toEqual({ data: { __typename: 'Query' } });
    await closing;

    // Stopped: new connections are refused (not accepted and then reset).
    const refused = new RawConnection(drainPort);
    await expect(refused.connected).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  }, 60_000);
});
