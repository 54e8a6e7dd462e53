/**
 * Every error code a client can receive, in one place (docs/ARCHITECTURE.md §8): its HTTP status, a safe default
 * message and its retry policy. Modelled on Apollo Server's `errors/` (one enum of codes) and Grafast's `SafeError`
 * (a message written for clients). Error responses and GraphQL errors are built from it (`gatewayError`,
 * `errorHeaders`, src/http/respond.ts `sendError`), so a code cannot be raised without being listed, and
 * `Retry-After` is chosen here only. README.md's error table is generated from it (`npm run docs:errors`), and
 * src/errors/catalogue.test.ts checks both.
 */
import type { HTTPGraphQLHead } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * - `never`: the same request fails the same way; the client must change it (or its token) first.
 * - `{ afterSeconds }`: a transient refusal; the response carries `Retry-After: afterSeconds`.
 * - `rate-limit`: `Retry-After` is when the caller's token bucket has a token again (computed per request).
 * - `backoff`: an unexpected failure; no `Retry-After`, clients may retry with exponential backoff.
 */
export type RetryPolicy = 'never' | 'rate-limit' | 'backoff' | { readonly afterSeconds: number };

export interface ErrorDefinition {
  /** The HTTP status of a response this error refuses. */
  readonly status: number;
  /**
   * Raised while executing (a resolver, an input check), the error is reported beside the other fields' data and the
   * response stays HTTP 200 (GraphQL over HTTP, "field errors"); `status` is then the status of the response when
   * the same code refuses the whole request (invalid variables, the top-level failure).
   */
  readonly fieldError?: true;
  /** A message safe for any client: no SQL, driver text, stack or personal data. */
  readonly message: string;
  readonly retry: RetryPolicy;
  /** Headers every response refused with this code carries (besides `Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** What it means, for README.md's error table. */
  readonly meaning: string;
}

const NEVER = 'never' as const;

