/**
 * PostgreSQL COPY text-format helpers and calendar arithmetic on day numbers.
 *
 * Dates are integers (days since 1970-01-01, negative before) so the generator never builds Date
 * objects in its inner loops; `dateText` formats from a precomputed table. Timestamps are written
 * with the +07 offset of Vietnam (Asia/Ho_Chi_Minh has no daylight saving), so the stored instants
 * do not depend on the session time zone of the loading connection.
 */

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of a day number (civil_from_days). */
export function civil(dayNo: number): [number, number, number] {
  const z = dayNo + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

export function yearOf(dayNo: number): number {
  return civil(dayNo)[0];
}

/** Day number of an ISO date string (YYYY-MM-DD). */
export function parseDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) throw new Error(`not a date (YYYY-MM-DD): ${text}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNo = dayNumber(year, month, day);
  const [y, m, d] = civil(dayNo);
  if (y !== year || m !== month || d !== day) throw new Error(`not a calendar date: ${text}`);
  return dayNo;
}

export const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

const TABLE_FIRST_DAY = dayNumber(1890, 1, 1);
const TABLE_LAST_DAY = dayNumber(2060, 12, 31);
const DATE_TABLE: readonly string[] = Array.from({ length: TABLE_LAST_DAY - TABLE_FIRST_DAY + 1 }, (_, i) => {
  const [y, m, d] = civil(TABLE_FIRST_DAY + i);
  return `${y}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`;
});

/** YYYY-MM-DD of a day number. */
export function dateText(dayNo: number): string {
  const cached = DATE_TABLE[dayNo - TABLE_FIRST_DAY];
  if (cached !== undefined) return cached;
  const [y, m, d] = civil(dayNo);
  return `${String(y).padStart(4, '0')}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`;
}

/** dd/mm/yyyy, the Vietnamese administrative date format (for free text). */
export function vietnameseDate(dayNo: number): string {
  const [y, m, d] = civil(dayNo);
  return `${TWO_DIGITS[d]}/${TWO_DIGITS[m]}/${y}`;
}

export const SECONDS_PER_DAY = 86_400;

/**
 * A timestamptz literal in Vietnam time for an instant given as (day number, seconds into that
 * local day); seconds may overflow into following days.
 */
export function timestampText(dayNo: number, secondOfDay: number): string {
  const carry = Math.floor(secondOfDay / SECONDS_PER_DAY);
  const s = secondOfDay - carry * SECONDS_PER_DAY;
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${dateText(dayNo + carry)} ${TWO_DIGITS[hh]}:${TWO_DIGITS[mm]}:${TWO_DIGITS[ss]}+07`;
}

/** An instant as seconds since the epoch of Vietnam local time (day number * 86400 + second). */
export function instantText(localSeconds: number): string {
  const day = Math.floor(localSeconds / SECONDS_PER_DAY);
  return timestampText(day, localSeconds - day * SECONDS_PER_DAY);
}

// ───────────────────────────── COPY text format ─────────────────────────────

/** COPY's NULL marker. */
export const NULL = '\\N';

/** Escapes a text value for COPY text format (backslash, tab, newline, carriage return). */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : value;
}

/** A PostgreSQL array literal of text elements, escaped for COPY text format. */
export function copyTextArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  let out = '{';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) out += ',';
    out += `"${values[i]!.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  }
  return copyText(`${out}}`);
}

/** A decimal with two fraction digits from an integer number of hundredths. */
export function hundredths(value: number): string {
  const whole = Math.floor(value / 100);
  return `${whole}.${TWO_DIGITS[value - whole * 100]}`;
}

/**
 * Groups COPY lines into strings of about `size` characters: generators yield these chunks, so
 * the load pays one async step per chunk, not per row.
 */
export class ChunkBuilder {
  private buffer = '';
  rows = 0;

  constructor(private readonly size = 256 * 1024) {}

  /** Appends one row (fields already formatted); returns a full chunk when one is ready. */
  add(line: string): string | undefined {
    this.buffer += line;
    this.buffer += '\n';
    this.rows += 1;
    if (this.buffer.length < this.size) return undefined;
    const chunk = this.buffer;
    this.buffer = '';
    return chunk;
  }

  /** The remaining partial chunk, if any. */
  flush(): string | undefined {
    if (this.buffer === '') return undefined;
    const chunk = this.buffer;
    this.buffer = '';
    return chunk;
  }
}
