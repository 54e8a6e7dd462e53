/**
 * Verifies the access log (`npm run audit:verify`): every writer chain and every anchor, naming the FIRST break.
 *
 * The check streams the records in (writer, seq) order through a server-side cursor (pages of `pageSize` rows,
 * constant memory whatever the length), inside one REPEATABLE READ READ ONLY transaction so the records, the heads,
 * the archive boundaries and the anchors are one consistent snapshot while replicas keep appending. Chains are
 * checked one after the other by writer id; a break names its writer.
 *
 * Kinds of break (checked in this order for each record S of a chain, given the verified record S-1 before it):
 *   inserted  S lies beyond the chain head, repeats or precedes S-1 (duplicate / unexpected seq), or sits between two
 *             records that link to each other (S+1's prev_hash is the hash of S-1, or S's is the hash of S-2);
 *   deleted   seq gap (S-1 is followed by S+k, k > 1), or S does not link to S-1 and is itself not intact (records
 *             were removed and the rest renumbered), or the head says the chain goes further than its last record,
 *             or an anchor signed a head beyond the chain's last record (tail cut off, or the whole chain dropped);
 *   changed   S's hash is not SHA-256(prev_hash || canonical(S)) (content edited), or S is intact but does not link to
 *             S-1 (S-1 was edited and re-hashed), or S is intact and linked but not the record an anchor signed
 *             (the chain was rewritten from some record on with recomputed hashes);
 *   head      the head row is missing, or its hash is not the last record's;
 *   boundary  the archive segments do not chain to each other, or a segment's signature does not verify;
 *   anchor    the anchors do not form a chain, one was altered, or (with the public key) one is not signed by it.
 * What no check can catch: records appended after the newest anchor and rewritten (or deleted together with the
 * head's move back) before the next one, and the newest anchors deleted. That is why the newest anchor's hash
 * printed by this command is worth recording outside the database (docs/ARCHITECTURE.md §6).
 */
import type { KeyObject } from 'node:crypto';
import type { Database, DatabaseTransaction } from '../db/database.ts';
import { GENESIS_HASH, RECORD_COLUMNS, recordHash, type ChainedRecord } from './chain.ts';
import {
  anchorHash,
  parseAnchorHeads,
  readAnchors,
  verifyAnchorSignature,
  type AnchorHead,
  type AnchorRow,
} from './anchor.ts';
import { verifySegmentSignature, type ArchiveSegmentRow, readArchiveSegments } from './segments.ts';

export type ChainBreakKind = 'changed' | 'deleted' | 'inserted' | 'head' | 'boundary' | 'anchor';

export interface ChainBreak {
  kind: ChainBreakKind;
  /** The writer chain concerned (absent for an anchor, and within one chain's checker). */
  writer?: string;
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
  /**
   * The audit key's public part: when given, every archive segment's and every anchor's signature is checked (an
   * anchor or segment that does not verify is reported as forged).
   */
  archivePublicKey?: KeyObject;
  onProgress?: (verified: number) => void;
}

export interface ChainSummary {
  writer: string;
  /** Hot records verified. */
  records: number;
  archivedRecords: number;
  segments: number;
  /** Where the hot chain starts: the writer's newest archive segment's end, or the genesis (seq 0). */
  boundary: { seq: string; hash: string };
  head: { seq: string; hash: string } | null;
}

export interface VerifyChainResult {
  ok: boolean;
  /** Hot records verified (before the first break), all chains. */
  records: number;
  /** Records in archive segments, all chains. */
  archivedRecords: number;
  /** The boundary of the only chain when there is one (the genesis otherwise). */
  boundary: { seq: string; hash: string };
  segments: number;
  /** Whether the segments' and anchors' signatures were checked (a public key was given). */
  segmentSignaturesChecked: boolean;
  /** The head of the only chain when there is one (null otherwise: see `chains`). */
  head: { seq: string; hash: string } | null;
  /** Every writer chain, by writer id (those verified before the first break). */
  chains: ChainSummary[];
  anchors: number;
  anchorSignaturesChecked: boolean;
  /** The newest anchor: the heads it signs are fixed (record its hash outside the database). */
  lastAnchor: { seq: string; at: string; hash: string } | null;
  broken?: ChainBreak;
}

