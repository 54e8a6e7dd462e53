/**
 * The first steps of every route that answers per token (/graphql, /schema.graphql; docs/ARCHITECTURE.md §3): the
 * bearer token verified, the caller's rate-limit bucket drawn (a failed token draws from its address's bucket, so
 * guessing tokens is limited too), and every refusal the route answers recorded as a REFUSED security event when the
 * response is done. One copy, so the two routes cannot drift apart.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../auth/principal.ts';
import { AuthenticationError, type TokenVerifier } from '../auth/verify.ts';
import type { SecurityEvents } from '../audit/security-events.ts';
import type { ErrorCode } from '../errors/catalogue.ts';
import { rateLimitMessage, type RateLimiter } from '../limits/index.ts';
import type { Logger } from '../logger.ts';
import { maskDigits } from '../observability/index.ts';
import { errorCodeOf, sendError } from './respond.ts';

/** Answers a refusal (401, 429) in the route's own format; default `sendError` (GraphQL-shaped). */
export type RefusalResponder = (
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  rateLimitRetryAfterSeconds?: number,
) => void;

export interface CallerAdmission {
  verifier: TokenVerifier;
  rateLimiter: RateLimiter | undefined;
  logger: Pick<Logger, 'info'>;
  securityEvents?: Pick<SecurityEvents, 'record'> & Partial<Pick<SecurityEvents, 'handledByPlugin'>>;
}

/**
 * Verifies the request's token and draws from the rate limit; answers the refusal itself (401, 429) and returns
 * `answered` then. `onPrincipal` sees a verified principal before the rate limit is drawn (so a rate-limited
 * request's log line still names its client). From the call on, a 4xx/503 answer of this request with an error code
 * becomes a REFUSED security event when the response closes (unless the security-events plugin recorded it already).
 */
export async function admitCaller(
  admission: CallerAdmission,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  onPrincipal?: (principal: Principal) => void,
  respond: RefusalResponder = sendError,
): Promise<Principal | 'answered'> {
  const { verifier, rateLimiter, logger, securityEvents } = admission;
  let principal: Principal | undefined;
  res.once('close', () => {
    if (securityEvents === undefined || securityEvents.handledByPlugin?.(requestId) === true) return;
    if (res.statusCode < 400) return;
    const code = errorCodeOf(res);
    if (code === undefined || code === 'INTERNAL_SERVER_ERROR') return;
    securityEvents.record({ kind: 'REFUSED', principal, code, requestId });
  });
  const rateLimited = async (caller: Principal | undefined): Promise<boolean> => {
    if (rateLimiter === undefined) return false;
    const decision = await rateLimiter.take(caller, req.socket.remoteAddress);
    if (decision.allowed) return false;
    const client = maskDigits(caller?.sub ?? 'anonymous');
    logger.info({ requestId, client, retryAfter: decision.retryAfterSeconds }, 'rate limited');
    respond(res, 'RATE_LIMITED', rateLimitMessage(decision), decision.retryAfterSeconds);
    return true;
  };
  try {
    principal = await verifier.verifyAuthorizationHeader(req.headers.authorization);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    logger.info({ requestId, reason: error.reason }, 'authentication failed');
    if (!(await rateLimited(undefined))) respond(res, error.code, error.message);
    return 'answered';
  }
  onPrincipal?.(principal);
  return (await rateLimited(principal)) ? 'answered' : principal;
}
