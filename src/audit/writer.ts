/**
 * The audit log writer: group commit onto THIS writer's hash chain (docs/ARCHITECTURE.md §6).
 *
 * Every AuditLog (one per gateway process) registers itself as a writer (audit.writer, on first use) and appends to
 * its own chain: no row, lock or sequence is shared with other replicas, so a replica whose session is stranded (its
 * link cut mid-transaction) can only ever block its own chain, which nobody else writes.
 *
 * `append(records)` validates and queues the records of one request and resolves only once they are committed; it
 * rejects with AuditUnavailableError when they are not (the audit plugin answers 503 AUDIT_UNAVAILABLE and sends no
 * data). One writer loop per AuditLog takes every append waiting at that moment and writes them in ONE statement
 * (autocommit, so no transaction stays open across round trips):
 *
 *   WITH expected AS (SELECT 1 FROM audit.chain_head WHERE writer_id = $w AND seq = $known AND hash = $knownHash
 *                     FOR UPDATE),                        -- compare and swap on the head this writer knows
 *        claimed AS (DELETE FROM audit.pending_record WHERE id = ANY($ids) AND EXISTS expected),  -- sealed outbox
 *        inserted AS (INSERT INTO audit.access_record ... FROM unnest(...) WHERE EXISTS expected),
 *        head AS (UPDATE audit.chain_head SET seq = ..., hash = ... WHERE ... AND EXISTS expected)
 *   SELECT counts, audit.require(every claimed row was still there)
 *
 * Hashes are computed in JavaScript from the known head. If the head is not the known one (a previous statement
 * whose outcome was lost with the connection did commit), nothing is written; the writer re-reads its head and tries
 * once more. While one batch is being written, new appends queue up and form the next batch, so under load batches
 * grow by themselves and no latency is added when idle (no timer).
 *
 * Mutations' records are written in the mutation's own transaction into audit.pending_record (the outbox,
 * `insertPendingRecords`); the writer seals them into its chain with the same statement (`sealPending`, called after
 * a mutation commits and periodically). Pending records of a writer that died are adopted by any writer after
 * `adoptPendingAfterMs`; two writers adopting the same rows cannot both succeed (audit.require aborts the loser).
 *
 * A failed seal is retried with exponential backoff (`sealRetryMinMs` doubling up to `sealRetryMaxMs`) until one
 * succeeds, whatever `anchorIntervalMs` is: committed mutations' records never wait in the outbox for the next anchor.
 *
 * Every `anchorIntervalMs` the writer also writes a signed anchor of all chains' heads (anchor.ts) when given a key.
 */
import { hostname } from 'node:os';
import type { Database, DatabaseTransaction } from '../db/database.ts';
import type { ErrorCode } from '../errors/catalogue.ts';
import { writeAnchor, type AnchorRow } from './anchor.ts';
import {
  chainRecords,
  GENESIS_HASH,
  normaliseRecord,
  type AccessRecordContent,
  type AccessRecordInput,
  type ChainedRecord,
} from './chain.ts';
import type { ArchiveKey } from './segments.ts';

/** The audit trail could not be written: the request must fail (HTTP 503, code AUDIT_UNAVAILABLE) with no data. */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
  readonly code = 'AUDIT_UNAVAILABLE' satisfies ErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface AuditBatchInfo {
  appends: number;
  records: number;
  milliseconds: number;
  error?: unknown;
}

export interface AuditLogOptions {
  /** A batch stops taking appends once it holds this many records (an append is never split). Default 5000. */
  maxBatchRecords?: number;
  /**
   * An append not committed within this time is rejected (AuditUnavailableError); if its batch was already being
   * written it may still commit, which only over-reports. Default 10 000 ms; 0 = no timeout.
   */
  appendTimeoutMs?: number;
  /** The clock for records without `at` (tests). */
  now?: () => Date;
  /** Called after every batch (metrics, logs). */
  onBatch?: (info: AuditBatchInfo) => void;
  /** Recorded in audit.writer for people reading the database (default `<hostname>:<pid>`). */
  writerName?: string;
  /** Signs anchors; without it no anchor is written by this writer. */
  anchorKey?: ArchiveKey;
  /** Period of sealing pending records and writing an anchor (default 60 000 ms; 0 = on demand and at close). */
  anchorIntervalMs?: number;
  /** Pending records of other writers older than this are sealed by this one (default 60 000 ms). */
  adoptPendingAfterMs?: number;
  /** Called when a periodic seal or anchor, or a retry of a failed seal, fails (logs). */
  onBackgroundError?: (error: unknown) => void;
  /**
   * After a seal fails, it is retried after this delay, doubled after each failure up to `sealRetryMaxMs`, until one
   * succeeds: independent of `anchorIntervalMs`, so the outbox drains even when that is 0 (default 1000 ms).
   */
  sealRetryMinMs?: number;
  /** The longest delay between retries of a failed seal (default 60 000 ms). */
  sealRetryMaxMs?: number;
}

