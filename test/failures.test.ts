/**
 * Failure behaviour a hospital and an operator depend on:
 *   - the database goes away (connections cut, port closed), stops answering (black hole) or turns slow: requests
 *     fail within DATABASE_TIMEOUT_MS with HTTP 503 SOURCE_UNAVAILABLE and `data: null` (never a partial answer,
 *     never a masked 500, never a hang), /readyz turns red, the process stays up, and it recovers by itself;
 *   - shutdown (SIGTERM): /readyz red, in-flight requests finish, stuck ones are cut at SHUTDOWN_TIMEOUT_MS, exit 0.
 * The network faults are real: a TCP proxy between the gateway and PostgreSQL that the test cuts, black-holes, slows
 * and restores. Those run when TEST_DATABASE_URL names a PostgreSQL server; the rest runs on either database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from '../src/auth/profiles.ts';
import { minimalChildEnvironment, parseConfig, testDatabaseUrl } from '../src/config.ts';
import type { GatewayContext } from '../src/context.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { SourceUnavailableError, toSourceError } from '../src/db/unavailable.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { createGateway, listen, type RunningGateway } from '../src/gateway.ts';
import { createLogger } from '../src/logger.ts';
import { seedDatabase } from '../src/seed/index.ts';
import { FaultyProxy } from './support/faulty-proxy.ts';
import { openTestDatabase } from './support/harness.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  ms: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, ms: Date.now() - started, headers: response.headers, body };
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = Date.now();
  const response = await fetch(url);
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    ms: Date.now() - started,
  };
}

/** Retries `attempt` until it returns true (recovery is asynchronous: the pool reconnects on demand). */
async function eventually(attempt: () => Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await attempt()) return;
    if (Date.now() > deadline) throw new Error(`not recovered within ${withinMs} ms`);
    await sleep(200);
  }
}

/**
 * Polls /readyz until it answers 503 with `database: 'down'` (it reads cached state: the background check notices
 * within DATABASE_CHECK_INTERVAL_MS); every answer must come at once, never after the database's timeout.
 */
async function eventuallyNotReady(url: string, withinMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const ready = await getJson(`${url}/readyz`);
    expect(ready.ms).toBeLessThan(1000);
    if (ready.status === 503 && ready.body.database === 'down') return ready.body;
    if (Date.now() > deadline) throw new Error(`/readyz still ${ready.status} after ${withinMs} ms`);
    await sleep(100);
  }
}

/** Several sectors in one request: with the source down, none of it may come back. */
const CITIZENS = `query Citizens($ids: [PersonalId!]!) {
  citizens(personalIds: $ids) { personalId fullName health { summary { bloodType } } household { address } }
}`;

function expectSourceUnavailable(answer: Answer): void {
  expect(answer.status).toBe(503);
  expect(answer.body.data).toBeNull();
  expect(answer.body.errors?.length).toBeGreaterThan(0);
  for (const error of answer.body.errors ?? []) {
    expect(error.extensions?.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.message).not.toMatch(/ECONN|terminated|timeout|SQL|pg|postgres/i);
  }
  expect(answer.headers.get('retry-after')).toBe('5');
}

describe('the database layer classifies failures', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    [
      'admin shutdown',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['server starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['connection exception class 08', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['statement timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['pool wait timeout', new Error('timeout exceeded when trying to connect')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['socket closed', new Error('Connection terminated unexpectedly')],
    ['read timeout', new Error('Query read timeout')],
    ['every address refused', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], '')],
  ])('%s → SourceUnavailableError', (_label, error) => {
    expect(toSourceError(error)).toBeInstanceOf(SourceUnavailableError);
  });

  it.each([
    ['syntax error', Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' })],
    ['invalid input', Object.assign(new Error('invalid input syntax for type date'), { code: '22007' })],
    ['unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a bug', new TypeError('x is undefined')],
  ])('%s stays what it is', (_label, error) => {
    expect(toSourceError(error)).toBe(error);
  });
});

