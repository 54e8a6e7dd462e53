/**
 * Verifies the access log's hash chain (`npm run audit:verify`) and names the FIRST broken record.
 *
 * The check streams the chain in seq order through a server-side cursor (pages of `pageSize` rows, constant memory
 * whatever the length), inside one REPEATABLE READ READ ONLY transaction so the records, the head and the archive
 * boundary are one consistent snapshot while replicas keep appending.
 *
 * Kinds of break (checked in this order for each record S, given the verified record S-1 before it):
 *   inserted  S lies beyond the chain head, repeats or precedes S-1 (duplicate / unexpected seq), or sits between two
 *             records that link to each other (S+1's prev_hash is the hash of S-1, or S's is the hash of S-2);
 *   deleted   seq gap (S-1 is followed by S+k, k > 1), or S does not link to S-1 and is itself not intact (records
 *             were removed and the rest renumbered), or the head says the chain goes further than its last record;
 *   changed   S's hash is not SHA-256(prev_hash || canonical(S)) (content edited), or S is intact but does not link to
 *             S-1 (S-1 was edited and re-hashed);
 *   head      the head row is missing, or its hash is not the last record's;
 *   boundary  the archive segments do not chain to each other, or a segment's signature does not verify.
 * A chain that was rewritten from some record to the end with recomputed hashes AND head is consistent by
 * construction: that is the limit of a hash chain, which is why archives are signed and the head hash printed by
 * this command is worth recording outside the database (see docs in archive.ts).
 */
import type { KeyObject } from 'node:crypto';
import type { Database, DatabaseTransaction } from '../db/database.ts';
import { GENESIS_HASH, RECORD_COLUMNS, recordHash, type ChainedRecord } from './chain.ts';
import { verifySegmentSignature, type ArchiveSegmentRow, readArchiveSegments } from './segments.ts';

export type ChainBreakKind = 'changed' | 'deleted' | 'inserted' | 'head' | 'boundary';

export interface ChainBreak {
  kind: ChainBreakKind;
  /** The first broken record (for `head`: the head's seq; for `boundary`: the segment's first seq). */
  seq: string;
  message: string;
}

export interface ChainPosition {
  seq: bigint;
  hash: string;
}

/**
 * Checks records fed in seq order after a known-good position (the genesis, or an archive boundary). Shared by the
 * hot-table verifier, the archive-file verifier and the archiver (which refuses to archive a broken chain).
 */
export class ChainChecker {
  private lastSeq: bigint;
  private lastHash: string;
  /** Hash of the record before the last one (detects an inserted record between two that link to each other). */
  private previousHash: string | undefined;
  private pending: { record: ChainedRecord; seq: bigint; intact: boolean } | undefined;
  private broken: ChainBreak | undefined;
  count = 0;

  constructor(
    start: ChainPosition,
    /** Records beyond this seq are reported as inserted (the head, or an archive's last seq). */
    private readonly limit?: bigint,
  ) {
    this.lastSeq = start.seq;
    this.lastHash = start.hash;
  }

  get position(): ChainPosition {
    return { seq: this.lastSeq, hash: this.lastHash };
  }

  get firstBreak(): ChainBreak | undefined {
    return this.broken;
  }

