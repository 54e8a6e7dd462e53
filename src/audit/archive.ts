/**
 * Retention (`npm run audit:archive -- --before <ISO date> --out <file.ndjson>`): moves the oldest records of a
 * writer chain to a signed NDJSON file and removes them from audit.access_record without breaking verification. Each
 * writer chain is archived on its own (one file per chain and run, `archiveRecords` with `writer`).
 *
 * What is archived is a PREFIX of the writer's hot chain: from the current boundary up to the last record before the first
 * one with `at >= before`. Replicas stamp `at` with their own clocks, so `at` is not strictly monotonic in `seq`; a
 * record older than `before` that follows a newer one stays in the hot table until the next run. A prefix keeps the
 * hot chain verifiable from a single boundary (seq + hash).
 *
 * File format, one JSON document per line (UTF-8, '\n'):
 *   1. header:    {"format":"lienthong-audit-archive","version":2,"writer","firstSeq","lastSeq","count","prevHash",
 *                  "lastHash","archivedBefore","createdAt","keyId"}  — prevHash is the hash the first record links to;
 *                  version 1 (no "writer") is the legacy chain, writer 0, and is still written for it
 *   2. records:   {"seq","at","requestId","clientSub","clientOrg","actingUser","purpose","operationName",
 *                  "documentHash","personalId","fields","outcome",["breakGlass","breakGlassReason",]"prevHash","hash"}
 *                  in seq order (the break-glass pair only on break-glass records, docs/ARCHITECTURE.md §6)
 *   3. signature: {"signature":{"alg":"EdDSA","crv":"Ed25519","kid","contentSha256","value"}} — contentSha256 is the
 *                  SHA-256 of every byte before this line; value signs the range and that digest (segments.ts)
 *
 * Steps: (1) in one REPEATABLE READ snapshot, stream the prefix through a cursor into `<out>.partial`, re-verifying
 * the chain as it goes (a broken chain is never archived); (2) sign, fsync, hard-link to `<out>` (never overwrites)
 * and fsync the directory; (3) in ONE transaction: lock the segment table, check the boundary did not move and the
 * last record's hash is unchanged, delete the prefix (the count must match) and insert the segment row. If step 3
 * fails the file stays but the records too, and `audit:verify --archive` reports the file as not recorded.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database.ts';
import { GENESIS_HASH, type ChainedRecord } from './chain.ts';
import {
  LEGACY_WRITER,
  readArchiveSegments,
  signRange,
  verifyRangeSignature,
  type ArchiveKey,
  type ArchiveSegmentRow,
  type SignedRange,
} from './segments.ts';
import { ChainChecker, streamRecords, type ChainBreak } from './verify.ts';

export const ARCHIVE_FORMAT = 'lienthong-audit-archive';
/** Version 1: the legacy chain (writer 0), no `writer` member; version 2: any writer chain. */
export const ARCHIVE_VERSION = 2;
const LEGACY_ARCHIVE_VERSION = 1;
const MAX_LINE_BYTES = 1024 * 1024;

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  /** The writer chain ('0' for a version-1 file, which has no such member). */
  writer: string;
  firstSeq: string;
  lastSeq: string;
  count: string;
  prevHash: string;
  lastHash: string;
  archivedBefore: string;
  createdAt: string;
  keyId: string;
}

export interface ArchiveSignature {
  alg: 'EdDSA';
  crv: 'Ed25519';
  kid: string;
  contentSha256: string;
  value: string;
}

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

export interface ArchiveOptions {
  /** Records with `at` before this instant are archived (as a prefix of the chain, see above). */
  before: Date;
  /** The archive file to create; must not exist. */
  out: string;
  /**
   * The writer chain to archive; default: the only chain with hot records (an ArchiveError when there are several:
   * `archivableWriters` lists them).
   */
  writer?: string;
  /** The signing key (with its private part). */
  key: ArchiveKey;
  pageSize?: number;
  now?: () => Date;
}

export interface ArchiveResult {
  /** Records archived (0: nothing older than `before`, no file written). */
  count: number;
  file: string | null;
  header: ArchiveHeader | null;
  contentSha256: string | null;
}

interface ArchivePlan {
  boundary: { seq: bigint; hash: string };
  lastSeq: bigint;
  lastHash: string;
}

