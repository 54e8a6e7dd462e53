/**
 * "The database is down or too slow" as one error class. The database layer rethrows connection failures,
 * timeouts and server shutdowns as SourceUnavailableError, so the gateway answers HTTP 503 SOURCE_UNAVAILABLE (retry
 * later) instead of a masked 500, and never leaks driver text. Anything else (a bad statement, a constraint) is a
 * bug or a client error and keeps its own error.
 */
import { ERRORS, type ErrorCode } from '../errors/catalogue.ts';

/**
 * - `outage`: the source did not answer (connection refused, reset or timed out, statement timeout, shutdown); counts
 *   towards opening the circuit breaker (src/db/breaker.ts).
 * - `lock`: the server answered, but a row or table this statement needed stayed locked longer than lock_timeout
 *   (another session holds it); the source itself is up, so it does not count towards the breaker.
 * - `breaker`: refused by the open circuit breaker without asking the source.
 */
export type UnavailableKind = 'outage' | 'lock' | 'breaker';

export class SourceUnavailableError extends Error {
  override name = 'SourceUnavailableError';
  readonly code = 'SOURCE_UNAVAILABLE' satisfies ErrorCode;
  /** Why, for logs (driver code or message); never sent to clients. */
  readonly reason: string;
  readonly kind: UnavailableKind;

  constructor(reason: string, options?: { cause?: unknown; kind?: UnavailableKind }) {
    super(ERRORS.SOURCE_UNAVAILABLE.message, options);
    this.reason = reason;
    this.kind = options?.kind ?? 'outage';
  }
}

/**
 * The connection failed or timed out while COMMIT was on its way: the server may have committed (the commit record
 * written, the answer lost) or not. Never "retry later": a blind retry could write twice. The client repeats the
 * request with the same Idempotency-Key, which replays the stored result if it committed and runs it if not
 * (src/lib/mutation.ts). Answered as SOURCE_UNAVAILABLE with `extensions.committed: "unknown"` (src/errors/mask.ts).
 */
export class CommitOutcomeUnknownError extends SourceUnavailableError {
  override name = 'CommitOutcomeUnknownError';
  readonly committed = 'unknown';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`COMMIT: ${reason}`, options);
    this.message = COMMIT_UNKNOWN_MESSAGE;
  }
}

export const COMMIT_UNKNOWN_MESSAGE =
  'The write may have been committed: the database did not confirm it. Do not send it as a new request; repeat it ' +
  'with the same Idempotency-Key, which returns its result if it was committed and writes it once if not.';

/** Node socket errors of a connection that failed or broke. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs meaning "the server cannot serve you now": 08xxx connection exceptions, 57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now (starting up, recovery), 57P05 idle_session_timeout, 57014 query_canceled
 * (statement_timeout), 25P03 idle_in_transaction_session_timeout (the server ended a stuck session), 53300 too many
 * connections, 53xxx insufficient resources, and 55P03 lock_not_available (lock_timeout: the data is locked by
 * another session, which the server ends at its own timeout; retry later).
 */
function isUnavailableSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '57P05' ||
    code === '57014' ||
    code === '25P03' ||
    code === LOCK_NOT_AVAILABLE ||
    code.startsWith('53')
  );
}

/** SQLSTATE of lock_timeout (and of NOWAIT, which the gateway does not use). */
const LOCK_NOT_AVAILABLE = '55P03';

/** Messages node-postgres, pg-pool and PGlite use for connection loss and timeouts (they carry no code). */
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /connection error and is not queryable/i,
  /client was closed and is not queryable/i,
  /cannot use a pool after calling end/i,
  /pglite is closed/i,
  /server closed the connection unexpectedly/i,
];

/** Why `error` means the source is unavailable, or undefined when it is another kind of error. */
export function unavailableReason(error: unknown): string | undefined {
  if (error instanceof SourceUnavailableError) return error.reason;
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code)) return code;
    if (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)) return `SQLSTATE ${code}`;
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string') {
    const match = MESSAGES.find((pattern) => pattern.test(message));
    if (match !== undefined) return message.slice(0, 120);
  }
  // AggregateError (a host with several addresses, all refused) and wrapped causes.
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.length > 0 && nested.every((e) => unavailableReason(e) !== undefined)) {
    return unavailableReason(nested[0]);
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== error) return unavailableReason(cause);
  return undefined;
}

/** The error to rethrow: a SourceUnavailableError for connection loss and timeouts, `error` itself otherwise. */
export function toSourceError(error: unknown): unknown {
  if (error instanceof SourceUnavailableError) return error;
  const reason = unavailableReason(error);
  if (reason === undefined) return error;
  const lock = (error as { code?: unknown }).code === LOCK_NOT_AVAILABLE;
  return new SourceUnavailableError(reason, { cause: error, kind: lock ? 'lock' : 'outage' });
}

/** Rejects with SourceUnavailableError when `work` takes longer than `ms` (the work itself is not cancelled). */
export function withTimeout<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SourceUnavailableError(`${what} exceeded ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
