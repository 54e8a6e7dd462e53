/**
 * Per-client rate limiting (docs/ARCHITECTURE.md §7): a token bucket per `sub` (per remote address without a token),
 * HTTP 429 RATE_LIMITED with Retry-After, applied before any GraphQL work; shared by replicas through Redis
 * (REDIS_URL), and per replica when Redis is unavailable. Real time, small numbers; Redis at 127.0.0.1:6379.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketKey, TOKEN_BUCKET_SCRIPT } from '../src/limits/rate-limit.ts';
import { startTestGateway, type TestGateway } from './support/harness.ts';
import { executedOperations } from './support/execution-statements.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const PUBLIC_QUERY = '{ gatewayInfo { name } }';

const { plugin: executionRecorder, names: executed } = executedOperations();

interface Answer {
  status: number;
  retryAfter: string | null;
  code: unknown;
  message: string | undefined;
}

async function post(gateway: TestGateway, options: { token?: string; body?: string } = {}): Promise<Answer> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
    body: options.body ?? JSON.stringify({ query: PUBLIC_QUERY }),
  });
  const json = (await response.json()) as { errors?: { message: string; extensions?: { code?: unknown } }[] };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: json.errors?.[0]?.extensions?.code,
    message: json.errors?.[0]?.message,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function storeErrors(gateway: TestGateway): Promise<number> {
  const monitoring = await gateway.token('monitoring');
  const text = await (
    await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${monitoring}` } })
  ).text();
  return Number(/^lienthong_rate_limit_store_errors_total (\d+)/m.exec(text)?.[1] ?? 'NaN');
}

describe('in-process buckets (no REDIS_URL)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      plugins: [executionRecorder],
      env: {
        RATE_LIMIT_DEFAULT: '3:1',
        RATE_LIMIT_ANONYMOUS: '2:0.2',
        RATE_LIMIT_OVERRIDES: 'land-office-*=1:0.5,tourism-*=2:0.1',
      },
    });
  });
  afterAll(async () => gateway?.close());

  it('lets a burst of `capacity` requests through, then answers 429 RATE_LIMITED with Retry-After, then refills', async () => {
    const token = await gateway.token('hospital');
    const burst = await Promise.all(Array.from({ length: 4 }, () => post(gateway, { token })));
    expect(burst.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 429]);
    const refused = burst.find((answer) => answer.status === 429);
    expect(refused?.code).toBe('RATE_LIMITED');
    expect(refused?.retryAfter).toBe('1');
    expect(refused?.message).toBe(
      'Too many requests: this client may send 3 requests at once, refilled at 1 per second; retry after 1 s',
    );
    await sleep(1100);
    expect((await post(gateway, { token })).status).toBe(200);
    expect((await post(gateway, { token })).status).toBe(429);
  });

  it('keeps one bucket per client: another sub is not affected', async () => {
    const police = await gateway.token('residence-police');
    expect((await post(gateway, { token: police })).status).toBe(200);
  });

  it('applies RATE_LIMIT_OVERRIDES by sub prefix', async () => {
    const token = await gateway.token('land-office'); // sub land-office-37
    expect((await post(gateway, { token })).status).toBe(200);
    const refused = await post(gateway, { token });
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfter: '2' });
  });

  it('keys callers without a token by address, and failed tokens draw from the same bucket', async () => {
    expect((await post(gateway)).status).toBe(200);
    expect((await post(gateway, { token: 'not-a-token' })).status).toBe(401);
    const refused = await post(gateway);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(4);
    expect((await post(gateway, { token: 'not-a-token' })).status).toBe(429);
  });

  it('refuses before any GraphQL work: the body is not read and nothing executes', async () => {
    const token = await gateway.token('tourism-department'); // tourism-* = 2 requests, 1 every 10 s
    for (let i = 0; i < 2; i++) expect((await post(gateway, { token })).status).toBe(200);
    executed.length = 0;
    const refused = await post(gateway, { token, body: '{ this is not JSON' });
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(executed).toEqual([]);
  });
});

describe('buckets shared through Redis (REDIS_URL)', () => {
  const prefix = `lienthong-test:${randomUUID()}:`;
  const env = { REDIS_URL, RATE_LIMIT_REDIS_PREFIX: prefix, RATE_LIMIT_ANONYMOUS: '4:0.1' };
  let first: TestGateway;
  let second: TestGateway;
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    [first, second] = await Promise.all([startTestGateway({ env }), startTestGateway({ env })]);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('draws every replica’s requests from one bucket', async () => {
    const statuses = [];
    for (const gateway of [first, second, first, second]) statuses.push((await post(gateway)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const fromFirst = await post(first);
    const fromSecond = await post(second);
    expect(fromFirst).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(fromSecond).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(fromSecond.retryAfter)).toBeGreaterThanOrEqual(9);
    // The state is in Redis, under the configured prefix, and expires when the bucket would be full again.
    const [tokens] = await redis.hmget(`${prefix}${bucketKey(undefined, '127.0.0.1')}`, 'tokens');
    expect(Number(tokens)).toBeLessThan(1);
    const ttl = await redis.pttl(`${prefix}${bucketKey(undefined, '127.0.0.1')}`);
    expect(ttl).toBeGreaterThan(30_000);
    expect(ttl).toBeLessThanOrEqual(41_000);
  });

  it('reloads the script with EVAL when Redis lost it (NOSCRIPT), without falling back', async () => {
    const before = await storeErrors(first);
    await redis.script('FLUSH');
    expect((await post(first)).status).toBe(429); // still the shared, empty bucket
    expect(await storeErrors(first)).toBe(before);
    const sha = (await redis.script('LOAD', TOKEN_BUCKET_SCRIPT)) as string;
    expect(await redis.script('EXISTS', sha)).toEqual([1]);
  });
});

/** A TCP proxy to the real Redis, to make Redis disappear and come back on one address. */
async function redisProxy(port: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(6379, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Redis unavailable: each replica limits on its own (fail open to local buckets)', () => {
  const prefix = `lienthong-test:${randomUUID()}:`;
  const key = `${prefix}${bucketKey(undefined, '127.0.0.1')}`;
  let gateway: TestGateway;
  let redis: Redis;
  let port: number;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    port = await freePort();
    // Redis (behind the proxy) is down when the gateway starts.
    gateway = await startTestGateway({
      env: { REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_REDIS_PREFIX: prefix, RATE_LIMIT_ANONYMOUS: '3:0.05' },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await redis.del(key);
    redis.disconnect();
  });

  it('serves requests while Redis is down, still limiting with the in-process bucket, and counts the fallbacks', async () => {
    const before = await storeErrors(gateway);
    const started = performance.now();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(gateway)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(await storeErrors(gateway)).toBe(before + 4);
    expect(await redis.exists(key)).toBe(0);
  });

  it('goes back to the shared bucket when Redis returns, and falls back again when it goes away', async () => {
    const proxy = await redisProxy(port);
    try {
      // ioredis reconnects on its own (backoff up to 5 s); the shared bucket is new and full.
      const deadline = Date.now() + 20_000;
      while ((await redis.exists(key)) === 0 && Date.now() < deadline) {
        await post(gateway);
        await sleep(250);
      }
      expect(await redis.exists(key)).toBe(1);
    } finally {
      await proxy.close();
    }
    const before = await storeErrors(gateway);
    const started = performance.now();
    const answer = await post(gateway);
    expect([200, 429]).toContain(answer.status);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await storeErrors(gateway)).toBe(before + 1);
  });
});
