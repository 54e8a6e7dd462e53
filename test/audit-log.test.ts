/**
 * The audit store (docs/ARCHITECTURE.md §6) on the embedded database (or TEST_DATABASE_URL): append resolves only once
 * records are committed, in group commits, fails closed without leaving a gap, rejects malformed records without
 * harming other requests; each writer appends to its own chain; the access-log reads page newest first by (time,
 * writer, seq), filter by time, and batch many citizens in one
 * statement.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditUnavailableError,
  createAuditLog,
  InvalidAccessLogRequestError,
  InvalidAccessRecordError,
  readAccessRecord,
  readChainHead,
  readCitizenAccessLog,
  readCitizenAccessLogs,
  readClientAccessLog,
  positionOf,
  type AccessRecordInput,
  type ChainedRecord,
} from '../src/audit/store.ts';
import { normaliseRecord } from '../src/audit/chain.ts';
import { appendBatch } from '../src/audit/writer.ts';
import { verifyChain } from '../src/audit/verify.ts';
import type { Database } from '../src/db/database.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { openTestDatabase } from './support/harness.ts';

const DOCUMENT_HASH = createHash('sha256').update('query PatientLookup { citizen { fullName } }').digest('hex');
const ALICE = '037300000001';
const BOB = '037300000002';

function access(overrides: Partial<AccessRecordInput> = {}): AccessRecordInput {
  return {
    requestId: 'req-1',
    clientSub: 'hospital-app',
    clientOrg: '37001',
    actingUser: 'doctor-7',
    purpose: 'TREATMENT',
    operationName: 'PatientLookup',
    documentHash: DOCUMENT_HASH,
    personalId: ALICE,
    fields: ['Citizen.fullName'],
    outcome: 'GRANTED',
    ...overrides,
  };
}

let db: Database;
let dataDir: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-audit-log-'));
  const opened = await openTestDatabase(dataDir);
  db = opened.db;
  drop = opened.drop;
  await applyMigrations(db);
});

afterAll(async () => {
  await db?.close();
  await drop?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('append', () => {
  it('resolves once the records are committed, with every field stored as given and fields deduplicated and sorted', async () => {
    const log = createAuditLog(db);
    const at = new Date('2026-03-04T05:06:07.089Z');
    const written = await log.append([
      access({
        at,
        requestId: 'req-store',
        actingUser: null,
        operationName: 'Tra cứu "bệnh nhân"\n',
        fields: ['Encounter.principalDiagnosis', 'Citizen.fullName', 'Encounter.principalDiagnosis'],
        outcome: 'PARTIAL',
      }),
      access({ at, requestId: 'req-store', personalId: BOB, clientOrg: null, fields: [], outcome: 'DENIED' }),
    ]);
    expect(written.map((record) => record.personalId)).toEqual([ALICE, BOB]);
    expect(BigInt(written[1]?.seq ?? 0)).toBe(BigInt(written[0]?.seq ?? 0) + 1n);
    expect(written[1]?.prevHash).toBe(written[0]?.hash);

    // Committed: another connection reads it right away, exactly as hashed.
    const writer = String(await log.writerId());
    expect(written[0]?.writerId).toBe(writer);
    const stored = await readAccessRecord(db, writer, written[0]?.seq ?? '');
    expect(stored).toEqual({
      writerId: writer,
      seq: written[0]?.seq,
      at: '2026-03-04T05:06:07.089Z',
      requestId: 'req-store',
      clientSub: 'hospital-app',
      clientOrg: '37001',
      actingUser: null,
      purpose: 'TREATMENT',
      operationName: 'Tra cứu "bệnh nhân"\n',
      documentHash: DOCUMENT_HASH,
      personalId: ALICE,
      fields: ['Citizen.fullName', 'Encounter.principalDiagnosis'],
      outcome: 'PARTIAL',
      breakGlass: false,
      breakGlassReason: null,
      prevHash: written[0]?.prevHash,
      hash: written[0]?.hash,
    });
    expect(await readAccessRecord(db, writer, written[1]?.seq ?? '')).toMatchObject({
      fields: [],
      outcome: 'DENIED',
      clientOrg: null,
    });
    expect(await readChainHead(db, writer)).toEqual({ seq: written[1]?.seq, hash: written[1]?.hash });
    expect((await verifyChain(db)).ok).toBe(true);
    await log.close();
  });

  it('writes the records of concurrent requests together: few transactions, constant statements per batch', async () => {
    const log = createAuditLog(db);
    const before = db.statements.count;
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        log.append([access({ requestId: `burst-${i}` }), access({ requestId: `burst-${i}`, personalId: BOB })]),
      ),
    );
    const statements = db.statements.count - before;
    expect(log.stats.appends).toBe(60);
    expect(log.stats.records).toBe(120);
    // The first append is written alone (nothing to wait for), the 59 queued meanwhile go in the next transaction.
    expect(log.stats.batches).toBeLessThanOrEqual(3);
    expect(statements).toBeLessThanOrEqual(log.stats.batches * 6);
    // Each request's records are consecutive, in call order.
    const seqs = results.map((records) => records.map((record) => Number(record.seq)));
    for (const [i, pair] of seqs.entries()) {
      expect(pair[1]).toBe((pair[0] ?? 0) + 1);
      if (i > 0) expect(pair[0]).toBe((seqs[i - 1]?.[1] ?? 0) + 1);
    }
    expect((await verifyChain(db)).ok).toBe(true);
    await log.close();
  });

  it('each writer appends to its own chain in one statement per batch, whatever the other writers do', async () => {
    const first = createAuditLog(db);
    const second = createAuditLog(db);
    await first.append([access({ requestId: 'cas-1' })]); // registers the writer and reads its head first
    let before = db.statements.count;
    await first.append([access({ requestId: 'cas-2' })]);
    expect(db.statements.count - before).toBe(1);
    await second.append([access({ requestId: 'cas-3' })]); // another replica appends: to its own chain
    before = db.statements.count;
    const [fourth] = await first.append([access({ requestId: 'cas-4' })]);
    expect(db.statements.count - before).toBe(1);
    const firstId = String(await first.writerId());
    const secondId = String(await second.writerId());
    expect(firstId).not.toBe(secondId);
    expect(fourth?.seq).toBe((await readChainHead(db, firstId))?.seq);
    const rows = await db.query<{ requestId: string; writer: string; seq: string }>(
      `SELECT request_id AS "requestId", writer_id::text AS writer, seq::text AS seq FROM audit.access_record
       WHERE request_id LIKE 'cas-%' ORDER BY writer_id, seq`,
    );
    expect(rows).toEqual([
      { requestId: 'cas-1', writer: firstId, seq: '1' },
      { requestId: 'cas-2', writer: firstId, seq: '2' },
      { requestId: 'cas-4', writer: firstId, seq: '3' },
      { requestId: 'cas-3', writer: secondId, seq: '1' },
    ]);
    expect((await verifyChain(db)).ok).toBe(true);
    await first.close();
    await second.close();
  });

  it('after its head moved under it (a batch whose outcome was lost did commit), re-reads the head and continues', async () => {
    const log = createAuditLog(db);
    await log.append([access({ requestId: 'moved-1' })]);
    const writer = String(await log.writerId());
    // What a committed batch whose reply was lost leaves behind: the head is further than the writer knows.
    await appendBatch(db, Number(writer), [normaliseRecord(access({ requestId: 'moved-lost' }), new Date())]);
    const [next] = await log.append([access({ requestId: 'moved-2' })]);
    expect(next?.seq).toBe('3');
    expect((await readChainHead(db, writer))?.seq).toBe('3');
    expect((await verifyChain(db)).ok).toBe(true);
    await log.close();
  });

  it('fails closed: a batch that cannot be written rejects every waiter with AUDIT_UNAVAILABLE and leaves no gap', async () => {
    const log = createAuditLog(db);
    const writer = String(await log.writerId());
    const headBefore = await readChainHead(db, writer);
    await db.exec('ALTER TABLE audit.access_record RENAME TO access_record_away');
    try {
      const outcomes = await Promise.allSettled([
        log.append([access({ requestId: 'lost-1' })]),
        log.append([access({ requestId: 'lost-2' })]),
        log.append([access({ requestId: 'lost-3' })]),
      ]);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        const reason = (outcome as PromiseRejectedResult).reason as AuditUnavailableError;
        expect(reason).toBeInstanceOf(AuditUnavailableError);
        expect(reason.code).toBe('AUDIT_UNAVAILABLE');
      }
      expect(log.stats.failedBatches).toBeGreaterThanOrEqual(1);
    } finally {
      await db.exec('ALTER TABLE audit.access_record_away RENAME TO access_record');
    }
    expect(await readChainHead(db, writer)).toEqual(headBefore);
    // The database is back: the next append works and the chain has no gap.
    const [next] = await log.append([access({ requestId: 'after-outage' })]);
    expect(BigInt(next?.seq ?? 0)).toBe(BigInt(headBefore?.seq ?? 0) + 1n);
    expect((await verifyChain(db)).ok).toBe(true);
    await log.close();
  });

  it('rejects a malformed record without writing any of its request, and without failing other requests', async () => {
    const log = createAuditLog(db);
    const bad: [Partial<AccessRecordInput>, RegExp][] = [
      [{ personalId: '03730000001' }, /personalId must be 12 digits/],
      [{ documentHash: 'XYZ' }, /documentHash/],
      [{ outcome: 'MAYBE' as AccessRecordInput['outcome'] }, /outcome must be one of GRANTED, PARTIAL, DENIED/],
      [{ purpose: 'TREAT\u0000MENT' }, /purpose contains a NUL/],
      [{ operationName: 'bad \ud800 half' }, /operationName contains a NUL or an unpaired surrogate/],
      [{ at: new Date(Number.NaN) }, /at must be a valid Date/],
      [{ clientSub: '' }, /must not be empty/],
    ];
    const writer = String(await log.writerId());
    const headBefore = await readChainHead(db, writer);
    const good = log.append([access({ requestId: 'good-neighbour' })]);
    for (const [overrides, message] of bad) {
      await expect(log.append([access({ requestId: 'bad' }), access(overrides)])).rejects.toThrow(message);
      await expect(log.append([access(overrides)])).rejects.toBeInstanceOf(InvalidAccessRecordError);
    }
    const [written] = await good;
    expect(written?.requestId).toBe('good-neighbour');
    expect(BigInt((await readChainHead(db, writer))?.seq ?? 0)).toBe(BigInt(headBefore?.seq ?? 0) + 1n);
    const [badCount] = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM audit.access_record WHERE request_id = 'bad'`,
    );
    expect(badCount?.n).toBe('0');
    await log.close();
  });

  it('an empty append resolves at once; a closed log refuses appends after writing what was queued', async () => {
    const log = createAuditLog(db);
    expect(await log.append([])).toEqual([]);
    const queued = log.append([access({ requestId: 'queued-before-close' })]);
    await log.close();
    expect((await queued)[0]?.requestId).toBe('queued-before-close');
    await expect(log.append([access()])).rejects.toBeInstanceOf(AuditUnavailableError);
  });
});

describe('reading the access log', () => {
  beforeAll(async () => {
    const log = createAuditLog(db);
    const citizen = '037300000100';
    const previousId = '037300000099';
    const times = ['2025-01-10', '2025-02-10', '2025-03-10', '2025-04-10', '2025-05-10'];
    for (const [i, day] of times.entries()) {
      await log.append([
        access({
          at: new Date(`${day}T08:00:00.000Z`),
          requestId: `history-${i}`,
          personalId: i === 0 ? previousId : citizen,
          clientSub: i % 2 === 0 ? 'police-app' : 'land-app',
        }),
      ]);
    }
    await log.close();
  });

  it("pages a citizen's log newest first (time, writer, seq), with keyset cursors, across current and previous IDs", async () => {
    const ids = ['037300000100', '037300000099'];
    const first = await readCitizenAccessLog(db, ids, { first: 2 });
    expect(first.records.map((record) => record.requestId)).toEqual(['history-4', 'history-3']);
    expect(first.hasNextPage).toBe(true);
    const second = await readCitizenAccessLog(db, ids, {
      first: 2,
      after: positionOf(first.records.at(-1) as ChainedRecord),
    });
    expect(second.records.map((record) => record.requestId)).toEqual(['history-2', 'history-1']);
    const third = await readCitizenAccessLog(db, ids, {
      first: 2,
      after: positionOf(second.records.at(-1) as ChainedRecord),
    });
    expect(third.records.map((record) => record.requestId)).toEqual(['history-0']);
    expect(third.hasNextPage).toBe(false);
    // Only the current ID: the record under the previous ID is not included.
    const current = await readCitizenAccessLog(db, ['037300000100'], { first: 10 });
    expect(current.records).toHaveLength(4);
    expect(await readCitizenAccessLog(db, ['037399999999'], { first: 10 })).toEqual({
      records: [],
      hasNextPage: false,
    });
  });

  it('filters by a time range (since inclusive, until exclusive)', async () => {
    const page = await readCitizenAccessLog(db, ['037300000100', '037300000099'], {
      first: 10,
      since: new Date('2025-02-10T08:00:00.000Z'),
      until: new Date('2025-04-10T08:00:00.000Z'),
    });
    expect(page.records.map((record) => record.requestId)).toEqual(['history-2', 'history-1']);
  });

  it('reads what one client read, newest first', async () => {
    const page = await readClientAccessLog(db, 'land-app', { first: 10 });
    expect(page.records.map((record) => record.requestId)).toEqual(['history-3', 'history-1']);
    expect(page.records.every((record) => record.clientSub === 'land-app')).toBe(true);
  });

  it('reads the logs of many citizens in one statement, each paged on its own', async () => {
    const before = db.statements.count;
    const pages = await readCitizenAccessLogs(db, ['037300000100', ALICE, '037399999999'], { first: 2 });
    expect(db.statements.count - before).toBe(1);
    expect(pages.get('037300000100')?.records.map((record) => record.requestId)).toEqual(['history-4', 'history-3']);
    expect(pages.get('037300000100')?.hasNextPage).toBe(true);
    expect(pages.get(ALICE)?.records).toHaveLength(2);
    expect(pages.get('037399999999')).toEqual({ records: [], hasNextPage: false });
  });

  it('refuses bad page requests naming the argument', async () => {
    await expect(readCitizenAccessLog(db, [ALICE], { first: 101 })).rejects.toMatchObject({ argument: 'first' });
    await expect(readClientAccessLog(db, 'x', { first: -1 })).rejects.toBeInstanceOf(InvalidAccessLogRequestError);
    await expect(
      readCitizenAccessLog(db, [ALICE], {
        first: 5,
        after: { at: '2025-01-01T00:00:00.000Z', writerId: '1', seq: "1' OR 1=1" },
      }),
    ).rejects.toMatchObject({
      argument: 'after',
    });
    await expect(readCitizenAccessLog(db, [ALICE], { first: 5, since: new Date('nope') })).rejects.toMatchObject({
      argument: 'since',
    });
  });
});
