/**
 * A streaming CSV parser (RFC 4180): fields separated by commas, records by CRLF or LF (a lone CR too); a field may be
 * quoted with `"`, and then holds commas, line breaks and doubled quotes (`""` = one `"`). Text is fed in chunks of
 * any size (a quoted field, even a CRLF, may straddle two chunks); memory is bounded by the longest record.
 *
 * Each record carries the physical line (1-based) where it starts. Blank lines are skipped. A malformed record (a
 * quote inside an unquoted field, text after a closing quote, a record longer than `maxRecordChars`, an unterminated
 * quote at the end of the input) is still emitted, with `error` set, so the caller can reject it by line number; after
 * an over-long record the parser skips to the next line break and carries on.
 */

export interface CsvRecord {
  line: number;
  fields: string[];
  error?: string;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum State {
  /** At the start of a field. */
  FieldStart,
  Unquoted,
  Quoted,
  /** After a quote inside a quoted field: a second quote, a separator or a line break follows. */
  QuoteInQuoted,
  /** Discarding the rest of an over-long record up to the next line break. */
  Skip,
}

export class CsvParser {
  private state = State.FieldStart;
  private fields: string[] = [];
  private field = '';
  /** Physical line of the next character. */
  private line = 1;
  private recordLine = 1;
  private recordChars = 0;
  private error: string | undefined;
  /** The previous chunk ended with a CR: an LF starting this one belongs to it. */
  private skipLf = false;

  constructor(private readonly maxRecordChars = 1024 * 1024) {}

  private get inRecord(): boolean {
    return this.fields.length > 0 || this.field !== '' || this.state !== State.FieldStart;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
  }

  private endRecord(out: CsvRecord[]): void {
    const record: CsvRecord = { line: this.recordLine, fields: this.fields };
    if (this.error !== undefined) record.error = this.error;
    out.push(record);
    this.fields = [];
    this.field = '';
    this.error = undefined;
    this.recordChars = 0;
    this.state = State.FieldStart;
  }

  private setError(reason: string): void {
    this.error ??= reason;
  }

  /** Parses `text`, appending complete records to `out`. */
  push(text: string, out: CsvRecord[]): void {
    const n = text.length;
    let i = 0;
    if (this.skipLf && n > 0) {
      this.skipLf = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    while (i < n) {
      switch (this.state) {
        case State.FieldStart: {
          const c = text.charCodeAt(i);
          if (!this.inRecord && this.fields.length === 0) {
            // A blank line between records is skipped.
            if (c === LF || c === CR) {
              i = this.lineBreak(text, i);
              continue;
            }
            this.recordLine = this.line;
          }
          if (c === QUOTE) {
            this.state = State.Quoted;
            i += 1;
          } else {
            this.state = State.Unquoted;
          }
          break;
        }
        case State.Unquoted: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
            j += 1;
          }
          this.field += text.slice(i, j);
          this.recordChars += j - i;
          if (j === n) {
            i = n;
          } else if (c === COMMA) {
            this.endField();
            i = j + 1;
          } else if (c === QUOTE) {
            this.setError('a quote (") inside an unquoted field: quote the whole field and double the quotes in it');
            this.field += '"';
            i = j + 1;
          } else {
            this.endField();
            this.endRecord(out);
            i = this.lineBreak(text, j);
          }
          break;
        }
        case State.Quoted: {
          const j = text.indexOf('"', i);
          let end = j === -1 ? n : j;
          // Past the size limit (an unterminated quote?), stop here: the check below skips to the next line break.
          const room = this.maxRecordChars - this.recordChars + 1;
          const limited = end - i > room;
          if (limited) end = i + room;
          const part = text.slice(i, end);
          this.field += part;
          this.recordChars += part.length;
          for (let k = part.indexOf('\n'); k !== -1; k = part.indexOf('\n', k + 1)) this.line += 1;
          if (limited || j === -1) {
            i = end;
          } else {
            this.state = State.QuoteInQuoted;
            i = j + 1;
          }
          break;
        }
        case State.QuoteInQuoted: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            i += 1;
          } else if (c === COMMA) {
            this.endField();
            i += 1;
          } else if (c === LF || c === CR) {
            this.endField();
            this.endRecord(out);
            i = this.lineBreak(text, i);
          } else {
            this.setError('text after the closing quote of a field');
            this.state = State.Unquoted;
          }
          break;
        }
        case State.Skip: {
          let j = i;
          while (j < n && text.charCodeAt(j) !== LF && text.charCodeAt(j) !== CR) j += 1;
          if (j === n) {
            i = n;
          } else {
            this.fields = [];
            this.field = '';
            this.endRecord(out);
            i = this.lineBreak(text, j);
          }
          break;
        }
      }
      if (this.recordChars > this.maxRecordChars && this.state !== State.Skip) {
        this.setError(`record longer than ${this.maxRecordChars} characters (an unterminated quote?)`);
        this.fields = [];
        this.field = '';
        this.state = State.Skip;
      }
    }
  }

  /** Consumes the line break at `i` (LF, CR or CRLF); returns the next index. */
  private lineBreak(text: string, i: number): number {
    this.line += 1;
    if (text.charCodeAt(i) === CR) {
      if (i + 1 === text.length) {
        this.skipLf = true;
        return i + 1;
      }
      if (text.charCodeAt(i + 1) === LF) return i + 2;
    }
    return i + 1;
  }

  /** The end of the input: emits the last record (without a final line break). */
  finish(out: CsvRecord[]): void {
    if (this.state === State.Quoted) {
      this.setError('unterminated quoted field at the end of the file');
      this.endField();
      this.endRecord(out);
    } else if (this.state === State.Skip) {
      this.fields = [];
      this.endRecord(out);
    } else if (this.inRecord) {
      this.endField();
      this.endRecord(out);
    }
  }
}
