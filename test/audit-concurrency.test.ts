/**
 * The audit trail under concurrency, on PostgreSQL (docs/ARCHITECTURE.md §6): concurrent requests are group-committed
 * (fewer audit transactions than requests, one append each); this gateway's chain head held by another transaction (a
 * lock left by hand: no other replica ever locks it) makes requests that read personal data fail closed after AUDIT_APPEND_TIMEOUT_MS (503
 * AUDIT_UNAVAILABLE, no data) while the rest keeps working, and the gateway serves again once the lock is gone;
 * `npm run audit:verify` then reports the chain intact.
 *
 * Why PostgreSQL only: on the embedded database every statement runs on the gateway's own thread and resolves in the
 * same microtask chain as the request that issued it, so requests never overlap an audit transaction and each
 * commit holds one request (the same code batches as soon as statements take real time). Needs TEST_DATABASE_URL,
 * else postgresql://postgres@127.0.0.1:5432/postgres; skipped (with the reason in its name) only when unreachable.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../src/audit/verify.ts';
import { minimalChildEnvironment } from '../src/config.ts';
import {
  POSTGRES_SERVER_URL,
  postgresUnreachable,
  startTestGateway,
  type TestGateway,
  type Json,
} from './support/harness.ts';
import { ROOT, TSX } from './support/process.ts';

const SERVER_URL = POSTGRES_SERVER_URL;
const APPEND_TIMEOUT_MS = 2000;

const unreachable = await postgresUnreachable(SERVER_URL);

const READ = `query Read($id: PersonalId!) { citizen(personalId: $id) { fullName health { summary { bloodType } } } }`;

describe.skipIf(unreachable !== undefined)(
  `audit trail under concurrency on PostgreSQL${unreachable === undefined ? '' : ` — SKIPPED: ${unreachable}`}`,
  () => {
    let gateway: TestGateway;
    let token: string;
    let ids: string[];
    const read = (id: string) => gateway.graphql<Json>(READ, { id }, { token, purpose: 'TREATMENT' });

    beforeAll(async () => {
      gateway = await startTestGateway({
        citizens: 40,
        seed: 7,
        databaseServer: SERVER_URL,
        env: { AUDIT_APPEND_TIMEOUT_MS: String(APPEND_TIMEOUT_MS), RATE_LIMIT_ENABLED: 'false' },
      });
      token = await gateway.token('hospital');
      ids = await gateway.personalIds(30);
      // Warm up: the chain head is created by the first append, the schema caches fill.
      expect((await read(ids[0] as string)).status).toBe(200);
    }, 120_000);

    afterAll(async () => {
      await gateway?.close();
    });

    it('concurrent requests: one append each, group-committed into fewer transactions', async () => {
      const stats = gateway.gateway.auditLog.stats;
      const before = { batches: stats.batches, appends: stats.appends, records: stats.records };
      const responses = await Promise.all(ids.map(read));
      expect(responses.map((r) => r.status)).toEqual(ids.map(() => 200));
      expect(stats.appends - before.appends).toBe(ids.length);
      expect(stats.records - before.records).toBe(ids.length);
      expect(stats.batches - before.batches).toBeLessThan(ids.length);
      const counts = await gateway.db.query<{ requests: number; records: number }>(
        `SELECT count(DISTINCT request_id)::int AS requests, count(*)::int AS records FROM audit.access_record
         WHERE request_id = ANY($1)`,
        [responses.map((r) => r.headers.get('x-request-id'))],
      );
      expect(counts[0]).toEqual({ requests: ids.length, records: ids.length });
    });

    it("this gateway's chain head held elsewhere: 503 AUDIT_UNAVAILABLE after the timeout, no data; serving again after", async () => {
      const id = ids[0] as string;
      const [row] = await gateway.db.query<{ fullName: string }>(
        `SELECT full_name AS "fullName" FROM core.citizen WHERE personal_id = $1`,
        [id],
      );
      const holder = new pg.Client({ connectionString: gateway.config.databaseUrl });
      await holder.connect();
      let blocked: Awaited<ReturnType<typeof read>>;
      let started: number;
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT seq FROM audit.chain_head WHERE writer_id = $1 FOR UPDATE', [
          await gateway.gateway.auditLog.writerId(),
        ]);
        started = performance.now();
        blocked = await read(id);
        const elapsed = performance.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(APPEND_TIMEOUT_MS - 100);
        // What reads no personal data is served meanwhile.
        const info = await gateway.graphql<Json>(`{ gatewayInfo { name } }`, {}, { token });
        expect(info.status).toBe(200);
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      expect(blocked.status).toBe(503);
      expect(blocked.body.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
      expect(blocked.body.data).toBeUndefined();
      expect(JSON.stringify(blocked.body)).not.toContain(row?.fullName);

      const again = await read(id);
      expect(again.status).toBe(200);
      expect(again.body.data.citizen.fullName).toBe(row?.fullName);
    });

    it('npm run audit:verify reports the chain intact', async () => {
      expect((await verifyChain(gateway.db)).ok).toBe(true);
      const child = spawn(TSX, ['src/cli/audit-verify.ts'], {
        cwd: ROOT,
        env: {
          ...minimalChildEnvironment(),
          HOME: os.tmpdir(),
          LOG_LEVEL: 'silent',
          DATABASE_URL: gateway.config.databaseUrl as string,
          DATA_DIR: gateway.config.dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', resolve);
      });
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(/^OK: \d+ records verified in 1 writer chain\(s\); /);
      expect(stdout).toMatch(/\n {2}writer \d+: \d+ records verified, head seq \d+ hash [0-9a-f]{64}\n/);
    }, 60_000);
  },
);
