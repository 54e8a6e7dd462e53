/**
 * The audit log writer: group commit onto the hash chain (docs/ARCHITECTURE.md §6).
 *
 * `append(records)` validates and queues the records of one request and resolves only once they are committed; it
 * rejects with AuditUnavailableError when they are not (the audit plugin answers 503 AUDIT_UNAVAILABLE and sends no
 * data). One writer loop per AuditLog takes every append waiting at that moment and writes them in ONE transaction:
 *
 *   BEGIN
 *   SELECT seq, hash FROM audit.chain_head WHERE id = 1 FOR UPDATE     -- serialises replicas on one database
 *     (absent: INSERT ... ON CONFLICT DO NOTHING, then the SELECT again: two replicas may race on the first insert)
 *   WITH inserted AS (INSERT INTO audit.access_record SELECT ... FROM unnest($1, ..., $14)),  -- every record, one statement
 *        head AS (UPDATE audit.chain_head SET seq = ..., hash = ...)
 *   COMMIT
 *
 * Four round trips per batch whatever its size; hashes are computed in JavaScript from the locked head. Once a writer
 * has committed a batch it knows the head, and the next batch is ONE statement that locks the head only if it is still
 * that one, inserts and moves it (INSERT_AT_KNOWN_HEAD); when another replica appended in between, that statement
 * writes nothing and the batch takes the four-step path above. While one
 * batch is being written, new appends queue up and form the next batch, so under load batches grow by themselves and
 * no latency is added when idle (no timer). The same code runs on PGlite (one process) and PostgreSQL (many replicas).
 */
import type { Database, DatabaseTransaction } from '../db/database.ts';
import {
  chainRecords,
  GENESIS_HASH,
  normaliseRecord,
  type AccessRecordContent,
  type AccessRecordInput,
  type ChainedRecord,
} from './chain.ts';

/** The audit trail could not be written: the request must fail (HTTP 503, code AUDIT_UNAVAILABLE) with no data. */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
  readonly code = 'AUDIT_UNAVAILABLE';
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
}

export interface AuditLogStats {
  /** Transactions committed. */
  batches: number;
  /** Records committed. */
  records: number;
  /** Appends committed. */
  appends: number;
  /** Batches that failed (all their appends rejected). */
  failedBatches: number;
}

export interface AuditLog {
  /**
   * Queues the records of one request and resolves with them as chained once they are durably committed; rejects
   * with AuditUnavailableError when they are not, or InvalidAccessRecordError (a TypeError) for a malformed record,
   * in which case nothing of this append is written and other requests are unaffected.
   */
  append(records: readonly AccessRecordInput[]): Promise<ChainedRecord[]>;
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

export function createAuditLog(db: Database, options: AuditLogOptions = {}): AuditLog {
  const maxBatchRecords = Math.max(1, options.maxBatchRecords ?? 5000);
  const appendTimeoutMs = options.appendTimeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const stats: AuditLogStats = { batches: 0, records: 0, appends: 0, failedBatches: 0 };
  let queue: PendingAppend[] = [];
  /** The head this writer committed last: the next batch tries the one-statement append onto it. */
  let knownHead: ChainHead | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

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

  async function run(): Promise<void> {
    while (queue.length > 0) {
      const batch = takeBatch().filter((pending) => !pending.settled);
      if (batch.length === 0) continue;
      const records = batch.flatMap((pending) => pending.records);
      const started = performance.now();
      let error: unknown;
      let chained: ChainedRecord[] | undefined;
      try {
        const written =
          (knownHead === undefined ? undefined : await appendAtKnownHead(db, records, knownHead)) ??
          (await appendBatchLocked(db, records));
        chained = written.records;
        knownHead = written.head;
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
      if (queue.length > 0) kick();
    });
  }

  return {
    stats,
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
        let timer: NodeJS.Timeout | undefined;
        const pending: PendingAppend = {
          records,
          taken: false,
          settled: false,
          resolve(value) {
            if (pending.settled) return;
            pending.settled = true;
            clearTimeout(timer);
            resolve(value);
          },
          reject(error) {
            if (pending.settled) return;
            pending.settled = true;
            clearTimeout(timer);
            reject(error);
          },
        };
        if (appendTimeoutMs > 0) {
          timer = setTimeout(() => {
            // Still queued: withdraw it. Already being written: it may still commit (over-reporting is safe).
            if (!pending.taken) queue = queue.filter((other) => other !== pending);
            pending.reject(new AuditUnavailableError(`The audit trail was not written within ${appendTimeoutMs} ms`));
          }, appendTimeoutMs);
          timer.unref();
        }
        queue.push(pending);
        kick();
      });
    },
    async close() {
      closed = true;
      while (running !== undefined) await running;
    },
  };
}

interface HeadRow {
  seq: string;
  hash: string;
}

const LOCK_HEAD = 'SELECT seq::text AS seq, hash FROM audit.chain_head WHERE id = 1 FOR UPDATE';

/** The records of a batch, as unnest columns $1..$14 (the shape appendBatch and appendAtKnownHead share). */
const BATCH_INPUT = `input AS (
  SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
    AS r(seq, at, request_id, client_sub, client_org, acting_user, purpose, operation_name, document_hash,
         personal_id, fields, outcome, prev_hash, hash)
)`;