/** What the anchors say about one writer chain. */
interface AnchoredChain {
  /** seq → the hash the anchors signed for it, and the first anchor that did. */
  points: Map<string, { hash: string; anchor: string }>;
  /** The highest seq signed, and by which anchor. */
  maxSeq: bigint;
  maxAnchor: string;
}

/**
 * Verifies every writer chain from its archive boundary to its head, and every anchor: the anchors' own chain and
 * signatures, and that each chain still holds, with the same hash, every head an anchor signed.
 */
export async function verifyChain(db: Database, options: VerifyChainOptions = {}): Promise<VerifyChainResult> {
  const pageSize = options.pageSize ?? 5000;
  const publicKey = options.archivePublicKey;
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const headRows = await tx.query<{ writer: string; seq: string; hash: string }>(
      'SELECT writer_id::text AS writer, seq::text AS seq, hash FROM audit.chain_head ORDER BY writer_id',
    );
    const heads = new Map(headRows.map((row) => [row.writer, { seq: row.seq, hash: row.hash }]));
    const segments = await readArchiveSegments(tx);
    const anchors = await readAnchors(tx);
    const lastAnchor = anchors.at(-1);
    const result: VerifyChainResult = {
      ok: true,
      records: 0,
      archivedRecords: 0,
      boundary: { seq: '0', hash: GENESIS_HASH },
      segments: segments.length,
      segmentSignaturesChecked: publicKey !== undefined,
      head: null,
      chains: [],
      anchors: anchors.length,
      anchorSignaturesChecked: publicKey !== undefined,
      lastAnchor: lastAnchor === undefined ? null : { seq: lastAnchor.seq, at: lastAnchor.at, hash: lastAnchor.hash },
    };
    const fail = (broken: ChainBreak): VerifyChainResult => ({ ...result, ok: false, broken });

    const anchored = checkAnchors(anchors, publicKey);
    if (!(anchored instanceof Map)) return fail(anchored);

    const segmentsByWriter = new Map<string, ArchiveSegmentRow[]>();
    for (const segment of segments) {
      const list = segmentsByWriter.get(segment.writerId);
      if (list === undefined) segmentsByWriter.set(segment.writerId, [segment]);
      else list.push(segment);
    }
    const writers = new Set<string>([...heads.keys(), ...segmentsByWriter.keys(), ...anchored.keys()]);
    const byNumber = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
    const pendingWriters = [...writers].sort(byNumber);

    let current: { writer: string; checker: ChainChecker; summary: ChainSummary; mismatch?: ChainBreak } | undefined;

    const start = (writer: string): ChainBreak | undefined => {
      const list = segmentsByWriter.get(writer) ?? [];
      const segmentBreak = checkSegments(writer, list, publicKey);
      if (segmentBreak !== undefined) return segmentBreak;
      const last = list.at(-1);
      const boundary =
        last === undefined ? { seq: '0', hash: GENESIS_HASH } : { seq: last.lastSeq, hash: last.lastHash };
      const archivedRecords = list.reduce((sum, segment) => sum + Number(segment.recordCount), 0);
      const head = heads.get(writer) ?? null;
      const summary: ChainSummary = { writer, records: 0, archivedRecords, segments: list.length, boundary, head };
      result.chains.push(summary);
      result.archivedRecords += archivedRecords;
      const checker = new ChainChecker(
        { seq: BigInt(boundary.seq), hash: boundary.hash },
        head === null ? undefined : BigInt(head.seq),
      );
      current = { writer, checker, summary };
      return undefined;
    };

    const finish = (): ChainBreak | undefined => {
      if (current === undefined) return undefined;
      const { writer, checker, summary } = current;
      const chainBreak = checker.finish();
      summary.records = checker.count;
      if (chainBreak !== undefined) return { ...chainBreak, writer };
      if (current.mismatch !== undefined) return current.mismatch;
      const end = checker.position;
      const expected = anchored.get(writer);
      if (expected !== undefined) {
        if (expected.maxSeq > end.seq) {
          const missing = end.seq + 1n;
          return {
            kind: 'deleted',
            writer,
            seq: missing.toString(),
            message:
              end.seq === 0n && summary.segments === 0
                ? `writer ${writer}'s chain is gone: anchor ${expected.maxAnchor} signed its head at seq ${expected.maxSeq}`
                : `records ${missing}..${expected.maxSeq} of writer ${writer} are missing: anchor ${expected.maxAnchor} signed seq ${expected.maxSeq}, the chain ends at ${end.seq} (tail cut off)`,
          };
        }
        for (const segment of segmentsByWriter.get(writer) ?? []) {
          const point = expected.points.get(segment.lastSeq);
          if (point !== undefined && point.hash !== segment.lastHash) {
            return {
              kind: 'boundary',
              writer,
              seq: segment.firstSeq,
              message: `archive segment ${segment.firstSeq}..${segment.lastSeq} of writer ${writer} ends with a hash anchor ${point.anchor} did not sign`,
            };
          }
        }
      }
      const head = summary.head;
      if (head === null) {
        if (end.seq === 0n) return undefined; // nothing was ever written
        return {
          kind: 'head',
          writer,
          seq: end.seq.toString(),
          message: `the chain head row of writer ${writer} (audit.chain_head) is missing`,
        };
      }
      const headSeq = BigInt(head.seq);
      if (headSeq > end.seq) {
        const missing = end.seq + 1n;
        const range = missing === headSeq ? `record ${missing} is` : `records ${missing}..${headSeq} are`;
        return {
          kind: 'deleted',
          writer,
          seq: missing.toString(),
          message: `${range} missing: the head says the chain ends at ${head.seq}, the last record is ${end.seq}`,
        };
      }
      if (head.hash !== end.hash) {
        return {
          kind: 'head',
          writer,
          seq: head.seq,
          message: `the chain head's hash does not match record ${end.seq}'s hash (the head or that record was altered)`,
        };
      }
      return undefined;
    };

    /** Finishes the current chain and every chain without hot records before `writer` (or all, when undefined). */
    const advanceTo = (writer: string | undefined): ChainBreak | undefined => {
      const problem = finish();
      current = undefined;
      if (problem !== undefined) return problem;
      while (pendingWriters.length > 0) {
        const next = pendingWriters[0] as string;
        if (writer !== undefined && byNumber(next, writer) >= 0) break;
        pendingWriters.shift();
        const startBreak = start(next) ?? finish();
        current = undefined;
        if (startBreak !== undefined) return startBreak;
      }
      if (writer === undefined) return undefined;
      if (pendingWriters[0] === writer) pendingWriters.shift();
      return start(writer);
    };

    let verified = 0;
    outer: for await (const page of streamRecords(tx, pageSize)) {
      for (const record of page) {
        const writer = record.writerId ?? '0';
        if (current?.writer !== writer) {
          const problem = advanceTo(writer);
          if (problem !== undefined) return fail(problem);
        }
        const chain = current as unknown as NonNullable<typeof current>; // set by advanceTo(writer)
        const point = anchored.get(writer)?.points.get(record.seq);
        if (point !== undefined && point.hash !== record.hash && chain.mismatch === undefined) {
          chain.mismatch = {
            kind: 'changed',
            writer,
            seq: record.seq,
            message: `record ${record.seq} of writer ${writer} is not the record anchor ${point.anchor} signed (its hash differs): the chain was rewritten from there with recomputed hashes`,
          };
        }
        const before = chain.checker.count;
        if (chain.checker.push(record) !== undefined) break outer;
        verified += chain.checker.count - before;
      }
      result.records = verified;
      options.onProgress?.(verified);
    }
    const problem = advanceTo(undefined);
    result.records = result.chains.reduce((sum, chain) => sum + chain.records, 0);
    if (problem !== undefined) return fail(problem);
    const populated = result.chains.filter(
      (chain) => chain.records > 0 || chain.segments > 0 || (chain.head !== null && chain.head.seq !== '0'),
    );
    const only = populated.length === 1 ? populated[0] : undefined;
    if (only !== undefined) {
      result.boundary = only.boundary;
      result.head = only.head;
    }
    return result;
  });
}

