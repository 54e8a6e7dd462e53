/**
 * CORS (the Fetch standard's CORS protocol): browser pages on the origins of CORS_ORIGINS may call /graphql and
 * /schema.graphql. With no origins configured (the default) the gateway sends no CORS header at all, and browsers keep
 * every cross-origin page out, as before.
 *
 * - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an allowed origin is answered 204
 *   with that origin (never `*`), the route's methods, the request headers clients use, `Access-Control-Max-Age`
 *   and `Vary: Origin`. From any other origin it is refused with 403 FORBIDDEN and no CORS header, so the browser's
 *   CORS check fails and the actual request is never sent.
 * - Actual responses to an allowed origin carry `Access-Control-Allow-Origin` and `Access-Control-Expose-Headers`
 *   (X-Request-Id, Retry-After, WWW-Authenticate); to other origins nothing changes (the browser hides the response
 *   from the page).
 * - No `Access-Control-Allow-Credentials`: the gateway authenticates by bearer token in `Authorization`, never by
 *   cookie or HTTP authentication, so pages call it with fetch's default `credentials: 'same-origin'`; a request made
 *   with `credentials: 'include'` fails the browser's check, which is intended.
 * GET /metrics is not offered cross-origin: Prometheus scrapes from a server, not from a page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './respond.ts';

/** Request headers a page may send (the preflight answer); the Fetch standard needs `Authorization` listed by name. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Purpose',
  'X-User-Id',
  'X-Break-Glass',
  'Idempotency-Key',
  'X-Request-Id',
  'traceparent',
  'tracestate',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];

/** Response headers a page may read besides the CORS-safelisted ones (Content-Type, Cache-Control...). */
export const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'WWW-Authenticate'];

/** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours); an allow-list change takes this. */
export const CORS_MAX_AGE_SECONDS = 600;

export interface CorsPolicy {
  /** The exact origins allowed (CORS_ORIGINS, serialised as browsers send them). */
  readonly origins: ReadonlySet<string>;
}

export type CorsOutcome = 'answered' | 'continue';

/**
 * Applies CORS to a request of a route that offers it (`methods`: the route's methods). Answers preflights itself
 * ('answered'); for any other request sets the headers of an allowed origin and lets the route answer ('continue').
 */
export function applyCors(
  policy: CorsPolicy,
  req: IncomingMessage,
  res: ServerResponse,
  methods: readonly string[],
): CorsOutcome {
  const origin = req.headers.origin;
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (policy.origins.size === 0 && !preflight) return 'continue';
  // The answer depends on Origin whenever CORS is on, allowed or not (RFC 9110 §12.5.5; Fetch "CORS protocol and
  // HTTP caches").
  if (policy.origins.size > 0) appendVary(res, 'Origin');
  const allowed = origin !== undefined && policy.origins.has(origin);
  if (preflight) {
    if (!allowed) {
      sendError(
        res,
        'FORBIDDEN',
        origin === undefined
          ? 'A CORS preflight needs an Origin header'
          : `Cross-origin requests from ${origin.slice(0, 100)} are not allowed (CORS_ORIGINS)`,
      );
      return 'answered';
    }
    res.writeHead(204, {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': methods.join(', '),
      'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
      'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
      'cache-control': 'no-store',
    });
    res.end();
    return 'answered';
  }
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', '));
  }
  return 'continue';
}

/** Adds field names to the response's `Vary`, keeping those already set (Apollo may set its own). */
export function appendVary(res: ServerResponse, ...names: string[]): void {
  const current = res.getHeader('vary');
  const present = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const lower = new Set(present.map((name) => name.toLowerCase()));
  for (const name of names) if (!lower.has(name.toLowerCase())) present.push(name);
  res.setHeader('vary', present.join(', '));
}