/** Archives the prefix of the chain older than `before` (see the file comment). */
export async function archiveRecords(db: Database, options: ArchiveOptions): Promise<ArchiveResult> {
  const { key } = options;
  if (key.privateKey === undefined) throw new ArchiveError('archiving needs the private signing key');
  if (Number.isNaN(options.before.getTime())) throw new ArchiveError('--before is not a valid instant');
  const out = path.resolve(options.out);
  if (fs.existsSync(out)) throw new ArchiveError(`${out} already exists (an archive file is never overwritten)`);
  const partial = `${out}.partial`;
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  const before = options.before.toISOString();
  let writer = options.writer;
  if (writer === undefined) {
    const writers = await archivableWriters(db);
    const [only] = writers;
    if (only === undefined) return { count: 0, file: null, header: null, contentSha256: null };
    if (writers.length > 1) {
      throw new ArchiveError(`writer chains ${writers.join(', ')} all have records: archive each chain on its own`);
    }
    writer = only;
  }
  if (!/^\d{1,10}$/.test(writer)) throw new ArchiveError(`"${writer}" is not a writer id`);
  const chain = writer;

  // (1) + (2): export the prefix from one snapshot.
  const exported = await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const plan = await planArchive(tx, chain, before);
    if (plan === undefined) return undefined;
    const count = plan.lastSeq - plan.boundary.seq;
    const header: ArchiveHeader = {
      format: ARCHIVE_FORMAT,
      version: chain === LEGACY_WRITER ? LEGACY_ARCHIVE_VERSION : ARCHIVE_VERSION,
      writer: chain,
      firstSeq: (plan.boundary.seq + 1n).toString(),
      lastSeq: plan.lastSeq.toString(),
      count: count.toString(),
      prevHash: plan.boundary.hash,
      lastHash: plan.lastHash,
      archivedBefore: before,
      createdAt,
      keyId: key.kid,
    };
    const handle = await fs.promises.open(partial, 'wx', 0o640);
    const digest = createHash('sha256');
    let buffered: string[] = [];
    let bufferedLength = 0;
    const flush = async () => {
      if (buffered.length === 0) return;
      const bytes = Buffer.from(buffered.join(''), 'utf8');
      buffered = [];
      bufferedLength = 0;
      digest.update(bytes);
      await handle.write(bytes);
    };
    const writeLine = async (line: string) => {
      buffered.push(line, '\n');
      bufferedLength += line.length + 1;
      if (bufferedLength > 1024 * 1024) await flush();
    };
    try {
      const { writer: _writer, ...legacyHeader } = header;
      await writeLine(JSON.stringify(chain === LEGACY_WRITER ? legacyHeader : header));
      const checker = new ChainChecker(plan.boundary, plan.lastSeq);
      for await (const page of streamRecords(tx, options.pageSize ?? 5000, {
        writer: chain,
        after: plan.boundary.seq.toString(),
        through: plan.lastSeq.toString(),
      })) {
        for (const record of page) {
          const broken = checker.push(record);
          if (broken !== undefined) throw brokenChain(broken);
          await writeLine(JSON.stringify(recordLine(record)));
        }
      }
      const broken = checker.finish();
      if (broken !== undefined) throw brokenChain(broken);
      if (checker.position.seq !== plan.lastSeq || checker.position.hash !== plan.lastHash) {
        throw new ArchiveError(`the chain does not reach record ${plan.lastSeq} intact: run audit:verify`);
      }
      await flush();
      const contentSha256 = digest.digest('hex');
      const range: SignedRange = { ...rangeOf(header), contentSha256 };
      const signature: ArchiveSignature = {
        alg: 'EdDSA',
        crv: 'Ed25519',
        kid: key.kid,
        contentSha256,
        value: signRange(range, key.privateKey as NonNullable<ArchiveKey['privateKey']>),
      };
      await handle.write(`${JSON.stringify({ signature })}\n`);
      await handle.sync();
      await handle.close();
      return { header, signature, count };
    } catch (error) {
      await handle.close().catch(() => undefined);
      fs.rmSync(partial, { force: true });
      throw error;
    }
  });
  if (exported === undefined) return { count: 0, file: null, header: null, contentSha256: null };
  const { header, signature } = exported;
  try {
    fs.linkSync(partial, out);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  fsyncDirectory(path.dirname(out));

  // (3): delete the archived prefix and record the boundary, atomically.
  try {
    await db.transaction(async (tx) => {
      await tx.query('LOCK TABLE audit.archive_segment IN SHARE ROW EXCLUSIVE MODE');
      const boundary = currentBoundary(await readArchiveSegments(tx), chain);
      if (boundary.seq.toString() !== (BigInt(header.firstSeq) - 1n).toString() || boundary.hash !== header.prevHash) {
        throw new ArchiveError('another archive run moved the boundary meanwhile');
      }
      const last = await tx.query<{ hash: string }>(
        'SELECT hash FROM audit.access_record WHERE writer_id = $1::int AND seq = $2::bigint',
        [chain, header.lastSeq],
      );
      if (last[0]?.hash !== header.lastHash) {
        throw new ArchiveError(`record ${header.lastSeq} changed or vanished since it was exported`);
      }
      const deleted = await tx.query<{ count: string }>(
        `WITH gone AS (DELETE FROM audit.access_record
                       WHERE writer_id = $3::int AND seq > $1::bigint AND seq <= $2::bigint RETURNING 1)
         SELECT count(*)::text AS count FROM gone`,
        [boundary.seq.toString(), header.lastSeq, chain],
      );
      if (deleted[0]?.count !== header.count) {
        throw new ArchiveError(`expected to remove ${header.count} records, found ${deleted[0]?.count ?? 0}`);
      }
      await tx.query(
        `INSERT INTO audit.archive_segment (writer_id, first_seq, last_seq, record_count, prev_hash, last_hash,
                                           archived_before, archived_at, file_name, content_sha256, key_id, signature)
         VALUES ($12::int, $1::bigint, $2::bigint, $3::bigint, $4, $5, $6::timestamptz, $7::timestamptz, $8, $9, $10,
                 $11)`,
        [
          header.firstSeq,
          header.lastSeq,
          header.count,
          header.prevHash,
          header.lastHash,
          header.archivedBefore,
          header.createdAt,
          path.basename(out),
          signature.contentSha256,
          signature.kid,
          signature.value,
          chain,
        ],
      );
    });
  } catch (error) {
    throw new ArchiveError(
      `${out} was written but the records were NOT removed from the hot table (${(error as Error).message}); ` +
        'the file is not recorded as an archive: delete it and run the archive again',
    );
  }
  return { count: Number(header.count), file: out, header, contentSha256: signature.contentSha256 };
}