export interface AuditLogStats {
  /** Statements committed (batches). */
  batches: number;
  /** Records committed. */
  records: number;
  /** Appends committed. */
  appends: number;
  /** Batches that failed (all their appends rejected). */
  failedBatches: number;
  /** Pending (mutation) records sealed into this writer's chain. */
  sealed: number;
}

export interface AuditLog {
  /**
   * Queues the records of one request and resolves with them as chained once they are durably committed; rejects
   * with AuditUnavailableError when they are not, or InvalidAccessRecordError (a TypeError) for a malformed record,
   * in which case nothing of this append is written and other requests are unaffected.
   */
  append(records: readonly AccessRecordInput[]): Promise<ChainedRecord[]>;
  /** This writer's id, registering it on first use. */
  writerId(): Promise<number>;
  /** Seals the pending (mutation) records into this writer's chain now; resolves with how many were sealed. */
  sealPending(): Promise<number>;
  /** Writes an anchor of every chain's head now (needs `anchorKey`); undefined when nothing changed. */
  anchor(): Promise<AnchorRow | undefined>;
  readonly stats: Readonly<AuditLogStats>;
  /** Refuses new appends and waits until the queued ones are written. */
  close(): Promise<void>;
}

interface PendingAppend {
  records: AccessRecordContent[];
  resolve(records: ChainedRecord[]): void;
  reject(error: Error): void;
  /** Taken by the writer: a timeout can no longer withdraw it. */
  taken: boolean;
  settled: boolean;
}

interface SealRequest {
  resolve(count: number): void;
  reject(error: Error): void;
}

/** Pending records sealed per statement. */
const SEAL_BATCH = 1000;

