/**
 * Audit retention (docs/ARCHITECTURE.md §6): `audit:archive` moves the oldest prefix of the chain to a signed NDJSON
 * file and removes it from the hot table; the hot chain still verifies from the recorded boundary; an archive file
 * verifies on its own (signature + internal chain) and links to the database; tampered files and forged boundaries are
 * caught. Embedded database (or TEST_DATABASE_URL); the command-line tools run as child processes at the end.
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveRecords, verifyArchiveFile } from '../src/audit/archive.ts';
import { archiveKeyFile, ensureArchiveKey, readArchiveKey, type ArchiveKey } from '../src/audit/segments.ts';
import { createAuditLog, readChainHead, type AccessRecordInput, type AuditLog } from '../src/audit/store.ts';
import { verifyChain } from '../src/audit/verify.ts';
import type { Database } from '../src/db/database.ts';
import { openMigratedTestDatabase, type MigratedTestDatabase } from './support/harness.ts';
import { runTypeScript } from './support/process.ts';

let database: MigratedTestDatabase;
let db: Database;
let dataDir: string;
let key: ArchiveKey;
/** One gateway's writer: every record of this file is in its chain. */
let log: AuditLog;
let writer: string;

function access(at: string, index: number): AccessRecordInput {
  return {
    at: new Date(at),
    requestId: `req-${index}`,
    clientSub: 'police-app',
    clientOrg: '37000',
    actingUser: null,
    purpose: 'RESIDENCE_ADMINISTRATION',
    operationName: 'Household',
    documentHash: 'ef'.repeat(32),
    personalId: `0372${String(index).padStart(8, '0')}`,
    fields: ['Citizen.fullName', 'Household.address'],
    outcome: 'GRANTED',
  };
}

async function appendAll(times: string[], offset: number): Promise<void> {
  for (const [i, at] of times.entries()) await log.append([access(at, offset + i)]);
}

beforeAll(async () => {
  database = await openMigratedTestDatabase('lienthong-audit-archive-');
  ({ db, dataDir } = database);
  key = ensureArchiveKey(dataDir);
  log = createAuditLog(db, { anchorIntervalMs: 0 });
  writer = String(await log.writerId());
  // 25 records of 2025, one of June 2026 (a replica with its clock ahead, or simply a later request), 4 more of 2025
  // (appended after it), then 10 of 2026.
  await appendAll(
    [
      ...Array.from({ length: 25 }, (_, i) => `2025-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`),
      '2026-06-01T00:00:00.000Z',
      ...Array.from({ length: 4 }, () => '2025-12-31T23:59:59.999Z'),
      ...Array.from({ length: 10 }, (_, i) => `2026-06-${String(2 + i).padStart(2, '0')}T09:00:00.000Z`),
    ],
    1,
  );
});

afterAll(async () => {
  await log?.close();
  await database?.remove();
});

function file(name: string): string {
  return path.join(dataDir, name);
}

function lines(name: string): string[] {
  return fs.readFileSync(file(name), 'utf8').split('\n').slice(0, -1);
}