/** The writers whose chains have hot records (what `audit:archive` may archive), by id. */
export async function archivableWriters(db: Pick<Database, 'query'>): Promise<string[]> {
  const rows = await db.query<{ writer: string }>(
    'SELECT writer_id::text AS writer FROM audit.access_record GROUP BY writer_id ORDER BY writer_id',
  );
  return rows.map((row) => row.writer);
}

async function planArchive(
  tx: Pick<Database, 'query'>,
  writer: string,
  before: string,
): Promise<ArchivePlan | undefined> {
  const boundary = currentBoundary(await readArchiveSegments(tx), writer);
  const stop = await tx.query<{ seq: string }>(
    `SELECT r.seq::text AS seq FROM audit.access_record r
     WHERE r.writer_id = $3::int AND r.seq > $1::bigint AND r.at >= $2::timestamptz
     ORDER BY r.seq LIMIT 1`,
    [boundary.seq.toString(), before, writer],
  );
  let lastSeq: bigint;
  if (stop[0] !== undefined) {
    lastSeq = BigInt(stop[0].seq) - 1n;
  } else {
    const max = await tx.query<{ seq: string | null }>(
      'SELECT max(seq)::text AS seq FROM audit.access_record WHERE writer_id = $1::int',
      [writer],
    );
    if (max[0]?.seq == null) return undefined;
    lastSeq = BigInt(max[0].seq);
  }
  if (lastSeq <= boundary.seq) return undefined;
  const last = await tx.query<{ hash: string }>(
    'SELECT hash FROM audit.access_record WHERE writer_id = $1::int AND seq = $2::bigint',
    [writer, lastSeq.toString()],
  );
  if (last[0] === undefined) throw new ArchiveError(`record ${lastSeq} is missing: run audit:verify`);
  return { boundary, lastSeq, lastHash: last[0].hash };
}

function currentBoundary(segments: readonly ArchiveSegmentRow[], writer: string): { seq: bigint; hash: string } {
  const last = segments.filter((segment) => segment.writerId === writer).at(-1);
  return last === undefined ? { seq: 0n, hash: GENESIS_HASH } : { seq: BigInt(last.lastSeq), hash: last.lastHash };
}

