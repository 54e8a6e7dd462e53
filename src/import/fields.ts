/**
 * Reading one record's fields, whatever the file format: an NDJSON object (strings, numbers, arrays, null) or a CSV
 * row (strings, the empty string meaning "absent"). Every reader collects its problems (`field: reason`) instead of
 * stopping at the first one, so a rejected row lists everything that is wrong with it.
 *
 * Values are trimmed. Absent = missing key, null or empty (after trimming).
 * Instants: ISO 8601 `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or an offset (`+07:00`, `+0700`, `+07`); without an offset
 * the time is Vietnam time (UTC+07:00 all year, no daylight saving). A space may replace the `T`. Stored with
 * millisecond precision (further digits are dropped), like the write mutations (normaliseInstant).
 * Dates: `YYYY-MM-DD`, a real calendar date.
 */
import { CLOCK_SKEW_MS, textProblem, vietnamToday } from '../lib/input.ts';

export interface Problem {
  readonly field: string;
  readonly reason: string;
}

/** Vietnam is UTC+07:00 all year. */
const VIETNAM_OFFSET_MINUTES = 7 * 60;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*(Z|z|[+-]\d{2}(?::?\d{2})?))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Years outside this range are typing errors in these registries (and beyond what a 4-digit ISO year holds). */
const MIN_YEAR = 1800;

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (DAYS_IN_MONTH[month - 1] as number) + (leap ? 1 : 0);
}

/** Milliseconds since the epoch of an instant text, or a reason it is not one. */
export function parseInstant(text: string): number | string {
  const m = INSTANT.exec(text);
  if (m === null) return 'not an ISO 8601 date-time (e.g. 2026-01-15T08:30:00+07:00)';
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (year < MIN_YEAR || !validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return 'not a valid date-time';
  }
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offset = VIETNAM_OFFSET_MINUTES;
  const zone = m[8];
  if (zone !== undefined) {
    if (zone === 'Z' || zone === 'z') offset = 0;
    else {
      const digits = zone.slice(1).replace(':', '');
      const hours = Number(digits.slice(0, 2));
      const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
      if (hours > 14 || minutes > 59) return 'not a valid UTC offset';
      offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

/** `YYYY-MM-DD` if the text is a calendar date, else a reason. */
export function parseDate(text: string): { date: string } | string {
  const m = DATE.exec(text);
  if (m === null) return 'not a date (YYYY-MM-DD)';
  if (Number(m[1]) < MIN_YEAR || !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return 'not a calendar date';
  return { date: text };
}

/** The calendar date in Vietnam of an instant (ms). */
export function vietnamDateOf(instant: number): string {
  return new Date(instant + VIETNAM_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

/** ISO text of an instant as stored (UTC, milliseconds). */
export function isoInstant(instant: number): string {
  return new Date(instant).toISOString();
}

interface Options {
  required?: boolean;
}

/** The fields of one record; problems accumulate in `problems`. */
export class FieldReader {
  readonly problems: Problem[] = [];

  constructor(
    private readonly values: Readonly<Record<string, unknown>>,
    /** The run's clock (ms): instants after it (plus the clock skew the mutations allow) are "in the future". */
    private readonly now: number,
    /** Today in Vietnam at `now` (dates after it are "in the future"). */
    private readonly today: string = vietnamToday(now),
  ) {}

  problem(field: string, reason: string): void {
    this.problems.push({ field, reason });
  }

  /** The raw value, undefined when absent (missing, null, or a blank string). */
  private raw(name: string): unknown {
    const value = this.values[name];
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      return trimmed === '' ? undefined : trimmed;
    }
    return value;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  private missing(name: string, options: Options | undefined): undefined {
    if (options?.required === true) this.problem(name, 'required');
    return undefined;
  }

  /** A string value (a JSON number is refused: identifiers lose their leading zeros that way). */
  string(name: string, options?: Options): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return this.missing(name, options);
    if (typeof value !== 'string') {
      this.problem(name, 'must be a string');
      return undefined;
    }
    return value;
  }

  /** A string matching `pattern`. */
  code(name: string, pattern: RegExp, reason: string, options?: Options): string | undefined {
    const value = this.string(name, options);
    if (value === undefined) return undefined;
    if (!pattern.test(value)) {
      this.problem(name, reason);
      return undefined;
    }
    return value;
  }

  /** Free text: not empty, at most `max` characters, no control characters (lib/input.ts textProblem). */
  text(name: string, max: number, options?: Options): string | undefined {
    const value = this.string(name, options);
    if (value === undefined) return undefined;
    const problem = textProblem(value, max);
    if (problem !== undefined) {
      this.problem(name, problem);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[], options?: Options): T | undefined {
    const value = this.string(name, options);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      this.problem(name, `must be one of ${values.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  /** An integer from a JSON number or a decimal string, within [min, max]. */
  integer(name: string, min: number, max: number, options?: Options): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return this.missing(name, options);
    const number =
      typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) {
      this.problem(name, `must be a whole number from ${min} to ${max}`);
      return undefined;
    }
    return number;
  }

  /** A decimal from a JSON number or a string, as its decimal text (`153.5`). */
  decimal(name: string, options?: Options): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return this.missing(name, options);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string') return value;
    this.problem(name, 'must be a number');
    return undefined;
  }

  /** A list of strings: a JSON array, or a `;`-separated string (CSV). Empty items are dropped. */
  list(name: string, options?: Options): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) {
      this.missing(name, options);
      return undefined;
    }
    let items: unknown[];
    if (Array.isArray(value)) items = value;
    else if (typeof value === 'string') items = value.split(';');
    else {
      this.problem(name, 'must be a list (a JSON array, or items separated by ";")');
      return undefined;
    }
    const out: string[] = [];
    for (const item of items) {
      if (typeof item !== 'string') {
        this.problem(name, 'items must be strings');
        return undefined;
      }
      const trimmed = item.trim();
      if (trimmed !== '') out.push(trimmed);
    }
    if (out.length === 0 && options?.required === true) this.problem(name, 'required (at least one item)');
    return out;
  }

  /** An instant (ms since the epoch), not in the future unless `future` (e.g. an expected check-out). */
  instant(name: string, options?: Options & { future?: boolean }): number | undefined {
    const value = this.string(name, options);
    if (value === undefined) return undefined;
    const parsed = parseInstant(value);
    if (typeof parsed === 'string') {
      this.problem(name, parsed);
      return undefined;
    }
    if (options?.future !== true && parsed > this.now + CLOCK_SKEW_MS) {
      this.problem(name, 'is in the future');
      return undefined;
    }
    return parsed;
  }

  /** A calendar date `YYYY-MM-DD`; not in the future unless `future` (e.g. an expected end). */
  date(name: string, options?: Options & { future?: boolean }): string | undefined {
    const value = this.string(name, options);
    if (value === undefined) return undefined;
    const parsed = parseDate(value);
    if (typeof parsed === 'string') {
      this.problem(name, parsed);
      return undefined;
    }
    if (options?.future !== true && parsed.date > this.today) {
      this.problem(name, 'is in the future');
      return undefined;
    }
    return parsed.date;
  }
}
