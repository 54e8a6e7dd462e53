/**
 * Database resilience (docs/ARCHITECTURE.md §10), against a real PostgreSQL and real network faults:
 *   - the gateway's sessions carry statement_timeout, lock_timeout, idle_in_transaction_session_timeout and server
 *     keepalives (the command-line tools' do not); a session stranded inside a transaction holding locks (its replica
 *     hung or died) is ended by the server within the setting, and meanwhile a request that needs the locked data
 *     gets 503 SOURCE_UNAVAILABLE at lock_timeout, not a 500 and not a wait as long as the stranded session;
 *   - the circuit breaker: with the database frozen (no error, no answer), requests queued behind the first ones fail
 *     at once instead of each waiting out DATABASE_TIMEOUT_MS in turn; /readyz answers at once and shows the
 *     breaker; once the database answers again the readiness check's probe closes the breaker, without traffic.
 * The PostgreSQL tests run when TEST_DATABASE_URL is set; /readyz's body is checked on either database.
 */
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from '../src/auth/profiles.ts';
import { parseConfig, testDatabaseUrl, type Config } from '../src/config.ts';
import { gatewayDatabaseOptions, openDatabase, type Database } from '../src/db/database.ts';
import { SourceUnavailableError } from '../src/db/unavailable.ts';
import { createGateway, listen, type Gateway, type RunningGateway } from '../src/gateway.ts';
import { createLogger } from '../src/logger.ts';
import { seedDatabase } from '../src/seed/index.ts';
import { FaultyProxy } from './support/faulty-proxy.ts';
import { openMigratedTestDatabase, startTestGateway, type MigratedTestDatabase } from './support/harness.ts';

const SERVER_URL = testDatabaseUrl();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  ms: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(url: string, query: string, variables: object, headers: Record<string, string>): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, ms: Date.now() - started, headers: response.headers, body };
}

