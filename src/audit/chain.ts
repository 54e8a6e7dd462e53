/**
 * The access log's hash chains (docs/ARCHITECTURE.md §6): one per writer (writer.ts).
 *
 * Record `seq` of a writer's chain (1, 2, 3... gap-free) stores `prev_hash` = hash of record seq-1 (the genesis hash, 64 zeros, for the
 * first record) and `hash` = SHA-256(prev_hash || canonical(record)), hex. The canonical serialisation is the JSON of
 * a fixed-order array of every stored field, `seq` included, so it is unambiguous (JSON escapes every string, arrays
 * and null are distinct from strings) and independent of object key order. Changing, removing, inserting or
 * reordering a record breaks the recomputation or a link; `verify.ts` names the first broken record.
 *
 * What is hashed is exactly what the database stores and returns: `at` is the ISO string of a millisecond-precision
 * instant (the column is timestamptz(3) and is read back with the same format), `seq` its decimal digits. Inputs are
 * validated before they are queued so that PostgreSQL stores them byte for byte (no NUL, no lone surrogate, a
 * 12-digit personal ID for the char(12) column, a 64-hex-digit document hash for the char(64) column).
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** Bumping the tag changes every hash: a new serialisation would start a new chain (or a new segment). */
const CANONICAL_TAG = 'lienthong.audit.v1';

export const ACCESS_OUTCOMES = ['GRANTED', 'PARTIAL', 'DENIED'] as const;
/** GRANTED: every field asked for was released; PARTIAL: some were denied; DENIED: the citizen was asked for, nothing released. */
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/**
 * Marks a denied coordinate in a record's `fields` (`!Citizen.health`: asked for, not released); released coordinates
 * are bare. A DENIED record has only marked ones, a PARTIAL one both.
 */
export const DENIED_FIELD_PREFIX = '!';

/** What the audit plugin hands to `AuditLog.append`: one record per (request, citizen). */
export interface AccessRecordInput {
  /** When the data was read; defaults to the time of `append`. Stored with millisecond precision. */
  at?: Date;
  requestId: string;
  /** The client (`sub` claim). */
  clientSub: string;
  /** The client's organisation (`org` claim). */
  clientOrg: string | null;
  /** `X-User-Id`: the official acting through the client. */
  actingUser: string | null;
  /** `X-Purpose`. */
  purpose: string | null;
  operationName: string | null;
  /** SHA-256 (hex) of the operation document. */
  documentHash: string;
  /** The 12-digit personal ID of the citizen whose data was asked for. */
  personalId: string;
  /**
   * Field coordinates read, e.g. `Encounter.principalDiagnosis`, and the denied ones prefixed with DENIED_FIELD_PREFIX
   * (deduplicated and sorted by `append`).
   */
  fields: readonly string[];
  outcome: AccessOutcome;
  /**
   * The request was a break-glass read (X-Break-Glass, docs/ARCHITECTURE.md §5): its reason, as admitted (identifiers
   * masked). Absent or null for every other request.
   */
  breakGlassReason?: string | null;
}

/** A record's content as stored, before it is placed in the chain. */
export interface AccessRecordContent {
  /** ISO 8601 UTC with milliseconds, e.g. `2026-11-28T01:02:03.004Z`. */
  at: string;
  requestId: string;
  clientSub: string;
  clientOrg: string | null;
  actingUser: string | null;
  purpose: string | null;
  operationName: string | null;
  documentHash: string;
  personalId: string;
  /** Null only when a row was tampered with (the writer always stores an array). */
  fields: string[] | null;
  outcome: string;
  /** A break-glass read (absent in records written before the column existed: false). */
  breakGlass?: boolean;
  /** Its reason (absent or null unless `breakGlass`). */
  breakGlassReason?: string | null;
}

/**
 * A record in a writer's chain, as stored in audit.access_record (seq as a decimal string: it is a bigint). The
 * writer id is not hashed: a record is bound to its chain by its links, and the chain to its writer id by the
 * signed anchors (anchor.ts).
 */
export interface ChainedRecord extends AccessRecordContent {
  /** The writer whose chain holds the record (absent in archive files of the legacy single chain). */
  writerId?: string;
  seq: string;
  prevHash: string;
  hash: string;
}

export class InvalidAccessRecordError extends TypeError {
  override name = 'InvalidAccessRecordError';
}