describe('archiving', () => {
  it('creates the signing key once, private (0600), in DATA_DIR/keys', () => {
    const stat = fs.statSync(archiveKeyFile(dataDir));
    expect(stat.mode & 0o777).toBe(0o600);
    expect(ensureArchiveKey(dataDir).kid).toBe(key.kid);
    expect(readArchiveKey(archiveKeyFile(dataDir)).privateKey).toBeDefined();
  });

  it('moves the prefix older than --before to a signed file and keeps the hot chain verifiable', async () => {
    const head = await readChainHead(db, writer);
    const result = await archiveRecords(db, {
      before: new Date('2026-01-01T00:00:00Z'),
      out: file('2025.ndjson'),
      key,
      pageSize: 7,
    });
    // The prefix stops at the first record of 2026: the four 2025 records after it stay in the hot table.
    expect(result.count).toBe(25);
    expect(result.header).toMatchObject({ firstSeq: '1', lastSeq: '25', count: '25', prevHash: '0'.repeat(64) });

    const content = lines('2025.ndjson');
    expect(content).toHaveLength(1 + 25 + 1);
    const header = JSON.parse(content[0] ?? '') as Record<string, unknown>;
    expect(header).toMatchObject({
      format: 'lienthong-audit-archive',
      version: 2,
      writer,
      firstSeq: '1',
      lastSeq: '25',
    });
    const first = JSON.parse(content[1] ?? '') as Record<string, unknown>;
    expect(first).toMatchObject({
      seq: '1',
      requestId: 'req-1',
      at: '2025-03-01T10:00:00.000Z',
      prevHash: '0'.repeat(64),
    });
    expect(JSON.parse(content[25] ?? '')).toMatchObject({ seq: '25', hash: result.header?.lastHash });
    expect(JSON.parse(content[26] ?? '')).toMatchObject({
      signature: { alg: 'EdDSA', crv: 'Ed25519', kid: key.kid, contentSha256: result.contentSha256 },
    });
    expect(fs.existsSync(`${file('2025.ndjson')}.partial`)).toBe(false);

    const [hot] = await db.query<{ min: string; n: string }>(
      'SELECT min(seq)::text AS min, count(*)::text AS n FROM audit.access_record',
    );
    expect(hot).toEqual({ min: '26', n: '15' });
    expect(await readChainHead(db, writer)).toEqual(head);

    const verified = await verifyChain(db, { archivePublicKey: key.publicKey });
    expect(verified).toMatchObject({
      ok: true,
      records: 15,
      archivedRecords: 25,
      segments: 1,
      segmentSignaturesChecked: true,
      boundary: { seq: '25', hash: result.header?.lastHash },
    });
    expect(await verifyArchiveFile(file('2025.ndjson'), { key, db })).toMatchObject({
      ok: true,
      records: 25,
      signatureChecked: true,
      linkChecked: true,
    });
  });

  it('has nothing to archive when the oldest hot record is newer than --before, and never overwrites a file', async () => {
    const result = await archiveRecords(db, {
      before: new Date('2025-06-01T00:00:00Z'),
      out: file('none.ndjson'),
      key,
    });
    expect(result).toEqual({ count: 0, file: null, header: null, contentSha256: null });
    expect(fs.existsSync(file('none.ndjson'))).toBe(false);
    await expect(
      archiveRecords(db, { before: new Date('2027-01-01T00:00:00Z'), out: file('2025.ndjson'), key }),
    ).rejects.toThrow(/already exists/);
  });

  it('archives the next prefix after the boundary; both archives link and the chain keeps verifying', async () => {
    const result = await archiveRecords(db, {
      before: new Date('2026-06-05T00:00:00Z'),
      out: file('2026a.ndjson'),
      key,
    });
    // Records 26..30 (the June 2026 record and the four late 2025 ones) and 31..33 (2, 3, 4 June).
    expect(result.header).toMatchObject({ firstSeq: '26', lastSeq: '33', count: '8' });
    expect(await verifyChain(db, { archivePublicKey: key.publicKey })).toMatchObject({
      ok: true,
      records: 7,
      archivedRecords: 33,
      segments: 2,
    });
    expect((await verifyArchiveFile(file('2025.ndjson'), { key, db })).ok).toBe(true);
    expect((await verifyArchiveFile(file('2026a.ndjson'), { key, db })).ok).toBe(true);
    // New records keep chaining after the boundary.
    await appendAll(['2026-07-01T00:00:00.000Z'], 100);
    expect((await verifyChain(db, { archivePublicKey: key.publicKey })).ok).toBe(true);
  });
});

