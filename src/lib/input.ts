/**
 * Input checks of the write mutations (docs/ARCHITECTURE.md §11). A mutation collects every problem it finds, each with
 * the input path it concerns (`input.dischargedAt`, `input.to[1].sharePercent`), and rejects them all at once, before
 * writing anything: one BAD_USER_INPUT error whose `extensions.field` / `extensions.reason` are the first problem and
 * `extensions.problems` the full list. A state that forbids the write (a change no longer PENDING, a key already used)
 * is CONFLICT (HTTP 409); a write outside the caller's own organisation is FORBIDDEN (HTTP 403).
 */
import type { GraphQLError } from 'graphql';
import type { DatabaseTransaction } from '../db/database.ts';
import { gatewayError, type ErrorCode } from '../errors/catalogue.ts';
import { isoDate } from './sql.ts';

export interface InputProblem {
  /** Path in the mutation's arguments, e.g. `input.admittedAt`, `input.from[0].personalId`. */
  readonly field: string;
  readonly reason: string;
}

/** The problems found in one mutation's input. */
export class InputProblems {
  private readonly problems: InputProblem[] = [];

  add(field: string, reason: string): void {
    this.problems.push({ field, reason });
  }

  /** True when a problem concerns `field` or a path inside it. */
  has(field: string): boolean {
    return this.problems.some(
      (p) => p.field === field || p.field.startsWith(`${field}.`) || p.field.startsWith(`${field}[`),
    );
  }

  get size(): number {
    return this.problems.length;
  }

  get list(): readonly InputProblem[] {
    return this.problems;
  }

  /** Throws one BAD_USER_INPUT error listing every problem, when there is one. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw invalidInput(this.problems);
  }
}

/** The BAD_USER_INPUT error of problems that are known not to be empty (to `throw` where control flow must end). */
export function invalidInputOf(problems: InputProblems): GraphQLError {
  return invalidInput(problems.list);
}

export function invalidInput(problems: readonly InputProblem[]): GraphQLError {
  const [first] = problems;
  return gatewayError('BAD_USER_INPUT', `Invalid input: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`, {
    field: first?.field,
    reason: first?.reason,
    problems: problems.map((p) => ({ field: p.field, reason: p.reason })),
  });
}

/** The data's current state forbids the write (HTTP 409). */
export function conflict(message: string, field?: string): GraphQLError {
  return gatewayError('CONFLICT', message, field === undefined ? {} : { field });
}

/**
 * CONFLICT or FORBIDDEN for several entries of one input at once (a batch): `extensions.problems` lists each, like
 * BAD_USER_INPUT's, `extensions.field` is the first.
 */
export function refusedEntries(
  code: Extract<ErrorCode, 'CONFLICT' | 'FORBIDDEN'>,
  problems: readonly InputProblem[],
): GraphQLError {
  const [first] = problems;
  return gatewayError(code, problems.map((p) => `${p.field}: ${p.reason}`).join('; '), {
    field: first?.field,
    problems: problems.map((p) => ({ field: p.field, reason: p.reason })),
  });
}

/** The caller may not write this (another facility's or establishment's data, or not an organisation that writes). */
export function forbidden(message: string, field?: string): GraphQLError {
  return gatewayError('FORBIDDEN', message, field === undefined ? {} : { field });
}

// ───────────── formats ─────────────

/** ICD-10 code: a letter, two digits, optionally a dot and 1-4 digits or capital letters (e.g. `J18.9`, `E11.65`). */
export const ICD10_CODE = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;

/** A 5-digit commune/ward code (after the 1 July 2025 reorganisation). */
export const COMMUNE_CODE = /^\d{5}$/;

/**
 * Free text: trimmed, not empty, at most `max` characters, no control characters. `multiline` texts (a reason, a
 * resolution) may hold TAB, LF and CR, as every request may (src/limits/text.ts refuses the other control characters
 * before execution); a name or an address stays on one line.
 */
export function textProblem(value: string, max: number, options: { multiline?: boolean } = {}): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return 'must not be empty';
  if (trimmed.length > max) return `must be at most ${max} characters`;
  const control = options.multiline === true ? /[^\P{Cc}\t\n\r]/u : /\p{Cc}/u;
  if (control.test(trimmed)) {
    return options.multiline === true
      ? 'must not contain control characters other than TAB and line breaks'
      : 'must not contain control characters';
  }
  return undefined;
}

// ───────────── time ─────────────

