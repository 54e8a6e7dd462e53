/**
 * The access log's hash chains on PostgreSQL (docs/ARCHITECTURE.md §6): two gateway processes appending concurrently to
 * one database produce two intact, gap-free writer chains; a session stranded in an open transaction blocks at most its
 * own writer, never another; tampering with rows by SQL (change, delete, insert, head) is detected and the first
 * broken record named, by the verifier function and by `npm run audit:verify`.
 *
 * Needs a PostgreSQL server: TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres. Skipped (with
 * the reason in the suite name) only when that server is unreachable.
 */
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHash, type ChainedRecord } from '../src/audit/chain.ts';
import { createAuditLog, type AccessRecordInput } from '../src/audit/store.ts';
import { verifyChain } from '../src/audit/verify.ts';
import {
  openMigratedTestDatabase,
  POSTGRES_SERVER_URL,
  postgresUnreachable,
  type MigratedTestDatabase,
} from './support/harness.ts';
import { ROOT, runTypeScript } from './support/process.ts';

const SERVER_URL = POSTGRES_SERVER_URL;

const unreachable = await postgresUnreachable(SERVER_URL);

/** A migrated database of its own on the PostgreSQL server. */
const freshDatabase = () => openMigratedTestDatabase('lienthong-audit-chain-', SERVER_URL);

function record(index: number): AccessRecordInput {
  return {
    requestId: `req-${index}`,
    clientSub: 'hospital-app',
    clientOrg: '37001',
    actingUser: 'doctor-1',
    purpose: 'TREATMENT',
    operationName: 'PatientLookup',
    documentHash: 'cd'.repeat(32),
    personalId: `0371${String(index).padStart(8, '0')}`,
    fields: ['Citizen.fullName', 'Encounter.principalDiagnosis'],
    outcome: 'GRANTED',
  };
}