  /** Feeds the next record; returns the first break once found (then stop feeding). */
  push(record: ChainedRecord): ChainBreak | undefined {
    if (this.broken !== undefined) return this.broken;
    let seq: bigint;
    try {
      seq = BigInt(record.seq);
    } catch {
      return this.fail('inserted', record.seq, `record "${record.seq}" has no valid seq`);
    }
    const intact = recordHash(record.prevHash, record.seq, record) === record.hash;
    if (this.pending !== undefined) {
      // The previous record did not link to the one before it: this record tells which case it was.
      const { record: odd, seq: oddSeq, intact: oddIntact } = this.pending;
      if (seq === oddSeq + 1n && record.prevHash === this.lastHash) {
        return this.fail(
          'inserted',
          odd.seq,
          `record ${odd.seq} was inserted: record ${record.seq} links to record ${this.lastSeq}, the record before it`,
        );
      }
      return this.linkBreak(odd, oddIntact);
    }
    if (this.limit !== undefined && seq > this.limit) {
      return this.fail(
        'inserted',
        record.seq,
        `record ${record.seq} lies beyond the end of the chain (seq ${this.limit}): inserted, or the head was moved back`,
      );
    }
    if (seq <= this.lastSeq) {
      return this.fail(
        'inserted',
        record.seq,
        `record ${record.seq} is out of sequence (duplicate or unexpected seq after ${this.lastSeq})`,
      );
    }
    if (seq > this.lastSeq + 1n) {
      const missing = this.lastSeq + 1n;
      const range = missing === seq - 1n ? `record ${missing} is` : `records ${missing}..${seq - 1n} are`;
      return this.fail('deleted', missing.toString(), `${range} missing (seq gap before record ${record.seq})`);
    }
    if (record.prevHash !== this.lastHash) {
      if (this.previousHash !== undefined && record.prevHash === this.previousHash) {
        return this.fail(
          'inserted',
          this.lastSeq.toString(),
          `record ${this.lastSeq} was inserted: record ${record.seq} links to record ${this.lastSeq - 1n}`,
        );
      }
      // Decide with the next record (an inserted record is followed by one linking past it).
      this.pending = { record, seq, intact };
      return undefined;
    }
    if (!intact) {
      return this.fail(
        'changed',
        record.seq,
        `record ${record.seq} was changed: its hash does not match its content (prev_hash || canonical record)`,
      );
    }
    this.previousHash = this.lastHash;
    this.lastSeq = seq;
    this.lastHash = record.hash;
    this.count += 1;
    return undefined;
  }

  /** No more records: settles a pending link break. */
  finish(): ChainBreak | undefined {
    if (this.broken === undefined && this.pending !== undefined) {
      return this.linkBreak(this.pending.record, this.pending.intact);
    }
    return this.broken;
  }

  private linkBreak(record: ChainedRecord, intact: boolean): ChainBreak {
    this.pending = undefined;
    if (intact) {
      return this.fail(
        'changed',
        this.lastSeq.toString(),
        `record ${this.lastSeq} was changed and re-hashed: record ${record.seq} does not link to it (prev_hash mismatch)`,
      );
    }
    return this.fail(
      'deleted',
      record.seq,
      `record ${record.seq} does not link to record ${this.lastSeq} and is not intact: records were removed before it and the rest renumbered`,
    );
  }

  private fail(kind: ChainBreakKind, seq: string, message: string): ChainBreak {
    this.broken = { kind, seq, message };
    return this.broken;
  }
}

export interface VerifyChainOptions {
  /** Rows fetched per round trip (default 5000). */
  pageSize?: number;
  /** The archive signing key's public part: when given, every archive segment's signature is checked. */
  archivePublicKey?: KeyObject;
  onProgress?: (verified: number) => void;
}

export interface VerifyChainResult {
  ok: boolean;
  /** Hot records verified (before the first break). */
  records: number;
  /** Records in archive segments. */
  archivedRecords: number;
  /** Where the hot chain starts: the newest archive segment's end, or the genesis (seq 0). */
  boundary: { seq: string; hash: string };
  segments: number;
  /** Whether the segments' signatures were checked (a public key was given). */
  segmentSignaturesChecked: boolean;
  head: { seq: string; hash: string } | null;
  broken?: ChainBreak;
}