/** Vietnam is UTC+07:00 all year (no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** Instants up to this far ahead of the gateway's clock are not "in the future" (clients' clocks drift). */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Today's calendar date in Vietnam, `YYYY-MM-DD`. */
export function vietnamToday(now = Date.now()): string {
  return new Date(now + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar date in Vietnam of an instant. */
export function vietnamDate(instant: string): string {
  return new Date(Date.parse(instant) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A DateTime input as the database stores it (millisecond precision, UTC), so that the order checked here is the order
 * stored (timestamptz(3) would round microseconds).
 */
export function normaliseInstant(instant: string): string {
  return new Date(Date.parse(instant)).toISOString();
}

export function isFutureInstant(instant: string, now = Date.now()): boolean {
  return Date.parse(instant) > now + CLOCK_SKEW_MS;
}

export function isFutureDate(date: string, now = Date.now()): boolean {
  return date > vietnamToday(now);
}

// ───────────── numbers ─────────────

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A whole, non-negative amount of VND from a Decimal input (`"150000"`, `"150000.00"`); undefined when it is not. */
export function parseWholeVnd(value: string): bigint | undefined {
  const match = /^(\d{1,19})(?:\.0+)?$/.exec(value);
  if (match === null) return undefined;
  const amount = BigInt(match[1] as string);
  return amount <= MAX_BIGINT ? amount : undefined;
}

/** A share in percent with up to 2 decimals, more than 0 and at most 100, as hundredths (`"33.33"` → 3333). */
export function parseSharePercent(value: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(value);
  if (match === null) return undefined;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return hundredths > 0 && hundredths <= 10_000 ? hundredths : undefined;
}

/** Hundredths as the decimal text the database takes and returns for numeric(5,2) (3333 → `"33.33"`). */
export function formatHundredths(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// ───────────── global IDs ─────────────

/** The integer key of a global ID of `type` (base64url `Type:key`), or undefined when it is not one. */
export function integerKeyOf(id: string, type: string): number | undefined {
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const prefix = `${type}:`;
  if (!decoded.startsWith(prefix)) return undefined;
  const key = decoded.slice(prefix.length);
  if (!/^\d{1,10}$/.test(key) || Number(key) > 2_147_483_647 || Number(key) < 1) return undefined;
  return Number(key);
}

// ───────────── the population registry ─────────────

export interface RegistryCitizen {
  personalId: string;
  dateOfBirth: string;
  status: 'ALIVE' | 'DECEASED';
}

export interface CitizenCheck {
  /** Input path of the personal ID. */
  field: string;
  personalId: string;
  /** The citizen must be alive (a new registration, a new land right). */
  alive?: boolean;
}

/**
 * Checks that personal IDs are in the population registry (core.citizen), in one statement, inside the mutation's
 * transaction. A cancelled ID that was re-issued is refused: writes use the current ID. Returns the citizens found.
 */
export async function checkCitizens(
  tx: DatabaseTransaction,
  problems: InputProblems,
  checks: readonly CitizenCheck[],
): Promise<Map<string, RegistryCitizen>> {
  const found = new Map<string, RegistryCitizen>();
  if (checks.length === 0) return found;
  const ids = [...new Set(checks.map((check) => check.personalId))];
  const rows = await tx.query<{
    id: string;
    personalId: string | null;
    dateOfBirth: string;
    status: RegistryCitizen['status'];
    reissued: boolean;
  }>(
    `SELECT k.id, c.personal_id AS "personalId", ${isoDate('c.date_of_birth')} AS "dateOfBirth", c.status::text AS status,
       EXISTS (SELECT 1 FROM core.previous_personal_id p WHERE p.previous_id = k.id) AS reissued
     FROM unnest($1::bpchar[]) AS k(id) LEFT JOIN core.citizen c ON c.personal_id = k.id`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const check of checks) {
    const row = byId.get(check.personalId);
    if (row === undefined || row.personalId === null) {
      problems.add(
        check.field,
        row?.reissued === true
          ? 'this personal ID was cancelled and re-issued; use the current personal ID'
          : 'no citizen with this personal ID in the population registry',
      );
      continue;
    }
    if (check.alive === true && row.status !== 'ALIVE') problems.add(check.field, 'the citizen is deceased');
    found.set(row.personalId, { personalId: row.personalId, dateOfBirth: row.dateOfBirth, status: row.status });
  }
  return found;
}

// ───────────── database errors ─────────────

/** The name of the unique constraint or index a statement violated (SQLSTATE 23505), for PostgreSQL and PGlite. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && typeof constraint === 'string' ? constraint : undefined;
}
