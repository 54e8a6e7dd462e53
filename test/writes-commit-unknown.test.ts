/**
 * A COMMIT whose answer never arrives (docs/ARCHITECTURE.md §11), on PostgreSQL with a real fault: a proxy forwards
 * the mutation's COMMIT to the server and then holds every byte of the answer, so the write IS committed while the
 * gateway's DATABASE_TIMEOUT_MS runs out. The answer must say the outcome is unknown (SOURCE_UNAVAILABLE,
 * `extensions.committed: "unknown"`, repeat with the same Idempotency-Key), never a plain "retry later"; repeating
 * with the same key returns the committed result and writes nothing twice.
 *
 * Needs a server: TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres; skipped (the reason in its
 * name) only when that server is unreachable.
 */
import { randomUUID } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from '../src/auth/profiles.ts';
import { parseConfig } from '../src/config.ts';
import { gatewayDatabaseOptions, openDatabase, type Database } from '../src/db/database.ts';
import { createGateway, listen, type Gateway, type RunningGateway } from '../src/gateway.ts';
import { createLogger } from '../src/logger.ts';
import { seedDatabase } from '../src/seed/index.ts';
import {
  openMigratedTestDatabase,
  POSTGRES_SERVER_URL,
  postgresUnreachable,
  type Json,
  type MigratedTestDatabase,
} from './support/harness.ts';
import { hoursAgo, uniqueKey } from './support/writes.ts';

const unreachable = await postgresUnreachable(POSTGRES_SERVER_URL);

/** The simple-protocol Query message node-postgres sends for `COMMIT`. */
const COMMIT_MESSAGE = Buffer.concat([Buffer.from('Q'), Buffer.from([0, 0, 0, 11]), Buffer.from('COMMIT\0')]);

/**
 * A TCP proxy to PostgreSQL that, once armed with a message, lets the next packet holding it through to the server and
 * then swallows everything the server answers on that connection (a link that died right after the packet left).
 */
class CommitAnswerEater {
  armed: Buffer | undefined;
  held = 0;
  private readonly sockets = new Set<net.Socket>();
  private constructor(readonly server: net.Server) {}

  static async start(target: URL): Promise<CommitAnswerEater> {
    const holder: { eater?: CommitAnswerEater } = {};
    const proxy = net.createServer((client) => {
      const self = holder.eater as CommitAnswerEater;
      const upstream = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
      let swallowing = false;
      for (const socket of [client, upstream]) {
        self.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => self.sockets.delete(socket));
      }
      client.on('data', (chunk: Buffer) => {
        if (self.armed !== undefined && chunk.includes(self.armed)) {
          self.armed = undefined;
          self.held += 1;
          swallowing = true;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!swallowing) client.write(chunk);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    holder.eater = new CommitAnswerEater(proxy);
    return holder.eater;
  }

  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as AddressInfo).port);
    return url.toString();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const RECORD = /* GraphQL */ `
  mutation UnknownRecord($input: RecordEncounterInput!) {
    recordEncounter(input: $input) {
      personalId
      encounter {
        encounterKey
      }
    }
  }
`;

describe.skipIf(unreachable !== undefined)(
  `a COMMIT left unanswered, on PostgreSQL${unreachable === undefined ? '' : ` (skipped: ${unreachable})`}`,
  () => {
    let database: MigratedTestDatabase;
    let proxy: CommitAnswerEater;
    let db: Database;
    let gateway: Gateway;
    let running: RunningGateway;
    let token: string;
    let personalId: string;

    beforeAll(async () => {
      database = await openMigratedTestDatabase('lienthong-commit-unknown-', POSTGRES_SERVER_URL);
      await seedDatabase(database.db, { citizens: 10, seed: 7 });
      proxy = await CommitAnswerEater.start(new URL(database.databaseUrl as string));
      const config = parseConfig(
        {
          NODE_ENV: 'development',
          PORT: '0',
          LOG_LEVEL: 'silent',
          DATA_DIR: database.dataDir,
          DATABASE_URL: proxy.url(database.databaseUrl as string),
          DATABASE_TIMEOUT_MS: '2000',
          RATE_LIMIT_ENABLED: 'false',
        },
        database.dataDir,
      );
      db = await openDatabase(gatewayDatabaseOptions(config));
      gateway = await createGateway({ config, db, logger: createLogger('silent') });
      running = await listen(gateway, config);
      token = await signDevelopmentToken(database.dataDir, 'hospital');
      const [row] = await database.db.query<{ personalId: string }>(
        `SELECT personal_id AS "personalId" FROM core.citizen WHERE status = 'ALIVE' ORDER BY personal_id LIMIT 1`,
      );
      personalId = row?.personalId as string;
    }, 120_000);

    afterAll(async () => {
      await running?.close();
      await db?.close();
      await proxy?.close();
      await database?.remove();
    });

    async function record(input: object, key: string): Promise<{ status: number; body: Json }> {
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-purpose': 'TREATMENT',
          'idempotency-key': key,
        },
        body: JSON.stringify({ query: RECORD, variables: { input } }),
      });
      return { status: response.status, body: (await response.json()) as Json };
    }

