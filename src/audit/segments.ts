/**
 * Archive segments (audit.archive_segment): prefixes of the chain moved to signed archive files, and the Ed25519
 * key that signs them (DATA_DIR/keys/audit-archive.jwk, created on first use).
 *
 * Why Ed25519 rather than HMAC: the archive outlives the gateway and is checked by people who must not be able to
 * produce one (an inspector, a court). With a signature they get the public key only; with HMAC whoever can verify
 * can also forge. The signature binds the segment's range and boundary hashes to the file's SHA-256, and the same
 * signature is stored in the segment row, so a boundary cannot be invented with database access alone: verify
 * checks every segment row's signature when the public key is available.
 *
 * Signed message (UTF-8): JSON of ["lienthong.audit-archive.v2", writerId, firstSeq, lastSeq, count, prevHash,
 * lastHash, contentSha256], all strings; for the legacy chain (writer 0) the writer is left out and the tag is
 * "lienthong.audit-archive.v1", so segments archived before writer chains existed still verify. The same key signs
 * the anchors (anchor.ts), under another tag. Signing the digest rather than the file keeps signing and verification streaming
 * (Ed25519 is not a streaming signature), and the digest covers the header and every record line byte for byte.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database.ts';

export const ARCHIVE_KEY_FILE = 'audit-archive.jwk';
const SIGNATURE_TAG = 'lienthong.audit-archive.v1';
const SIGNATURE_TAG_V2 = 'lienthong.audit-archive.v2';
/** The writer of the chain archived before writer chains existed. */
export const LEGACY_WRITER = '0';

export interface ArchiveSegmentRow {
  writerId: string;
  firstSeq: string;
  lastSeq: string;
  recordCount: string;
  prevHash: string;
  lastHash: string;
  archivedBefore: string;
  archivedAt: string;
  fileName: string;
  contentSha256: string;
  keyId: string;
  signature: string;
}

export interface SignedRange {
  /** The writer whose chain the range is of ('0': the legacy chain). */
  writer: string;
  firstSeq: string;
  lastSeq: string;
  count: string;
  prevHash: string;
  lastHash: string;
  contentSha256: string;
}

export async function readArchiveSegments(db: Pick<Database, 'query'>): Promise<ArchiveSegmentRow[]> {
  return db.query<ArchiveSegmentRow>(
    `SELECT writer_id::text AS "writerId", first_seq::text AS "firstSeq", last_seq::text AS "lastSeq", record_count::text AS "recordCount",
            prev_hash AS "prevHash", last_hash AS "lastHash",
            to_char(archived_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "archivedBefore",
            to_char(archived_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "archivedAt",
            file_name AS "fileName", content_sha256 AS "contentSha256", key_id AS "keyId", signature
     FROM audit.archive_segment ORDER BY writer_id, first_seq`,
  );
}

export function signedMessage(range: SignedRange): Buffer {
  const tag = range.writer === LEGACY_WRITER ? [SIGNATURE_TAG] : [SIGNATURE_TAG_V2, range.writer];
  return Buffer.from(
    JSON.stringify([
      ...tag,
      range.firstSeq,
      range.lastSeq,
      range.count,
      range.prevHash,
      range.lastHash,
      range.contentSha256,
    ]),
    'utf8',
  );
}

export function signRange(range: SignedRange, privateKey: KeyObject): string {
  return sign(null, signedMessage(range), privateKey).toString('base64url');
}

export function verifyRangeSignature(range: SignedRange, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, signedMessage(range), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

export function verifySegmentSignature(segment: ArchiveSegmentRow, publicKey: KeyObject): boolean {
  return verifyRangeSignature(
    {
      writer: segment.writerId,
      firstSeq: segment.firstSeq,
      lastSeq: segment.lastSeq,
      count: segment.recordCount,
      prevHash: segment.prevHash,
      lastHash: segment.lastHash,
      contentSha256: segment.contentSha256,
    },
    segment.signature,
    publicKey,
  );
}

// ───────────────────────────── the signing key ─────────────────────────────

export interface ArchiveKey {
  /** RFC 7638 JWK thumbprint of the public key. */
  kid: string;
  publicKey: KeyObject;
  /** Absent when loaded from a public JWK (verification only). */
  privateKey?: KeyObject;
  publicJwk: JsonWebKey;
}

export function archiveKeyFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'keys', ARCHIVE_KEY_FILE);
}

