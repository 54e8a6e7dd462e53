/** JSON answers of the HTTP layer (the ones Apollo does not give). */
import type { ServerResponse } from 'node:http';
import { ERRORS, errorHeaders, type ErrorCode } from '../errors/catalogue.ts';

/**
 * A GraphQL-shaped error response, `{ errors: [{ message, extensions: { code } }] }`, with the code's status and
 * headers (`Retry-After`...) from the error catalogue. `rateLimitRetryAfterSeconds`: see `errorHeaders`.
 */
export function sendError(
  res: ServerResponse,
  code: ErrorCode,
  message: string = ERRORS[code].message,
  rateLimitRetryAfterSeconds?: number,
) {
  const headers = errorHeaders(code, rateLimitRetryAfterSeconds);
  noteErrorCode(res, code);
  sendJson(res, ERRORS[code].status, { errors: [{ message, extensions: { code } }] }, headers);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

const ERROR_CODES = new WeakMap<ServerResponse, string>();

/** Remembers the error code a response was refused with (for the security events, src/http/graphql-request.ts). */
export function noteErrorCode(res: ServerResponse, code: string): void {
  ERROR_CODES.set(res, code);
}

/** The error code of a refused response (sendError or noteErrorCode), if any. */
export function errorCodeOf(res: ServerResponse): string | undefined {
  return ERROR_CODES.get(res);
}