describe('tampering with archives', () => {
  function tampered(name: string, edit: (content: string[]) => string[]): string {
    const target = file(`tampered-${name}.ndjson`);
    fs.writeFileSync(target, `${edit(lines('2025.ndjson')).join('\n')}\n`);
    return target;
  }

  it('a changed record line is named (its hash no longer matches)', async () => {
    const target = tampered('changed', (content) =>
      content.map((line, i) => (i === 8 ? line.replace('RESIDENCE_ADMINISTRATION', 'STATISTICS') : line)),
    );
    expect(await verifyArchiveFile(target, { key })).toMatchObject({
      ok: false,
      problem: { kind: 'changed', seq: '8', line: 9 },
    });
  });

  it('a removed record line is named as deleted', async () => {
    const target = tampered('deleted', (content) => content.filter((_, i) => i !== 5));
    expect(await verifyArchiveFile(target, { key })).toMatchObject({
      ok: false,
      problem: { kind: 'deleted', seq: '5' },
    });
  });

  it('a consistently re-hashed file fails the signature (content digest)', async () => {
    // Drop the last record and rewrite the header to match: the chain is consistent, the digest is not.
    const target = tampered('rehashed', (content) => {
      const header = JSON.parse(content[0] ?? '') as Record<string, string>;
      const last = JSON.parse(content[24] ?? '') as Record<string, string>;
      const rewritten = { ...header, lastSeq: '24', count: '24', lastHash: last.hash ?? '' };
      return [JSON.stringify(rewritten), ...content.slice(1, 25), content[26] ?? ''];
    });
    expect(await verifyArchiveFile(target, { key })).toMatchObject({ ok: false, problem: { kind: 'signature' } });
  });

  it('a file re-signed with another key, or with a forged signature value, is refused', async () => {
    const other = generateKeyPairSync('ed25519');
    const otherJwk = other.publicKey.export({ format: 'jwk' });
    const otherFile = file('other.jwk');
    fs.writeFileSync(otherFile, JSON.stringify(otherJwk));
    expect(await verifyArchiveFile(file('2025.ndjson'), { key: readArchiveKey(otherFile) })).toMatchObject({
      ok: false,
      problem: { kind: 'signature' },
    });
    const target = tampered('forged-signature', (content) =>
      content.map((line, i) =>
        i === content.length - 1 ? line.replace(/"value":"[^"]+"/, `"value":"${'A'.repeat(86)}"`) : line,
      ),
    );
    expect(await verifyArchiveFile(target, { key })).toMatchObject({ ok: false, problem: { kind: 'signature' } });
  });

  it('an intact file that the database does not record is not linked', async () => {
    const copy = file('copy.ndjson');
    fs.copyFileSync(file('2025.ndjson'), copy);
    expect((await verifyArchiveFile(copy, { key, db })).ok).toBe(true);
    await db.query('UPDATE audit.archive_segment SET content_sha256 = $1 WHERE first_seq = 1', ['0'.repeat(64)]);
    const result = await verifyArchiveFile(copy, { key, db });
    expect(result).toMatchObject({ ok: false, problem: { kind: 'link' } });
    // The altered segment row fails its own signature too.
    expect((await verifyChain(db, { archivePublicKey: key.publicKey })).broken).toMatchObject({
      kind: 'boundary',
      seq: '1',
    });
  });

  it('a boundary forged to hide deleted hot records fails its signature', async () => {
    // Restore the previous test's change from the file's own signature line.
    const signature = JSON.parse(lines('2025.ndjson').at(-1) ?? '') as { signature: { contentSha256: string } };
    await db.query('UPDATE audit.archive_segment SET content_sha256 = $1 WHERE first_seq = 1', [
      signature.signature.contentSha256,
    ]);
    expect((await verifyChain(db, { archivePublicKey: key.publicKey })).ok).toBe(true);

    // An intruder deletes records 34..36 and claims they were archived.
    const rows = await db.query<{ hash: string; prev: string }>(
      `SELECT hash, (SELECT last_hash FROM audit.archive_segment WHERE last_seq = 33) AS prev
       FROM audit.access_record WHERE seq = 36`,
    );
    await db.query('DELETE FROM audit.access_record WHERE seq BETWEEN 34 AND 36');
    await db.query(
      `INSERT INTO audit.archive_segment (writer_id, first_seq, last_seq, record_count, prev_hash, last_hash,
         archived_before, file_name, content_sha256, key_id, signature)
       VALUES ($5::int, 34, 36, 3, $1, $2, now(), 'gone.ndjson', $3, $4, 'forged')`,
      [rows[0]?.prev, rows[0]?.hash, '1'.repeat(64), key.kid, writer],
    );
    const withKey = await verifyChain(db, { archivePublicKey: key.publicKey });
    expect(withKey.broken).toMatchObject({ kind: 'boundary', seq: '34' });
    // Without the public key the boundary is taken at its word, and the result says so.
    const withoutKey = await verifyChain(db);
    expect(withoutKey).toMatchObject({ ok: true, segmentSignaturesChecked: false });
  });
});

