/**
 * Bulk import of one file of one record kind (docs/ARCHITECTURE.md §11, `npm run import`).
 *
 * Streaming, in constant memory: the file is read in 1 MiB chunks (source.ts), each record is checked on its own
 * (kind.parse), then per batch of `batchSize` records: the checks against the registries (kind.check: one statement
 * per lookup, whatever the batch size), COPY of the valid rows into a temporary staging table, and INSERT ... SELECT
 * ... ON CONFLICT on the table's natural key, all in one transaction per batch. Re-importing a file therefore changes
 * nothing: rows whose key is present are counted as "already present" (or "completed" when the kind fills in a
 * closing field the stored row lacked, e.g. a discharge). While a batch is written the next one is read and checked.
 *
 * A row the database still refuses (a rule across rows: a second current head of a household...) fails its batch's
 * statement; the batch is then retried row by row, each under a savepoint, and only the refused rows are rejected.
 * Every rejected row goes to the reject file (NDJSON: line, reasons, the record as read), in line order.
 *
 * Batches commit one by one: if the run stops (database lost), the batches before are in, and re-running the same
 * file resumes (the rows already in are counted as present).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import type { Database, DatabaseTransaction } from '../db/database.ts';
import { vietnamToday } from '../lib/input.ts';
import { FieldReader, type Problem } from './fields.ts';
import { Lookups, type Candidate, type RecordKind } from './kind.ts';
import { readRecords, type FileFormat, type ReadProgress } from './source.ts';

export const DEFAULT_BATCH_SIZE = 5000;
const STAGE = 'import_stage';

export interface ImportOptions {
  db: Database;
  kind: RecordKind<unknown>;
  file: string;
  format: FileFormat;
  /** Where rejected rows are written (NDJSON); the file is replaced, and left empty when nothing is rejected. */
  rejectsPath: string;
  /** Check everything, write nothing. */
  dryRun?: boolean;
  batchSize?: number;
  /** The run's clock, for "in the future" (default: now). */
  now?: number;
  /** Called after every batch. */
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  /** Records read (rejected ones included; blank lines not). */
  read: number;
  /** Rows that passed every check. */
  valid: number;
  inserted: number;
  /** Rows already present whose missing closing field (discharge, check-out, end) the file filled in. */
  completed: number;
  /** Rows already present (same natural key), left unchanged. In a dry run: rows whose key is in the table. */
  duplicates: number;
  rejected: number;
  elapsedMs: number;
}

export interface ImportSummary extends ImportProgress {
  dryRun: boolean;
  rejectsPath: string;
}

export interface Reject {
  line: number;
  reasons: string[];
  /** The record as read, when it could be read. */
  record?: Record<string, unknown>;
  /** The start of the raw line, when it could not be read. */
  text?: string;
}

