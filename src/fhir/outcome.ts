/**
 * FHIR answers of the gateway: resources as `application/fhir+json`, and every refusal as an OperationOutcome
 * (FHIR R4 http.html "Handling Errors") whose issues each carry a FHIR issue type (R4 ValueSet issue-type) and the
 * gateway's catalogue code (src/errors/catalogue.ts) as `details.coding`, so a FHIR client and a GraphQL client see
 * the same error code for the same refusal. Status and headers (`Retry-After`, `WWW-Authenticate`) come from the
 * catalogue, like every other error of the gateway (docs/ARCHITECTURE.md §8).
 */
import type { ServerResponse } from 'node:http';
import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { ERRORS, errorHeaders, type ErrorCode } from '../errors/catalogue.ts';
import { noteErrorCode } from '../http/respond.ts';

/** FHIR's JSON media type (R4 http.html#mime-type). */
export const FHIR_JSON = 'application/fhir+json';

/** The code system of the gateway's error codes in `OperationOutcome.issue.details.coding`. */
export const ERROR_CODE_SYSTEM = 'https://fhir.lienthong.gov.vn/CodeSystem/error-code';

export type IssueType = OperationOutcomeIssue['code'];
export type IssueSeverity = OperationOutcomeIssue['severity'];

/** The FHIR issue type of each catalogue code (R4 ValueSet issue-type); `processing` for any code not listed. */
const ISSUE_TYPES: Partial<Record<ErrorCode, IssueType>> = {
  UNAUTHENTICATED: 'login',
  FORBIDDEN: 'forbidden',
  UNAUTHORIZED_FIELD_OR_TYPE: 'forbidden',
  PURPOSE_REQUIRED: 'security',
  PURPOSE_INVALID: 'security',
  PURPOSE_NOT_ALLOWED: 'forbidden',
  BAD_REQUEST: 'invalid',
  BAD_USER_INPUT: 'value',
  NOT_FOUND: 'not-found',
  METHOD_NOT_ALLOWED: 'not-supported',
  NOT_ACCEPTABLE: 'not-supported',
  PRECONDITION_FAILED: 'multiple-matches',
  UNPROCESSABLE_ENTITY: 'invalid',
  MAX_DEPTH: 'too-costly',
  MAX_ALIASES: 'too-costly',
  MAX_ROOT_FIELDS: 'too-costly',
  MAX_TOKENS: 'too-costly',
  MAX_COST: 'too-costly',
  MAX_REQUEST_BYTES: 'too-long',
  RATE_LIMITED: 'throttled',
  PROBING_THROTTLED: 'throttled',
  OVERLOADED: 'transient',
  SOURCE_UNAVAILABLE: 'transient',
  SHUTTING_DOWN: 'transient',
  AUDIT_UNAVAILABLE: 'transient',
  CONFLICT: 'conflict',
  CONFLICT_ALREADY_RESOLVED: 'conflict',
  IDEMPOTENCY_KEY_REQUIRED: 'required',
  IDEMPOTENCY_KEY_REUSED: 'duplicate',
  INTERNAL_SERVER_ERROR: 'exception',
  REQUEST_TIMEOUT: 'timeout',
};

export function issueTypeOf(code: ErrorCode): IssueType {
  return ISSUE_TYPES[code] ?? 'processing';
}

export interface IssueInput {
  readonly code: ErrorCode;
  readonly message?: string;
  readonly severity?: IssueSeverity;
  /** FHIRPath of the element or search parameter concerned (`OperationOutcome.issue.expression`). */
  readonly expression?: readonly string[];
  /** Extra detail for the developer (`OperationOutcome.issue.diagnostics`), e.g. the GraphQL field. */
  readonly diagnostics?: string;
}

/** One OperationOutcome issue for a catalogue code (severity `error` unless told). */
export function issue(input: IssueInput): OperationOutcomeIssue {
  return {
    severity: input.severity ?? 'error',
    code: issueTypeOf(input.code),
    details: {
      coding: [{ system: ERROR_CODE_SYSTEM, code: input.code }],
      text: input.message ?? ERRORS[input.code].message,
    },
    ...(input.diagnostics === undefined ? {} : { diagnostics: input.diagnostics }),
    ...(input.expression === undefined || input.expression.length === 0 ? {} : { expression: [...input.expression] }),
  };
}

export function operationOutcome(issues: readonly OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [...issues] };
}

/** A FHIR resource as the response, `application/fhir+json; charset=utf-8`, never stored by a cache. */
export function sendResource(
  res: ServerResponse,
  status: number,
  resource: Resource,
  headers: Readonly<Record<string, string>> = {},
): void {
  const payload = JSON.stringify(resource);
  res.writeHead(status, {
    'content-type': `${FHIR_JSON}; charset=utf-8`,
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

/**
 * Refuses the request with `code`: the catalogue's status and headers, an OperationOutcome with one issue per entry
 * of `issues` (default: one for `code` with `message`). The code is noted for the REFUSED security event
 * (src/http/caller.ts), exactly as a GraphQL refusal's.
 */
export function sendOutcome(
  res: ServerResponse,
  code: ErrorCode,
  message?: string,
  options: { issues?: readonly OperationOutcomeIssue[]; status?: number; rateLimitRetryAfterSeconds?: number } = {},
): void {
  noteErrorCode(res, code);
  const issues = options.issues ?? [issue({ code, ...(message === undefined ? {} : { message }) })];
  sendResource(
    res,
    options.status ?? ERRORS[code].status,
    operationOutcome(issues),
    errorHeaders(code, options.rateLimitRetryAfterSeconds),
  );
}

/** The admission's refusals (401, 429; src/http/caller.ts) as OperationOutcomes. */
export function refuseAsOutcome(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  rateLimitRetryAfterSeconds?: number,
): void {
  sendOutcome(res, code, message, rateLimitRetryAfterSeconds === undefined ? {} : { rateLimitRetryAfterSeconds });
}