export function createAuditLog(db: Database, options: AuditLogOptions = {}): AuditLog {
  const maxBatchRecords = Math.max(1, options.maxBatchRecords ?? 5000);
  const appendTimeoutMs = options.appendTimeoutMs ?? 10_000;
  const adoptPendingAfterMs = options.adoptPendingAfterMs ?? 60_000;
  const intervalMs = options.anchorIntervalMs ?? 60_000;
  const sealRetryMinMs = Math.max(1, options.sealRetryMinMs ?? 1000);
  const sealRetryMaxMs = Math.max(sealRetryMinMs, options.sealRetryMaxMs ?? 60_000);
  let sealRetryDelayMs = sealRetryMinMs;
  let sealRetryTimer: NodeJS.Timeout | undefined;
  const now = options.now ?? (() => new Date());
  const stats: AuditLogStats = { batches: 0, records: 0, appends: 0, failedBatches: 0, sealed: 0 };
  let queue: PendingAppend[] = [];
  let sealRequests: SealRequest[] = [];
  /** The head this writer committed last: every batch is a compare and swap onto it. */
  let knownHead: ChainHead | undefined;
  let registration: Promise<number> | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  function writerId(): Promise<number> {
    registration ??= registerWriter(db, options.writerName ?? `${hostname()}:${process.pid}`).catch((error) => {
      registration = undefined;
      throw error;
    });
    return registration;
  }

  function takeBatch(): PendingAppend[] {
    let count = 0;
    let taken = 0;
    while (taken < queue.length) {
      const next = queue[taken] as PendingAppend;
      if (taken > 0 && count + next.records.length > maxBatchRecords) break;
      count += next.records.length;
      taken += 1;
    }
    const batch = queue.slice(0, taken);
    queue = queue.slice(taken);
    for (const pending of batch) pending.taken = true;
    return batch;
  }

  /** Appends at this writer's head: the known one, else the one read now (one retry). */
  async function write(records: readonly AccessRecordContent[], claim: readonly string[]): Promise<ChainedRecord[]> {
    const writer = await writerId();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      knownHead ??= await readHead(db, writer);
      const written = await appendAtHead(db, writer, records, claim, knownHead);
      if (written !== undefined) {
        knownHead = written.head;
        return written.records;
      }
      knownHead = undefined;
    }
    throw new Error(`the head of audit writer chain ${writer} keeps moving: another process writes to it`);
  }

  async function seal(): Promise<number> {
    const writer = await writerId();
    let sealed = 0;
    for (;;) {
      const rows = await readPendingRecords(db, writer, adoptPendingAfterMs, SEAL_BATCH);
      if (rows.length === 0) return sealed;
      await write(
        rows.map((row) => row.content),
        rows.map((row) => row.id),
      );
      sealed += rows.length;
      stats.sealed += rows.length;
      if (rows.length < SEAL_BATCH) return sealed;
    }
  }

  async function run(): Promise<void> {
    while (queue.length > 0 || sealRequests.length > 0) {
      if (sealRequests.length > 0) {
        const requests = sealRequests;
        sealRequests = [];
        try {
          const count = await seal();
          sealRetryDelayMs = sealRetryMinMs;
          for (const request of requests) request.resolve(count);
        } catch (error) {
          knownHead = undefined;
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const request of requests) request.reject(failure);
          scheduleSealRetry();
        }
        continue;
      }
      const batch = takeBatch().filter((pending) => !pending.settled);
      if (batch.length === 0) continue;
      const records = batch.flatMap((pending) => pending.records);
      const started = performance.now();
      let error: unknown;
      let chained: ChainedRecord[] | undefined;
      try {
        chained = await write(records, []);
      } catch (caught) {
        knownHead = undefined;
        error = caught ?? new Error('audit batch failed');
      }
      if (chained !== undefined) {
        stats.batches += 1;
        stats.records += chained.length;
        stats.appends += batch.length;
        let offset = 0;
        for (const pending of batch) {
          pending.resolve(chained.slice(offset, offset + pending.records.length));
          offset += pending.records.length;
        }
      } else {
        stats.failedBatches += 1;
        const failure = new AuditUnavailableError('The audit trail could not be written', { cause: error });
        for (const pending of batch) pending.reject(failure);
      }
      try {
        options.onBatch?.({
          appends: batch.length,
          records: records.length,
          milliseconds: performance.now() - started,
          ...(error === undefined ? {} : { error }),
        });
      } catch {
        // A metrics callback must not stop the writer.
      }
    }
  }

  function kick(): void {
    if (running !== undefined) return;
    running = run().finally(() => {
      running = undefined;
      // An append queued between the loop's last check and this callback.
      if (queue.length > 0 || sealRequests.length > 0) kick();
    });
  }

  /** One pending retry at a time; its own failure schedules the next, twice as late (docs/ARCHITECTURE.md §6). */
  function scheduleSealRetry(): void {
    if (closed || sealRetryTimer !== undefined) return;
    const delay = sealRetryDelayMs;
    sealRetryDelayMs = Math.min(sealRetryMaxMs, sealRetryDelayMs * 2);
    sealRetryTimer = setTimeout(() => {
      sealRetryTimer = undefined;
      sealPending().catch((error: unknown) => options.onBackgroundError?.(error));
    }, delay);
    sealRetryTimer.unref();
  }

  function sealPending(): Promise<number> {
    if (closed) return Promise.resolve(0);
    return new Promise<number>((resolve, reject) => {
      sealRequests.push({ resolve, reject });
      kick();
    });
  }

  async function anchor(): Promise<AnchorRow | undefined> {
    if (options.anchorKey === undefined) return undefined;
    return writeAnchor(db, options.anchorKey, now());
  }

  let timer: NodeJS.Timeout | undefined;
  if (intervalMs > 0) {
    timer = setInterval(() => {
      const report = (error: unknown) => options.onBackgroundError?.(error);
      sealPending()
        .then(() => anchor())
        .catch(report);
    }, intervalMs);
    timer.unref();
  }

  return {
    stats,
    writerId,
    sealPending,
    anchor,
    append(inputs) {
      if (closed) return Promise.reject(new AuditUnavailableError('The audit log is closed'));
      let records: AccessRecordContent[];
      try {
        const at = now();
        records = inputs.map((input) => normaliseRecord(input, at));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      if (records.length === 0) return Promise.resolve([]);
      return new Promise<ChainedRecord[]>((resolve, reject) => {
        let appendTimer: NodeJS.Timeout | undefined;
        const pending: PendingAppend = {
          records,
          taken: false,
          settled: false,
          resolve(value) {
            if (pending.settled) return;
            pending.settled = true;
            clearTimeout(appendTimer);
            resolve(value);
          },
          reject(error) {
            if (pending.settled) return;
            pending.settled = true;
            clearTimeout(appendTimer);
            reject(error);
          },
        };
        if (appendTimeoutMs > 0) {
          appendTimer = setTimeout(() => {
            // Still queued: withdraw it. Already being written: it may still commit (over-reporting is safe).
            if (!pending.taken) queue = queue.filter((other) => other !== pending);
            pending.reject(new AuditUnavailableError(`The audit trail was not written within ${appendTimeoutMs} ms`));
          }, appendTimeoutMs);
          appendTimer.unref();
        }
        queue.push(pending);
        kick();
      });
    },
    async close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(sealRetryTimer);
      while (running !== undefined) await running;
      // Seal what this writer's mutations left pending and fix its final head in an anchor (best effort: a later
      // writer adopts the pending records, the next anchor covers the head).
      if (registration !== undefined && options.anchorKey !== undefined) {
        try {
          await seal();
          await anchor();
        } catch (error) {
          options.onBackgroundError?.(error);
        }
      }
    },
  };
}