/** Verifies the hot chain from the archive boundary to the head. */
export async function verifyChain(db: Database, options: VerifyChainOptions = {}): Promise<VerifyChainResult> {
  const pageSize = options.pageSize ?? 5000;
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const headRows = await tx.query<{ seq: string; hash: string }>(
      'SELECT seq::text AS seq, hash FROM audit.chain_head WHERE id = 1',
    );
    const head = headRows[0] ?? null;
    const segments = await readArchiveSegments(tx);
    const result: VerifyChainResult = {
      ok: true,
      records: 0,
      archivedRecords: 0,
      boundary: { seq: '0', hash: GENESIS_HASH },
      segments: segments.length,
      segmentSignaturesChecked: options.archivePublicKey !== undefined,
      head,
    };
    const fail = (broken: ChainBreak): VerifyChainResult => ({ ...result, ok: false, broken });

    const segmentBreak = checkSegments(segments, options.archivePublicKey);
    if (segmentBreak !== undefined) return fail(segmentBreak);
    const last = segments.at(-1);
    if (last !== undefined) result.boundary = { seq: last.lastSeq, hash: last.lastHash };
    result.archivedRecords = segments.reduce((sum, segment) => sum + Number(segment.recordCount), 0);

    const checker = new ChainChecker(
      { seq: BigInt(result.boundary.seq), hash: result.boundary.hash },
      head === null ? undefined : BigInt(head.seq),
    );
    for await (const page of streamRecords(tx, pageSize)) {
      for (const record of page) {
        if (checker.push(record) !== undefined) break;
      }
      result.records = checker.count;
      if (checker.firstBreak !== undefined) break;
      options.onProgress?.(checker.count);
    }
    const broken = checker.finish();
    result.records = checker.count;
    if (broken !== undefined) return fail(broken);

    const end = checker.position;
    if (head === null) {
      if (end.seq === 0n) return result; // nothing was ever written
      return fail({
        kind: 'head',
        seq: end.seq.toString(),
        message: 'the chain head row (audit.chain_head) is missing',
      });
    }
    const headSeq = BigInt(head.seq);
    if (headSeq > end.seq) {
      const missing = end.seq + 1n;
      const range = missing === headSeq ? `record ${missing} is` : `records ${missing}..${headSeq} are`;
      return fail({
        kind: 'deleted',
        seq: missing.toString(),
        message: `${range} missing: the head says the chain ends at ${head.seq}, the last record is ${end.seq}`,
      });
    }
    if (head.hash !== end.hash) {
      return fail({
        kind: 'head',
        seq: head.seq,
        message: `the chain head's hash does not match record ${end.seq}'s hash (the head or that record was altered)`,
      });
    }
    return result;
  });
}

/** The segments must tile 1..boundary, each linking to the one before, each signed when a key is given. */
function checkSegments(
  segments: readonly ArchiveSegmentRow[],
  publicKey: KeyObject | undefined,
): ChainBreak | undefined {
  let seq = 0n;
  let hash = GENESIS_HASH;
  for (const segment of segments) {
    const first = BigInt(segment.firstSeq);
    const last = BigInt(segment.lastSeq);
    const problem =
      first !== seq + 1n
        ? `archive segment ${segment.firstSeq}..${segment.lastSeq} does not start right after seq ${seq}`
        : segment.prevHash !== hash
          ? `archive segment ${segment.firstSeq}..${segment.lastSeq} does not link to the segment before it`
          : BigInt(segment.recordCount) !== last - first + 1n || last < first
            ? `archive segment ${segment.firstSeq}..${segment.lastSeq} has a wrong record count`
            : publicKey !== undefined && !verifySegmentSignature(segment, publicKey)
              ? `archive segment ${segment.firstSeq}..${segment.lastSeq} has an invalid signature (forged or altered boundary)`
              : undefined;
    if (problem !== undefined) return { kind: 'boundary', seq: segment.firstSeq, message: problem };
    seq = last;
    hash = segment.lastHash;
  }
  return undefined;
}

/**
 * Streams the hot records in seq order through a server-side cursor (caller's transaction). Every row is returned,
 * duplicates included (a dropped primary key must not hide one).
 */
export async function* streamRecords(
  tx: DatabaseTransaction,
  pageSize: number,
  range: { after?: string; through?: string } = {},
): AsyncGenerator<ChainedRecord[]> {
  const cursor = `audit_chain_${Math.random().toString(36).slice(2, 10)}`;
  const conditions: string[] = [];
  const params: string[] = [];
  if (range.after !== undefined) {
    params.push(range.after);
    conditions.push(`seq > $${params.length}::bigint`);
  }
  if (range.through !== undefined) {
    params.push(range.through);
    conditions.push(`seq <= $${params.length}::bigint`);
  }
  await tx.query(
    `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${RECORD_COLUMNS} FROM audit.access_record r
     ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`} ORDER BY r.seq`,
    params,
  );
  try {
    for (;;) {
      const rows = await tx.query<ChainedRecord>(`FETCH FORWARD ${Math.max(1, Math.floor(pageSize))} FROM ${cursor}`);
      if (rows.length === 0) return;
      yield rows;
    }
  } finally {
    await tx.query(`CLOSE ${cursor}`).catch(() => undefined);
  }
}