/** Inserts the `input` rows that pass `condition`. */
const insertInput = (condition: string) => `INSERT INTO audit.access_record (seq, at, request_id, client_sub,
    client_org, acting_user, purpose, operation_name, document_hash, personal_id, fields, outcome, prev_hash, hash)
  SELECT seq, at, request_id, client_sub, client_org, acting_user, purpose, operation_name, document_hash, personal_id,
         ARRAY(SELECT f.value FROM jsonb_array_elements_text(input.fields::jsonb) WITH ORDINALITY AS f(value, n)
               ORDER BY f.n),
         outcome::audit."AccessOutcome", prev_hash, hash
  FROM input WHERE ${condition}
  RETURNING 1`;

const INSERT_BATCH = `WITH ${BATCH_INPUT}, inserted AS (${insertInput('TRUE')}
), head AS (
  UPDATE audit.chain_head SET seq = $15::bigint, hash = $16 WHERE id = 1 RETURNING 1
)
SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM head)::int AS head`;

/**
 * The one-statement append (compare and swap): lock the head row only if it is still the head this writer committed
 * last ($17, $18), and only then insert the records chained onto it and move the head. One statement is one
 * transaction: BEGIN, the head lock and COMMIT cost no round trips of their own. If another replica moved the head
 * meanwhile, the row lock waits for that replica's commit, PostgreSQL re-checks the condition on the new row version
 * (READ COMMITTED), finds it changed, and the statement writes nothing; the writer then takes the locking path.
 */
const INSERT_AT_KNOWN_HEAD = `WITH expected AS (
  SELECT 1 FROM audit.chain_head WHERE id = 1 AND seq = $17::bigint AND hash = $18 FOR UPDATE
), ${BATCH_INPUT}, inserted AS (${insertInput('EXISTS (SELECT 1 FROM expected)')}
), head AS (
  UPDATE audit.chain_head SET seq = $15::bigint, hash = $16 WHERE id = 1 AND EXISTS (SELECT 1 FROM expected)
  RETURNING 1
)
SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM head)::int AS head`;

export interface ChainHead {
  seq: bigint;
  hash: string;
}

/** The parameters $1..$16 of INSERT_BATCH and INSERT_AT_KNOWN_HEAD. */
function batchParameters(chained: readonly ChainedRecord[], newHead: ChainHead): unknown[] {
  const column = <K extends keyof ChainedRecord>(key: K) => chained.map((record) => record[key]);
  return [
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
    chained.map((record) => JSON.stringify(record.fields)),
    column('outcome'),
    column('prevHash'),
    column('hash'),
    newHead.seq.toString(),
    newHead.hash,
  ];
}

/** Locks the chain head (creating it with the genesis hash if absent) and returns it. */
export async function lockChainHead(tx: DatabaseTransaction): Promise<ChainHead> {
  let rows = await tx.query<HeadRow>(LOCK_HEAD);
  if (rows.length === 0) {
    // Two replicas may both find no head: the loser's INSERT waits for the winner's commit and does nothing.
    await tx.query('INSERT INTO audit.chain_head (id, seq, hash) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING', [
      GENESIS_HASH,
    ]);
    rows = await tx.query<HeadRow>(LOCK_HEAD);
  }
  const head = rows[0];
  if (head === undefined) throw new Error('audit.chain_head could not be created');
  return { seq: BigInt(head.seq), hash: head.hash };
}

/**
 * Writes records at the end of the chain in one transaction (the writer loop's unit of work; exported for the
 * benchmark's one-transaction-per-record baseline). Returns them as chained.
 */
export async function appendBatch(db: Database, records: readonly AccessRecordContent[]): Promise<ChainedRecord[]> {
  return (await appendBatchLocked(db, records)).records;
}

/** appendBatch, also returning the new head. */
async function appendBatchLocked(
  db: Database,
  records: readonly AccessRecordContent[],
): Promise<{ records: ChainedRecord[]; head: ChainHead }> {
  return db.transaction(async (tx) => {
    const head = await lockChainHead(tx);
    const chain = chainRecords(head, records);
    const result = await tx.query<{ inserted: number; head: number }>(
      INSERT_BATCH,
      batchParameters(chain.records, chain.head),
    );
    const counts = result[0];
    if (counts?.inserted !== chain.records.length || counts.head !== 1) {
      throw new Error(`audit batch wrote ${counts?.inserted ?? 0} of ${chain.records.length} records`);
    }
    return chain;
  });
}

/**
 * Appends in one statement if the chain head is still `expected` (INSERT_AT_KNOWN_HEAD); undefined when it is not
 * (another replica appended), nothing being written then.
 */
async function appendAtKnownHead(
  db: Database,
  records: readonly AccessRecordContent[],
  expected: ChainHead,
): Promise<{ records: ChainedRecord[]; head: ChainHead } | undefined> {
  const chain = chainRecords(expected, records);
  const result = await db.query<{ inserted: number; head: number }>(INSERT_AT_KNOWN_HEAD, [
    ...batchParameters(chain.records, chain.head),
    expected.seq.toString(),
    expected.hash,
  ]);
  const counts = result[0];
  if (counts?.inserted === chain.records.length && counts.head === 1) return chain;
  if (counts?.inserted === 0 && counts.head === 0) return undefined;
  throw new Error(`audit batch wrote ${counts?.inserted ?? 0} of ${chain.records.length} records`);
}