function brokenChain(broken: ChainBreak): ArchiveError {
  return new ArchiveError(`refusing to archive a broken chain: ${broken.message}`);
}

function rangeOf(header: ArchiveHeader): Omit<SignedRange, 'contentSha256'> {
  return {
    writer: header.writer,
    firstSeq: header.firstSeq,
    lastSeq: header.lastSeq,
    count: header.count,
    prevHash: header.prevHash,
    lastHash: header.lastHash,
  };
}

/** A record line: every stored field, fixed key order. */
function recordLine(record: ChainedRecord): ChainedRecord {
  return {
    seq: record.seq,
    at: record.at,
    requestId: record.requestId,
    clientSub: record.clientSub,
    clientOrg: record.clientOrg,
    actingUser: record.actingUser,
    purpose: record.purpose,
    operationName: record.operationName,
    documentHash: record.documentHash,
    personalId: record.personalId,
    fields: record.fields,
    outcome: record.outcome,
    // Only on break-glass records (docs/ARCHITECTURE.md §6): other lines stay as files written before the columns.
    ...(record.breakGlass === true || (record.breakGlassReason ?? null) !== null
      ? { breakGlass: record.breakGlass ?? false, breakGlassReason: record.breakGlassReason ?? null }
      : {}),
    prevHash: record.prevHash,
    hash: record.hash,
  };
}

function fsyncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(directory, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the file itself is fsynced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

// ───────────────────────────── verifying an archive file ─────────────────────────────

export type ArchiveProblemKind = ChainBreak['kind'] | 'format' | 'signature' | 'link';

export interface ArchiveProblem {
  kind: ArchiveProblemKind;
  /** The record concerned, when there is one. */
  seq?: string;
  /** 1-based line of the file, when there is one. */
  line?: number;
  message: string;
}

export interface VerifyArchiveOptions {
  /** The signing key's public part; without it the signature is not checked (only the content digest). */
  key?: ArchiveKey;
  /** The database whose boundary the archive must link to; without it the link is not checked. */
  db?: Database;
}

export interface VerifyArchiveResult {
  ok: boolean;
  header: ArchiveHeader | null;
  records: number;
  signatureChecked: boolean;
  linkChecked: boolean;
  problem?: ArchiveProblem;
}

/** Verifies an archive file: format, internal chain, content digest, signature, and its link to the database. */
export async function verifyArchiveFile(
  file: string,
  options: VerifyArchiveOptions = {},
): Promise<VerifyArchiveResult> {
  const result: VerifyArchiveResult = {
    ok: true,
    header: null,
    records: 0,
    signatureChecked: false,
    linkChecked: false,
  };
  const fail = (problem: ArchiveProblem): VerifyArchiveResult => ({ ...result, ok: false, problem });
  const digest = createHash('sha256');
  let checker: ChainChecker | undefined;
  let lineNumber = 0;
  let previous: Buffer | undefined;
  let problem: ArchiveProblem | undefined;

  const content = (line: Buffer, number: number): ArchiveProblem | undefined => {
    digest.update(line);
    digest.update('\n');
    let value: unknown;
    try {
      value = JSON.parse(line.toString('utf8'));
    } catch {
      return { kind: 'format', line: number, message: `line ${number} is not JSON` };
    }
    if (number === 1) {
      const header = parseHeader(value);
      if (header === undefined) return { kind: 'format', line: 1, message: 'line 1 is not an archive header' };
      result.header = header;
      checker = new ChainChecker({ seq: BigInt(header.firstSeq) - 1n, hash: header.prevHash }, BigInt(header.lastSeq));
      return undefined;
    }
    const record = parseRecord(value);
    if (record === undefined)
      return { kind: 'format', line: number, message: `line ${number} is not an access record` };
    const broken = (checker as ChainChecker).push(record);
    return broken === undefined ? undefined : { ...broken, line: number };
  };

  try {
    const stream = fs.createReadStream(file);
    let carry: Buffer = Buffer.alloc(0);
    outer: for await (const chunk of stream as AsyncIterable<Buffer>) {
      carry = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      let start = 0;
      for (let index = carry.indexOf(10, start); index !== -1; index = carry.indexOf(10, start)) {
        const line = carry.subarray(start, index);
        start = index + 1;
        lineNumber += 1;
        if (previous !== undefined) {
          problem = content(previous, lineNumber - 1);
          if (problem !== undefined) break outer;
        }
        previous = Buffer.from(line);
      }
      carry = carry.subarray(start);
      if (carry.length > MAX_LINE_BYTES) {
        problem = { kind: 'format', line: lineNumber + 1, message: `line ${lineNumber + 1} is too long` };
        break;
      }
    }
    if (problem === undefined && carry.length > 0) {
      lineNumber += 1;
      if (previous !== undefined) problem = content(previous, lineNumber - 1);
      previous = Buffer.from(carry);
    }
  } catch (error) {
    return fail({ kind: 'format', message: `cannot read ${file}: ${(error as Error).message}` });
  }
  result.records = checker?.count ?? 0;
  if (problem !== undefined) return fail(problem);
  const header = result.header;
  if (header === null || checker === undefined || previous === undefined || lineNumber < 2) {
    return fail({ kind: 'format', message: 'the file has no header and signature' });
  }
  const broken = checker.finish();
  result.records = checker.count;
  if (broken !== undefined) return fail(broken);
  if (checker.position.seq !== BigInt(header.lastSeq)) {
    const missing = (checker.position.seq + 1n).toString();
    return fail({
      kind: 'deleted',
      seq: missing,
      message: `the archive ends at record ${checker.position.seq}, its header says ${header.lastSeq}: record ${missing} onwards missing`,
    });
  }
  if (checker.position.hash !== header.lastHash || String(checker.count) !== header.count) {
    return fail({
      kind: 'changed',
      seq: header.lastSeq,
      message: 'the header does not match the records (count or last hash)',
    });
  }

  let signatureLine: unknown;
  try {
    signatureLine = JSON.parse(previous.toString('utf8'));
  } catch {
    return fail({ kind: 'format', line: lineNumber, message: 'the last line is not a signature' });
  }
  const signature = parseSignature(signatureLine);
  if (signature === undefined)
    return fail({ kind: 'format', line: lineNumber, message: 'the last line is not a signature' });
  const contentSha256 = digest.digest('hex');
  if (signature.contentSha256 !== contentSha256) {
    return fail({
      kind: 'signature',
      message: 'the file content does not match its signed digest (the file was altered)',
    });
  }
  if (options.key !== undefined) {
    if (signature.kid !== options.key.kid) {
      return fail({
        kind: 'signature',
        message: `signed with key ${signature.kid}, not the trusted key ${options.key.kid}`,
      });
    }
    if (!verifyRangeSignature({ ...rangeOf(header), contentSha256 }, signature.value, options.key.publicKey)) {
      return fail({ kind: 'signature', message: 'the signature does not verify' });
    }
    result.signatureChecked = true;
  }

  if (options.db !== undefined) {
    const linkProblem = await checkLink(options.db, header, signature);
    if (linkProblem !== undefined) return fail(linkProblem);
    result.linkChecked = true;
  }
  return result;
}

/** The archive must be the recorded segment for its range, and the chain must continue from it. */
async function checkLink(
  db: Database,
  header: ArchiveHeader,
  signature: ArchiveSignature,
): Promise<ArchiveProblem | undefined> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const chain = header.writer;
    const segments = (await readArchiveSegments(tx)).filter((segment) => segment.writerId === chain);
    const index = segments.findIndex((segment) => segment.firstSeq === header.firstSeq);
    const segment = segments[index];
    const link = (message: string): ArchiveProblem => ({ kind: 'link', message });
    if (segment === undefined) {
      return link(
        `the database records no archive starting at seq ${header.firstSeq} (never committed, or another database)`,
      );
    }
    if (
      segment.lastSeq !== header.lastSeq ||
      segment.recordCount !== header.count ||
      segment.prevHash !== header.prevHash ||
      segment.lastHash !== header.lastHash ||
      segment.contentSha256 !== signature.contentSha256 ||
      segment.signature !== signature.value
    ) {
      return link(`the database's archive segment ${segment.firstSeq}..${segment.lastSeq} does not match this file`);
    }
    const before = segments[index - 1];
    const expectedPrev = before === undefined ? GENESIS_HASH : before.lastHash;
    if (
      header.firstSeq !== (before === undefined ? '1' : (BigInt(before.lastSeq) + 1n).toString()) ||
      header.prevHash !== expectedPrev
    ) {
      return link('the archive does not continue the segment before it');
    }
    const after = segments[index + 1];
    if (after !== undefined) {
      return after.prevHash === header.lastHash
        ? undefined
        : link(`the next archive segment (from seq ${after.firstSeq}) does not link to this archive`);
    }
    // The newest segment: the hot table continues from it.
    const next = await tx.query<{ seq: string; prevHash: string }>(
      `SELECT r.seq::text AS seq, r.prev_hash AS "prevHash" FROM audit.access_record r
       WHERE r.writer_id = $2::int AND r.seq > $1::bigint ORDER BY r.seq LIMIT 1`,
      [header.lastSeq, chain],
    );
    const first = next[0];
    if (first !== undefined) {
      const expectedSeq = (BigInt(header.lastSeq) + 1n).toString();
      if (first.seq !== expectedSeq || first.prevHash !== header.lastHash) {
        return link(`the hot table does not continue from this archive (its first record is ${first.seq})`);
      }
      return undefined;
    }
    const head = await tx.query<{ seq: string; hash: string }>(
      'SELECT seq::text AS seq, hash FROM audit.chain_head WHERE writer_id = $1::int',
      [chain],
    );
    if (head[0]?.seq !== header.lastSeq || head[0].hash !== header.lastHash) {
      return link('the hot table is empty but the chain head is not this archive’s last record');
    }
    return undefined;
  });
}

