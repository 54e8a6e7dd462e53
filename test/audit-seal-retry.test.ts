/**
 * The outbox drains without the anchor timer (docs/ARCHITECTURE.md §6): with AUDIT_ANCHOR_INTERVAL_MS=0 nothing
 * periodic seals audit.pending_record, so a seal that fails right after a mutation commits is retried by the writer
 * with exponential backoff until it succeeds. On the embedded database (or TEST_DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseRecord } from '../src/audit/chain.ts';
import { createAuditLog } from '../src/audit/store.ts';
import { verifyChain } from '../src/audit/verify.ts';
import { insertPendingRecords } from '../src/audit/writer.ts';
import { openMigratedTestDatabase, type MigratedTestDatabase } from './support/harness.ts';

let database: MigratedTestDatabase;

beforeAll(async () => {
  database = await openMigratedTestDatabase('lienthong-seal-retry-');
}, 60_000);

afterAll(async () => {
  await database?.remove();
});

async function count(table: string): Promise<number> {
  const [row] = await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? -1;
}

describe('a failed seal with AUDIT_ANCHOR_INTERVAL_MS=0', () => {
  it('is retried with backoff until the pending records are in the chain', async () => {
    const { db } = database;
    const failures: unknown[] = [];
    const log = createAuditLog(db, {
      anchorIntervalMs: 0,
      sealRetryMinMs: 100,
      sealRetryMaxMs: 400,
      onBackgroundError: (error) => failures.push(error),
    });
    const writer = await log.writerId();
    // What a committed mutation leaves: its record in the outbox, in its own transaction.
    await db.transaction((tx) =>
      insertPendingRecords(tx, writer, [
        normaliseRecord(
          {
            requestId: 'req-seal-retry',
            clientSub: 'hospital-app',
            clientOrg: '37001',
            actingUser: 'doctor-1',
            purpose: 'TREATMENT',
            operationName: 'RecordEncounter',
            documentHash: 'ab'.repeat(32),
            personalId: '037190000001',
            fields: ['Citizen.personalId'],
            outcome: 'GRANTED',
          },
          new Date(),
        ),
      ]),
    );

    await db.exec('ALTER TABLE audit.access_record RENAME TO access_record_away');
    try {
      await expect(log.sealPending()).rejects.toThrow();
      // The retries fail too, each reported, later and later (100, 200, 400, 400 ms...).
      const deadline = Date.now() + 20_000;
      while (failures.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(failures.length).toBeGreaterThanOrEqual(2);
      expect(await count('audit.pending_record')).toBe(1);
    } finally {
      await db.exec('ALTER TABLE audit.access_record_away RENAME TO access_record');
    }

    // Nobody calls sealPending again and no timer of the anchor interval runs: the retry alone seals it.
    const deadline = Date.now() + 20_000;
    while ((await count('audit.pending_record')) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await count('audit.pending_record')).toBe(0);
    expect(await count('audit.access_record')).toBe(1);
    expect(log.stats.sealed).toBe(1);
    expect((await verifyChain(db)).ok).toBe(true);

    // Retrying stops once sealed: no more failures are reported.
    const reported = failures.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(failures.length).toBe(reported);
    await log.close();
  }, 60_000);
});