export interface ChainHead {
  seq: bigint;
  hash: string;
}

/** Registers a new writer and its empty chain (one statement); returns its id. */
async function registerWriter(db: Database, name: string): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `WITH registered AS (INSERT INTO audit.writer (name) VALUES ($1) RETURNING id)
     INSERT INTO audit.chain_head (writer_id, seq, hash) SELECT id, 0, $2 FROM registered RETURNING writer_id AS id`,
    [name, GENESIS_HASH],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('the audit writer could not be registered');
  return Number(id);
}

async function readHead(db: Pick<Database, 'query'>, writer: number): Promise<ChainHead> {
  const rows = await db.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit.chain_head WHERE writer_id = $1',
    [writer],
  );
  const head = rows[0];
  if (head === undefined) throw new Error(`the head of audit writer chain ${writer} is missing`);
  return { seq: BigInt(head.seq), hash: head.hash };
}

/** The records of a batch, as unnest columns $1..$14 and $21..$22 (the break-glass flag and reason). */
const BATCH_INPUT = `input AS (
  SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                       $21::boolean[], $22::text[])
    AS r(seq, at, request_id, client_sub, client_org, acting_user, purpose, operation_name, document_hash,
         personal_id, fields, outcome, prev_hash, hash, break_glass, break_glass_reason)
)`;

/**
 * The one-statement append (compare and swap): lock this writer's head row only if it is still the head this writer
 * knows ($18, $19), and only then claim the pending records $20 (all of them, or the statement fails), insert the
 * records chained onto the head and move it. One statement is one transaction: the row lock lasts only while the
 * statement runs, and no other replica ever asks for it.
 */
const APPEND_AT_HEAD = `WITH expected AS (
  SELECT 1 FROM audit.chain_head WHERE writer_id = $17 AND seq = $18::bigint AND hash = $19 FOR UPDATE
), claimed AS (
  DELETE FROM audit.pending_record WHERE id = ANY($20::bigint[]) AND EXISTS (SELECT 1 FROM expected) RETURNING 1
), ${BATCH_INPUT}, inserted AS (
  INSERT INTO audit.access_record (writer_id, seq, at, request_id, client_sub, client_org, acting_user, purpose,
    operation_name, document_hash, personal_id, fields, outcome, prev_hash, hash, break_glass, break_glass_reason)
  SELECT $17, seq, at, request_id, client_sub, client_org, acting_user, purpose, operation_name, document_hash,
         personal_id,
         ARRAY(SELECT f.value FROM jsonb_array_elements_text(input.fields::jsonb) WITH ORDINALITY AS f(value, n)
               ORDER BY f.n),
         outcome::audit."AccessOutcome", prev_hash, hash, break_glass, break_glass_reason
  FROM input WHERE EXISTS (SELECT 1 FROM expected)
  RETURNING 1
), head AS (
  UPDATE audit.chain_head SET seq = $15::bigint, hash = $16 WHERE writer_id = $17 AND EXISTS (SELECT 1 FROM expected)
  RETURNING 1
)
SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM head)::int AS head,
       audit.require(NOT EXISTS (SELECT 1 FROM expected) OR (SELECT count(*) FROM claimed) = cardinality($20::bigint[]),
                     'pending audit records were sealed by another writer') AS claimed`;

