/**
 * Writer chains and signed anchors (docs/ARCHITECTURE.md §6), on the embedded database (or TEST_DATABASE_URL): several
 * writers' chains and anchors verify; what a hash chain alone cannot show is caught by the anchors (a tail rewritten
 * with recomputed hashes, a tail cut off with the head moved back, a whole writer chain dropped); forged or deleted
 * anchors are named; what no anchor covers yet is the documented limit; the single chain written before writer chains
 * existed migrates to writer 0 and still verifies, archives included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorHash, readAnchors } from '../src/audit/anchor.ts';
import { archiveRecords, verifyArchiveFile } from '../src/audit/archive.ts';
import {
  chainRecords,
  GENESIS_HASH,
  normaliseRecord,
  recordHash,
  type AccessRecordInput,
  type ChainedRecord,
} from '../src/audit/chain.ts';
import { ensureArchiveKey, signRange, type ArchiveKey } from '../src/audit/segments.ts';
import { createAuditLog, readCitizenAccessLog, type AuditLog } from '../src/audit/store.ts';
import { verifyChain } from '../src/audit/verify.ts';
import type { Database } from '../src/db/database.ts';
import { applyMigrations, readMigrationFiles } from '../src/db/migrate.ts';
import { openTestDatabase } from './support/harness.ts';

function access(index: number, overrides: Partial<AccessRecordInput> = {}): AccessRecordInput {
  return {
    requestId: `req-${index}`,
    clientSub: 'hospital-app',
    clientOrg: '37001',
    actingUser: 'doctor-1',
    purpose: 'TREATMENT',
    operationName: 'PatientLookup',
    documentHash: 'cd'.repeat(32),
    personalId: `0371${String(index).padStart(8, '0')}`,
    fields: ['Citizen.fullName'],
    outcome: 'GRANTED',
    ...overrides,
  };
}

interface Opened {
  dataDir: string;
  db: Database;
  drop(): Promise<void>;
}

async function open(prefix: string): Promise<Opened> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const { db, drop } = await openTestDatabase(dataDir);
  return { dataDir, db, drop };
}

async function remove(opened: Opened | undefined): Promise<void> {
  if (opened === undefined) return;
  await opened.db.close();
  await opened.drop();
  fs.rmSync(opened.dataDir, { recursive: true, force: true });
}

describe('several writer chains and anchors', () => {
  let opened: Opened;
  let db: Database;
  let key: ArchiveKey;
  const writers: Record<'a' | 'b' | 'c', { log: AuditLog; id: string }> = {} as never;

  const TABLES = ['access_record', 'chain_head', 'anchor'] as const;

  async function restore(): Promise<void> {
    for (const table of TABLES) {
      await db.exec(`DELETE FROM audit.${table}; INSERT INTO audit.${table} SELECT * FROM audit.saved_${table};`);
    }
    expect((await verifyChain(db, { archivePublicKey: key.publicKey })).ok).toBe(true);
  }

  async function chain(writer: string): Promise<ChainedRecord[]> {
    return db.query<ChainedRecord>(
      `SELECT writer_id::text AS "writerId", seq::text AS seq,
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, request_id AS "requestId",
              client_sub AS "clientSub", client_org AS "clientOrg", acting_user AS "actingUser", purpose,
              operation_name AS "operationName", document_hash AS "documentHash", personal_id AS "personalId", fields,
              outcome::text AS outcome, prev_hash AS "prevHash", hash
       FROM audit.access_record WHERE writer_id = $1::int ORDER BY access_record.seq`,
      [writer],
    );
  }

  beforeAll(async () => {
    opened = await open('lienthong-audit-anchors-');
    db = opened.db;
    await applyMigrations(db);
    key = ensureArchiveKey(opened.dataDir);
    for (const name of ['a', 'b', 'c'] as const) {
      const log = createAuditLog(db, { anchorKey: key, anchorIntervalMs: 0, writerName: `replica-${name}` });
      writers[name] = { log, id: String(await log.writerId()) };
    }
    // Interleaved appends of three replicas, two anchors, then a few records no anchor covers yet.
    for (let i = 1; i <= 6; i += 1) {
      await writers.a.log.append([access(i)]);
      await writers.b.log.append([access(100 + i), access(200 + i)]);
      if (i % 2 === 0) await writers.c.log.append([access(300 + i)]);
    }
    expect(await writers.a.log.anchor()).toMatchObject({ seq: '1', prevHash: GENESIS_HASH });
    for (let i = 7; i <= 9; i += 1) {
      await writers.a.log.append([access(i)]);
      await writers.b.log.append([access(100 + i)]);
    }
    expect(await writers.b.log.anchor()).toMatchObject({ seq: '2' });
    await writers.a.log.append([access(10)]);
    for (const table of TABLES) await db.exec(`CREATE TABLE audit.saved_${table} AS SELECT * FROM audit.${table}`);
  });

  afterAll(async () => {
    for (const writer of Object.values(writers)) await writer.log.close();
    await remove(opened);
  });

  it('verify passes: every chain, every anchor and its signature', async () => {
    const result = await verifyChain(db, { archivePublicKey: key.publicKey, pageSize: 4 });
    expect(result).toMatchObject({ ok: true, records: 10 + 15 + 3, anchors: 2, anchorSignaturesChecked: true });
    expect(result.chains.map((chain) => [chain.writer, chain.records, chain.head?.seq])).toEqual([
      [writers.a.id, 10, '10'],
      [writers.b.id, 15, '15'],
      [writers.c.id, 3, '3'],
    ]);
    // Several chains: no single head.
    expect(result.head).toBeNull();
    expect(result.lastAnchor?.seq).toBe('2');
    // The second anchor signs every head as it was then.
    const [, second] = await readAnchors(db);
    expect(JSON.parse(second?.heads ?? '')).toEqual([
      [writers.a.id, '9', (await chain(writers.a.id))[8]?.hash],
      [writers.b.id, '15', (await chain(writers.b.id))[14]?.hash],
      [writers.c.id, '3', (await chain(writers.c.id))[2]?.hash],
    ]);
  });

  it('an anchor is written only when a head moved', async () => {
    await writers.c.log.append([access(400)]);
    expect(await writers.c.log.anchor()).toMatchObject({ seq: '3' });
    expect(await writers.a.log.anchor()).toBeUndefined();
    expect((await verifyChain(db, { archivePublicKey: key.publicKey })).ok).toBe(true);
    await restore();
  });

  it('a changed record is named with its writer', async () => {
    await db.query(`UPDATE audit.access_record SET purpose = 'STATISTICS' WHERE writer_id = $1::int AND seq = 4`, [
      writers.b.id,
    ]);
    expect((await verifyChain(db)).broken).toMatchObject({ kind: 'changed', writer: writers.b.id, seq: '4' });
    await restore();
  });

  it("a chain's tail rewritten with recomputed hashes and head is caught by the anchors", async () => {
    const records = await chain(writers.b.id);
    // From record 3 on, with record 3's purpose changed: the chain itself is consistent again.
    let prevHash = records[1]?.hash as string;
    for (const record of records.slice(2)) {
      const content = record.seq === '3' ? { ...record, purpose: 'LAW_ENFORCEMENT' } : record;
      const hash = recordHash(prevHash, record.seq, content);
      await db.query(
        'UPDATE audit.access_record SET purpose = $3, prev_hash = $4, hash = $5 WHERE writer_id = $1::int AND seq = $2',
        [writers.b.id, record.seq, content.purpose, prevHash, hash],
      );
      prevHash = hash;
    }
    await db.query('UPDATE audit.chain_head SET hash = $2 WHERE writer_id = $1::int', [writers.b.id, prevHash]);
    const result = await verifyChain(db);
    // Anchor 1 signed B's head at seq 12: the first signed record the rewrite changed.
    expect(result.broken).toMatchObject({ kind: 'changed', writer: writers.b.id, seq: '12' });
    expect(result.broken?.message).toMatch(/anchor 1 signed/);
    await restore();
  });

  it("a chain's tail cut off with the head moved back is caught by the anchors", async () => {
    const records = await chain(writers.a.id);
    await db.query('DELETE FROM audit.access_record WHERE writer_id = $1::int AND seq > 7', [writers.a.id]);
    await db.query('UPDATE audit.chain_head SET seq = 7, hash = $2 WHERE writer_id = $1::int', [
      writers.a.id,
      records[6]?.hash,
    ]);
    const result = await verifyChain(db);
    expect(result.broken).toMatchObject({ kind: 'deleted', writer: writers.a.id, seq: '8' });
    expect(result.broken?.message).toMatch(/anchor 2 signed seq 9/);
    await restore();
  });

  it('a whole writer chain dropped (records, head and writer) is caught by the anchors', async () => {
    await db.query('DELETE FROM audit.access_record WHERE writer_id = $1::int', [writers.c.id]);
    await db.query('DELETE FROM audit.chain_head WHERE writer_id = $1::int', [writers.c.id]);
    const result = await verifyChain(db);
    expect(result.broken).toMatchObject({ kind: 'deleted', writer: writers.c.id, seq: '1' });
    expect(result.broken?.message).toMatch(/chain is gone/);
    await restore();
  });

  it('a forged anchor (heads changed and re-hashed) fails its signature; a deleted anchor breaks the anchor chain', async () => {
    const [first] = await readAnchors(db);
    const heads = (JSON.parse(first?.heads ?? '[]') as string[][]).filter(([writer]) => writer !== writers.c.id);
    const forged = { ...(first as NonNullable<typeof first>), heads: JSON.stringify(heads) };
    await db.query('UPDATE audit.anchor SET heads = $1, hash = $2 WHERE seq = 1', [forged.heads, anchorHash(forged)]);
    expect((await verifyChain(db, { archivePublicKey: key.publicKey })).broken).toMatchObject({
      kind: 'anchor',
      seq: '1',
      message: expect.stringMatching(/invalid signature/) as unknown,
    });
    // Without the key the forgery is only caught where it does not chain: anchor 2 links to the original hash.
    expect((await verifyChain(db)).broken).toMatchObject({ kind: 'anchor', seq: '2' });
    await restore();
    await db.query('DELETE FROM audit.anchor WHERE seq = 1');
    expect((await verifyChain(db)).broken).toMatchObject({ kind: 'anchor', seq: '2' });
    await restore();
  });

  it('the limit: records after the newest anchor, deleted with the head moved back, are not detectable', async () => {
    // Record 10 of writer A was appended after anchor 2 (which signed seq 9).
    const records = await chain(writers.a.id);
    await db.query('DELETE FROM audit.access_record WHERE writer_id = $1::int AND seq = 10', [writers.a.id]);
    await db.query('UPDATE audit.chain_head SET seq = 9, hash = $2 WHERE writer_id = $1::int', [
      writers.a.id,
      records[8]?.hash,
    ]);
    expect((await verifyChain(db, { archivePublicKey: key.publicKey })).ok).toBe(true);
    await restore();
  });
});

describe('the single chain written before writer chains', () => {
  let opened: Opened;
  let db: Database;
  let key: ArchiveKey;
  let legacy: ChainedRecord[];

  beforeAll(async () => {
    opened = await open('lienthong-audit-legacy-');
    db = opened.db;
    key = ensureArchiveKey(opened.dataDir);
    const files = readMigrationFiles();
    const index = files.findIndex((file) => file.name === '20261203020000_writer_chains');
    expect(index).toBeGreaterThan(0);
    await applyMigrations(db, files.slice(0, index));
    // Written by the previous version: one chain, head row id 1, and an archived prefix signed with the v1 message.
    const at = new Date('2026-01-02T03:04:05.678Z');
    legacy = chainRecords(
      { seq: 0n, hash: GENESIS_HASH },
      Array.from({ length: 5 }, (_, i) => normaliseRecord(access(500 + i), at)),
    ).records;
    for (const record of legacy.slice(2)) {
      await db.query(
        `INSERT INTO audit.access_record (seq, at, request_id, client_sub, client_org, acting_user, purpose,
           operation_name, document_hash, personal_id, fields, outcome, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::audit."AccessOutcome", $13, $14)`,
        [
          record.seq,
          record.at,
          record.requestId,
          record.clientSub,
          record.clientOrg,
          record.actingUser,
          record.purpose,
          record.operationName,
          record.documentHash,
          record.personalId,
          record.fields,
          record.outcome,
          record.prevHash,
          record.hash,
        ],
      );
    }
    await db.query('INSERT INTO audit.chain_head (id, seq, hash) VALUES (1, 5, $1)', [legacy[4]?.hash]);
    const range = {
      writer: '0',
      firstSeq: '1',
      lastSeq: '2',
      count: '2',
      prevHash: GENESIS_HASH,
      lastHash: legacy[1]?.hash as string,
      contentSha256: 'ab'.repeat(32),
    };
    await db.query(
      `INSERT INTO audit.archive_segment (first_seq, last_seq, record_count, prev_hash, last_hash, archived_before,
         file_name, content_sha256, key_id, signature)
       VALUES (1, 2, 2, $1, $2, now(), 'old.ndjson', $3, $4, $5)`,
      [range.prevHash, range.lastHash, range.contentSha256, key.kid, signRange(range, key.privateKey as never)],
    );
    await applyMigrations(db);
  });

  afterAll(async () => remove(opened));

  it('migrates to writer chain 0 and verifies, its signed archive segment included', async () => {
    const result = await verifyChain(db, { archivePublicKey: key.publicKey });
    expect(result).toMatchObject({
      ok: true,
      records: 3,
      archivedRecords: 2,
      head: { seq: '5', hash: legacy[4]?.hash },
      boundary: { seq: '2', hash: legacy[1]?.hash },
    });
    expect(result.chains.map((chain) => chain.writer)).toEqual(['0']);
    const page = await readCitizenAccessLog(db, [legacy[3]?.personalId as string], { first: 5 });
    expect(page.records).toMatchObject([{ writerId: '0', seq: '4', hash: legacy[3]?.hash }]);
  });

  it('new writers append beside it; an anchor covers it; its archive keeps the version-1 format', async () => {
    const log = createAuditLog(db, { anchorKey: key, anchorIntervalMs: 0 });
    await log.append([access(600)]);
    expect(await log.anchor()).toMatchObject({ seq: '1' });
    const verified = await verifyChain(db, { archivePublicKey: key.publicKey });
    expect(verified).toMatchObject({ ok: true, records: 4 });
    expect(verified.chains.map((chain) => chain.writer)).toEqual(['0', String(await log.writerId())]);

    const out = path.join(opened.dataDir, 'legacy.ndjson');
    const archived = await archiveRecords(db, { before: new Date('2026-06-01T00:00:00Z'), out, key, writer: '0' });
    expect(archived.header).toMatchObject({ version: 1, writer: '0', firstSeq: '3', lastSeq: '5' });
    const header = JSON.parse(fs.readFileSync(out, 'utf8').split('\n')[0] ?? '') as Record<string, unknown>;
    expect(header).toMatchObject({ version: 1, firstSeq: '3' });
    expect(header).not.toHaveProperty('writer');
    expect(await verifyArchiveFile(out, { key, db })).toMatchObject({ ok: true, linkChecked: true });
    // Anchor 1 signed the legacy head at seq 5, now archived: still consistent.
    expect(await verifyChain(db, { archivePublicKey: key.publicKey })).toMatchObject({ ok: true, records: 1 });
    await log.close();
  });
});
