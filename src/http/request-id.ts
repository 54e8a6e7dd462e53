/**
 * The request id (docs/ARCHITECTURE.md §3): one per HTTP request, echoed in the response's `X-Request-Id`, and the id
 * the log lines, audit records and security events of that request carry. This module is the one place it is chosen,
 * so that anything correlating requests (a tracing layer) hooks in here.
 *
 * A client's own `X-Request-Id` is used when it is 1–128 characters of `A-Z a-z 0-9 . _ : -` (UUIDs, ULIDs, most
 * proxies' ids), holds no run of 12 or more digits (it is stored in logs, audit records and security events, which
 * never hold a personal ID: a client must not be able to put one there), and no other request of this process in
 * flight uses it; otherwise the gateway generates a UUID
 * instead (logged, not an error: a request must not fail over a correlation header). The in-flight rule keeps the
 * per-request state keyed by the id (observation, security events) apart even when a client reuses ids. A client's
 * id is a correlation hint, not an identity: audit records also name the client (`sub`), and ids of different
 * clients or replicas may coincide.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';

/** What a client-supplied `X-Request-Id` may be. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** A run of digits as long as a personal ID (Decree 137/2015/ND-CP: 12 digits). */
const PERSONAL_ID_LIKE = /\d{12}/;

function acceptable(supplied: string): boolean {
  return REQUEST_ID_PATTERN.test(supplied) && !PERSONAL_ID_LIKE.test(supplied);
}

const assigned = new WeakMap<IncomingMessage, string>();
const inFlight = new Set<string>();

/**
 * The request's id: assigned (and set as the response's `X-Request-Id`) on the first call, the same id on later
 * calls. `logger` notes a client id that was replaced.
 */
export function requestIdOf(req: IncomingMessage, res: ServerResponse, logger?: Pick<Logger, 'info'>): string {
  const known = assigned.get(req);
  if (known !== undefined) return known;
  const supplied = req.headers['x-request-id'];
  let id: string;
  if (typeof supplied === 'string' && acceptable(supplied) && !inFlight.has(supplied)) {
    id = supplied;
  } else {
    id = randomUUID();
    // Never the supplied value itself: it failed the check, so it may hold anything (a token, a personal ID).
    // (Node joins a repeated header with ", ", which the pattern refuses.)
    if (typeof supplied === 'string') {
      const reason = acceptable(supplied) ? 'in use by a request in flight' : 'invalid';
      logger?.info({ requestId: id, suppliedRequestId: { reason, length: supplied.length } }, 'X-Request-Id replaced');
    }
  }
  assigned.set(req, id);
  inFlight.add(id);
  // 'close' comes once the response is done or the connection went away: the id is free again.
  res.once('close', () => inFlight.delete(id));
  res.setHeader('x-request-id', id);
  return id;
}