/** Appends at `expected`; undefined when the head is not that one any more (nothing written then). */
async function appendAtHead(
  db: Database,
  writer: number,
  records: readonly AccessRecordContent[],
  claim: readonly string[],
  expected: ChainHead,
): Promise<{ records: ChainedRecord[]; head: ChainHead } | undefined> {
  const chain = chainRecords(expected, records);
  const column = <K extends keyof ChainedRecord>(key: K) => chain.records.map((record) => record[key]);
  const result = await db.query<{ inserted: number; head: number }>(APPEND_AT_HEAD, [
    column('seq'),
    column('at'),
    column('requestId'),
    column('clientSub'),
    column('clientOrg'),
    column('actingUser'),
    column('purpose'),
    column('operationName'),
    column('documentHash'),
    column('personalId'),
    chain.records.map((record) => JSON.stringify(record.fields)),
    column('outcome'),
    column('prevHash'),
    column('hash'),
    chain.head.seq.toString(),
    chain.head.hash,
    writer,
    expected.seq.toString(),
    expected.hash,
    claim,
    chain.records.map((record) => record.breakGlass ?? false),
    chain.records.map((record) => record.breakGlassReason ?? null),
  ]);
  const counts = result[0];
  if (counts?.inserted === chain.records.length && counts.head === 1) {
    // chainRecords made these objects for this call: named in place rather than copied (a 50-citizen view writes
    // hundreds of records per request).
    const writerText = String(writer);
    for (const record of chain.records) record.writerId = writerText;
    return { records: chain.records, head: chain.head };
  }
  if (counts?.inserted === 0 && counts.head === 0) return undefined;
  throw new Error(`audit batch wrote ${counts?.inserted ?? 0} of ${chain.records.length} records`);
}

/**
 * Writes records into one writer's chain in one transaction, without the writer loop (the benchmark's
 * one-transaction-per-record baseline). Returns them as chained.
 */
export async function appendBatch(
  db: Database,
  writer: number,
  records: readonly AccessRecordContent[],
): Promise<ChainedRecord[]> {
  // Concurrent callers on one chain race on its head: the loser re-reads it and tries again.
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const written = await appendAtHead(db, writer, records, [], await readHead(db, writer));
    if (written !== undefined) return written.records;
  }
  throw new Error(`the head of audit writer chain ${writer} keeps moving`);
}

// ───────────────────────────── the outbox of mutations ─────────────────────────────

/**
 * Inserts a mutation's audit records into the outbox in the caller's (the mutation's) transaction: they commit or
 * roll back with the mutation. `writer` is the writer that will seal them (this process's).
 */
export async function insertPendingRecords(
  tx: DatabaseTransaction,
  writer: number,
  records: readonly AccessRecordContent[],
): Promise<void> {
  if (records.length === 0) return;
  // Break-glass is for reading: a mutation under it is refused before it runs (src/authz/plugin.ts), so the outbox
  // has no break-glass columns; a flagged record here would lose its flag, so it fails the mutation instead.
  if (records.some((record) => record.breakGlass === true || (record.breakGlassReason ?? null) !== null)) {
    throw new TypeError('a break-glass record cannot be written by a mutation');
  }
  const column = <K extends keyof AccessRecordContent>(key: K) => records.map((record) => record[key]);
  await tx.query(
    `INSERT INTO audit.pending_record (writer_id, at, request_id, client_sub, client_org, acting_user, purpose,
       operation_name, document_hash, personal_id, fields, outcome)
     SELECT $1, at, request_id, client_sub, client_org, acting_user, purpose, operation_name, document_hash,
            personal_id,
            ARRAY(SELECT f.value FROM jsonb_array_elements_text(r.fields::jsonb) WITH ORDINALITY AS f(value, n)
                  ORDER BY f.n),
            outcome::audit."AccessOutcome"
     FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                 $9::text[], $10::text[], $11::text[], $12::text[])
       AS r(at, request_id, client_sub, client_org, acting_user, purpose, operation_name, document_hash, personal_id,
            fields, outcome)`,
    [
      writer,
      column('at'),
      column('requestId'),
      column('clientSub'),
      column('clientOrg'),
      column('actingUser'),
      column('purpose'),
      column('operationName'),
      column('documentHash'),
      column('personalId'),
      records.map((record) => JSON.stringify(record.fields)),
      column('outcome'),
    ],
  );
}

/** This writer's pending records, and other writers' older than `adoptAfterMs`, oldest first. */
async function readPendingRecords(
  db: Pick<Database, 'query'>,
  writer: number,
  adoptAfterMs: number,
  limit: number,
): Promise<Array<{ id: string; content: AccessRecordContent }>> {
  const rows = await db.query<AccessRecordContent & { id: string }>(
    `SELECT id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
            request_id AS "requestId", client_sub AS "clientSub", client_org AS "clientOrg",
            acting_user AS "actingUser", purpose, operation_name AS "operationName", document_hash AS "documentHash",
            personal_id AS "personalId", fields, outcome::text AS outcome
     FROM audit.pending_record
     WHERE writer_id = $1 OR created_at < now() - $2::int * interval '1 millisecond'
     ORDER BY pending_record.id LIMIT $3`,
    [writer, adoptAfterMs, limit],
  );
  return rows.map(({ id, ...content }) => ({ id, content }));
}
