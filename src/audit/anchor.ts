/**
 * Anchors (docs/ARCHITECTURE.md §6): signed statements of the heads of every writer chain.
 *
 * Writer chains are independent, so a chain alone cannot show that its tail was cut off or that a whole chain was
 * dropped. An anchor lists [writerId, seq, hash] for every chain head at one moment (chains with records: a writer
 * that never wrote has nothing to protect), links to the previous anchor
 * (prev_hash, so anchors form a chain of their own) and is signed with the audit key (Ed25519, segments.ts): with
 * database write access alone an attacker can delete anchors from the end but cannot make one, so every record
 * covered by the newest remaining anchor is fixed. `verify.ts` checks each chain against every anchor.
 *
 * Signed message (UTF-8): JSON of ["lienthong.audit-anchor.v1", seq, at, heads, prevHash], all strings, `heads`
 * being the exact text stored in the row; `hash` is its SHA-256 (hex), `signature` the Ed25519 signature of the
 * same bytes (base64url).
 *
 * Any replica may write the next anchor: the insert is one statement on the anchor's seq; when two replicas race,
 * the second finds the seq taken and writes nothing (no lock, no transaction across round trips).
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { GENESIS_HASH } from './chain.ts';
import type { ArchiveKey } from './segments.ts';

const ANCHOR_TAG = 'lienthong.audit-anchor.v1';

export interface AnchorRow {
  seq: string;
  at: string;
  /** JSON [[writerId, seq, hash], ...], sorted by writer id (numbers as strings). */
  heads: string;
  prevHash: string;
  hash: string;
  keyId: string;
  signature: string;
}

export type AnchorHead = [writerId: string, seq: string, hash: string];

export function anchorMessage(anchor: Pick<AnchorRow, 'seq' | 'at' | 'heads' | 'prevHash'>): Buffer {
  return Buffer.from(JSON.stringify([ANCHOR_TAG, anchor.seq, anchor.at, anchor.heads, anchor.prevHash]), 'utf8');
}

export function anchorHash(anchor: Pick<AnchorRow, 'seq' | 'at' | 'heads' | 'prevHash'>): string {
  return createHash('sha256').update(anchorMessage(anchor)).digest('hex');
}

export function verifyAnchorSignature(anchor: AnchorRow, publicKey: KeyObject): boolean {
  try {
    return verify(null, anchorMessage(anchor), publicKey, Buffer.from(anchor.signature, 'base64url'));
  } catch {
    return false;
  }
}

/** The heads an anchor lists, or undefined when the text is not a well-formed list. */
export function parseAnchorHeads(heads: string): AnchorHead[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(heads);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const valid = value.every(
    (entry) =>
      Array.isArray(entry) &&
      entry.length === 3 &&
      typeof entry[0] === 'string' &&
      /^\d{1,10}$/.test(entry[0]) &&
      typeof entry[1] === 'string' &&
      /^\d{1,19}$/.test(entry[1]) &&
      typeof entry[2] === 'string' &&
      /^[0-9a-f]{64}$/.test(entry[2]),
  );
  return valid ? (value as AnchorHead[]) : undefined;
}

export const ANCHOR_COLUMNS = `seq::text AS seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
  heads, prev_hash AS "prevHash", hash, key_id AS "keyId", signature`;

export async function readAnchors(db: Pick<Database, 'query'>): Promise<AnchorRow[]> {
  return db.query<AnchorRow>(`SELECT ${ANCHOR_COLUMNS} FROM audit.anchor ORDER BY anchor.seq`);
}

/**
 * Writes the next anchor of every chain's head, signed with `key`; undefined when the heads did not move since the
 * last anchor, or another replica wrote this anchor first.
 */
export async function writeAnchor(db: Database, key: ArchiveKey, now: Date): Promise<AnchorRow | undefined> {
  if (key.privateKey === undefined) throw new Error('writing an anchor needs the private audit key');
  // One statement: the last anchor and the heads, from one snapshot.
  const [state] = await db.query<{ last: AnchorRow | null; heads: AnchorHead[] | null }>(
    `SELECT (SELECT row_to_json(a) FROM (SELECT ${ANCHOR_COLUMNS} FROM audit.anchor ORDER BY anchor.seq DESC LIMIT 1) a) AS last,
            (SELECT json_agg(json_build_array(writer_id::text, seq::text, hash) ORDER BY writer_id)
             FROM audit.chain_head WHERE seq > 0) AS heads`,
  );
  const heads = JSON.stringify(state?.heads ?? []);
  const last = state?.last ?? null;
  if (last !== null && last.heads === heads) return undefined;
  const unsigned = {
    seq: (last === null ? 1n : BigInt(last.seq) + 1n).toString(),
    at: now.toISOString(),
    heads,
    prevHash: last === null ? GENESIS_HASH : last.hash,
  };
  const anchor: AnchorRow = {
    ...unsigned,
    hash: anchorHash(unsigned),
    keyId: key.kid,
    signature: sign(null, anchorMessage(unsigned), key.privateKey).toString('base64url'),
  };
  const inserted = await db.query(
    `INSERT INTO audit.anchor (seq, at, heads, prev_hash, hash, key_id, signature)
     VALUES ($1::bigint, $2::timestamptz, $3, $4, $5, $6, $7) ON CONFLICT (seq) DO NOTHING RETURNING 1`,
    [anchor.seq, anchor.at, anchor.heads, anchor.prevHash, anchor.hash, anchor.keyId, anchor.signature],
  );
  return inserted.length === 0 ? undefined : anchor;
}