const HEX64 = /^[0-9a-f]{64}$/;
const SEQ = /^[1-9]\d{0,18}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseHeader(value: unknown): ArchiveHeader | undefined {
  if (!isObject(value) || value.format !== ARCHIVE_FORMAT) return undefined;
  let writer: string;
  if (value.version === LEGACY_ARCHIVE_VERSION && value.writer === undefined) writer = LEGACY_WRITER;
  else if (value.version === ARCHIVE_VERSION && typeof value.writer === 'string' && /^\d{1,10}$/.test(value.writer)) {
    writer = value.writer;
  } else return undefined;
  const { firstSeq, lastSeq, count, prevHash, lastHash, archivedBefore, createdAt, keyId } = value;
  if (typeof firstSeq !== 'string' || !SEQ.test(firstSeq) || typeof lastSeq !== 'string' || !SEQ.test(lastSeq))
    return undefined;
  if (typeof count !== 'string' || !SEQ.test(count) || BigInt(lastSeq) - BigInt(firstSeq) + 1n !== BigInt(count))
    return undefined;
  if (typeof prevHash !== 'string' || !HEX64.test(prevHash) || typeof lastHash !== 'string' || !HEX64.test(lastHash)) {
    return undefined;
  }
  if (typeof archivedBefore !== 'string' || typeof createdAt !== 'string' || typeof keyId !== 'string')
    return undefined;
  return {
    format: ARCHIVE_FORMAT,
    version: value.version,
    writer,
    firstSeq,
    lastSeq,
    count,
    prevHash,
    lastHash,
    archivedBefore,
    createdAt,
    keyId,
  };
}

function parseRecord(value: unknown): ChainedRecord | undefined {
  if (!isObject(value)) return undefined;
  const text = (key: string) => typeof value[key] === 'string';
  const nullableText = (key: string) => value[key] === null || typeof value[key] === 'string';
  const fields = value.fields;
  const fieldsOk = fields === null || (Array.isArray(fields) && fields.every((field) => typeof field === 'string'));
  if (
    !['seq', 'at', 'requestId', 'clientSub', 'documentHash', 'personalId', 'outcome', 'prevHash', 'hash'].every(text) ||
    !['clientOrg', 'actingUser', 'purpose', 'operationName'].every(nullableText) ||
    !fieldsOk ||
    !(value.breakGlass === undefined || typeof value.breakGlass === 'boolean') ||
    !(value.breakGlassReason === undefined || nullableText('breakGlassReason'))
  ) {
    return undefined;
  }
  return value as unknown as ChainedRecord;
}

function parseSignature(value: unknown): ArchiveSignature | undefined {
  if (!isObject(value) || !isObject(value.signature)) return undefined;
  const { alg, crv, kid, contentSha256, value: signatureValue } = value.signature;
  if (alg !== 'EdDSA' || crv !== 'Ed25519' || typeof kid !== 'string' || typeof signatureValue !== 'string')
    return undefined;
  if (typeof contentSha256 !== 'string' || !HEX64.test(contentSha256)) return undefined;
  return { alg, crv, kid, contentSha256, value: signatureValue };
}