describe('on any database', () => {
  let dataDir: string;
  let db: Database;
  let drop: () => Promise<void>;
  let running: RunningGateway;
  /** Operations named Slow take 1 s, Stuck 20 s, in the response phase (after execution). */
  const delayPlugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ operationName }) {
          if (operationName === 'Slow') await sleep(1000);
          if (operationName === 'Stuck') await sleep(20_000);
        },
      };
    },
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-failures-'));
    const opened = await openTestDatabase(dataDir);
    db = opened.db;
    drop = opened.drop;
    await applyMigrations(db);
    await seedDatabase(db, { citizens: 10, seed: 5 });
    const config = parseConfig(
      {
        NODE_ENV: 'development',
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        SHUTDOWN_DELAY_MS: '600',
        SHUTDOWN_TIMEOUT_MS: '1500',
        DATABASE_CHECK_INTERVAL_MS: '300',
        ...(opened.databaseUrl === undefined ? {} : { DATABASE_URL: opened.databaseUrl }),
      },
      dataDir,
    );
    running = await listen(
      await createGateway({ config, db, logger: createLogger('silent'), plugins: [delayPlugin] }),
      config,
    );
  });

  afterAll(async () => {
    await running?.close();
    await db?.close().catch(() => undefined);
    await drop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 SOURCE_UNAVAILABLE (not 500) when the database is closed, and /readyz is red, /healthz green', async () => {
    const [row] = await db.query<{ personalId: string }>(
      'SELECT personal_id AS "personalId" FROM core.citizen LIMIT 1',
    );
    const token = await signDevelopmentToken(dataDir, 'hospital');
    const headers = { authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT' };
    const before = await post(running.url, CITIZENS, { ids: [row?.personalId] }, headers);
    expect(before.status).toBe(200);
    expect((await getJson(`${running.url}/readyz`)).status).toBe(200);

    await db.close();
    expectSourceUnavailable(await post(running.url, CITIZENS, { ids: [row?.personalId] }, headers));
    expect(await eventuallyNotReady(running.url, 5000)).toMatchObject({ ready: false, database: 'down' });
    expect((await getJson(`${running.url}/healthz`)).status).toBe(200);
  });

  it('drains on shutdown: /readyz red, in-flight requests finish, a stuck one is cut at the deadline', async () => {
    const slow = post(running.url, 'query Slow { __typename }', {}, {});
    const stuck = post(running.url, 'query Stuck { __typename }', {}, {}).then(
      () => 'answered',
      () => 'cut',
    );
    await sleep(150);
    const started = Date.now();
    const closing = running.close();
    // During SHUTDOWN_DELAY_MS the gateway still answers, with readiness red and `connection: close`.
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('connection')).toBe('close');
    expect(await ready.json()).toMatchObject({ ready: false, draining: true });

    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ data: { __typename: 'Query' } });
    await closing;
    const took = Date.now() - started;
    // delay (600) + deadline (1500), not the 20 s of the stuck request.
    expect(took).toBeGreaterThanOrEqual(1500);
    expect(took).toBeLessThan(6000);
    expect(await stuck).toBe('cut');
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });
});

const SERVER_URL = testDatabaseUrl();

