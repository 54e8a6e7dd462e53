/**
 * Admission of a break-glass request (docs/ARCHITECTURE.md §5): `X-Break-Glass: <reason>` asks to read a patient's
 * health data as if their consent existed, for an emergency that threatens life (Law on Medical Examination and
 * Treatment 2023; Decree 13/2023/ND-CP art. 17). Decided here, in the HTTP layer, after the token and before the body
 * is read or anything executes, in this order (the first failing check answers; each answer becomes a REFUSED security
 * event through admitCaller's listener):
 *
 *   1. the reason: one header, valid UTF-8, 1 to 500 characters after trimming, no control characters
 *      (400 BREAK_GLASS_REASON_INVALID);
 *   2. the caller is a hospital: a token without `pid`, with `health:encounters:read`, whose `org` is a facility of
 *      health.facility (403 BREAK_GLASS_NOT_ALLOWED). Anything else fails closed: a citizen token, a tourism or land
 *      client, a token without `org` or whose `org` is no facility;
 *   3. the purpose is TREATMENT (400 BREAK_GLASS_PURPOSE): the emergency exception covers treatment only;
 *   4. the organisation's break-glass bucket (BREAK_GLASS_LIMIT per BREAK_GLASS_WINDOW_SECONDS, shared by every token
 *      of the organisation and every replica) holds a request (429 BREAK_GLASS_LIMITED with Retry-After).
 *
 * Mutations under break-glass are refused by the authorization plugin (400 BREAK_GLASS_READ_ONLY): only then is the
 * operation known.
 *
 * The reason is stored in every access record of the request and in its review row. Each record belongs to one
 * patient's log, but a request may read several patients, so a personal ID written in the reason would be shown in
 * every other patient's log: runs of 9 or more digits (a 12-digit personal ID, a 9-digit former ID card number, a
 * phone or insurance number; single spaces, dots or hyphens between digits included) are masked with `*` before the
 * reason is kept. The patients concerned are listed by the review itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../auth/principal.ts';
import type { BreakGlass } from '../context.ts';
import type { Database } from '../db/database.ts';
import { ERRORS } from '../errors/catalogue.ts';
import type { BreakGlassLimit } from '../limits/index.ts';
import type { Logger } from '../logger.ts';
import { maskDigits } from '../observability/index.ts';
import type { RefusalResponder } from './caller.ts';
import { sendError } from './respond.ts';

export const BREAK_GLASS_HEADER = 'x-break-glass';
export const MAX_BREAK_GLASS_REASON = 500;
/** The scope a hospital client reads encounters with; break-glass is about encounters of other facilities. */
export const BREAK_GLASS_SCOPE = 'health:encounters:read';
export const BREAK_GLASS_PURPOSE = 'TREATMENT';

/** Digit runs that may be an identifier: 9+ digits, single separators allowed. */
const IDENTIFIER_RUN = /\d(?:[ .-]?\d){8,}/g;
/** Unpaired UTF-16 surrogates (decodeURIComponent refuses them, but never trust one path): not storable text. */
const LONE_SURROGATE = /\p{Cs}/u;

export interface BreakGlassAdmission {
  db: Pick<Database, 'query'>;
  limit: BreakGlassLimit;
  logger: Pick<Logger, 'info' | 'error'>;
}

/** A reason as stored: identifiers masked. */
export function maskedReason(reason: string): string {
  return reason.replace(IDENTIFIER_RUN, (run) => run.replace(/\d/g, '*'));
}

/** RFC 8187 ext-value with the UTF-8 charset and no language: `UTF-8''` then percent-encoded UTF-8. */
const EXT_VALUE = /^UTF-8''(.*)$/is;

/**
 * The reason of a break-glass header, or a description of what is wrong with it. `raw` holds every value the request
 * sent (Node keeps repeated headers apart in `headersDistinct`). Two forms: the RFC 8187 ext-value
 * `UTF-8''<percent-encoded UTF-8>` (what a browser's fetch() can send: header values are ISO-8859-1 there, and a
 * Vietnamese reason is not), or the reason as raw UTF-8 bytes (curl, server clients), which arrive as latin1
 * characters and are decoded; bytes that are not UTF-8 are refused.
 */