describe.skipIf(unreachable !== undefined)(
  `audit chain on PostgreSQL${unreachable === undefined ? '' : ` — SKIPPED: ${unreachable}`}`,
  () => {
    describe('two gateway processes appending to one database', () => {
      let fresh: MigratedTestDatabase;
      beforeAll(async () => {
        fresh = await freshDatabase();
      });
      afterAll(async () => {
        await fresh?.remove();
      });

      it('produce two intact gap-free writer chains holding every record, written in group commits', async () => {
        // Both workers start appending at the same instant; tsx start-up on a busy machine can take several seconds.
        const startAt = Date.now() + 15_000;
        const worker = path.join(ROOT, 'test/support/audit-append-worker.ts');
        const parameters = (tag: string) =>
          JSON.stringify({
            databaseUrl: fresh.databaseUrl,
            tag,
            appends: 400,
            maxRecords: 5,
            concurrency: 24,
            startAt,
          });
        const [a, b] = await Promise.all([
          runTypeScript([worker, parameters('A')]),
          runTypeScript([worker, parameters('B')]),
        ]);
        expect(a.code, a.stderr).toBe(0);
        expect(b.code, b.stderr).toBe(0);
        const reportA = JSON.parse(a.stdout.trim()) as { records: number; appends: number; batches: number };
        const reportB = JSON.parse(b.stdout.trim()) as { records: number; appends: number; batches: number };
        const total = reportA.records + reportB.records;
        // 400 requests of 1..5 citizens each per process.
        expect(reportA.records).toBe(400 * 3);
        expect(reportB.records).toBe(400 * 3);
        // Group commit: far fewer transactions than requests.
        expect(reportA.batches).toBeLessThan(reportA.appends / 2);
        expect(reportB.batches).toBeLessThan(reportB.appends / 2);

        const result = await verifyChain(fresh.db, { pageSize: 500 });
        expect(result.broken).toBeUndefined();
        expect(result.ok).toBe(true);
        expect(result.records).toBe(total);
        // One chain per process, each holding exactly that process's records, gap-free from 1.
        // (Which process registered first, and so has the lower writer id, is not fixed.)
        expect(result.chains.map((chain) => chain.head?.seq).sort()).toEqual(
          [String(reportA.records), String(reportB.records)].sort(),
        );

        const spans = await fresh.db.query<{ tag: string; min: string; max: string; count: string; distinct: string }>(
          `SELECT min(left(request_id, 1)) AS tag, min(seq)::text AS min, max(seq)::text AS max,
                  count(*)::text AS count, count(DISTINCT request_id)::text AS distinct
           FROM audit.access_record GROUP BY writer_id ORDER BY tag`,
        );
        expect(spans).toEqual([
          { tag: 'A', min: '1', max: String(reportA.records), count: String(reportA.records), distinct: '400' },
          { tag: 'B', min: '1', max: String(reportB.records), count: String(reportB.records), distinct: '400' },
        ]);
        // Both processes wrote while the other was writing: their time ranges overlap.
        const [overlap] = await fresh.db.query<{ overlap: boolean }>(
          `SELECT max(first_at) < min(last_at) AS overlap FROM (
             SELECT min(at) AS first_at, max(at) AS last_at FROM audit.access_record GROUP BY writer_id) w`,
        );
        expect(overlap?.overlap).toBe(true);
        // The records of one request are consecutive: a request's append is never split across batches.
        const [split] = await fresh.db.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM (
             SELECT request_id, max(seq) - min(seq) + 1 AS span, count(*) AS n, count(DISTINCT writer_id) AS writers
             FROM audit.access_record GROUP BY request_id
           ) r WHERE span <> n OR writers <> 1`,
        );
        expect(split?.n).toBe('0');
      }, 180_000);
    });

    describe('a stuck database', () => {
      let fresh: MigratedTestDatabase;
      beforeAll(async () => {
        fresh = await freshDatabase();
      });
      afterAll(async () => {
        await fresh?.remove();
      });

      it('an append not committed in time is rejected (fail closed); the chain stays intact once the lock is gone', async () => {
        const log = createAuditLog(fresh.db, { appendTimeoutMs: 300 });
        await log.append([record(1)]);
        // A stuck session holds this writer's chain head.
        const holder = new pg.Client({ connectionString: fresh.databaseUrl });
        await holder.connect();
        await holder.query('BEGIN');
        await holder.query('SELECT * FROM audit.chain_head WHERE writer_id = $1 FOR UPDATE', [await log.writerId()]);
        const started = performance.now();
        await expect(log.append([record(2)])).rejects.toMatchObject({
          code: 'AUDIT_UNAVAILABLE',
          message: expect.stringMatching(/not written within 300 ms/) as unknown,
        });
        expect(performance.now() - started).toBeLessThan(5000);
        // Queued behind the stuck batch: withdrawn by its timeout, never written.
        await expect(log.append([record(3)])).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
        await holder.query('ROLLBACK');
        await holder.end();
        await log.close();
        const result = await verifyChain(fresh.db);
        expect(result.ok).toBe(true);
        // Record 2 was already being written when it timed out: it commits late (over-reporting, never a gap).
        const requestIds = await fresh.db.query<{ requestId: string }>(
          'SELECT request_id AS "requestId" FROM audit.access_record ORDER BY seq',
        );
        expect(requestIds.map((row) => row.requestId)).toEqual(['req-1', 'req-2']);
      });

      it("a replica's session stranded in an open transaction does not block another replica", async () => {
        const stranded = createAuditLog(fresh.db, { writerName: 'replica-a' });
        const other = createAuditLog(fresh.db, { writerName: 'replica-b', appendTimeoutMs: 5000 });
        await stranded.append([record(10)]);
        await other.append([record(11)]);
        const strandedId = await stranded.writerId();
        // Replica A's link is cut in the middle of a transaction: its session stays idle in transaction, holding
        // everything replica A's code could lock: its chain head, a mutation's pending audit record, a new writer.
        const holder = new pg.Client({ connectionString: fresh.databaseUrl });
        await holder.connect();
        await holder.query('BEGIN');
        await holder.query('SELECT * FROM audit.chain_head WHERE writer_id = $1 FOR UPDATE', [strandedId]);
        await holder.query(
          `INSERT INTO audit.pending_record (writer_id, at, request_id, client_sub, document_hash, personal_id, fields,
             outcome) VALUES ($1, now(), 'stranded', 'x', $2, '037100000001', '{}', 'GRANTED')`,
          [strandedId, 'cd'.repeat(32)],
        );
        await holder.query(`INSERT INTO audit.writer (name) VALUES ('stranded-registration')`);
        try {
          const started = performance.now();
          const appended = await Promise.all(
            Array.from({ length: 20 }, (_, i) => other.append([record(100 + i), record(200 + i)])),
          );
          expect(appended.flat()).toHaveLength(40);
          await other.sealPending();
          // Readers (and the verifier) are not blocked either.
          expect((await verifyChain(fresh.db)).ok).toBe(true);
          // Generous: the machine is shared; a blocked append would wait until the 5 s timeout and fail.
          expect(performance.now() - started).toBeLessThan(4000);
          // A new replica starting meanwhile registers and appends too.
          const late = createAuditLog(fresh.db, { writerName: 'replica-c', appendTimeoutMs: 5000 });
          await expect(late.append([record(300)])).resolves.toHaveLength(1);
          await late.close();
        } finally {
          await holder.query('ROLLBACK');
          await holder.end();
        }
        // Replica A's own chain was the only one blocked; it continues once the session is gone.
        await expect(stranded.append([record(12)])).resolves.toHaveLength(1);
        await stranded.close();
        await other.close();
        expect((await verifyChain(fresh.db)).ok).toBe(true);
      });
    });

    describe('tampering with the table', () => {
      let fresh: MigratedTestDatabase;
      let rows: ChainedRecord[];
      const COUNT = 30;

      beforeAll(async () => {
        fresh = await freshDatabase();
        const log = createAuditLog(fresh.db);
        rows = (await Promise.all(Array.from({ length: COUNT }, (_, i) => log.append([record(i + 1)])))).flat();
        await log.close();
        await fresh.db.exec(`CREATE TABLE audit.saved_record AS SELECT * FROM audit.access_record;
                             CREATE TABLE audit.saved_head AS SELECT * FROM audit.chain_head;`);
      });
      afterAll(async () => {
        await fresh?.remove();
      });

      async function restore(): Promise<void> {
        await fresh.db
          .exec(`DELETE FROM audit.access_record; INSERT INTO audit.access_record SELECT * FROM audit.saved_record;
                             DELETE FROM audit.chain_head; INSERT INTO audit.chain_head SELECT * FROM audit.saved_head;`);
        expect((await verifyChain(fresh.db)).ok).toBe(true);
      }

      function bySeq(seq: number): ChainedRecord {
        const found = rows.find((row) => row.seq === String(seq));
        if (found === undefined) throw new Error(`no record ${seq}`);
        return found;
      }

      async function insertRecord(entry: ChainedRecord): Promise<void> {
        await fresh.db.query(
          `INSERT INTO audit.access_record (writer_id, seq, at, request_id, client_sub, client_org, acting_user, purpose,
             operation_name, document_hash, personal_id, fields, outcome, prev_hash, hash)
           VALUES ($15::int, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::audit."AccessOutcome", $13, $14)`,
          [
            entry.seq,
            entry.at,
            entry.requestId,
            entry.clientSub,
            entry.clientOrg,
            entry.actingUser,
            entry.purpose,
            entry.operationName,
            entry.documentHash,
            entry.personalId,
            entry.fields,
            entry.outcome,
            entry.prevHash,
            entry.hash,
            bySeq(1).writerId,
          ],
        );
      }

      /** A record an intruder would forge: plausible content, correctly hashed after `prev`. */
      function forged(seq: number, prevHash: string): ChainedRecord {
        const content = { ...bySeq(1), requestId: 'forged', personalId: '037199999999' };
        return { ...content, seq: String(seq), prevHash, hash: recordHash(prevHash, String(seq), content) };
      }

      it('an intact chain verifies, with the count and the head hash', async () => {
        const result = await verifyChain(fresh.db, { pageSize: 7 });
        expect(result).toMatchObject({
          ok: true,
          records: COUNT,
          head: { seq: String(COUNT), hash: bySeq(COUNT).hash },
        });
      });

      it('a changed column is named as the changed record', async () => {
        await fresh.db.query(`UPDATE audit.access_record SET purpose = 'STATISTICS' WHERE seq = 7`);
        const result = await verifyChain(fresh.db, { pageSize: 4 });
        expect(result.ok).toBe(false);
        expect(result.broken).toMatchObject({ kind: 'changed', seq: '7' });
        expect(result.records).toBe(6);
        await restore();
      });

      it('a changed field list, personal ID or time is detected too', async () => {
        for (const change of [
          `fields = array_append(fields, 'Health.allergies')`,
          `personal_id = '037100000099'`,
          `at = at + interval '1 millisecond'`,
          `outcome = 'DENIED'`,
          `client_org = NULL`,
        ]) {
          await fresh.db.query(`UPDATE audit.access_record SET ${change} WHERE seq = 11`);
          expect((await verifyChain(fresh.db)).broken, change).toMatchObject({ kind: 'changed', seq: '11' });
          await restore();
        }
      });

      it('a record changed and re-hashed is named (its successor no longer links to it)', async () => {
        const original = bySeq(9);
        const content = { ...original, purpose: 'LAW_ENFORCEMENT' };
        const hash = recordHash(original.prevHash, original.seq, content);
        await fresh.db.query(`UPDATE audit.access_record SET purpose = $1, hash = $2 WHERE seq = 9`, [
          content.purpose,
          hash,
        ]);
        expect((await verifyChain(fresh.db)).broken).toMatchObject({ kind: 'changed', seq: '9' });
        await restore();
      });

      it('a deleted record is named as deleted (seq gap)', async () => {
        await fresh.db.query('DELETE FROM audit.access_record WHERE seq = 12');
        const result = await verifyChain(fresh.db);
        expect(result.broken).toMatchObject({ kind: 'deleted', seq: '12' });
        expect(result.records).toBe(11);
        await restore();
      });

      it('deleted records with the rest renumbered are named as deleted', async () => {
        await fresh.db.exec(`DELETE FROM audit.access_record WHERE seq IN (15, 16);
                             UPDATE audit.access_record SET seq = -seq WHERE seq > 16;
                             UPDATE audit.access_record SET seq = -seq - 2 WHERE seq < 0;
                             UPDATE audit.chain_head SET seq = seq - 2;`);
        expect((await verifyChain(fresh.db)).broken).toMatchObject({ kind: 'deleted', seq: '15' });
        await restore();
      });

      it('the last record deleted is named (the head says the chain goes further)', async () => {
        await fresh.db.query(`DELETE FROM audit.access_record WHERE seq = ${COUNT}`);
        expect((await verifyChain(fresh.db)).broken).toMatchObject({ kind: 'deleted', seq: String(COUNT) });
        await restore();
      });

      it('a record inserted at the end without moving the head is named as inserted', async () => {
        await insertRecord(forged(COUNT + 1, bySeq(COUNT).hash));
        expect((await verifyChain(fresh.db)).broken).toMatchObject({ kind: 'inserted', seq: String(COUNT + 1) });
        await restore();
      });

      it('a record inserted in the middle (the rest renumbered, head moved) is named as inserted', async () => {
        await fresh.db.exec(`UPDATE audit.access_record SET seq = -seq WHERE seq >= 10;
                             UPDATE audit.access_record SET seq = -seq + 1 WHERE seq < 0;
                             UPDATE audit.chain_head SET seq = seq + 1;`);
        await insertRecord(forged(10, bySeq(9).hash));
        expect((await verifyChain(fresh.db)).broken).toMatchObject({ kind: 'inserted', seq: '10' });
        await restore();
      });

      it('a record inserted before the start of the chain is named as inserted', async () => {
        await insertRecord(forged(0, '0'.repeat(64)));
        expect((await verifyChain(fresh.db)).broken).toMatchObject({ kind: 'inserted', seq: '0' });
        await restore();
      });

      it('a chain head that does not match the last record is reported', async () => {
        await fresh.db.query(`UPDATE audit.chain_head SET hash = $1`, ['f'.repeat(64)]);
        expect((await verifyChain(fresh.db)).broken).toMatchObject({ kind: 'head', seq: String(COUNT) });
        await fresh.db.query('DELETE FROM audit.chain_head');
        expect((await verifyChain(fresh.db)).broken).toMatchObject({ kind: 'head' });
        await restore();
      });

      it("appending after the writer's head row was deleted fails closed instead of forking the chain", async () => {
        const log = createAuditLog(fresh.db);
        await log.append([record(98)]);
        await fresh.db.query('DELETE FROM audit.chain_head WHERE writer_id = $1', [await log.writerId()]);
        await expect(log.append([record(99)])).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
        await log.close();
        await fresh.db.query('DELETE FROM audit.access_record WHERE writer_id = $1', [await log.writerId()]);
        await restore();
      });

      it('npm run audit:verify prints OK with the count and head hash, or names the first broken record', async () => {
        const env = fresh.env;
        const ok = await runTypeScript(['src/cli/audit-verify.ts'], env);
        expect(ok.code, ok.stderr).toBe(0);
        expect(ok.stdout).toContain(`OK: ${COUNT} records verified in 1 writer chain(s); no anchor yet`);
        expect(ok.stdout).toContain(
          `writer ${bySeq(1).writerId}: ${COUNT} records verified, head seq ${COUNT} hash ${bySeq(COUNT).hash}`,
        );

        await fresh.db.query(`UPDATE audit.access_record SET acting_user = 'someone-else' WHERE seq = 21`);
        await fresh.db.query('DELETE FROM audit.access_record WHERE seq = 25');
        const broken = await runTypeScript(['src/cli/audit-verify.ts', '--page-size', '5'], env);
        expect(broken.code).toBe(1);
        expect(broken.stdout).toContain(`BROKEN at record 21 of writer ${bySeq(1).writerId} (changed)`);
        expect(broken.stdout).toContain('20 records verified before it');
        await restore();

        const usage = await runTypeScript(['src/cli/audit-verify.ts', '--page-size', 'lots'], env);
        expect(usage.code).toBe(2);
      }, 180_000);
    });
  },
);
