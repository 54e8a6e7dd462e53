/**
 * `npm start` while its PostgreSQL is unreachable (docs/ARCHITECTURE.md §10), as a real child process: it serves
 * /healthz (200) and a red /readyz, answers /graphql with 503 SOURCE_UNAVAILABLE, retries with backoff and logs one
 * line per attempt (no stack trace); when the database becomes reachable it becomes ready without a restart; past
 * DATABASE_STARTUP_TIMEOUT_MS it exits 1 with one clear line. Giving up needs no database (a closed port) and runs
 * everywhere; becoming ready needs TEST_DATABASE_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from '../src/auth/profiles.ts';
import { minimalChildEnvironment, testDatabaseUrl } from '../src/config.ts';
import { FaultyProxy } from './support/faulty-proxy.ts';
import { openMigratedTestDatabase } from './support/harness.ts';
import { ROOT, TSX } from './support/process.ts';

const SERVER_URL = testDatabaseUrl();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Gateway {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startGateway(env: Record<string, string>): Gateway {
  const child = spawn(TSX, ['src/main.ts'], {
    cwd: ROOT,
    env: { ...minimalChildEnvironment(), HOME: os.tmpdir(), NODE_ENV: 'development', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Waits until `pattern` shows in the output; rejects when the process exits first or after `withinMs`. */
async function waitFor(gateway: Gateway, pattern: RegExp, withinMs = 60_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + withinMs;
  let exited = false;
  void gateway.exited.then(() => (exited = true));
  for (;;) {
    const match = pattern.exec(gateway.output());
    if (match !== null) return match;
    if (exited) throw new Error(`exited before ${pattern}:\n${gateway.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${withinMs} ms:\n${gateway.output()}`);
    await sleep(50);
  }
}

/** The address /healthz answers on while the gateway waits (from the "starting" log line). */
async function startingUrl(gateway: Gateway): Promise<string> {
  const match = await waitFor(gateway, /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"starting/);
  return match[1] as string;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function expectWaiting(url: string): Promise<void> {
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  const ready = await fetch(`${url}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ ready: false, starting: true });
  const graphql = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ gatewayInfo { name } }' }),
  });
  expect(graphql.status).toBe(503);
  expect(graphql.headers.get('retry-after')).toBe('5');
  expect(await graphql.json()).toMatchObject({ errors: [{ extensions: { code: 'SOURCE_UNAVAILABLE' } }] });
}

/** Every line written about the unreachable database: attempts, one per line, and never a stack trace. */
function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/\\n\s+at /); // nor one inside a JSON log line
}

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const task of cleanup.reverse()) await task();
});

describe('start-up while the database is unreachable', () => {
  it('waits with one line per attempt, serving /healthz; past DATABASE_STARTUP_TIMEOUT_MS exits 1 with one line', async () => {
    const port = await closedPort();
    const started = Date.now();
    const gateway = startGateway({
      DATA_DIR: os.tmpdir(),
      DATABASE_URL: `postgresql://lienthong:secret-password@127.0.0.1:${port}/lienthong`,
      DATABASE_STARTUP_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'info',
    });
    cleanup.push(() => void gateway.child.kill('SIGKILL'));
    await expectWaiting(await startingUrl(gateway));
    expect(await gateway.exited).toBe(1);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(6000);
    expect(took).toBeLessThan(60_000);

    const output = gateway.output();
    const attempts = output
      .split('\n')
      .filter((line) => /unreachable \(attempt \d+: ECONNREFUSED\); retrying/.test(line));
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    // Backoff: a handful of attempts in six seconds, not a busy loop.
    expect(attempts.length).toBeLessThan(12);
    const fatal = output.split('\n').filter((line) => line.includes('giving up'));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatch(
      /127\.0\.0\.1:\d+\/lienthong was unreachable for [\d.]+ s \(\d+ attempts, last: ECONNREFUSED\)/,
    );
    expect(output).not.toContain('secret-password');
    expectNoStackTrace(output);
  }, 120_000);

  it.runIf(SERVER_URL !== undefined)(
    'becomes ready without a restart once the database is reachable',
    async () => {
      const database = await openMigratedTestDatabase('lienthong-startup-wait-', SERVER_URL);
      cleanup.push(() => database.remove());
      const server = new URL(database.databaseUrl as string);
      // The proxy's port, closed for now: connections are refused as if the database host were still booting.
      const proxy = await FaultyProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
      cleanup.push(() => proxy.close());
      await proxy.cut();
      const gateway = startGateway({
        DATA_DIR: database.dataDir,
        DATABASE_URL: proxy.url(database.databaseUrl as string),
        DATABASE_STARTUP_TIMEOUT_MS: '120000',
        LOG_LEVEL: 'info',
      });
      cleanup.push(() => void gateway.child.kill('SIGKILL'));
      const url = await startingUrl(gateway);
      await waitFor(gateway, /unreachable \(attempt 2: ECONNREFUSED\)/);
      await expectWaiting(url);

      await proxy.restore();
      await waitFor(gateway, /listening on http:\/\/[^\s]+\/graphql/);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        ready: true,
        database: 'up',
        breakers: { database: { state: 'closed' } },
      });
      const token = await signDevelopmentToken(database.dataDir, 'hospital');
      const answer = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ gatewayInfo { name } }' }),
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ data: { gatewayInfo: { name: 'lienthong' } } });
      expectNoStackTrace(gateway.output());

      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toBe(0);
    },
    120_000,
  );
});