/** The run stopped (database lost, unreadable file): `progress` says what was committed before. */
export class ImportFailedError extends Error {
  override name = 'ImportFailedError';
  constructor(
    message: string,
    readonly progress: ImportProgress,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

interface PreparedBatch {
  candidates: Candidate<unknown>[];
  rejects: Reject[];
  read: number;
  /** File position after the batch's last record (at chunk granularity). */
  bytesRead: number;
}

const reasonsOf = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.field}: ${p.reason}`);

/** Reads the file and checks each record on its own; yields batches of `batchSize` records. */
async function* prepareBatches(
  kind: RecordKind<unknown>,
  file: string,
  format: FileFormat,
  batchSize: number,
  now: number,
  progress: ReadProgress,
): AsyncGenerator<PreparedBatch> {
  const today = vietnamToday(now);
  const known = new Set(kind.fields.map((field) => field.name));
  const columns = kind.fields.map((field) => ({ name: field.name, required: field.required === true }));
  let batch: PreparedBatch = { candidates: [], rejects: [], read: 0, bytesRead: 0 };
  for await (const records of readRecords(file, format, columns, progress)) {
    for (const record of records) {
      batch.read += 1;
      const values = record.values;
      if (values === undefined) {
        batch.rejects.push({
          line: record.line,
          reasons: [record.error ?? 'unreadable'],
          ...(record.text === undefined ? {} : { text: record.text }),
        });
      } else {
        const reader = new FieldReader(values, now, today);
        // CSV headers are checked once (source.ts); an NDJSON object may carry a misspelt field on any line.
        if (format === 'ndjson') {
          for (const key of Object.keys(values)) if (!known.has(key)) reader.problem(key, 'unknown field');
        }
        const row = kind.parse(reader);
        if (row === undefined || reader.problems.length > 0) {
          batch.rejects.push({ line: record.line, reasons: reasonsOf(reader.problems), record: values });
        } else {
          batch.candidates.push({ line: record.line, row, problems: [], record: values });
        }
      }
      if (batch.read >= batchSize) {
        batch.bytesRead = progress.bytesRead;
        yield batch;
        batch = { candidates: [], rejects: [], read: 0, bytesRead: 0 };
      }
    }
  }
  batch.bytesRead = progress.bytesRead;
  if (batch.read > 0) yield batch;
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the row's fault, not the run's. */
function isRowError(error: unknown): error is { code: string; message: string; constraint?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

function refusalReason(kind: RecordKind<unknown>, error: { message: string; constraint?: string }): string {
  const known = error.constraint === undefined ? undefined : kind.constraintReasons?.[error.constraint];
  return known ?? `refused by the database: ${error.message}`;
}

async function stage(tx: DatabaseTransaction, kind: RecordKind<unknown>, rows: readonly Candidate<unknown>[]) {
  const columns = kind.stagingColumns.map(([name, type]) => `"${name}" ${type}`).join(', ');
  await tx.query(`CREATE TEMPORARY TABLE ${STAGE} (line integer NOT NULL, ${columns}) ON COMMIT DROP`);
  const lines = rows.map((c) => `${c.line}\t${kind.copyFields(c.row)}\n`);
  await tx.copyFrom(STAGE, ['line', ...kind.stagingColumns.map(([name]) => name)], lines);
}

interface WriteResult {
  inserted: number;
  completed: number;
  rejects: Reject[];
}

async function runInserts(
  tx: DatabaseTransaction,
  kind: RecordKind<unknown>,
  filter: string,
  params: unknown[],
): Promise<{ inserted: number; completed: number }> {
  let inserted = 0;
  let completed = 0;
  for (const sql of kind.insertStatements(filter)) {
    const [counts] = await tx.query<{ inserted: number; updated: number }>(sql, params);
    inserted += counts?.inserted ?? 0;
    completed += counts?.updated ?? 0;
  }
  return { inserted, completed };
}

/** Stages the batch and moves it into the table; rows the database refuses are retried one by one and rejected. */
async function writeBatch(db: Database, kind: RecordKind<unknown>, rows: Candidate<unknown>[]): Promise<WriteResult> {
  return db.transaction(async (tx) => {
    // A batch lost in a server crash right after its commit is imported again by re-running the file (idempotent):
    // no need to wait for the WAL flush of every batch.
    await tx.query('SET LOCAL synchronous_commit = off');
    await stage(tx, kind, rows);
    await tx.query('SAVEPOINT import_batch');
    try {
      const counts = await runInserts(tx, kind, '', []);
      await tx.query('RELEASE SAVEPOINT import_batch');
      return { ...counts, rejects: [] };
    } catch (error) {
      if (!isRowError(error)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT import_batch');
    }
    const result: WriteResult = { inserted: 0, completed: 0, rejects: [] };
    for (const candidate of rows) {
      await tx.query('SAVEPOINT import_row');
      try {
        const counts = await runInserts(tx, kind, 'AND s.line = $1', [candidate.line]);
        await tx.query('RELEASE SAVEPOINT import_row');
        result.inserted += counts.inserted;
        result.completed += counts.completed;
      } catch (error) {
        if (!isRowError(error)) throw error;
        await tx.query('ROLLBACK TO SAVEPOINT import_row');
        result.rejects.push({ line: candidate.line, reasons: [refusalReason(kind, error)], record: candidate.record });
      }
    }
    return result;
  });
}

/** Dry run: how many of the batch's rows have their natural key in the table already (nothing is kept). */
async function countExisting(db: Database, kind: RecordKind<unknown>, rows: Candidate<unknown>[]): Promise<number> {
  return db.transaction(async (tx) => {
    await stage(tx, kind, rows);
    const [row] = await tx.query<{ n: number }>(kind.existingStatement);
    return row?.n ?? 0;
  });
}

/** The reject file: one JSON object per line. */
class RejectWriter {
  private constructor(private readonly stream: fs.WriteStream) {}

  static async open(path: string): Promise<RejectWriter> {
    const stream = fs.createWriteStream(path, { flags: 'w' });
    await once(stream, 'open');
    return new RejectWriter(stream);
  }

  async write(rejects: readonly Reject[]): Promise<void> {
    if (rejects.length === 0) return;
    let text = '';
    for (const reject of rejects) text += `${JSON.stringify(reject)}\n`;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

export async function importFile(options: ImportOptions): Promise<ImportSummary> {
  const { db, kind, file, format } = options;
  const dryRun = options.dryRun === true;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const started = performance.now();
  const totalBytes = (await fs.promises.stat(file)).size;
  const rejectWriter = await RejectWriter.open(options.rejectsPath);
  const read: ReadProgress = { bytesRead: 0 };
  const progress: ImportProgress = {
    bytesRead: 0,
    totalBytes,
    read: 0,
    valid: 0,
    inserted: 0,
    completed: 0,
    duplicates: 0,
    rejected: 0,
    elapsedMs: 0,
  };
  const lookups = new Lookups();
  const batches = prepareBatches(kind, file, format, batchSize, options.now ?? Date.now(), read);
  /** Writes a checked batch, then its rejects (in line order) and the progress. */
  const finish = async (batch: PreparedBatch): Promise<void> => {
    const rejects = batch.rejects;
    const valid: Candidate<unknown>[] = [];
    for (const candidate of batch.candidates) {
      if (candidate.problems.length === 0) valid.push(candidate);
      else rejects.push({ line: candidate.line, reasons: reasonsOf(candidate.problems), record: candidate.record });
    }
    if (valid.length > 0) {
      if (dryRun) {
        progress.duplicates += await countExisting(db, kind, valid);
      } else {
        const written = await writeBatch(db, kind, valid);
        progress.inserted += written.inserted;
        progress.completed += written.completed;
        progress.duplicates += valid.length - written.rejects.length - written.inserted - written.completed;
        rejects.push(...written.rejects);
      }
    }
    rejects.sort((a, b) => a.line - b.line);
    await rejectWriter.write(rejects);
    progress.read += batch.read;
    progress.rejected += rejects.length;
    progress.valid += batch.read - rejects.length;
    progress.bytesRead = batch.bytesRead;
    progress.elapsedMs = performance.now() - started;
    options.onProgress?.({ ...progress });
  };

  // A pipeline of three batches: while batch N is written (one connection), batch N+1 is checked against the
  // registries (another connection) and batch N+2 is read and parsed (this thread, between the database's answers).
  let failure: unknown;
  let writing: Promise<void> | undefined;
  try {
    let next = batches.next();
    for (;;) {
      const result = await next;
      if (result.done === true) break;
      next = batches.next();
      next.catch(() => undefined); // awaited on the next turn; not unhandled meanwhile
      const batch = result.value;
      if (batch.candidates.length > 0) await kind.check(db, batch.candidates, lookups);
      if (writing !== undefined) await writing;
      writing = finish(batch);
      writing.catch(() => undefined); // awaited on the next turn or below
    }
    if (writing !== undefined) await writing;
  } catch (error) {
    failure = error;
  } finally {
    await writing?.catch(() => undefined); // a failed check may leave a write in flight
    await rejectWriter.close();
    await batches.return(undefined).catch(() => undefined);
  }
  progress.elapsedMs = performance.now() - started;
  if (failure !== undefined) {
    const message = failure instanceof Error ? failure.message : JSON.stringify(failure);
    throw new ImportFailedError(message, progress, {
      cause: failure,
    });
  }
  return { ...progress, dryRun, rejectsPath: options.rejectsPath };
}
