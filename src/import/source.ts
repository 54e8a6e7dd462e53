/**
 * Reads an import file as a stream of records, in constant memory: 1 MiB chunks from disk (gunzipped when the name
 * ends in `.gz`), split into NDJSON lines or CSV records. Each record has its 1-based physical line number and either
 * its values (field name → value) or the reason it could not be read (broken JSON, not an object, wrong CSV column
 * count, a line longer than the limit). Blank lines are skipped.
 *
 * A CSV file starts with a header row naming the fields; unknown, duplicate or missing required columns make the whole
 * file unreadable (ImportFormatError), as nothing else in it could be trusted.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { CsvParser, type CsvRecord } from './csv.ts';

export type FileFormat = 'ndjson' | 'csv';

export interface SourceRecord {
  line: number;
  values?: Record<string, unknown>;
  /** Why the record could not be read. */
  error?: string;
  /** The start of the raw text of an unreadable NDJSON line (for the reject file). */
  text?: string;
}

/** The file cannot be imported at all (CSV header). */
export class ImportFormatError extends Error {
  override name = 'ImportFormatError';
}

export interface ColumnSpec {
  name: string;
  required: boolean;
}

/** Longest NDJSON line / CSV record accepted. */
export const MAX_RECORD_CHARS = 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const RAW_TEXT_KEPT = 200;

export function formatOf(file: string): FileFormat | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.csv')) return 'csv';
  return undefined;
}

export interface ReadProgress {
  /** Bytes of the file read so far (compressed bytes for a .gz file). */
  bytesRead: number;
}

/**
 * Yields the records of the file in arrays (one per chunk read, possibly empty), so a consumer pays one async step
 * per chunk, not per record. `progress.bytesRead` follows the file position.
 */
export async function* readRecords(
  file: string,
  format: FileFormat,
  columns: readonly ColumnSpec[],
  progress: ReadProgress,
): AsyncGenerator<SourceRecord[]> {
  const fileStream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const gzip = file.toLowerCase().endsWith('.gz');
  let stream: AsyncIterable<Buffer> = fileStream;
  if (gzip) {
    const gunzip = createGunzip();
    fileStream.on('error', (error) => gunzip.destroy(error));
    stream = fileStream.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  const reader = format === 'ndjson' ? new NdjsonReader() : new CsvReader(columns);
  let first = true;
  try {
    for await (const chunk of stream) {
      let text = decoder.write(chunk);
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      const out: SourceRecord[] = [];
      reader.push(text, out);
      progress.bytesRead = fileStream.bytesRead;
      yield out;
    }
    const out: SourceRecord[] = [];
    reader.push(decoder.end(), out);
    reader.finish(out);
    progress.bytesRead = fileStream.bytesRead;
    yield out;
  } finally {
    fileStream.destroy();
  }
}

interface Reader {
  push(text: string, out: SourceRecord[]): void;
  finish(out: SourceRecord[]): void;
}

/** One JSON object per line (LF or CRLF). */
class NdjsonReader implements Reader {
  private carry = '';
  private line = 0;
  /** Discarding an over-long line up to its end. */
  private skipping = false;

  push(text: string, out: SourceRecord[]): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.line += 1;
      if (this.skipping) {
        this.skipping = false;
        this.carry = '';
      } else {
        const lineText = this.carry === '' ? text.slice(start, nl) : this.carry + text.slice(start, nl);
        this.carry = '';
        this.record(lineText, out);
      }
      start = nl + 1;
    }
    if (this.skipping) return;
    this.carry += text.slice(start);
    if (this.carry.length > MAX_RECORD_CHARS) {
      out.push({
        line: this.line + 1,
        error: `line longer than ${MAX_RECORD_CHARS} characters`,
        text: this.carry.slice(0, RAW_TEXT_KEPT),
      });
      this.carry = '';
      this.skipping = true;
    }
  }

  finish(out: SourceRecord[]): void {
    if (!this.skipping && this.carry !== '') {
      this.line += 1;
      this.record(this.carry, out);
    }
    this.carry = '';
  }

  private record(raw: string, out: SourceRecord[]): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.push({
        line: this.line,
        error: `not valid JSON: ${(error as Error).message}`,
        text: text.slice(0, RAW_TEXT_KEPT),
      });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.push({ line: this.line, error: 'not a JSON object', text: text.slice(0, RAW_TEXT_KEPT) });
      return;
    }
    out.push({ line: this.line, values: value as Record<string, unknown> });
  }
}

/** A header row, then one record per row. */
class CsvReader implements Reader {
  private readonly parser = new CsvParser(MAX_RECORD_CHARS);
  private header: string[] | undefined;
  private readonly records: CsvRecord[] = [];

  constructor(private readonly columns: readonly ColumnSpec[]) {}

  push(text: string, out: SourceRecord[]): void {
    this.parser.push(text, this.records);
    this.drain(out);
  }

  finish(out: SourceRecord[]): void {
    this.parser.finish(this.records);
    this.drain(out);
    if (this.header === undefined) throw new ImportFormatError('the CSV file is empty: it has no header row');
  }

  private drain(out: SourceRecord[]): void {
    for (const record of this.records) {
      if (this.header === undefined) {
        this.header = this.checkHeader(record);
        continue;
      }
      if (record.error !== undefined) {
        out.push({ line: record.line, error: record.error });
        continue;
      }
      if (record.fields.length !== this.header.length) {
        out.push({
          line: record.line,
          error: `has ${record.fields.length} field(s), the header has ${this.header.length}`,
        });
        continue;
      }
      const values: Record<string, unknown> = {};
      for (let i = 0; i < this.header.length; i += 1) values[this.header[i] as string] = record.fields[i];
      out.push({ line: record.line, values });
    }
    this.records.length = 0;
  }

  private checkHeader(record: CsvRecord): string[] {
    if (record.error !== undefined) throw new ImportFormatError(`CSV header (line ${record.line}): ${record.error}`);
    const header = record.fields.map((name) => name.trim());
    const known = new Set(this.columns.map((column) => column.name));
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const name of header) {
      if (!known.has(name)) problems.push(`unknown column "${name}"`);
      else if (seen.has(name)) problems.push(`column "${name}" appears twice`);
      seen.add(name);
    }
    for (const column of this.columns) {
      if (column.required && !seen.has(column.name)) problems.push(`required column "${column.name}" is missing`);
    }
    if (problems.length > 0) {
      throw new ImportFormatError(
        `CSV header (line ${record.line}): ${problems.join('; ')}. Expected columns: ${this.columns.map((c) => c.name).join(',')}`,
      );
    }
    return header;
  }
}