describe.runIf(SERVER_URL !== undefined)('PostgreSQL behind a faulty network', () => {
  const TIMEOUT_MS = 1000;
  /** Allowed on top of the timeout on a busy 2-core machine. */
  const SLACK_MS = 2500;
  let dataDir: string;
  let databaseUrl: string;
  let databaseName: string;
  let proxy: FaultyProxy;
  let db: Database;
  let running: RunningGateway;
  let ids: string[];
  let headers: Record<string, string>;

  beforeAll(async () => {
    const server = new URL(SERVER_URL as string);
    databaseName = `lienthong_test_failures_${process.pid}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    server.pathname = `/${databaseName}`;
    databaseUrl = server.toString();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-failures-pg-'));
    const direct = await openDatabase({ databaseUrl, dataDir, poolSize: 2 });
    await applyMigrations(direct);
    await seedDatabase(direct, { citizens: 20, seed: 9 });
    ids = (await direct.query<{ id: string }>('SELECT personal_id AS id FROM core.citizen ORDER BY 1 LIMIT 5')).map(
      (r) => r.id,
    );
    await direct.close();

    proxy = await FaultyProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
    const proxied = proxy.url(databaseUrl);
    const config = parseConfig(
      {
        NODE_ENV: 'development',
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        DATABASE_URL: proxied,
        DATABASE_TIMEOUT_MS: String(TIMEOUT_MS),
        // Recovery within the tests' 10 s: a short breaker cool-down, frequent readiness checks.
        DATABASE_BREAKER_COOLDOWN_MS: '1000',
        DATABASE_CHECK_INTERVAL_MS: '300',
        DATABASE_CHECK_TIMEOUT_MS: '500',
      },
      dataDir,
    );
    db = await openDatabase({
      databaseUrl: proxied,
      dataDir,
      poolSize: 4,
      timeoutMs: config.databaseTimeoutMs,
      statementTimeoutMs: config.databaseTimeoutMs,
    });
    running = await listen(await createGateway({ config, db, logger: createLogger('silent') }), config);
    headers = { authorization: `Bearer ${await signDevelopmentToken(dataDir, 'hospital')}`, 'x-purpose': 'TREATMENT' };
  });

  afterAll(async () => {
    await running?.close();
    await db?.close().catch(() => undefined);
    await proxy?.close();
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function healthy(): Promise<boolean> {
    const answer = await post(running.url, CITIZENS, { ids }, headers);
    const ready = await getJson(`${running.url}/readyz`);
    return answer.status === 200 && ready.status === 200;
  }

  it('serves normally through the proxy', async () => {
    const answer = await post(running.url, CITIZENS, { ids }, headers);
    expect(answer.status).toBe(200);
    expect((answer.body.data as { citizens: unknown[] }).citizens).toHaveLength(5);
    expect((await getJson(`${running.url}/readyz`)).status).toBe(200);
  });

  it('database down (connections reset, port closed): 503 at once, /readyz red, process up, recovers', async () => {
    await proxy.cut();
    const answer = await post(running.url, CITIZENS, { ids }, headers);
    expectSourceUnavailable(answer);
    expect(answer.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(await eventuallyNotReady(running.url, 5000)).toMatchObject({ ready: false, database: 'down' });
    expect((await getJson(`${running.url}/healthz`)).status).toBe(200);
    // Still down a moment later: no crash, no stuck pool.
    expectSourceUnavailable(await post(running.url, CITIZENS, { ids }, headers));

    await proxy.restore();
    await eventually(healthy, 10_000);
  });

  it('database unreachable (a black hole): 503 within DATABASE_TIMEOUT_MS, not a hang; recovers', async () => {
    proxy.blackhole();
    const answers = await Promise.all([1, 2, 3].map(() => post(running.url, CITIZENS, { ids }, headers)));
    for (const answer of answers) {
      expectSourceUnavailable(answer);
      expect(answer.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    }
    await eventuallyNotReady(running.url, 5000);

    await proxy.restore();
    await eventually(healthy, 10_000);
  });

  it('database slower than the timeout: 503 within the timeout; fast again: recovers', async () => {
    expect(await healthy()).toBe(true);
    proxy.delayMs = 3 * TIMEOUT_MS;
    const answer = await post(running.url, CITIZENS, { ids }, headers);
    expectSourceUnavailable(answer);
    expect(answer.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(answer.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    // The readiness check (its own 500 ms timeout) finds the database too slow as well.
    await eventuallyNotReady(running.url, 5000);

    // Slow but within the timeout is only slow.
    proxy.delayMs = TIMEOUT_MS / 4;
    await eventually(async () => (await post(running.url, CITIZENS, { ids }, headers)).status === 200, 10_000);

    await proxy.restore();
    await eventually(healthy, 10_000);
    const monitoring = await signDevelopmentToken(dataDir, 'monitoring');
    const metrics = await (
      await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${monitoring}` } })
    ).text();
    expect(metrics).toMatch(
      /lienthong_graphql_requests_total\{operation="Citizens",outcome="SOURCE_UNAVAILABLE"\} [1-9]/,
    );
  });

  it('SIGTERM: readiness red, the in-flight request completes with 200, then the process exits 0', async () => {
    const childProxy = await FaultyProxy.start({
      host: new URL(databaseUrl).hostname,
      port: Number(new URL(databaseUrl).port || 5432),
    });
    const childDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-sigterm-'));
    let child: ChildProcess | undefined;
    try {
      child = spawn(TSX, ['src/main.ts'], {
        cwd: ROOT,
        env: {
          ...minimalChildEnvironment(),
          HOME: os.tmpdir(),
          NODE_ENV: 'development',
          PORT: '0',
          DATA_DIR: childDir,
          DATABASE_URL: childProxy.url(databaseUrl),
          DATABASE_TIMEOUT_MS: '5000',
          SHUTDOWN_DELAY_MS: '1000',
          SHUTDOWN_TIMEOUT_MS: '10000',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
        const poll = setInterval(() => {
          const match = /listening on (http:\/\/[^\s]+)\/graphql/.exec(output);
          if (match?.[1] !== undefined) {
            clearTimeout(timer);
            clearInterval(poll);
            resolve(match[1]);
          }
        }, 50);
        void exited.then((code) => reject(new Error(`exited ${code}:\n${output}`)));
      });
      const token = await signDevelopmentToken(childDir, 'hospital');
      const childHeaders = { authorization: `Bearer ${token}`, 'x-purpose': 'TREATMENT' };
      expect((await post(url, CITIZENS, { ids }, childHeaders)).status).toBe(200);

      // Every database answer now takes 700 ms: the request below is in flight when SIGTERM arrives.
      childProxy.delayMs = 700;
      const inFlight = post(url, CITIZENS, { ids }, childHeaders);
      await sleep(300);
      child.kill('SIGTERM');
      let sawRed = false;
      for (let i = 0; i < 15 && !sawRed; i += 1) {
        await sleep(50);
        const ready = await fetch(`${url}/readyz`).catch(() => undefined);
        if (ready?.status === 503) sawRed = ((await ready.json()) as { draining?: boolean }).draining === true;
      }
      expect(sawRed).toBe(true);

      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect((answer.body.data as { citizens: unknown[] }).citizens).toHaveLength(5);
      expect(await exited).toBe(0);
      expect(output).toContain('shutting down: finishing in-flight requests');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
      await childProxy.close();
      fs.rmSync(childDir, { recursive: true, force: true });
    }
  });
});