/**
 * The anchors must form a chain (seq 1, 2, ... each linking to the one before, each hash recomputed), list well-formed
 * heads and, when a key is given, be signed by it. Returns what they sign per writer, or the first problem.
 */
function checkAnchors(
  anchors: readonly AnchorRow[],
  publicKey: KeyObject | undefined,
): Map<string, AnchoredChain> | ChainBreak {
  const chains = new Map<string, AnchoredChain>();
  let seq = 0n;
  let hash = GENESIS_HASH;
  for (const anchor of anchors) {
    const heads = parseAnchorHeads(anchor.heads);
    const problem =
      BigInt(anchor.seq) !== seq + 1n
        ? `anchor ${anchor.seq} does not follow anchor ${seq} (an anchor was deleted or inserted)`
        : anchor.prevHash !== hash
          ? `anchor ${anchor.seq} does not link to anchor ${seq}`
          : anchorHash(anchor) !== anchor.hash
            ? `anchor ${anchor.seq} was changed: its hash does not match its content`
            : heads === undefined
              ? `anchor ${anchor.seq} has malformed heads`
              : publicKey !== undefined && !verifyAnchorSignature(anchor, publicKey)
                ? `anchor ${anchor.seq} has an invalid signature (forged or altered)`
                : undefined;
    if (problem !== undefined) return { kind: 'anchor', seq: anchor.seq, message: problem };
    for (const [writer, headSeq, headHash] of heads as AnchorHead[]) {
      let chain = chains.get(writer);
      if (chain === undefined) {
        chain = { points: new Map(), maxSeq: 0n, maxAnchor: anchor.seq };
        chains.set(writer, chain);
      }
      if (headSeq === '0') continue;
      if (!chain.points.has(headSeq)) chain.points.set(headSeq, { hash: headHash, anchor: anchor.seq });
      if (BigInt(headSeq) > chain.maxSeq) {
        chain.maxSeq = BigInt(headSeq);
        chain.maxAnchor = anchor.seq;
      }
    }
    seq = BigInt(anchor.seq);
    hash = anchor.hash;
  }
  return chains;
}