describe('command-line tools', () => {
  const run = (args: string[]) => runTypeScript(args, database.env);

  it('npm run audit:archive and audit:verify --archive work on the same data', async () => {
    // Undo the forged segment of the previous test: that state is broken on purpose.
    await db.query('DELETE FROM audit.archive_segment WHERE first_seq = 34');
    await db.query(
      `UPDATE audit.chain_head SET seq = 33, hash = (SELECT last_hash FROM audit.archive_segment WHERE last_seq = 33)`,
    );
    await db.query('DELETE FROM audit.access_record');
    // The writer's known head (36) is not the head any more: it re-reads it before appending.
    await appendAll(['2026-06-20T00:00:00.000Z', '2026-06-21T00:00:00.000Z', '2026-08-01T00:00:00.000Z'], 200);
    expect((await verifyChain(db, { archivePublicKey: key.publicKey })).ok).toBe(true);
    // One process per embedded database directory: the CLI opens it after this test closes it.
    await log.close();
    await database.close();

    const archived = await run(['src/cli/audit-archive.ts', '--before', '2026-07-01', '--out', file('cli.ndjson')]);
    expect(archived.code, archived.stderr).toBe(0);
    expect(archived.stdout).toContain(`Archived 2 records (seq 34..35) to ${file('cli.ndjson')}`);
    expect(archived.stdout).toContain(`signed with key ${key.kid}`);

    const hot = await run(['src/cli/audit-verify.ts']);
    expect(hot.code, hot.stderr).toBe(0);
    expect(hot.stdout).toMatch(
      /^OK: 1 records verified in 1 writer chain\(s\); 35 archived records in 3 segment\(s\); no anchor yet; signatures valid/,
    );
    expect(hot.stdout).toMatch(
      new RegExp(
        `\\n  writer ${writer}: 1 records verified, head seq 36 hash [0-9a-f]{64}; 35 archived records in 3 segment\\(s\\) up to seq 35\\n`,
      ),
    );

    const archives = await run([
      'src/cli/audit-verify.ts',
      '--archive',
      file('2025.ndjson'),
      '--archive',
      file('cli.ndjson'),
      '--archive',
      file('tampered-changed.ndjson'),
    ]);
    expect(archives.code).toBe(1);
    expect(archives.stdout).toContain(`OK: ${file('2025.ndjson')}: seq 1..25, 25 records, signature valid`);
    expect(archives.stdout).toContain(`OK: ${file('cli.ndjson')}: seq 34..35, 2 records`);
    expect(archives.stdout).toContain(`BROKEN: ${file('tampered-changed.ndjson')}: seq 1..25 at record 8 (changed)`);

    const usage = await run(['src/cli/audit-archive.ts', '--before', 'last tuesday', '--out', file('x.ndjson')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--before must be an ISO date');
  }, 240_000);
});