export function parseBreakGlassReason(raw: readonly string[]): { reason: string } | { problem: string } {
  if (raw.length !== 1) return { problem: 'send X-Break-Glass once' };
  const value = raw[0] as string;
  let decoded: string;
  const ext = EXT_VALUE.exec(value.trim());
  if (ext !== null) {
    try {
      decoded = decodeURIComponent(ext[1] as string);
    } catch {
      return { problem: "X-Break-Glass: UTF-8'' must be followed by percent-encoded UTF-8" };
    }
  } else {
    const bytes = Buffer.from(value, 'latin1');
    decoded = bytes.toString('utf8');
    if (!Buffer.from(decoded, 'utf8').equals(bytes)) return { problem: 'X-Break-Glass is not UTF-8 text' };
  }
  if (LONE_SURROGATE.test(decoded)) return { problem: 'X-Break-Glass is not UTF-8 text' };
  const reason = decoded.trim();
  if (reason === '') return { problem: 'X-Break-Glass must state the reason (it is empty)' };
  if ([...reason].length > MAX_BREAK_GLASS_REASON) {
    return { problem: `the reason in X-Break-Glass is longer than ${MAX_BREAK_GLASS_REASON} characters` };
  }
  if (/\p{Cc}/u.test(reason)) return { problem: 'the reason in X-Break-Glass contains control characters' };
  return { reason: maskedReason(reason) };
}

/**
 * Decides a request's `X-Break-Glass`: undefined without the header, the admitted break-glass, or 'answered' when
 * refused (the refusal is sent here).
 */
export async function admitBreakGlass(
  admission: BreakGlassAdmission,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  purpose: string | undefined,
  requestId: string,
  respond: RefusalResponder = sendError,
): Promise<BreakGlass | undefined | 'answered'> {
  const raw = req.headersDistinct[BREAK_GLASS_HEADER];
  if (raw === undefined) return undefined;
  const parsed = parseBreakGlassReason(raw);
  const client = maskDigits(principal.sub);
  if ('problem' in parsed) {
    respond(res, 'BREAK_GLASS_REASON_INVALID', `${parsed.problem}: 1 to ${MAX_BREAK_GLASS_REASON} characters`);
    return 'answered';
  }
  let hospital: boolean;
  try {
    hospital = await isHospital(admission.db, principal);
  } catch (error) {
    // Fail closed: without the facility registry the caller cannot be shown to be a hospital.
    admission.logger.error({ err: error, requestId }, 'break-glass: the facility registry could not be read');
    respond(res, 'SOURCE_UNAVAILABLE', ERRORS.SOURCE_UNAVAILABLE.message);
    return 'answered';
  }
  if (!hospital) {
    admission.logger.info({ requestId, client }, 'break-glass refused: not a hospital token');
    respond(
      res,
      'BREAK_GLASS_NOT_ALLOWED',
      `Only a hospital's client may break the glass: a token with ${BREAK_GLASS_SCOPE} whose org is a health ` +
        'facility, not bound to a citizen',
    );
    return 'answered';
  }
  if (purpose !== BREAK_GLASS_PURPOSE) {
    respond(res, 'BREAK_GLASS_PURPOSE', `A break-glass request states X-Purpose: ${BREAK_GLASS_PURPOSE}`);
    return 'answered';
  }
  const decision = await admission.limit.take(principal.org as string);
  if (!decision.allowed) {
    admission.logger.info({ requestId, client, retryAfter: decision.retryAfterSeconds }, 'break-glass rate limited');
    respond(
      res,
      'BREAK_GLASS_LIMITED',
      `Too many break-glass requests: this organisation may send ${decision.capacity} per window; retry after ` +
        `${decision.retryAfterSeconds} s`,
      decision.retryAfterSeconds,
    );
    return 'answered';
  }
  return { reason: parsed.reason };
}

/** A hospital's client: no `pid`, the encounters scope, and an `org` that is a facility of the health registry. */
async function isHospital(db: Pick<Database, 'query'>, principal: Principal): Promise<boolean> {
  if (principal.pid !== undefined || !principal.scopes.has(BREAK_GLASS_SCOPE)) return false;
  const org = principal.org;
  if (org === undefined || !/^[A-Za-z0-9]{1,5}$/.test(org)) return false;
  const rows = await db.query<{ found: boolean }>('SELECT true AS found FROM health.facility WHERE code = $1', [org]);
  return rows.length === 1;
}