/** A writer's segments must tile 1..boundary, each linking to the one before, each signed when a key is given. */
function checkSegments(
  writer: string,
  segments: readonly ArchiveSegmentRow[],
  publicKey: KeyObject | undefined,
): ChainBreak | undefined {
  let seq = 0n;
  let hash = GENESIS_HASH;
  for (const segment of segments) {
    const first = BigInt(segment.firstSeq);
    const last = BigInt(segment.lastSeq);
    const name = `archive segment ${segment.firstSeq}..${segment.lastSeq} of writer ${writer}`;
    const problem =
      first !== seq + 1n
        ? `${name} does not start right after seq ${seq}`
        : segment.prevHash !== hash
          ? `${name} does not link to the segment before it`
          : BigInt(segment.recordCount) !== last - first + 1n || last < first
            ? `${name} has a wrong record count`
            : publicKey !== undefined && !verifySegmentSignature(segment, publicKey)
              ? `${name} has an invalid signature (forged or altered boundary)`
              : undefined;
    if (problem !== undefined) return { kind: 'boundary', writer, seq: segment.firstSeq, message: problem };
    seq = last;
    hash = segment.lastHash;
  }
  return undefined;
}

/**
 * Streams the hot records in (writer, seq) order through a server-side cursor (caller's transaction). Every row is returned,
 * duplicates included (a dropped primary key must not hide one).
 */
export async function* streamRecords(
  tx: DatabaseTransaction,
  pageSize: number,
  range: { writer?: string; after?: string; through?: string } = {},
): AsyncGenerator<ChainedRecord[]> {
  const cursor = `audit_chain_${Math.random().toString(36).slice(2, 10)}`;
  const conditions: string[] = [];
  const params: string[] = [];
  if (range.writer !== undefined) {
    params.push(range.writer);
    conditions.push(`writer_id = $${params.length}::int`);
  }
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
     ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`} ORDER BY r.writer_id, r.seq`,
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
