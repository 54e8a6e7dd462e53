/** Structured JSON logs (pino). Never log personal data or tokens: log request ids, client ids, codes. */
import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /**
   * Collect lines and write them to stdout in blocks of at least BUFFERED_LOG_BYTES, and at least every
   * BUFFERED_LOG_FLUSH_MS: one write system call per block instead of one per line (one per request for the access
   * log, measured in BENCHMARKS.md). Lines still pending at exit are written synchronously (pino's exit hook).
   * Production only: in development a line shows the moment it is logged.
   */
  buffered?: boolean;
}

const BUFFERED_LOG_BYTES = 8 * 1024; // below sonic-boom's maxWrite (16 KiB)
const BUFFERED_LOG_FLUSH_MS = 250;

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const settings = {
    level,
    base: { service: 'lienthong' },
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.token'], censor: '[redacted]' },
  };
  if (options.buffered !== true) return pino(settings);
  const destination = pino.destination({ dest: 1, sync: false, minLength: BUFFERED_LOG_BYTES });
  const logger = pino(settings, destination);
  // An idle gateway would otherwise hold its last lines until the buffer fills.
  setInterval(() => logger.flush(), BUFFERED_LOG_FLUSH_MS).unref();
  return logger;
}