export const ERRORS = {
  // ── authentication and authorization (docs/ARCHITECTURE.md §5)
  UNAUTHENTICATED: {
    status: 401,
    message: 'The bearer token is not valid',
    retry: NEVER,
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    meaning: 'Malformed, expired or badly signed bearer token, or from an untrusted issuer; /metrics without a token',
  },
  FORBIDDEN: {
    status: 403,
    message: 'Not authorized',
    retry: NEVER,
    meaning: 'AUTHZ_MODE=reject, a denied field selected; a write outside the caller’s organisation; no `metrics:read`',
  },
  UNAUTHORIZED_FIELD_OR_TYPE: {
    status: 200,
    fieldError: true,
    message: 'Not authorized to read this field',
    retry: NEVER,
    meaning: 'A field the token may not read (its value is `null`); the rest of the response is served',
  },
  PURPOSE_REQUIRED: {
    status: 400,
    message: 'This operation reads personal data: state the purpose of use in the X-Purpose header',
    retry: NEVER,
    meaning: 'The operation reads personal data and `X-Purpose` is missing',
  },
  PURPOSE_INVALID: {
    status: 400,
    message: 'X-Purpose is not a purpose of use',
    retry: NEVER,
    meaning: '`X-Purpose` is not one of the purposes of use',
  },
  PURPOSE_NOT_ALLOWED: {
    status: 403,
    message: 'This token may not state this purpose',
    retry: NEVER,
    meaning: 'The token’s `purposes` claim excludes the stated purpose',
  },
  BREAK_GLASS_NOT_ALLOWED: {
    status: 403,
    message: 'This token may not break the glass',
    retry: NEVER,
    meaning:
      '`X-Break-Glass` from a token that is not a hospital’s (an `org` that is a health facility, ' +
      '`health:encounters:read`, no `pid`)',
  },
  BREAK_GLASS_REASON_INVALID: {
    status: 400,
    message: 'X-Break-Glass must state the reason: 1 to 500 characters, no control characters',
    retry: NEVER,
    meaning: '`X-Break-Glass` empty after trimming, over 500 characters, with control characters, or sent twice',
  },
  BREAK_GLASS_PURPOSE: {
    status: 400,
    message: 'A break-glass request states the purpose TREATMENT',
    retry: NEVER,
    meaning: '`X-Break-Glass` with an `X-Purpose` other than TREATMENT (or none)',
  },
  BREAK_GLASS_READ_ONLY: {
    status: 400,
    message: 'Break-glass is for reading: a mutation cannot be sent with X-Break-Glass',
    retry: NEVER,
    meaning: 'A mutation sent with `X-Break-Glass`',
  },
  BREAK_GLASS_ONE_PATIENT: {
    status: 400,
    message: 'A break-glass request reads one patient: exactly one root field, citizen(personalId:)',
    retry: NEVER,
    meaning:
      'A break-glass query whose root is not exactly one `citizen(personalId:)` field, or whose answer concerns more ' +
      'than one citizen (withheld)',
  },
  INTROSPECTION_DISABLED: {
    status: 400,
    message: 'Introspection is disabled',
    retry: NEVER,
    meaning: 'Introspection without the `schema:introspect` scope in production',
  },
  // ── the request itself
  BAD_REQUEST: {
    status: 400,
    message: 'The request is not valid',
    retry: NEVER,
    meaning: 'Not a GraphQL request: bad JSON, bad HTTP, wrong method or media type (Apollo answers 405/415 with it)',
  },
  BAD_USER_INPUT: {
    status: 400,
    fieldError: true,
    message: 'Invalid input',
    retry: NEVER,
    meaning: 'An argument or variable value is invalid (`extensions.field` names it)',
  },
  NOT_FOUND: {
    status: 404,
    message: 'No such route',
    retry: NEVER,
    meaning: 'No route for this method and path',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: 'This method is not allowed on this resource',
    retry: NEVER,
    meaning: 'FHIR: an interaction the endpoint does not offer on that path (the `Allow` header lists what it does)',
  },
  NOT_ACCEPTABLE: {
    status: 406,
    message: 'The gateway answers FHIR in JSON only (application/fhir+json)',
    retry: NEVER,
    meaning:
      'FHIR: `Accept` or `_format` asks for a format other than FHIR JSON (e.g. XML), or a FHIR version other than 4.0',
  },
  PRECONDITION_FAILED: {
    status: 412,
    message: 'The condition of the request matches more than one resource',
    retry: NEVER,
    meaning: 'FHIR: a conditional request (`If-None-Exist`) whose criteria match several resources',
  },
  UNPROCESSABLE_ENTITY: {
    status: 422,
    message: 'The resource is not valid',
    retry: NEVER,
    meaning: 'FHIR: a submitted resource or Bundle breaks a rule of its profile; each issue names the element',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    message: 'The request line and headers exceed 16 KB',
    retry: NEVER,
    meaning: 'The request line and headers exceed 16 KB',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    message: 'The request was not received in time',
    retry: 'backoff',
    meaning: 'The request was not received within the server’s request timeout',
  },
  OPERATION_NOT_SUPPORTED: {
    status: 400,
    message: 'This gateway does not support this kind of operation',
    retry: NEVER,
    meaning: 'A `mutation` or `subscription` against a schema without that root type',
  },
  // ── graphql-js and Apollo Server's own codes
  GRAPHQL_PARSE_FAILED: {
    status: 400,
    message: 'Syntax error',
    retry: NEVER,
    meaning: 'The document is not valid GraphQL syntax',
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    message: 'The document is not valid against the schema',
    retry: NEVER,
    meaning: 'The document does not validate against the schema (as the token sees it)',
  },
  OPERATION_RESOLUTION_FAILURE: {
    status: 400,
    message: 'The operation to run could not be determined',
    retry: NEVER,
    meaning: '`operationName` names no operation of the document, or is missing with several',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: 200,
    message: 'PersistedQueryNotFound',
    retry: NEVER,
    meaning: 'Automatic persisted queries: the hash or `documentId` is unknown; send the document with it',
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    status: 200,
    message: 'PersistedQueryNotSupported',
    retry: NEVER,
    meaning: 'Automatic persisted queries are off',
  },
  // ── trusted documents (docs/ARCHITECTURE.md §7)
  PERSISTED_QUERY_NOT_ALLOWED: {
    status: 400,
    message: 'Only trusted documents run on this gateway',
    retry: NEVER,
    meaning: 'TRUSTED_DOCUMENTS_FILE is set and the document (text, `documentId` or hash) is not in it',
  },
  PERSISTED_QUERY_HASH_MISMATCH: {
    status: 400,
    message: 'The persistedQuery sha256Hash is not the SHA-256 of "query"',
    retry: NEVER,
    meaning: 'The `persistedQuery` hash or `documentId` does not match the `query` sent with it',
  },
  // ── operation limits (docs/ARCHITECTURE.md §7)
  MAX_DEPTH: {
    status: 400,
    message: 'The operation is too deep',
    retry: NEVER,
    meaning: 'Selection depth over `LIMIT_DEPTH` (`extensions.limit`, `measured`)',
  },
  MAX_ALIASES: {
    status: 400,
    message: 'The operation has too many aliases',
    retry: NEVER,
    meaning: 'More aliases than `LIMIT_ALIASES`',
  },
  MAX_ROOT_FIELDS: {
    status: 400,
    message: 'The operation has too many root fields',
    retry: NEVER,
    meaning: 'More root fields than `LIMIT_ROOT_FIELDS`',
  },
  MAX_TOKENS: {
    status: 400,
    message: 'The document has too many tokens',
    retry: NEVER,
    meaning: 'More tokens than `LIMIT_TOKENS` (parsing stops there)',
  },
  MAX_COST: {
    status: 400,
    message: 'The operation costs too much',
    retry: NEVER,
    meaning: 'Estimated cost over `LIMIT_COST` (`@cost`/`@listSize`)',
  },
  MAX_REQUEST_BYTES: {
    status: 413,
    message: 'The request body is too large',
    retry: NEVER,
    meaning: 'A body over `LIMIT_REQUEST_BYTES`',
  },
  // ── load and availability (docs/ARCHITECTURE.md §7, §10)
  RATE_LIMITED: {
    status: 429,
    message: 'Too many requests',
    retry: 'rate-limit',
    meaning: 'The caller’s token bucket is empty (`RATE_LIMIT_*`)',
  },
  PROBING_THROTTLED: {
    status: 429,
    message: 'Too many other citizens’ personal IDs asked for',
    retry: 'rate-limit',
    meaning:
      'A citizen token named more other citizens’ IDs than are left of `PROBE_THROTTLE_IDS` per `PROBE_THROTTLE_WINDOW_S`; the whole request is refused before it runs',
  },
  BREAK_GLASS_LIMITED: {
    status: 429,
    message: 'Too many break-glass requests from this organisation',
    retry: 'rate-limit',
    meaning:
      'The organisation sent more than `BREAK_GLASS_LIMIT` break-glass requests per `BREAK_GLASS_WINDOW_SECONDS`; ' +
      'refused before it runs',
  },
  OVERLOADED: {
    status: 503,
    message: 'The gateway is overloaded. Retry later.',
    retry: { afterSeconds: 1 },
    meaning: 'No execution slot freed within `OPERATION_QUEUE_TIMEOUT_MS`',
  },
  SOURCE_UNAVAILABLE: {
    status: 503,
    message: 'A data source is unavailable; try again later',
    retry: { afterSeconds: 5 },
    meaning:
      'Database down, slower than `DATABASE_TIMEOUT_MS`, locked, breaker open, or starting; `data: null`. With ' +
      '`extensions.committed: "unknown"`: a mutation’s COMMIT went unanswered, it may have been written: repeat it ' +
      'with the same Idempotency-Key, never as a new request',
  },
  SHUTTING_DOWN: {
    status: 503,
    message: 'This gateway instance is shutting down; retry (another instance will answer)',
    retry: { afterSeconds: 1 },
    headers: { connection: 'close' },
    meaning: 'A request that arrived after SIGTERM, once the drain delay is over; its connection is closed',
  },
  AUDIT_UNAVAILABLE: {
    status: 503,
    message: 'The data was not sent: the audit trail could not be written. Retry later.',
    retry: { afterSeconds: 5 },
    meaning:
      'The access records could not be committed, so the personal data is withheld (for a committed mutation: HTTP ' +
      '200, `extensions.committed: true`, repeat it with the same Idempotency-Key)',
  },
  // ── writes (docs/ARCHITECTURE.md §11)
  CONFLICT: {
    status: 409,
    message: 'The current state of the data forbids this write',
    retry: NEVER,
    meaning: 'The data’s current state forbids the write (a duplicate, a change no longer PENDING)',
  },
  CONFLICT_ALREADY_RESOLVED: {
    status: 409,
    message: 'The identity conflict was already resolved',
    retry: NEVER,
    meaning: '`resolveIdentityConflict` on a conflict already resolved',
  },
  BREAK_GLASS_ALREADY_REVIEWED: {
    status: 409,
    message: 'The break-glass request was already reviewed',
    retry: NEVER,
    meaning: '`reviewBreakGlass` on a break-glass request reviewed before (one review each)',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    message: 'This mutation needs an Idempotency-Key',
    retry: NEVER,
    meaning:
      'Production: a mutation without an `Idempotency-Key` header (or `input.idempotencyKey`); nothing was written',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'The idempotency key was already used for a different request',
    retry: NEVER,
    meaning: 'The same idempotency key with a different request',
  },
  // ── anything else
  INTERNAL_SERVER_ERROR: {
    status: 500,
    fieldError: true,
    message: 'Internal server error',
    retry: 'backoff',
    meaning: 'Anything unexpected, masked: clients never see SQL, stack traces or driver text',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/**
 * The GraphQL error of a catalogue code. Unless it is a field error, it carries `extensions.http.status`, which makes
 * Apollo Server answer the whole response with that status (the extension itself is not sent).
 */
export function gatewayError(
  code: ErrorCode,
  message?: string,
  extensions: Readonly<Record<string, unknown>> = {},
): GraphQLError {
  const definition: ErrorDefinition = ERRORS[code];
  return new GraphQLError(message ?? definition.message, {
    extensions: {
      code,
      ...(definition.fieldError === true ? {} : { http: { status: definition.status } }),
      ...extensions,
    },
  });
}

/**
 * The headers of a response refused with `code`: `Retry-After` from its retry policy (for RATE_LIMITED, the caller's
 * `rateLimitRetryAfterSeconds`) and the code's own headers. The only place `Retry-After` is chosen.
 */
export function errorHeaders(code: ErrorCode, rateLimitRetryAfterSeconds?: number): Record<string, string> {
  const definition: ErrorDefinition = ERRORS[code];
  const { retry } = definition;
  const retryAfter =
    retry === 'rate-limit' ? rateLimitRetryAfterSeconds : typeof retry === 'object' ? retry.afterSeconds : undefined;
  return {
    ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
    ...definition.headers,
  };
}

/** Whether a formatted error carries `code`. */
export function hasCode(error: GraphQLFormattedError, code: ErrorCode): boolean {
  return error.extensions?.code === code;
}

/** Gives an Apollo response (replaced by a plugin) the status and headers of a refusal with `code`. */
export function setErrorHead(http: HTTPGraphQLHead, code: ErrorCode): void {
  http.status = ERRORS[code].status;
  for (const [name, value] of Object.entries(errorHeaders(code))) http.headers.set(name, value);
}

function retryText(retry: RetryPolicy): string {
  if (retry === 'never') return 'no: change the request';
  if (retry === 'rate-limit') return 'after `Retry-After` (token bucket refill)';
  if (retry === 'backoff') return 'with backoff';
  return `after \`Retry-After: ${retry.afterSeconds}\``;
}

/** README.md's error table, rendered from the catalogue (columns padded as Prettier formats Markdown tables). */
export function errorTableMarkdown(): string {
  const rows = ERROR_CODES.map((code) => {
    const definition: ErrorDefinition = ERRORS[code];
    const status =
      definition.fieldError === true && definition.status !== 200
        ? `${definition.status} (200 beside data when raised by a field)`
        : `${definition.status}`;
    return [`\`${code}\``, status, retryText(definition.retry), definition.meaning];
  });
  const header = ['Code', 'HTTP', 'Retry', 'Meaning'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const TABLE_START = '<!-- error-table:start (npm run docs:errors) -->';
const TABLE_END = '<!-- error-table:end -->';

/** `readme` with the text between the error table's markers replaced by the table; throws when a marker is missing. */
export function withErrorTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${TABLE_START} and ${TABLE_END}`);
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${errorTableMarkdown()}\n\n${readme.slice(end)}`;
}