    const stored = async (encounterKey: string): Promise<number> => {
      const [row] = await database.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM health.encounter WHERE encounter_key = $1',
        [encounterKey],
      );
      return row?.n ?? -1;
    };

    it('is answered "may have been committed", and the same Idempotency-Key then returns the one write', async () => {
      const encounterKey = uniqueKey('37001');
      const input = {
        personalId,
        encounterKey,
        type: 'OUTPATIENT',
        admittedAt: hoursAgo(2),
        principalDiagnosis: 'J06.9',
      };
      const key = randomUUID();

      proxy.armed = COMMIT_MESSAGE;
      const lost = await record(input, key);
      expect(proxy.held).toBe(1); // the fault hit this mutation's COMMIT
      expect(lost.status, JSON.stringify(lost.body)).toBe(503);
      expect(lost.body.data ?? null).toBeNull();
      expect(lost.body.errors).toHaveLength(1);
      expect(lost.body.errors[0].extensions).toEqual({ code: 'SOURCE_UNAVAILABLE', committed: 'unknown' });
      expect(lost.body.errors[0].message).toMatch(/may have been committed/);
      expect(lost.body.errors[0].message).toMatch(/same Idempotency-Key/);
      expect(lost.body.errors[0].message).not.toMatch(/try again later/i);
      // It did commit: the server got the COMMIT, only its answer was lost.
      expect(await stored(encounterKey)).toBe(1);

      const repeated = await record(input, key);
      expect(repeated.status, JSON.stringify(repeated.body)).toBe(200);
      expect(repeated.body.data.recordEncounter.encounter.encounterKey).toBe(encounterKey);
      expect(await stored(encounterKey)).toBe(1);
    }, 60_000);

    it('a link lost before COMMIT is the plain "retry later": nothing was written', async () => {
      const encounterKey = uniqueKey('37001');
      const input = {
        personalId,
        encounterKey,
        type: 'OUTPATIENT',
        admittedAt: hoursAgo(1),
        principalDiagnosis: 'J06.9',
      };
      // The transaction's BEGIN reaches the server; its answer never comes back.
      proxy.armed = Buffer.concat([Buffer.from('Q'), Buffer.from([0, 0, 0, 10]), Buffer.from('BEGIN\0')]);
      const lost = await record(input, randomUUID());
      expect(proxy.held).toBe(2);
      expect(lost.status, JSON.stringify(lost.body)).toBe(503);
      expect(lost.body.errors[0].extensions).toEqual({ code: 'SOURCE_UNAVAILABLE' });
      expect(lost.body.errors[0].message).toMatch(/try again later/);
      // The gateway dropped that connection; the server rolls the transaction back when the session ends.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const [open] = await database.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
        );
        if (open?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await stored(encounterKey)).toBe(0);
    }, 60_000);
  },
);