async function readyz(url: string): Promise<{ status: number; ms: number; body: Record<string, unknown> }> {
  const started = Date.now();
  const response = await fetch(`${url}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    ms: Date.now() - started,
  };
}

function expectSourceUnavailable(answer: Answer): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503);
  expect(answer.body.data).toBeNull();
  expect(answer.body.errors?.map((error) => error.extensions?.code)).toContain('SOURCE_UNAVAILABLE');
  expect(answer.body.errors?.every((error) => error.extensions?.code === 'SOURCE_UNAVAILABLE')).toBe(true);
  expect(answer.headers.get('retry-after')).toBe('5');
}

const CITIZENS = `query Citizens($ids: [PersonalId!]!) {
  citizens(personalIds: $ids) { personalId fullName household { address } }
}`;
const ENCOUNTERS = `query Encounters($id: PersonalId!) {
  citizen(personalId: $id) { personalId health { encounters(first: 3) { edges { node { admittedAt } } } } }
}`;

/** A gateway as src/main.ts opens it (gatewayDatabaseOptions), on `databaseUrl`. */
async function startGateway(
  database: MigratedTestDatabase,
  env: Record<string, string>,
): Promise<{ config: Config; db: Database; gateway: Gateway; running: RunningGateway }> {
  const config = parseConfig(
    { NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: database.dataDir, ...env },
    database.dataDir,
  );
  const db = await openDatabase(gatewayDatabaseOptions(config));
  const gateway = await createGateway({ config, db, logger: createLogger('silent') });
  const running = await listen(gateway, config);
  return { config, db, gateway, running };
}

describe('/readyz on any database', () => {
  it('answers from cached state and shows the database check and the breaker', async () => {
    const gateway = await startTestGateway();
    try {
      const ready = await readyz(gateway.url);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        ready: true,
        database: 'up',
        migrations: 'current',
        breakers: { database: { state: 'closed' } },
      });
      expect(Date.parse(String(ready.body.checkedAt))).toBeGreaterThan(Date.now() - 60_000);
      expect(typeof ready.body.checkMs).toBe('number');
      const monitoring = { authorization: `Bearer ${await gateway.token('monitoring')}` };
      const metrics = await (await fetch(`${gateway.url}/metrics`, { headers: monitoring })).text();
      expect(metrics).toMatch(/lienthong_source_breaker_state\{source="database"\} 0/);
    } finally {
      await gateway.close();
    }
  });
});

describe.runIf(SERVER_URL !== undefined)('the gateway’s PostgreSQL sessions', () => {
  const LOCK_TIMEOUT_MS = 500;
  const IDLE_IN_TRANSACTION_MS = 1500;
  let database: MigratedTestDatabase;
  let started: Awaited<ReturnType<typeof startGateway>>;
  let admin: pg.Client;
  let ids: string[];
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await openMigratedTestDatabase('lienthong-sessions-', SERVER_URL);
    await seedDatabase(database.db, { citizens: 20, seed: 11 });
    ids = (
      await database.db.query<{ id: string }>(
        `SELECT c.personal_id AS id FROM core.citizen c
          WHERE EXISTS (SELECT 1 FROM health.encounter e WHERE e.personal_id = c.personal_id) ORDER BY 1 LIMIT 3`,
      )
    ).map((row) => row.id);
    started = await startGateway(database, {
      DATABASE_URL: database.databaseUrl as string,
      DATABASE_TIMEOUT_MS: '5000',
      DATABASE_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS),
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: String(IDLE_IN_TRANSACTION_MS),
    });
    admin = new pg.Client({ connectionString: database.databaseUrl });
    await admin.connect();
    headers = {
      authorization: `Bearer ${await signDevelopmentToken(database.dataDir, 'hospital')}`,
      'x-purpose': 'TREATMENT',
    };
  });

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await started?.running.close();
    await started?.db.close().catch(() => undefined);
    await database?.remove();
  });

  it('carry the timeouts and server keepalives; a command-line tool’s sessions keep the server’s defaults', async () => {
    const settingsOf = async (db: Pick<Database, 'query'>) =>
      Object.fromEntries(
        (
          await db.query<{ name: string; setting: string }>(
            `SELECT name, setting FROM pg_settings
              WHERE name IN ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout',
                             'tcp_keepalives_idle', 'tcp_keepalives_interval', 'tcp_keepalives_count')`,
          )
        ).map((row) => [row.name, row.setting]),
      );
    expect(await settingsOf(started.db)).toEqual({
      statement_timeout: '5000',
      lock_timeout: String(LOCK_TIMEOUT_MS),
      idle_in_transaction_session_timeout: String(IDLE_IN_TRANSACTION_MS),
      tcp_keepalives_idle: '30',
      tcp_keepalives_interval: '10',
      tcp_keepalives_count: '3',
    });
    // The harness opened its database as the command-line tools do (seed, import, archive): no session limits.
    const tool = await settingsOf(database.db);
    const server = await settingsOf({ query: async (sql) => (await admin.query(sql)).rows as never });
    for (const name of ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'])
      expect(tool[name], name).toBe(server[name]);
  });

  it('a session stranded in a transaction holding locks is ended by the server; meanwhile waiters get 503 at lock_timeout', async () => {
    const id = ids[0] as string;
    expect((await post(started.running.url, ENCOUNTERS, { id }, headers)).status).toBe(200);

    // A replica that hangs inside a transaction: its locks are taken, then its session sits idle.
    let holding: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const stranded = started.db
      .transaction(async (tx) => {
        await tx.query('LOCK TABLE health.encounter IN ACCESS EXCLUSIVE MODE');
        await tx.query('SELECT 1 FROM core.citizen WHERE personal_id = $1 FOR UPDATE', [id]);
        holding();
        await sleep(IDLE_IN_TRANSACTION_MS + 3000);
        await tx.query('SELECT 1');
      })
      .then(
        () => 'committed',
        (error: unknown) => error,
      );
    await held;
    const lockedAt = Date.now();

    // A read of the locked table: a catalogued 503 after lock_timeout, not a 500, not a wait for the stranded session.
    const blocked = await post(started.running.url, ENCOUNTERS, { id }, headers);
    expectSourceUnavailable(blocked);
    expect(blocked.ms).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS - 50);
    expect(blocked.ms).toBeLessThan(LOCK_TIMEOUT_MS + 2500);
    // A writer waiting for the row lock: the database layer says why (a lock, not an outage of the database).
    const waiter = await started.db
      .query('SELECT 1 FROM core.citizen WHERE personal_id = $1 FOR UPDATE', [id])
      .catch((error: unknown) => error);
    expect(waiter).toBeInstanceOf(SourceUnavailableError);
    expect((waiter as SourceUnavailableError).kind).toBe('lock');

    // The server ends the stranded session within idle_in_transaction_session_timeout.
    let endedAfterMs: number | undefined;
    while (endedAfterMs === undefined && Date.now() - lockedAt < IDLE_IN_TRANSACTION_MS + 10_000) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'lienthong' AND state = 'idle in transaction'`,
      );
      if (rows[0]?.n === 0) endedAfterMs = Date.now() - lockedAt;
      else await sleep(50);
    }
    expect(endedAfterMs).toBeDefined();
    expect(endedAfterMs).toBeLessThan(IDLE_IN_TRANSACTION_MS + 2500);

    // The locks went with it: the same read is served, the stranded replica's transaction did not commit.
    const served = await post(started.running.url, ENCOUNTERS, { id }, headers);
    expect(served.status, JSON.stringify(served.body)).toBe(200);
    expect(await stranded).toBeInstanceOf(SourceUnavailableError);
    // Lock waits are answers of a working server: they do not open the breaker.
    expect(started.gateway.breaker.state).toBe('closed');
    expect((await readyz(started.running.url)).status).toBe(200);
  });
});

