/**
 * Waiting for the database at start-up (docs/ARCHITECTURE.md §10). Replicas and their database are often started
 * together (a host reboot, a compose stack), and the gateway may come up first: instead of exiting with a stack trace
 * it retries with exponential backoff, one log line per failed attempt, for at most DATABASE_STARTUP_TIMEOUT_MS. Only
 * "unavailable" failures (src/db/unavailable.ts: refused, reset, timed out, the server starting up) are retried; any
 * other failure (wrong password, no such database, pending migrations) is for the operator and ends the wait at once.
 */
import type { Logger } from '../logger.ts';
import { unavailableReason } from './unavailable.ts';

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

export interface StartupWaitOptions {
  /** Give up after this many milliseconds (0: one attempt). */
  timeoutMs: number;
  /** Where the database is, for the log lines (never with its password). */
  where: string;
  logger: Pick<Logger, 'warn'>;
  /** First pause between attempts; doubled after each, up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** Runs `attempt` until it succeeds, retrying unavailable failures with backoff until `timeoutMs`. */
export async function waitForDatabase(attempt: () => Promise<void>, options: StartupWaitOptions): Promise<void> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  let delayMs = options.initialDelayMs ?? 250;
  for (let attempts = 1; ; attempts += 1) {
    try {
      await attempt();
      return;
    } catch (error) {
      const reason = unavailableReason(error);
      if (reason === undefined) throw error;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        throw new DatabaseUnreachableError(
          `giving up: the database at ${options.where} was unreachable for ${seconds} s (${attempts} attempt${attempts === 1 ? '' : 's'}, last: ${reason}); DATABASE_STARTUP_TIMEOUT_MS is ${options.timeoutMs}`,
        );
      }
      const pause = Math.min(delayMs, left);
      options.logger.warn(
        { attempt: attempts, reason, retryInMs: pause, giveUpInMs: left },
        `database at ${options.where} unreachable (attempt ${attempts}: ${reason}); retrying in ${pause} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, pause));
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    }
  }
}

/** host:port/database of a connection string, without user or password, for log lines. */
export function databaseLocation(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.host}${url.pathname}`;
  } catch {
    return '(DATABASE_URL)';
  }
}