const PERSONAL_ID = /^\d{12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** UTF-16 surrogates not part of a pair: node-postgres would store U+FFFD instead, and the hash would not match. */
const LONE_SURROGATE = /\p{Cs}/u;
const MAX_TEXT = 1024;
const MAX_FIELDS = 2048;

/**
 * The serialisation that is hashed: JSON of a fixed-order array. A break-glass record (or any record whose stored
 * flag or reason is set) appends `[breakGlass, reason]` to the array; every other record serialises exactly as
 * before the columns existed, so the hashes of older records and archives still verify. The two forms cannot
 * collide (arrays of different lengths), and clearing the flag or the reason of a break-glass record, or setting them
 * on another, changes the serialisation: `audit:verify` names the record `changed`.
 */
export function canonicalRecord(seq: string, record: AccessRecordContent): string {
  const breakGlass = record.breakGlass ?? false;
  const breakGlassReason = record.breakGlassReason ?? null;
  const flagged = breakGlass || breakGlassReason !== null ? [breakGlass, breakGlassReason] : [];
  return JSON.stringify([
    CANONICAL_TAG,
    seq,
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
    ...flagged,
  ]);
}

/** SHA-256(prev_hash || canonical(seq, record)), hex. */
export function recordHash(prevHash: string, seq: string, record: AccessRecordContent): string {
  return createHash('sha256').update(prevHash, 'latin1').update(canonicalRecord(seq, record), 'utf8').digest('hex');
}

/**
 * Validates and normalises an input into stored content: `at` to a millisecond ISO string, fields deduplicated and
 * sorted (by UTF-16 code units, the same on every replica). Throws InvalidAccessRecordError naming the problem.
 */
export function normaliseRecord(input: AccessRecordInput, now: Date): AccessRecordContent {
  const at = input.at ?? now;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) fail('at must be a valid Date');
  const iso = at.toISOString();
  if (!/^\d{4}-/.test(iso)) fail('at must be between years 0000 and 9999');
  if (!PERSONAL_ID.test(input.personalId)) fail('personalId must be 12 digits');
  if (!SHA256_HEX.test(input.documentHash)) fail('documentHash must be 64 lowercase hex digits (SHA-256)');
  if (!(ACCESS_OUTCOMES as readonly string[]).includes(input.outcome)) {
    fail(`outcome must be one of ${ACCESS_OUTCOMES.join(', ')}`);
  }
  if (!Array.isArray(input.fields)) fail('fields must be an array of field coordinates');
  if (input.fields.length > MAX_FIELDS) fail(`more than ${MAX_FIELDS} fields`);
  const fields = [...new Set(input.fields.map(checkedField))].sort();
  const requestId = checkedText('requestId', input.requestId, false) as string;
  const clientSub = checkedText('clientSub', input.clientSub, false) as string;
  if (requestId === '' || clientSub === '') fail('requestId and clientSub must not be empty');
  const breakGlassReason = checkedText('breakGlassReason', input.breakGlassReason ?? null, true);
  if (breakGlassReason !== null && breakGlassReason.trim() === '') fail('breakGlassReason must not be empty');
  return {
    at: iso,
    requestId,
    clientSub,
    clientOrg: checkedText('clientOrg', input.clientOrg ?? null, true),
    actingUser: checkedText('actingUser', input.actingUser ?? null, true),
    purpose: checkedText('purpose', input.purpose ?? null, true),
    operationName: checkedText('operationName', input.operationName ?? null, true),
    documentHash: input.documentHash,
    personalId: input.personalId,
    fields,
    outcome: input.outcome,
    breakGlass: breakGlassReason !== null,
    breakGlassReason,
  };
}

function checkedText(name: string, value: string | null, nullable: boolean): string | null {
  if (value === null && nullable) return null;
  if (typeof value !== 'string') fail(`${name} must be a string${nullable ? ' or null' : ''}`);
  if (value.length > MAX_TEXT) fail(`${name} is longer than ${MAX_TEXT} characters`);
  if (value.includes('\0') || LONE_SURROGATE.test(value)) fail(`${name} contains a NUL or an unpaired surrogate`);
  return value;
}

/**
 * Field coordinates that passed the check: they come from the schema (a few hundred), and a 50-citizen view writes
 * ~250 records of ~30 fields each, so each is checked once per process, not thousands of times per request. Bounded.
 */
const CHECKED_FIELDS = new Set<string>();
const MAX_CHECKED_FIELDS = 10_000;

function checkedField(field: string): string {
  if (CHECKED_FIELDS.has(field)) return field;
  const checked = checkedText('fields[]', field, false) as string;
  if (CHECKED_FIELDS.size < MAX_CHECKED_FIELDS) CHECKED_FIELDS.add(checked);
  return checked;
}

function fail(message: string): never {
  throw new InvalidAccessRecordError(`Invalid access record: ${message}`);
}

/** Places records after the head: consecutive seqs, each linked to the one before. */
export function chainRecords(
  head: { seq: bigint; hash: string },
  records: readonly AccessRecordContent[],
): { records: ChainedRecord[]; head: { seq: bigint; hash: string } } {
  let seq = head.seq;
  let prevHash = head.hash;
  const chained = records.map((record) => {
    seq += 1n;
    const seqText = seq.toString();
    const hash = recordHash(prevHash, seqText, record);
    const entry: ChainedRecord = { ...record, seq: seqText, prevHash, hash };
    prevHash = hash;
    return entry;
  });
  return { records: chained, head: { seq, hash: prevHash } };
}

/** SQL select list reading a record exactly as it was hashed (aliases match ChainedRecord). */
export const RECORD_COLUMNS = `writer_id::text AS "writerId", seq::text AS seq,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
  request_id AS "requestId", client_sub AS "clientSub", client_org AS "clientOrg", acting_user AS "actingUser",
  purpose, operation_name AS "operationName", document_hash AS "documentHash", personal_id AS "personalId",
  fields, outcome::text AS outcome, break_glass AS "breakGlass", break_glass_reason AS "breakGlassReason",
  prev_hash AS "prevHash", hash`;