describe.runIf(SERVER_URL !== undefined)('the circuit breaker, with the database frozen behind a proxy', () => {
  const TIMEOUT_MS = 2000;
  const COOLDOWN_MS = 3000;
  let database: MigratedTestDatabase;
  let proxy: FaultyProxy;
  let started: Awaited<ReturnType<typeof startGateway>>;
  let ids: string[];
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await openMigratedTestDatabase('lienthong-breaker-', SERVER_URL);
    await seedDatabase(database.db, { citizens: 20, seed: 12 });
    ids = (
      await database.db.query<{ id: string }>('SELECT personal_id AS id FROM core.citizen ORDER BY 1 LIMIT 5')
    ).map((row) => row.id);
    const server = new URL(database.databaseUrl as string);
    proxy = await FaultyProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
    started = await startGateway(database, {
      DATABASE_URL: proxy.url(database.databaseUrl as string),
      DATABASE_POOL_SIZE: '2',
      DATABASE_TIMEOUT_MS: String(TIMEOUT_MS),
      DATABASE_BREAKER_THRESHOLD: '2',
      DATABASE_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
      DATABASE_CHECK_INTERVAL_MS: '300',
      DATABASE_CHECK_TIMEOUT_MS: '500',
    });
    headers = {
      authorization: `Bearer ${await signDevelopmentToken(database.dataDir, 'hospital')}`,
      'x-purpose': 'TREATMENT',
    };
  });

  afterAll(async () => {
    await started?.running.close();
    await started?.db.close().catch(() => undefined);
    await proxy?.close();
    await database?.remove();
    if (database !== undefined) fs.rmSync(database.dataDir, { recursive: true, force: true });
  });

  it('fails queued requests at once instead of one timeout after another, and recovers without traffic', async () => {
    const { url } = started.running;
    expect((await post(url, CITIZENS, { ids }, headers)).status).toBe(200);

    proxy.freeze();
    // Two execution slots (DATABASE_POOL_SIZE 2): without the breaker the eight requests would time out two by two,
    // the last after 4 × DATABASE_TIMEOUT_MS. With it, the first two time out and open it, the others fail at once.
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(url, CITIZENS, { ids }, headers)));
    for (const answer of answers) expectSourceUnavailable(answer);
    const slowest = Math.max(...answers.map((answer) => answer.ms));
    expect(slowest).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(slowest).toBeLessThan(TIMEOUT_MS * 1.9); // a second wave would end at 2 × the timeout
    expect(started.gateway.breaker.state).toBe('open');

    // Open: a request fails well under the timeout; /readyz answers at once and names the breaker.
    const fast = await post(url, CITIZENS, { ids }, headers);
    expectSourceUnavailable(fast);
    expect(fast.ms).toBeLessThan(TIMEOUT_MS / 2);
    const ready = await readyz(url);
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(1000);
    expect(ready.body).toMatchObject({ ready: false, breakers: { database: { state: 'open' } } });
    const monitoring = { authorization: `Bearer ${await signDevelopmentToken(database.dataDir, 'monitoring')}` };
    const metrics = await (await fetch(`${url}/metrics`, { headers: monitoring })).text();
    expect(metrics).toMatch(/lienthong_source_breaker_state\{source="database"\} 2/);
    expect(metrics).toMatch(/lienthong_source_breaker_rejections_total\{source="database"\} [1-9]/);

    // The database answers again: the readiness check probes after the cool-down and closes the breaker (no request).
    await proxy.restore();
    const deadline = Date.now() + COOLDOWN_MS + 15_000;
    let recovered = await readyz(url);
    while (recovered.status !== 200 && Date.now() < deadline) {
      expect(recovered.ms).toBeLessThan(1000);
      await sleep(200);
      recovered = await readyz(url);
    }
    expect(recovered.body).toMatchObject({ ready: true, database: 'up', breakers: { database: { state: 'closed' } } });
    expect((await post(url, CITIZENS, { ids }, headers)).status).toBe(200);
    const after = await (await fetch(`${url}/metrics`, { headers: monitoring })).text();
    expect(after).toMatch(/lienthong_source_breaker_transitions_total\{source="database",state="open"\} [1-9]/);
    expect(after).toMatch(/lienthong_source_breaker_transitions_total\{source="database",state="closed"\} [1-9]/);
  });
});