function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** Reads a JWK file (private or public Ed25519 key). */
export function readArchiveKey(file: string): ArchiveKey {
  const jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonWebKey;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error(`${file} is not an Ed25519 JWK`);
  }
  const publicJwk: JsonWebKey = { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' });
  const key: ArchiveKey = {
    kid: thumbprint(publicJwk),
    publicKey,
    publicJwk: { ...publicJwk, kid: thumbprint(publicJwk) },
  };
  if (typeof jwk.d === 'string') {
    key.privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, format: 'jwk' });
  }
  return key;
}

/**
 * Writes a new Ed25519 signing key (private JWK, mode 0600) to `file`. Written to a temporary file and hard-linked to
 * its name, so an existing key is never replaced: returns false when `file` already exists.
 */
export function writeNewArchiveKey(file: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const contents = `${JSON.stringify({ ...jwk, kid: thumbprint(jwk), alg: 'EdDSA', use: 'sig' }, null, 2)}\n`;
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(temporary, contents, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * The archive signing key in DATA_DIR/keys, created on first use (two concurrent first uses end up with the same
 * key). Development only: production requires an existing key (`loadAuditSigningKey`).
 */
export function ensureArchiveKey(dataDir: string): ArchiveKey {
  const file = archiveKeyFile(dataDir);
  if (!fs.existsSync(file)) writeNewArchiveKey(file);
  return readArchiveKey(file);
}

/** The command that creates a signing key, named in every message about a missing one. */
export const AUDIT_KEYGEN_COMMAND = 'npm run audit:keygen -- --out <file>';

/** No usable audit signing key: the gateway refuses to start (one line, src/main.ts). */
export class AuditKeyError extends Error {
  override name = 'AuditKeyError';
}

/**
 * The key that signs anchors and archive segments (docs/ARCHITECTURE.md §6): AUDIT_SIGNING_KEY_FILE when set, else
 * DATA_DIR/keys/audit-archive.jwk. Production requires it to exist (never generated: replicas must share one key and
 * its public half must be kept outside the database); development creates the DATA_DIR one on first use.
 */
export function loadAuditSigningKey(options: {
  file?: string | undefined;
  dataDir: string;
  production: boolean;
}): ArchiveKey {
  const { file, dataDir, production } = options;
  if (file === undefined && !production) return ensureArchiveKey(dataDir);
  const where = file === undefined ? archiveKeyFile(dataDir) : file;
  const setting = file === undefined ? `DATA_DIR/keys/${ARCHIVE_KEY_FILE}` : 'AUDIT_SIGNING_KEY_FILE';
  if (!fs.existsSync(where)) {
    throw new AuditKeyError(
      file === undefined
        ? `an audit signing key is required in production: create one with \`${AUDIT_KEYGEN_COMMAND}\` and set ` +
            `AUDIT_SIGNING_KEY_FILE to it (the same key on every replica); ${where} does not exist`
        : `AUDIT_SIGNING_KEY_FILE: ${where} does not exist (create it with \`${AUDIT_KEYGEN_COMMAND}\`)`,
    );
  }
  let key: ArchiveKey;
  try {
    key = readArchiveKey(where);
  } catch (error) {
    throw new AuditKeyError(`${setting}: cannot read ${where}: ${(error as Error).message}`);
  }
  if (key.privateKey === undefined) {
    throw new AuditKeyError(`${setting}: ${where} is a public key; the gateway needs the private key to sign anchors`);
  }
  return key;
}

/** The key to verify with: an explicit JWK file, else DATA_DIR's key if it exists, else undefined. */
export function findArchiveKey(dataDir: string, explicitFile?: string): ArchiveKey | undefined {
  if (explicitFile !== undefined) return readArchiveKey(explicitFile);
  const file = archiveKeyFile(dataDir);
  return fs.existsSync(file) ? readArchiveKey(file) : undefined;
}
